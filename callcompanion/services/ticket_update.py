"""What one ticket update sends besides the comment: tags, fields, people, and the time spent.

The comment and everything a post changes on its ticket go in one ``PUT tickets/{id}``, so a
post is in Zendesk whole or not at all: finding its comment (by marker, or a public reply by
its text) after a lost answer means its changes are in too, and nothing is sent again. That
matters for the time spent, which is *added* to the ticket's total and so must never be sent
twice.

- **Tags.** Zendesk's ticket update has no adding form (``additional_tags`` works only on the
  bulk endpoint): ``tags`` replaces the whole list. So the new list is the ticket's tags as just
  read, with the post's added and its removed taken off, sent under ``safe_update`` with that
  read's stamp: a change made in between gets a 409, and the list is read and made again. When
  the post also sets custom fields of the macro's, the tags go after the comment through the
  tags endpoints instead (``PUT``/``DELETE tickets/{id}/tags``, which add and remove, and may
  be repeated): a drop-down field keeps its value as a tag, and a whole list sent with a new
  value for it could contradict it.
- **Time Tracking.** The Zendesk Time Tracking app keeps a ticket's time in two integer fields,
  "Total time spent (sec)" and "Time spent last update (sec)". They are found by title among the
  account's ticket fields (or by the ids the team file gives, when the account has them); an
  account without them gets no time and no error. The post's seconds are added to the total as
  just read and written as the last update, under ``safe_update``: another agent's time added
  in between makes a 409, and the total is read and added to again, so both stay.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from callcompanion.core.ticket_changes import TicketChanges
from callcompanion.services.zendesk import TicketField, TicketInfo

log = logging.getLogger(__name__)

TOTAL_TIME_TITLE = "Total time spent (sec)"
LAST_UPDATE_TIME_TITLE = "Time spent last update (sec)"
# The field types a number of seconds can be written to.
_NUMBER_TYPES = ("integer", "decimal", "text")


@dataclass(frozen=True)
class TimeFields:
    """The account's Time Tracking fields: the total, and the last update when it has one."""

    total: int
    last_update: int | None = None


@dataclass(frozen=True)
class TicketUpdate:
    """The keyword arguments of ``ZendeskClient.update_ticket`` besides comment and stamp."""

    status: str | None = None
    priority: str | None = None
    tags: tuple[str, ...] | None = None
    custom_fields: tuple[tuple[int, Any], ...] = field(default=())
    assignee_id: int | None = None
    group_id: int | None = None

    def as_kwargs(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "priority": self.priority,
            "tags": self.tags,
            "custom_fields": self.custom_fields,
            "assignee_id": self.assignee_id,
            "group_id": self.group_id,
        }


def tags_after_comment(changes: TicketChanges) -> bool:
    """Whether the post's tags go through the tags endpoints after the comment (see above)."""
    return bool(changes.custom_fields)


def needs_ticket(
    changes: TicketChanges, time_fields: TimeFields | None, *, separate_tags: bool
) -> bool:
    """Whether the update is made from the ticket as read (its tags, its time so far)."""
    tags = not separate_tags and bool(changes.add_tags or changes.remove_tags)
    time = time_fields is not None and (changes.time_spent_seconds or 0) > 0
    return tags or time


def find_time_fields(
    fields: Sequence[TicketField], configured: tuple[int | None, int | None] = (None, None)
) -> TimeFields | None:
    """The Time Tracking fields among the account's *fields*; ``None`` when it has none.

    Ids given by the team file (*configured*) are used when the account has such fields (the
    file may name several instances' ids); otherwise the fields are found by title.
    """
    usable = {f.id: f for f in fields if f.active and f.type in _NUMBER_TYPES}
    total_id, last_id = configured
    total = usable.get(total_id) if total_id is not None else None
    last = usable.get(last_id) if last_id is not None else None
    if total is None:
        total = _titled(usable.values(), TOTAL_TIME_TITLE)
        last = None
    if total is None:
        return None
    if last is None:
        last = _titled(usable.values(), LAST_UPDATE_TIME_TITLE)
    return TimeFields(total.id, last.id if last is not None and last.id != total.id else None)


def _titled(fields: Any, title: str) -> TicketField | None:
    wanted = title.casefold()
    return next((f for f in fields if " ".join(f.title.split()).casefold() == wanted), None)


def seconds_in(value: Any) -> int:
    """A Time Tracking field's value as whole seconds (Zendesk may send numbers as text)."""
    if value is None or value == "" or isinstance(value, bool):
        return 0
    try:
        return max(0, int(float(value)))
    except (TypeError, ValueError):
        log.warning("a Time Tracking field holds %r, not a number of seconds; counted as 0", value)
        return 0


def ticket_update(
    changes: TicketChanges,
    ticket: TicketInfo | None,
    time_fields: TimeFields | None,
    *,
    separate_tags: bool,
) -> TicketUpdate:
    """What the update sends with the comment, made from *ticket* as just read.

    *ticket* may be ``None`` only when :func:`needs_ticket` says the update does not need it.
    """
    tags: tuple[str, ...] | None = None
    if not separate_tags and (changes.add_tags or changes.remove_tags):
        if ticket is None:
            raise ValueError("tags are replaced from the ticket as read")
        removed = {t.casefold() for t in changes.remove_tags}
        kept = [t for t in ticket.tags if t.casefold() not in removed]
        have = {t.casefold() for t in kept}
        added = [t for t in changes.add_tags if t.casefold() not in have]
        if added or len(kept) != len(ticket.tags):
            tags = (*kept, *dict.fromkeys(added))
    custom = list(changes.custom_fields)
    seconds = changes.time_spent_seconds or 0
    if time_fields is not None and seconds > 0:
        if ticket is None:
            raise ValueError("time is added to the ticket's total as read")
        written = {time_fields.total, time_fields.last_update}
        custom = [(fid, value) for fid, value in custom if fid not in written]
        custom.append(
            (time_fields.total, seconds_in(ticket.field_value(time_fields.total)) + seconds)
        )
        if time_fields.last_update is not None:
            custom.append((time_fields.last_update, seconds))
    return TicketUpdate(
        status=changes.status,
        priority=changes.priority,
        tags=tags,
        custom_fields=tuple(custom),
        assignee_id=changes.assignee_id,
        group_id=changes.group_id,
    )
