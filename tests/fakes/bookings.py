"""A day of bookings for the loopback Calendly: every answer form, a cancelled one, a group."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.fakes.calendly_server import (
    PHONE,
    WEBEX,
    WEBEX_CUSTOM,
    ZOOM,
    FakeBooking,
    FakeInvitee,
)

QUESTION = "Zendesk ticket number"
AGENT_LINK = "https://acme.zendesk.com/agent/tickets/34567"


def invitee(name: str, answer: str, *, status: str = "active") -> FakeInvitee:
    email = name.split()[0].lower() + "@customer.example"
    return FakeInvitee(
        name, email, [("What should we look at?", "The upgrade"), (QUESTION, answer)], status
    )


def a_day_of_bookings(day_start: datetime) -> list[FakeBooking]:
    """Bookings at 09:00 … 16:00 after *day_start*, plus one the day before and one after."""

    def at(hours: float) -> datetime:
        return day_start + timedelta(hours=hours)

    return [
        FakeBooking("YESTERDAY", at(-2), [invitee("Old Customer", "11111")]),
        # Listed out of order on purpose: the list is sorted by start.
        FakeBooking("NOTICKET", at(13), [invitee("Dana Doe", "")], location=PHONE),
        FakeBooking("PLAIN", at(9), [invitee("Chris Customer", "12345")], location=ZOOM),
        FakeBooking(
            "HASH",
            at(10.5),
            [invitee("Alex Admin", "#23456")],
            location=WEBEX_CUSTOM,
            name="Support - Discovery Call with Ana",
            event_type="https://api.calendly.com/event_types/DISC15",
            minutes=15,
        ),
        FakeBooking("LINK", at(11), [invitee("Robin Root", AGENT_LINK)], location=WEBEX),
        FakeBooking(
            "CANCELLED",
            at(14),
            [invitee("Casey Cancel", "45678", status="canceled")],
            status="canceled",
            cancel_reason="Solved by email",
        ),
        FakeBooking(
            "GROUP",
            at(16),
            [
                invitee("Gone Early", "55555", status="canceled"),
                invitee("Gina Group", "56789"),
                invitee("Hal Group", "56789"),
                invitee("Ira Group", "56789"),
            ],
        ),
        FakeBooking("TOMORROW", at(25), [invitee("Next Day", "99999")]),
    ]
