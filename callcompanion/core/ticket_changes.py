"""What a post changes on its ticket besides the comment: one value the whole app passes along.

A summary, a no-show reply or a macro's text can carry changes to the ticket: a status, tags to
add (the call's outcome, the team's summary tags, a macro's), custom field values (a macro's,
the Time Tracking fields), an assignee. They travel with the post through the outbox and go to
Zendesk in the same update as the comment where the API allows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TicketChanges:
    """Changes to a ticket that go with a post.

    Attributes:
        status: The ticket status to set (``open``, ``pending``, ``hold``, ``solved``), or
            ``None`` to leave it.
        priority: The priority to set, or ``None``.
        add_tags: Tags to add (the ticket keeps its others).
        remove_tags: Tags to remove (a macro's ``remove_tags``).
        custom_fields: Custom field id → value to set.
        assignee_id: The agent to assign, or ``None`` to leave it.
        group_id: The group to assign, or ``None``.
        time_spent_seconds: Seconds to add to the Time Tracking fields (the call's length, or
            the time waited for a no-show); ``None``: nothing is tracked.
        not_applied: Sentences naming what a macro would do that the app cannot (shown before
            posting; never dropped silently).
    """

    status: str | None = None
    priority: str | None = None
    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()
    custom_fields: tuple[tuple[int, Any], ...] = ()
    assignee_id: int | None = None
    group_id: int | None = None
    time_spent_seconds: int | None = None
    not_applied: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return self == TicketChanges()


def to_data(changes: TicketChanges) -> dict[str, object]:
    """*changes* as a JSON table (a summary draft's macro, the outbox's ``changes`` column).

    Only what is set is written; :func:`from_data` reads it back.
    """
    data: dict[str, object] = {}
    for name in ("status", "priority"):
        if getattr(changes, name) is not None:
            data[name] = getattr(changes, name)
    for name in ("add_tags", "remove_tags", "not_applied"):
        if getattr(changes, name):
            data[name] = list(getattr(changes, name))
    if changes.custom_fields:
        data["custom_fields"] = [[fid, value] for fid, value in changes.custom_fields]
    for name in ("assignee_id", "group_id", "time_spent_seconds"):
        if getattr(changes, name) is not None:
            data[name] = getattr(changes, name)
    return data


def from_data(data: object) -> TicketChanges:
    """The changes in a table of :func:`to_data` (``ValueError`` for a value it cannot be)."""
    if not isinstance(data, dict):
        raise ValueError("the changes are not a table")

    def number(name: str) -> int | None:
        value = data.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name} is not a whole number")
        return value

    def words(name: str) -> tuple[str, ...]:
        value = data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise ValueError(f"{name} is not a list of words")
        return tuple(value)

    def text(name: str) -> str | None:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{name} is not a word")
        return value

    fields = data.get("custom_fields", [])
    if not isinstance(fields, list) or not all(
        isinstance(f, list) and len(f) == 2 and isinstance(f[0], int) for f in fields
    ):
        raise ValueError("custom_fields is not a list of fields")
    return TicketChanges(
        status=text("status"),
        priority=text("priority"),
        add_tags=words("add_tags"),
        remove_tags=words("remove_tags"),
        custom_fields=tuple((int(f[0]), _frozen(f[1])) for f in fields),
        assignee_id=number("assignee_id"),
        group_id=number("group_id"),
        time_spent_seconds=number("time_spent_seconds"),
        not_applied=words("not_applied"),
    )


def _frozen(value: object) -> object:
    """A field value as TicketChanges holds it (a multi-select's list as a tuple)."""
    return tuple(value) if isinstance(value, list) else value
