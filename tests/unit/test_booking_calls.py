"""From a booking to a call: the call type, the platform, the booked-start no-show check, the
reminders, and the team file's event types."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from callcompanion.core.booking_calls import (
    Reminder,
    call_type_for,
    guess_call_type,
    next_reminder_at,
    platform_for,
    platform_label,
    reminders_due,
)
from callcompanion.core.bookings import Booking, BookingStatus
from callcompanion.core.call import Call, Platform, PromptKind
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.settings import Settings
from callcompanion.core.team import TeamFileError, apply_team, parse_team
from callcompanion.core.ticket import TicketRef
from tests.fakes.clock import FakeClock

TEN = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
KEYS = [
    "discovery",
    "troubleshooting",
    "reset_review",
    "upgrade_assistance",
    "installation",
    "emergency",
    "unscheduled",
]


def a_booking(**changes: object) -> Booking:
    base = Booking(
        uri="https://api.calendly.com/scheduled_events/A",
        start=TEN,
        end=TEN + timedelta(minutes=30),
        event_type_uri="https://api.calendly.com/event_types/SUPPORT30",
        event_type_name="Support - Customer Call",
        customer_name="Chris Customer",
        customer_email="chris@customer.example",
        ticket=TicketRef(12345),
        ticket_answer="12345",
        location_kind="zoom_conference",
        join_url="https://us02web.zoom.us/j/123",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Support - Discovery Call with Ana", "discovery"),
        ("Support - Troubleshooting Call", "troubleshooting"),
        ("Upgrade planning", "upgrade_assistance"),
        ("GitLab install help", "installation"),
        ("Password reset", "reset_review"),
        ("Coffee chat", None),
    ],
)
def test_the_call_type_is_guessed_from_the_event_types_name(name: str, key: str | None) -> None:
    assert guess_call_type(name) == key


def test_the_mapping_wins_by_uri_then_by_name_then_the_guess_then_the_default() -> None:
    trouble = a_booking(event_type_name="Support - Troubleshooting Call")
    assert call_type_for(trouble, {}, KEYS, "unscheduled") == "troubleshooting"
    by_name = {"support - troubleshooting call": "discovery"}
    assert call_type_for(trouble, by_name, KEYS, "unscheduled") == "discovery"
    by_uri = {**by_name, trouble.event_type_uri: "installation"}
    assert call_type_for(trouble, by_uri, KEYS, "unscheduled") == "installation"
    coffee = a_booking(event_type_name="Coffee chat")
    assert call_type_for(coffee, {}, KEYS, "unscheduled") == "unscheduled"
    gone = {"Coffee chat": "no_such_type"}
    assert call_type_for(coffee, gone, KEYS, "troubleshooting") == "troubleshooting"


@pytest.mark.parametrize(
    ("kind", "url", "platform", "label"),
    [
        ("zoom_conference", "https://us02web.zoom.us/j/1", Platform.ZOOM, "Zoom"),
        ("webex_conference", "https://acme.webex.com/j.php?MTID=1", Platform.WEBEX, "WebEx"),
        ("custom", "https://acme.webex.com/meet/ana", Platform.WEBEX, "WebEx"),
        ("custom", "https://notwebex.com.example/x", Platform.ZOOM, "Meeting link"),
        ("outbound_call", "", Platform.ZOOM, "Phone"),
    ],
)
def test_the_platform_comes_from_the_location(
    kind: str, url: str, platform: Platform, label: str
) -> None:
    found = a_booking(location_kind=kind, join_url=url)
    assert platform_for(found, Platform.ZOOM) is platform
    assert platform_label(found) == label


def start(clock: FakeClock, booked: datetime | None) -> Call:
    return Call.start(
        ticket=TicketRef(12345),
        call_type=CallTypeCatalog().get("troubleshooting"),
        platform=Platform.ZOOM,
        clock=clock,
        default_wrapup_lead_minutes=10,
        booked_start=booked,
        booking_uri="https://api.calendly.com/scheduled_events/A",
    )


@pytest.mark.parametrize(("joined_after", "prompt_after"), [(3, 7), (-2, 12), (0, 10), (15, 0)])
def test_a_booked_call_asks_about_a_no_show_ten_minutes_after_the_booked_start(
    joined_after: int, prompt_after: int
) -> None:
    clock = FakeClock(TEN)
    clock.advance(minutes=joined_after)
    call = start(clock, TEN)
    if prompt_after:
        clock.advance(minutes=prompt_after, seconds=-1)
        assert call.due_prompts() == []
        clock.advance(1)
    (prompt,) = call.due_prompts()
    assert prompt.kind is PromptKind.NO_SHOW
    waited = max(10, joined_after)
    assert f"after {waited} min" in prompt.title


def test_a_call_without_a_booking_counts_from_its_own_start() -> None:
    clock = FakeClock(TEN)
    clock.advance(minutes=3)
    call = start(clock, None)
    clock.advance(minutes=10, seconds=-1)
    assert call.due_prompts() == []
    clock.advance(1)
    assert [p.kind for p in call.due_prompts()] == [PromptKind.NO_SHOW]


def ten_minute_check(
    bookings: list[Booking],
    now: datetime,
    minutes: int,
    already: set[str],
    started: Collection[str] = (),
) -> list[Reminder]:
    """Reminders with the default no-show check (10 minutes)."""
    return reminders_due(bookings, now, minutes, already, started, no_show_after_minutes=10)


def test_reminders_come_once_in_their_window_and_never_for_a_cancelled_booking() -> None:
    first = a_booking()
    cancelled = a_booking(uri="C", start=TEN + timedelta(hours=1), status=BookingStatus.CANCELED)
    later = a_booking(uri="L", start=TEN + timedelta(hours=2))
    bookings = [first, cancelled, later]
    before = TEN - timedelta(minutes=6)
    assert ten_minute_check(bookings, before, 5, set()) == []
    assert next_reminder_at(bookings, before, 5, set()) == TEN - timedelta(minutes=5)
    (due,) = ten_minute_check(bookings, TEN - timedelta(minutes=5), 5, set())
    assert due.booking is first
    assert due.describe() == "starts in 5 minutes"
    assert ten_minute_check(bookings, TEN - timedelta(minutes=4), 5, {first.uri}) == []
    assert ten_minute_check(bookings, TEN, 5, set(), started={first.uri}) == []
    assert ten_minute_check(bookings, TEN + timedelta(minutes=10), 5, set()) == []  # too late
    assert next_reminder_at(bookings, TEN, 5, {first.uri}) == later.start - timedelta(minutes=5)
    hour_in = TEN + timedelta(hours=1)
    assert ten_minute_check(bookings, hour_in - timedelta(minutes=1), 5, {first.uri}) == []
    assert ten_minute_check(bookings, TEN, 0, set()) == []  # off
    (late,) = ten_minute_check([first], TEN + timedelta(minutes=3), 5, set())
    assert late.describe() == "started 3 minutes ago"


def test_a_reminder_is_due_until_the_no_show_check_of_settings_would_be_over() -> None:
    first = a_booking()
    fifteen_in = TEN + timedelta(minutes=15)
    (due,) = reminders_due([first], fifteen_in, 5, set(), no_show_after_minutes=20)
    assert due.describe() == "started 15 minutes ago"
    assert reminders_due([first], fifteen_in, 5, set(), no_show_after_minutes=15) == []
    six_in = TEN + timedelta(minutes=6)
    assert reminders_due([first], six_in, 5, set(), no_show_after_minutes=5) == []


def test_the_team_file_maps_event_types_without_overwriting_the_engineers() -> None:
    team = parse_team(
        '[event_types]\n"Support - Customer Call" = "discovery"\n'
        '"https://api.calendly.com/event_types/UPG" = "upgrade_assistance"\n'
    )
    applied = apply_team(Settings(), team)
    mapping = applied.settings.event_type_call_types
    assert mapping == {
        "Support - Customer Call": "discovery",
        "https://api.calendly.com/event_types/UPG": "upgrade_assistance",
    }
    assert "the call type of each Calendly event type" in applied.added
    assert call_type_for(a_booking(), mapping, KEYS, "troubleshooting") == "discovery"

    mine = Settings(event_type_call_types={"support - customer call": "installation"})
    kept = apply_team(mine, team).settings.event_type_call_types
    assert kept["support - customer call"] == "installation"
    assert "Support - Customer Call" not in kept
    assert apply_team(applied.settings, team).added == ()


@pytest.mark.parametrize(
    "text",
    ['[event_types]\n"Coffee" = "coffee"\n', '[event_types]\n"Coffee" = 3\n', "event_types = 1\n"],
)
def test_a_wrong_event_type_mapping_in_the_team_file_is_named(text: str) -> None:
    with pytest.raises(TeamFileError, match="event_types"):
        parse_team(text)


def test_settings_keep_the_mapping_and_the_reminder_minutes() -> None:
    settings = Settings(booking_reminder_minutes=0, event_type_call_types={"Coffee": "discovery"})
    read, warnings = Settings.from_dict(settings.to_dict())
    assert warnings == []
    assert read == settings
    bad, warnings = Settings.from_dict(
        {"booking_reminder_minutes": 99, "event_type_call_types": {"Coffee": "nope"}}
    )
    assert bad.booking_reminder_minutes == 5
    assert bad.event_type_call_types == {}
    assert len(warnings) == 2
