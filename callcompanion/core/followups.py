"""Follow-ups a call leaves behind, and the hook later workflows plug into.

When the engineer answers *Customer didn't show*, the call ends with the no-show outcome and a
:class:`FollowUp` is recorded: the customer must be told on the ticket, with a fresh single-use
scheduling link. The app stores it (so it survives a restart) and hands it to every registered
:class:`FollowUpHandler`; the messaging workflow registers one that composes the apology and posts
it through the outbox. Until a handler marks it done, the window keeps offering it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from callcompanion.core.calltypes import minutes_phrase
from callcompanion.core.ticket import TicketRef


class FollowUpKind(StrEnum):
    NO_SHOW = "no_show"
    EMERGENCY_FOLLOW_UP = "emergency_follow_up"
    EMERGENCY_CLOSED = "emergency_closed"

    @property
    def label(self) -> str:
        return {
            FollowUpKind.NO_SHOW: "No-show reply",
            FollowUpKind.EMERGENCY_FOLLOW_UP: "Emergency follow-up",
            FollowUpKind.EMERGENCY_CLOSED: "Bridge closed, priority High",
        }[self]


class FollowUpStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    DISMISSED = "dismissed"


@dataclass(frozen=True)
class FollowUp:
    """Something to tell the customer after a call.

    Attributes:
        id: Store id (0 until stored).
        kind: What kind of message is owed.
        call_id: The call it belongs to.
        ticket: The ticket the message goes to.
        created_at: When the call ended this way.
        status: Pending until a handler (or the engineer) settles it.
    """

    kind: FollowUpKind
    call_id: str
    ticket: TicketRef
    created_at: datetime
    status: FollowUpStatus = FollowUpStatus.PENDING
    id: int = 0

    def explain(self, response_minutes: Sequence[int] = ()) -> tuple[str, str]:
        """A title and a sentence saying what is owed, for the window's follow-up box.

        *response_minutes* are the response timers of the call it came from (an emergency's):
        the follow-up is owed after the first, the bridge closes after the last.
        """
        ticket = self.ticket
        if self.kind is FollowUpKind.NO_SHOW:
            return (
                f"No-show on {ticket}",
                f"Tell the customer on {ticket} that you're sorry you didn't meet, with a new "
                "single-use scheduling link.",
            )
        if self.kind is FollowUpKind.EMERGENCY_FOLLOW_UP:
            waited = f" for {minutes_phrase(response_minutes[0])}" if response_minutes else ""
            return (
                f"Emergency follow-up on {ticket}",
                f"The customer on {ticket} has not responded{waited}: ask whether they still "
                "need the call.",
            )
        waited = f" after {minutes_phrase(response_minutes[-1])}" if response_minutes else ""
        return (
            f"Bridge closed on {ticket}",
            f"Tell the customer on {ticket} the bridge was closed{waited} without a response; "
            "posting sets the ticket's priority to High.",
        )


class FollowUpHandler(Protocol):
    """Takes care of follow-ups of the kinds it knows (e.g. posts the no-show reply)."""

    def handles(self, kind: FollowUpKind) -> bool:
        """Whether this handler composes messages of *kind*."""

    def handle(self, follow_up: FollowUp) -> None:
        """Start work on *follow_up*; called once when it is created and again after a restart."""
