"""Today's bookings from Calendly: what the window lists and a call starts from.

A booking is one Calendly scheduled event with its invitee: when, who, which event type, where
(the meeting link), and the Zendesk ticket the invitee gave in the booking's questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from callcompanion.core.ticket import TicketRef


class BookingStatus(StrEnum):
    ACTIVE = "active"
    CANCELED = "canceled"


@dataclass(frozen=True)
class Booking:
    """One booked call.

    Attributes:
        uri: The scheduled event's Calendly URI (stable: the booking's identity).
        start: When it was booked for (UTC, timezone-aware).
        end: When it was booked to end (UTC).
        event_type_uri: The event type's URI.
        event_type_name: The event type's name ("Support - Troubleshooting Call").
        customer_name: The invitee's name ("" when Calendly gave none).
        customer_email: The invitee's email.
        ticket: The ticket found in the invitee's answers, or ``None`` ("no ticket given").
        ticket_answer: The answer the ticket was read from, as typed (shown when no ticket was
            found in it).
        location_kind: Calendly's location type (``zoom_conference``, ``webex_conference``,
            ``custom``…), "" when none.
        join_url: The meeting link, "" when none.
        status: Active or cancelled.
        cancel_reason: Why it was cancelled, when it was.
    """

    uri: str
    start: datetime
    end: datetime
    event_type_uri: str
    event_type_name: str
    customer_name: str
    customer_email: str
    ticket: TicketRef | None
    ticket_answer: str
    location_kind: str
    join_url: str
    status: BookingStatus = BookingStatus.ACTIVE
    cancel_reason: str = ""

    @property
    def cancelled(self) -> bool:
        return self.status is BookingStatus.CANCELED
