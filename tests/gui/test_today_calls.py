"""Today's calls in the window: from a booking to a running call, the reminder, the mapping.

The whole app against a loopback Calendly, on a fake clock set to 10:00 of a local day.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import keyring
import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.controllers.scheduling_links import CALENDLY_USER
from callcompanion.core.booking_polls import local_day
from callcompanion.core.call import Call, Platform, PromptKind
from callcompanion.core.settings import PromptAttention, Settings
from callcompanion.core.ticket import TicketRef
from callcompanion.gui.main_window import CALL_PAGE
from callcompanion.paths import AppPaths
from callcompanion.services.settings_file import save_settings
from tests.fakes.calendly_server import PHONE, TOKEN, WEBEX, ZOOM, FakeBooking, FakeCalendly
from tests.fakes.clock import FakeClock
from tests.gui.conftest import MakeCompanion

QUESTION = "Zendesk ticket number"
EVENT = "https://api.calendly.com/event_types/SUPPORT30"
LATE_MINUTES = 3


def booking(uuid: str, start: datetime, who: str, answer: str, **kwargs: Any) -> FakeBooking:
    from tests.fakes.calendly_server import FakeInvitee

    email = who.split()[0].lower() + "@customer.example"
    status = kwargs.get("status", "active")
    return FakeBooking(
        uuid, start, [FakeInvitee(who, email, [(QUESTION, answer)], status)], **kwargs
    )


@dataclass
class Today:
    companion: CallCompanion
    calendly: FakeCalendly
    clock: FakeClock
    ten: datetime  # 10:00 local, the booked start of the first call

    def row(self, uuid: str) -> Any:
        return self.companion.today.list.rows[f"https://api.calendly.com/scheduled_events/{uuid}"]


@pytest.fixture
def calendly_day(clock: FakeClock) -> Iterator[tuple[FakeCalendly, datetime]]:
    with FakeCalendly() as calendly:
        day_start = local_day(clock.now())[1]
        ten = day_start + timedelta(hours=10)
        clock.set_wall(ten)
        calendly.bookings = [
            booking(
                "TROUBLE",
                ten,
                "Chris Customer",
                "#12345",
                name="Support - Troubleshooting Call",
                location=WEBEX,
            ),
            booking("NOTICKET", ten + timedelta(hours=1), "Dana Doe", "", location=PHONE),
            booking("MAPPED", ten + timedelta(hours=2), "Pat Plain", "23456", location=ZOOM),
            booking(
                "CANCELLED",
                ten + timedelta(hours=3),
                "Casey Cancel",
                "45678",
                status="canceled",
                cancel_reason="Solved by email",
            ),
        ]
        keyring.set_password("callcompanion", CALENDLY_USER, TOKEN)
        yield calendly, ten


def make_today(
    make_companion: MakeCompanion,
    calendly_day: tuple[FakeCalendly, datetime],
    profile: AppPaths,
    clock: FakeClock,
    qtbot: QtBot,
    **settings: Any,
) -> Today:
    calendly, ten = calendly_day
    save_settings(
        profile.settings_file,
        Settings(
            calendly_api_url=calendly.url,
            calendly_event_type=EVENT,
            first_run_done=True,
            **settings,
        ),
    )
    companion = make_companion()
    qtbot.waitUntil(lambda: len(companion.today.list.rows) == 4, timeout=10_000)
    return Today(companion, calendly, clock, ten)


@pytest.fixture
def today(
    make_companion: MakeCompanion,
    calendly_day: tuple[FakeCalendly, datetime],
    profile: AppPaths,
    clock: FakeClock,
    qtbot: QtBot,
) -> Today:
    return make_today(make_companion, calendly_day, profile, clock, qtbot)


def running(companion: CallCompanion) -> Call | None:
    return companion.controller.call


def click(qtbot: QtBot, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_booking_starts_its_call_and_the_no_show_check_counts_from_the_booked_start(
    qtbot: QtBot, today: Today
) -> None:
    companion, clock = today.companion, today.clock
    clock.advance(minutes=LATE_MINUTES)  # the engineer joins 3 minutes late
    click(qtbot, today.row("TROUBLE").start_button)

    call = companion.controller.call
    assert call is not None
    record = call.record
    assert record.ticket == TicketRef(12345)
    assert record.call_type_key == "troubleshooting"
    assert record.platform is Platform.WEBEX
    assert record.booking_uri == "https://api.calendly.com/scheduled_events/TROUBLE"
    assert record.booked_start == today.ten
    assert companion.window.pages.currentIndex() == CALL_PAGE
    stored = companion.store.call(record.id)
    assert stored is not None
    assert stored.booking_uri == record.booking_uri

    clock.advance(minutes=10 - LATE_MINUTES, seconds=-1)  # 09:59 after the booked start
    companion.controller.tick_now()
    assert companion.controller.due_prompts() == []
    clock.advance(1)  # booked start + 10 min
    companion.controller.tick_now()
    (prompt,) = companion.controller.due_prompts()
    assert prompt.kind is PromptKind.NO_SHOW
    assert "after 10 min" in prompt.title


def test_joining_after_the_no_show_time_asks_at_once(qtbot: QtBot, today: Today) -> None:
    today.clock.advance(minutes=12)
    click(qtbot, today.row("TROUBLE").start_button)
    (prompt,) = today.companion.controller.due_prompts()
    assert prompt.kind is PromptKind.NO_SHOW
    assert "after 12 min" in prompt.title


def test_a_booking_started_after_its_slot_waits_the_whole_no_show_time(
    qtbot: QtBot, today: Today
) -> None:
    """Moved by arrangement: started at 11:00 for the 10:00 booking (over at 10:30)."""
    companion, clock = today.companion, today.clock
    clock.advance(minutes=60)
    click(qtbot, today.row("TROUBLE").start_button)
    call = companion.controller.call
    assert call is not None
    assert call.record.booking_uri == "https://api.calendly.com/scheduled_events/TROUBLE"
    assert call.record.booked_start is None
    companion.controller.tick_now()
    assert companion.controller.due_prompts() == [], "not asked about a no-show at once"
    clock.advance(minutes=10)
    companion.controller.tick_now()
    (prompt,) = companion.controller.due_prompts()
    assert prompt.kind is PromptKind.NO_SHOW
    assert "after 10 min" in prompt.title


def test_a_booking_started_in_its_slot_counts_from_the_booked_start(
    qtbot: QtBot, today: Today
) -> None:
    today.clock.advance(minutes=29, seconds=59)  # the last second of the 10:00–10:30 slot
    click(qtbot, today.row("TROUBLE").start_button)
    call = today.companion.controller.call
    assert call is not None
    assert call.record.booked_start == today.ten
    (prompt,) = today.companion.controller.due_prompts()
    assert prompt.kind is PromptKind.NO_SHOW


def test_a_reminder_comes_until_the_no_show_time_of_settings(
    make_companion: MakeCompanion,
    calendly_day: tuple[FakeCalendly, datetime],
    profile: AppPaths,
    clock: FakeClock,
    qtbot: QtBot,
) -> None:
    calendly, ten = calendly_day
    clock.set_wall(ten + timedelta(minutes=15))  # the app started a quarter past
    today = make_today(
        make_companion, calendly_day, profile, clock, qtbot, no_show_after_minutes=20
    )
    card = today.companion.today.card
    assert card.isVisible(), "the no-show check (20 minutes) is not over: still worth saying"
    assert "Chris Customer started 15 minutes ago" in card.title.text()


def test_a_cancelled_booking_is_marked_and_cannot_be_started(qtbot: QtBot, today: Today) -> None:
    row = today.row("CANCELLED")
    assert row.time_label.font().strikeOut()
    assert row.detail.text() == "Cancelled: Solved by email"
    assert not row.start_button.isVisible()
    assert not row.open_button.isVisible()
    assert not today.companion.today.start(row.booking, TicketRef(45678))
    assert today.companion.controller.call is None
    assert any("cancelled" in text for text in today.companion.window.notices())


def test_a_booking_without_a_ticket_asks_for_it(qtbot: QtBot, today: Today) -> None:
    companion = today.companion
    row = today.row("NOTICKET")
    assert row.ticket_edit is not None
    assert "No ticket given" in row.detail.text()
    click(qtbot, row.start_button)
    assert companion.controller.call is None
    assert "Type the ticket number" in row.detail.text()

    qtbot.keyClicks(row.ticket_edit, "not a ticket")
    click(qtbot, row.start_button)
    assert companion.controller.call is None

    row.ticket_edit.clear()
    qtbot.keyClicks(row.ticket_edit, "#34567")
    qtbot.keyClick(row.ticket_edit, Qt.Key.Key_Return)
    started = running(companion)
    assert started is not None
    assert started.ticket == TicketRef(34567)
    assert started.record.booking_uri == row.booking.uri


def test_the_typed_ticket_survives_a_refresh(qtbot: QtBot, today: Today) -> None:
    list_ = today.companion.today.list
    edit = today.row("NOTICKET").ticket_edit
    qtbot.keyClicks(edit, "777")
    today.calendly.bookings[0].name = "Support - Troubleshooting Call (renamed)"
    today.companion.today.bookings.refresh()
    qtbot.waitUntil(lambda: "renamed" in today.row("TROUBLE").what_label.text(), timeout=10_000)
    assert list_.typed_ticket(today.row("NOTICKET").booking.uri) == "777"
    assert today.row("NOTICKET").ticket_edit.text() == "777"


def test_the_call_type_comes_from_the_mapping_in_settings(
    make_companion: MakeCompanion,
    calendly_day: tuple[FakeCalendly, datetime],
    profile: AppPaths,
    clock: FakeClock,
    qtbot: QtBot,
) -> None:
    today = make_today(
        make_companion,
        calendly_day,
        profile,
        clock,
        qtbot,
        event_type_call_types={"support - customer call": "discovery"},
    )
    click(qtbot, today.row("MAPPED").start_button)
    call = today.companion.controller.call
    assert call is not None
    assert call.record.call_type_key == "discovery"
    assert call.record.platform is Platform.ZOOM
    # A booking's type is its own: the next hand-started call keeps the engineer's default.
    assert today.companion.settings.value.default_call_type == "troubleshooting"


def test_the_call_type_mapping_is_edited_in_settings(qtbot: QtBot, today: Today) -> None:
    today.calendly.event_types = [
        t for t in today.calendly.event_types if t.name.startswith("Support - ")
    ]
    dialog = today.companion.open_settings()
    table = dialog.calendly.event_map.table

    def names() -> list[str]:
        return [table.item(r, 0).text() for r in range(table.rowCount())]  # type: ignore[union-attr]

    click(qtbot, dialog.loadEventTypesButton)  # the account's event types, from Calendly
    qtbot.waitUntil(lambda: dialog.loadEventTypesButton.isEnabled(), timeout=10_000)
    assert names() == ["Support - Customer Call", "Support - Discovery Call with Ana"]
    discovery = table.cellWidget(1, 1)
    customer = table.cellWidget(0, 1)
    assert isinstance(discovery, QComboBox)
    assert isinstance(customer, QComboBox)
    assert "Discovery" in discovery.currentText()  # guessed from the name until chosen
    customer.setCurrentIndex(customer.findData("reset_review"))
    dialog.accept()
    assert today.companion.settings.value.event_type_call_types == {
        "Support - Customer Call": "reset_review"
    }


def test_open_the_meeting_opens_its_link(
    qtbot: QtBot, today: Today, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", opened.append)
    row = today.row("TROUBLE")
    click(qtbot, row.open_button)
    assert [url.toString() for url in opened] == [row.booking.join_url]
    assert row.booking.join_url.startswith("https://acme.webex.com/")
    assert not today.row("NOTICKET").open_button.isVisible()  # a phone call has no link


def test_a_reminder_comes_once_per_booking_and_never_for_a_cancelled_one(
    qtbot: QtBot, today: Today
) -> None:
    companion, clock = today.companion, today.clock
    today_calls = companion.today
    reminded: list[str] = []
    today_calls.reminders.due.connect(lambda r: reminded.append(r.booking.uri.rsplit("/", 1)[1]))
    # 10:00: the first booking starts now (reminded when the list came in).
    card = today_calls.card
    assert card.isVisible()
    assert card.booking is not None
    assert card.booking.uri.endswith("/TROUBLE")
    assert "Chris Customer starts now" in card.title.text()
    click(qtbot, card.dismiss_button)
    assert not card.isVisible()

    clock.advance(minutes=54)  # 10:54: the 11:00 booking is six minutes away
    today_calls.reminders.check()
    assert reminded == []
    clock.advance(minutes=1)  # 10:55: five minutes before it
    today_calls.reminders.check()
    today_calls.reminders.check()
    assert reminded == ["NOTICKET"]
    assert "starts in 5 minutes" in card.title.text()
    for minutes in (60, 60, 60):  # past the 12:00 and 13:00 (cancelled) bookings
        clock.advance(minutes=minutes)
        today_calls.reminders.check()
    assert reminded == ["NOTICKET", "MAPPED"]


def test_start_call_on_the_reminder_starts_the_booking(qtbot: QtBot, today: Today) -> None:
    card = today.companion.today.card
    click(qtbot, card.start_button)
    call = today.companion.controller.call
    assert call is not None
    assert call.ticket == TicketRef(12345)
    assert not card.isVisible()


def test_reminders_off_and_as_a_notification(
    make_companion: MakeCompanion,
    calendly_day: tuple[FakeCalendly, datetime],
    profile: AppPaths,
    clock: FakeClock,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    today = make_today(
        make_companion,
        calendly_day,
        profile,
        clock,
        qtbot,
        booking_reminder_minutes=0,
        prompt_attention=PromptAttention.NOTIFICATION,
    )
    reminders = today.companion.today.reminders
    shown: list[tuple[str, str]] = []

    def notify(_self: object, title: str, message: str) -> bool:
        shown.append((title, message))
        return True

    monkeypatch.setattr(type(today.companion.attention), "notify", notify)
    clock.advance(minutes=55)
    reminders.check()
    assert shown == []  # off
    today.companion.settings.update(booking_reminder_minutes=5)
    assert shown == [
        (
            f"Call with Dana Doe starts in 5 minutes ({today.row('NOTICKET').time_label.text()})",
            "Support - Customer Call · no ticket given · Phone",
        )
    ]
