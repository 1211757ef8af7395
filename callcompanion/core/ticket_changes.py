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
