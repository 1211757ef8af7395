"""What an ended call's post changes on its ticket: the outcome's tag and the time spent.

A call's summary (or, for a customer who did not show, the no-show reply) is the post that
carries them, in the same update as its comment: the tag of the call's outcome (held, no-show,
emergency; the names are settings, a team file may set them) and the seconds to add to the
ticket's Time Tracking fields (the call's length; for a no-show, the time waited), unless the
engineer turned time tracking off.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum

from callcompanion.core.call import CallRecord, Outcome
from callcompanion.core.settings import Settings
from callcompanion.core.ticket_changes import TicketChanges

EMERGENCY_CALL_TYPE = "emergency"


class CallOutcome(StrEnum):
    """How a call ended, as its tag on the ticket says."""

    HELD = "held"
    NO_SHOW = "no_show"
    EMERGENCY = "emergency"

    @property
    def label(self) -> str:
        return {
            CallOutcome.HELD: "Call held",
            CallOutcome.NO_SHOW: "Customer didn't show",
            CallOutcome.EMERGENCY: "Emergency call",
        }[self]


def call_outcome(record: CallRecord) -> CallOutcome | None:
    """The outcome of an ended call; ``None`` while it runs, or when it was cancelled."""
    if record.outcome is Outcome.NO_SHOW:
        return CallOutcome.NO_SHOW
    if record.outcome is Outcome.COMPLETED:
        if record.call_type_key == EMERGENCY_CALL_TYPE:
            return CallOutcome.EMERGENCY
        return CallOutcome.HELD
    return None


def outcome_tag(outcome: CallOutcome, settings: Settings) -> str:
    """The tag for *outcome* ("" when the engineer or the team set none)."""
    tag = {
        CallOutcome.HELD: settings.outcome_tag_held,
        CallOutcome.NO_SHOW: settings.outcome_tag_no_show,
        CallOutcome.EMERGENCY: settings.outcome_tag_emergency,
    }[outcome]
    return tag.strip().lower()


def call_changes(record: CallRecord, settings: Settings) -> TicketChanges:
    """The outcome's tag and the seconds spent, for the post that reports on *record*."""
    outcome = call_outcome(record)
    if outcome is None:
        return TicketChanges()
    tag = outcome_tag(outcome, settings)
    seconds = round(record.duration) if settings.track_time else 0
    return TicketChanges(
        add_tags=(tag,) if tag else (),
        time_spent_seconds=seconds if seconds > 0 else None,
    )


def merged(base: TicketChanges, extra: TicketChanges) -> TicketChanges:
    """*base* with *extra* on top: its values win, the tags of both are added or removed."""
    added = tuple(
        t for t in dict.fromkeys((*base.add_tags, *extra.add_tags)) if t not in extra.remove_tags
    )
    removed = tuple(
        t for t in dict.fromkeys((*base.remove_tags, *extra.remove_tags)) if t not in added
    )
    fields = dict(base.custom_fields)
    fields.update(extra.custom_fields)
    return replace(
        base,
        status=extra.status if extra.status is not None else base.status,
        priority=extra.priority if extra.priority is not None else base.priority,
        add_tags=added,
        remove_tags=removed,
        custom_fields=tuple(sorted(fields.items())),
        assignee_id=extra.assignee_id if extra.assignee_id is not None else base.assignee_id,
        group_id=extra.group_id if extra.group_id is not None else base.group_id,
        time_spent_seconds=extra.time_spent_seconds
        if extra.time_spent_seconds is not None
        else base.time_spent_seconds,
        not_applied=(*base.not_applied, *extra.not_applied),
    )
