"""Today's bookings from a loopback Calendly: every answer form, pages, cancelled, group events."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from callcompanion.core.booking_polls import clocks_jumped, local_day, next_poll
from callcompanion.core.bookings import Booking, BookingStatus
from callcompanion.core.ticket import TicketRef
from callcompanion.services import calendly as calendly_service
from callcompanion.services.bookings_cache import BookingsCache, CachedDay
from callcompanion.services.calendly import (
    CalendlyAuthError,
    CalendlyClient,
    CalendlyError,
    CalendlyNetworkError,
)
from tests.fakes.bookings import AGENT_LINK, a_day_of_bookings, invitee
from tests.fakes.calendly_server import TOKEN, USER_URI, FakeBooking, FakeCalendly

DAY = datetime(2026, 11, 27, 0, 0, tzinfo=UTC)
END = DAY + timedelta(days=1)


@pytest.fixture
def calendly() -> Iterator[FakeCalendly]:
    with FakeCalendly() as server:
        server.bookings = a_day_of_bookings(DAY)
        yield server


@pytest.fixture
def client(calendly: FakeCalendly) -> Iterator[CalendlyClient]:
    with CalendlyClient(TOKEN, base_url=calendly.url) as made:
        yield made


def by_uuid(bookings: list[Booking]) -> dict[str, Booking]:
    return {b.uri.rsplit("/", 1)[-1]: b for b in bookings}


def test_todays_bookings_with_each_answer_form(client: CalendlyClient) -> None:
    bookings = client.todays_bookings(USER_URI, DAY, END)
    assert [b.uri.rsplit("/", 1)[-1] for b in bookings] == [
        "PLAIN",
        "HASH",
        "LINK",
        "NOTICKET",
        "CANCELLED",
        "GROUP",
    ], "today only, sorted by start"
    found = by_uuid(bookings)
    plain = found["PLAIN"]
    assert plain.start == DAY + timedelta(hours=9)
    assert plain.end == DAY + timedelta(hours=9, minutes=30)
    assert plain.customer_name == "Chris Customer"
    assert plain.customer_email == "chris@customer.example"
    assert plain.event_type_name == "Support - Customer Call"
    assert plain.event_type_uri == "https://api.calendly.com/event_types/SUPPORT30"
    assert plain.ticket == TicketRef(12345)
    assert plain.ticket_answer == "12345"
    assert plain.location_kind == "zoom_conference"
    assert plain.join_url.startswith("https://us02web.zoom.us/j/")
    assert plain.status is BookingStatus.ACTIVE
    assert not plain.cancelled

    assert found["HASH"].ticket == TicketRef(23456)
    assert found["HASH"].event_type_name == "Support - Discovery Call with Ana"
    assert found["HASH"].location_kind == "custom"
    assert found["HASH"].join_url == "https://acme.webex.com/meet/ana.hash"

    assert found["LINK"].ticket == TicketRef(34567, "acme")
    assert found["LINK"].ticket_answer == AGENT_LINK
    assert found["LINK"].location_kind == "webex_conference"
    assert found["LINK"].join_url.startswith("https://acme.webex.com/acme/j.php")

    assert found["NOTICKET"].ticket is None
    assert found["NOTICKET"].ticket_answer == ""
    assert found["NOTICKET"].location_kind == "outbound_call"
    assert found["NOTICKET"].join_url == "", "a phone number is not a meeting link"


def test_a_cancelled_booking_is_listed_and_marked(client: CalendlyClient) -> None:
    cancelled = by_uuid(client.todays_bookings(USER_URI, DAY, END))["CANCELLED"]
    assert cancelled.cancelled
    assert cancelled.status is BookingStatus.CANCELED
    assert cancelled.cancel_reason == "Solved by email"
    assert cancelled.customer_name == "Casey Cancel", "its invitee, though cancelled too"
    assert cancelled.ticket == TicketRef(45678)


def test_a_group_event_shows_its_first_active_invitee_and_the_others(
    client: CalendlyClient,
) -> None:
    group = by_uuid(client.todays_bookings(USER_URI, DAY, END))["GROUP"]
    assert group.customer_name == "Gina Group and 2 others"
    assert group.customer_email == "gina@customer.example"
    assert group.ticket == TicketRef(56789)


def test_the_requests_ask_for_the_day_of_the_user_all_statuses_by_start(
    client: CalendlyClient, calendly: FakeCalendly
) -> None:
    client.todays_bookings(USER_URI, DAY, END)
    events = [q for path, q in calendly.queries if path == "/scheduled_events"]
    assert events == [
        {
            "user": [USER_URI],
            "min_start_time": ["2026-11-27T00:00:00.000000Z"],
            "max_start_time": ["2026-11-28T00:00:00.000000Z"],
            "sort": ["start_time:asc"],
            "count": ["100"],
        }
    ], "one page; no status filter, so cancelled bookings come too"
    invitee_paths = sorted(path for path, _q in calendly.queries if path.endswith("/invitees"))
    assert invitee_paths == sorted(
        f"/scheduled_events/{uuid}/invitees"
        for uuid in ("PLAIN", "HASH", "LINK", "NOTICKET", "CANCELLED", "GROUP")
    )


def test_a_crowded_day_is_cut_at_the_limit(
    calendly: FakeCalendly, client: CalendlyClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(calendly_service, "MAX_BOOKINGS", 5)
    calendly.bookings = [
        FakeBooking(f"B{n:03d}", DAY + timedelta(minutes=5 * n), [invitee(f"C{n} X", str(n + 1))])
        for n in range(130)
    ]
    bookings = client.todays_bookings(USER_URI, DAY, END)
    assert [b.ticket for b in bookings] == [TicketRef(n + 1) for n in range(5)]
    assert len([q for path, q in calendly.queries if path == "/scheduled_events"]) == 1
    assert len([q for path, q in calendly.queries if path.endswith("/invitees")]) == 5


def test_pages_follow_the_next_page_token(calendly: FakeCalendly, client: CalendlyClient) -> None:
    """Short pages (Calendly may send fewer than asked for) are followed to the end, in order."""
    calendly.page_limit = 1
    bookings = client.todays_bookings(USER_URI, DAY, END)
    pages = [q for path, q in calendly.queries if path == "/scheduled_events"]
    assert [q.get("page_token") for q in pages] == [None] + [[f"tok{n}"] for n in range(1, 6)]
    assert len(bookings) == 6
    group = by_uuid(bookings)["GROUP"]
    assert group.customer_name == "Gina Group and 2 others"
    group_pages = [q for path, q in calendly.queries if path == "/scheduled_events/GROUP/invitees"]
    assert [q.get("page_token") for q in group_pages] == [None, ["tok1"]], (
        "the first page held only someone who cancelled; the next has the first active invitee"
    )


def test_a_page_token_that_repeats_ends_the_listing(
    calendly: FakeCalendly, client: CalendlyClient
) -> None:
    real = calendly.route

    def route(method: str, path: str, query: dict[str, list[str]], body: object) -> object:
        status, data = real(method, path, query, body)
        if path == "/scheduled_events" and status == 200:
            data["pagination"]["next_page_token"] = "tok0"  # the first page, again and again
        return status, data

    calendly.route = route  # type: ignore[method-assign,assignment]
    bookings = client.todays_bookings(USER_URI, DAY, END)
    assert len(bookings) == 6, "each booking once"
    assert len([q for path, q in calendly.queries if path == "/scheduled_events"]) == 2


def test_a_booking_whose_invitees_are_hidden_is_listed_without_them(
    calendly: FakeCalendly, client: CalendlyClient
) -> None:
    # A booking that vanished between the two requests: its invitees answer 404.
    calendly.bookings = [b for b in calendly.bookings if b.uuid == "PLAIN"]
    real = calendly.route

    def route(method: str, path: str, query: dict[str, list[str]], body: object) -> object:
        if path.endswith("/PLAIN/invitees"):
            return 404, {"title": "Resource Not Found", "message": "Gone"}
        return real(method, path, query, body)

    calendly.route = route  # type: ignore[method-assign,assignment]
    (booking,) = client.todays_bookings(USER_URI, DAY, END)
    assert booking.customer_name == ""
    assert booking.ticket is None
    assert booking.start == DAY + timedelta(hours=9)


def test_errors_while_listing_are_typed(calendly: FakeCalendly, client: CalendlyClient) -> None:
    calendly.fail_next = 401
    with pytest.raises(CalendlyAuthError):
        client.todays_bookings(USER_URI, DAY, END)
    calendly.fail_all = 503
    with pytest.raises(CalendlyError) as down:
        client.todays_bookings(USER_URI, DAY, END)
    assert down.value.retryable
    calendly.fail_all = None
    with pytest.raises(CalendlyError, match="may not do that"):
        client.todays_bookings("https://api.calendly.com/users/SOMEONE_ELSE", DAY, END)


def test_an_unreachable_calendly_is_a_network_error() -> None:
    with FakeCalendly() as gone:
        url = gone.url
    with (
        CalendlyClient(TOKEN, base_url=url) as client,
        pytest.raises(CalendlyNetworkError, match="Could not reach Calendly"),
    ):
        client.todays_bookings(USER_URI, DAY, END)


# -- the engineer's day and when to ask again -----------------------------------------------------


def test_the_day_is_the_engineers_local_day() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    day, start, end = local_day(datetime(2026, 11, 27, 23, 30, tzinfo=UTC), berlin)
    assert day == date(2026, 11, 28), "half past midnight in Berlin"
    assert start == datetime(2026, 11, 27, 23, 0, tzinfo=UTC)
    assert end == datetime(2026, 11, 28, 23, 0, tzinfo=UTC)
    # The day the clocks go back is 25 hours long.
    _day, start, end = local_day(datetime(2026, 10, 25, 12, 0, tzinfo=UTC), berlin)
    assert end - start == timedelta(hours=25)


def test_the_day_follows_the_system_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        day, start, end = local_day(datetime(2026, 11, 28, 3, 0, tzinfo=UTC))
    finally:
        monkeypatch.undo()
        time.tzset()
    assert day == date(2026, 11, 27), "10 pm in New York"
    assert start == datetime(2026, 11, 27, 5, 0, tzinfo=UTC)
    assert end == datetime(2026, 11, 28, 5, 0, tzinfo=UTC)


def booking_at(start: datetime, *, cancelled: bool = False) -> Booking:
    return Booking(
        uri=f"https://api.calendly.com/scheduled_events/{start:%H%M}",
        start=start,
        end=start + timedelta(minutes=30),
        event_type_uri="",
        event_type_name="Support - Customer Call",
        customer_name="Chris",
        customer_email="",
        ticket=None,
        ticket_answer="",
        location_kind="",
        join_url="",
        status=BookingStatus.CANCELED if cancelled else BookingStatus.ACTIVE,
    )


def test_polls_every_quarter_hour_at_the_hour_and_before_each_booking() -> None:
    def at(hh: int, mm: int) -> datetime:
        return DAY.replace(hour=hh, minute=mm)

    assert next_poll(at(10, 0), [], tz=UTC) == at(10, 15)
    assert next_poll(at(10, 50), [], tz=UTC) == at(11, 0), "the start of the hour"
    bookings = [booking_at(at(10, 12)), booking_at(at(10, 9), cancelled=True)]
    assert next_poll(at(10, 0), bookings, tz=UTC) == at(10, 7), "5 minutes before a booking"
    assert next_poll(at(10, 7), bookings, tz=UTC) == at(10, 22), "that one is done"
    assert next_poll(
        at(
            10,
            6,
        ),
        [
            booking_at(
                at(
                    10,
                    11,
                )
            )
        ],
        tz=UTC,
    ) == at(10, 21)
    assert next_poll(at(10, 0), [], failed=True, tz=UTC) == at(10, 5)
    assert next_poll(at(10, 0), [], failed=True, not_before=at(10, 9), tz=UTC) == at(10, 9)
    india = ZoneInfo("Asia/Kolkata")  # UTC+5:30: its hours start at half past
    assert next_poll(at(10, 20), [], tz=india) == at(10, 30)


def test_a_wake_up_or_a_changed_clock_is_noticed() -> None:
    wall = DAY.replace(hour=10)
    assert not clocks_jumped(100.0, wall, 160.5, wall + timedelta(seconds=60.5), 60)
    slept = 3600.0
    assert clocks_jumped(100.0, wall, 160 + slept, wall + timedelta(seconds=60 + slept), 60)
    assert clocks_jumped(100.0, wall, 160.0, wall + timedelta(hours=2), 60), "clock set forward"
    assert clocks_jumped(100.0, wall, 160.0, wall - timedelta(hours=1), 60), "clock set back"


# -- the cache ------------------------------------------------------------------------------------


def test_the_cache_keeps_one_day_whole(tmp_path: Path, client: CalendlyClient) -> None:
    bookings = tuple(client.todays_bookings(USER_URI, DAY, END))
    cache = BookingsCache.in_folder(tmp_path / "data")
    assert cache.load(DAY.date()) is None
    fetched = DAY + timedelta(hours=8, minutes=42)
    cache.save(CachedDay(DAY.date(), fetched, bookings))
    loaded = cache.load(DAY.date())
    assert loaded == CachedDay(DAY.date(), fetched, bookings)
    assert cache.load(DAY.date() + timedelta(days=1)) is None, "another day's list is not today's"
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["todays-bookings.json"]
    cache.clear()
    assert cache.load(DAY.date()) is None


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"[]", b'{"format": 99}', b'{"format": 1, "day": "x"}', b"\xff\xfe", b"[" * 5000],
)
def test_a_damaged_cache_is_not_used(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "todays-bookings.json"
    path.write_bytes(content)
    assert BookingsCache(path).load(DAY.date()) is None
