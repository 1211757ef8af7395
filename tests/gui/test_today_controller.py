"""Today's bookings: polled politely on the app's clock, on demand, on wake, cached for offline."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from callcompanion.controllers.scheduling_links import CALENDLY_USER
from callcompanion.controllers.settings import SettingsModel
from callcompanion.controllers.ticket_context import TicketContext
from callcompanion.controllers.today import TodayBookings, booking_uri_from_key, ticket_key
from callcompanion.core.booking_polls import local_day
from callcompanion.core.connections import make_connection
from callcompanion.core.settings import Settings
from callcompanion.gui.main_window.today import NOT_CONNECTED, TodayList
from callcompanion.services.bookings_cache import BookingsCache
from callcompanion.services.credentials import CredentialStore
from callcompanion.services.zendesk_auth import ZendeskAuth
from tests.fakes.bookings import a_day_of_bookings
from tests.fakes.calendly_server import TOKEN, FakeCalendly
from tests.fakes.clock import FakeClock
from tests.fakes.zendesk_server import EMAIL, FakeZendesk
from tests.fakes.zendesk_server import TOKEN as ZENDESK_TOKEN

TODAY_ORDER = ["PLAIN", "HASH", "LINK", "NOTICKET", "CANCELLED", "GROUP"]


@dataclass
class Day:
    """A working day at 10:00 local time, with a loopback Calendly holding its bookings."""

    calendly: FakeCalendly
    clock: FakeClock
    settings: SettingsModel
    cache: BookingsCache
    owner: QObject
    day_start: datetime

    def make(self, **kwargs: object) -> TodayBookings:
        today = TodayBookings(
            self.settings,
            CredentialStore(),
            self.clock,
            self.owner,
            cache=kwargs.pop("cache", self.cache),  # type: ignore[arg-type]
            **kwargs,  # type: ignore[arg-type]
        )
        self.problems: list[str] = []  # each sentence as the list's note changes to it
        seen = [""]

        def problem_changed() -> None:
            if today.problem != seen[0]:
                seen[0] = today.problem
                if today.problem:
                    self.problems.append(today.problem)

        today.changed.connect(problem_changed)
        return today

    def polls(self) -> int:
        return sum(1 for path, _q in self.calendly.queries if path == "/scheduled_events")


@pytest.fixture
def day(qapp: object, clock: FakeClock, tmp_path: Path) -> Iterator[Day]:
    owner = QObject()
    with FakeCalendly() as calendly:
        day_start = local_day(clock.now())[1]
        clock.set_wall(day_start + timedelta(hours=10))
        calendly.bookings = a_day_of_bookings(day_start)
        keyring.set_password("callcompanion", CALENDLY_USER, TOKEN)
        settings = SettingsModel(
            Settings(
                calendly_api_url=calendly.url,
                calendly_event_type="https://api.calendly.com/event_types/SUPPORT30",
            ),
            tmp_path / "settings.json",
        )
        cache = BookingsCache.in_folder(tmp_path / "data")
        yield Day(calendly, clock, settings, cache, owner, day_start)
        owner.deleteLater()


def attempted(qtbot: QtBot, today: TodayBookings, clock: FakeClock) -> None:
    """Wait until the attempt under way (or the first one after start) has its answer."""
    qtbot.waitUntil(lambda: not today.busy and today.next_poll != clock.now(), timeout=10_000)


def pass_minutes(qtbot: QtBot, today: TodayBookings, clock: FakeClock, minutes: int) -> None:
    """Time passing with the machine awake: the controller looks at the clock every minute."""
    for _ in range(minutes):
        clock.advance(minutes=1)
        today.check_now()
        attempted(qtbot, today, clock)


def window_says(today: TodayBookings, clock: FakeClock) -> str:
    """What the window's list says instead of rows (not connected, none today), ``""``: rows."""
    shown = TodayList()
    shown.show_bookings(
        today.bookings,
        configured=today.configured,
        last_updated=today.last_updated,
        now=clock.now(),
        busy=today.busy,
    )
    text = "" if shown.empty.isHidden() else shown.empty.accessibleName()
    shown.deleteLater()
    return text


def uuids(today: TodayBookings) -> list[str]:
    return [b.uri.rsplit("/", 1)[-1] for b in today.bookings]


def test_start_lists_todays_bookings_and_caches_them(qtbot: QtBot, day: Day) -> None:
    today = day.make()
    assert today.configured, "an event type is chosen: Calendly is set up"
    assert today.bookings == []
    assert today.last_updated is None
    today.start()
    attempted(qtbot, today, day.clock)
    assert uuids(today) == TODAY_ORDER
    assert today.last_updated == day.clock.now()
    assert today.problem == ""
    assert day.problems == []
    cached = json.loads(day.cache.path.read_text())
    assert [b["uri"].rsplit("/", 1)[-1] for b in cached["bookings"]] == TODAY_ORDER
    assert TOKEN not in day.cache.path.read_text()


def test_polls_a_few_times_an_hour_and_before_each_booking(qtbot: QtBot, day: Day) -> None:
    today = day.make()
    today.start()
    attempted(qtbot, today, day.clock)
    assert day.polls() == 1
    # 10:00 → 10:15 (every quarter hour) → 10:25 (five minutes before the 10:30 booking) →
    # 10:40 → 10:55 (before 11:00) → 11:00 (the start of the hour).
    for minutes_later, expected_polls in ((14, 1), (1, 2), (9, 2), (1, 3), (15, 4), (15, 5)):
        pass_minutes(qtbot, today, day.clock, minutes_later)
        assert day.polls() == expected_polls, f"{day.clock.now():%H:%M}"
    assert today.next_poll == day.day_start + timedelta(hours=11)
    pass_minutes(qtbot, today, day.clock, 5)
    assert day.polls() == 6
    me = [path for path, _q in day.calendly.queries if path == "/users/me"]
    assert me == ["/users/me"], "who the token belongs to is asked once, not every poll"


def test_on_demand_and_one_request_at_a_time(qtbot: QtBot, day: Day) -> None:
    today = day.make()
    today.start()
    attempted(qtbot, today, day.clock)
    day.clock.advance(minutes=2)
    assert today.refresh()
    assert today.busy
    assert not today.refresh(), "already asking: asked again once this answer is in"
    attempted(qtbot, today, day.clock)
    qtbot.waitUntil(lambda: day.polls() == 3 and not today.busy, timeout=10_000)
    assert uuids(today) == TODAY_ORDER


def test_a_wake_up_or_a_changed_clock_asks_again(qtbot: QtBot, day: Day) -> None:
    today = day.make()
    today.start()
    attempted(qtbot, today, day.clock)
    day.clock.advance(30)
    today.check_now()
    assert day.polls() == 1, "half a minute later: nothing to ask"
    assert not today.busy
    day.clock.advance(minutes=8)  # the lid was closed: the minute's look came 8 minutes late
    today.check_now()
    attempted(qtbot, today, day.clock)
    assert day.polls() == 2, "asked again after the wake-up, before the quarter hour"
    day.clock.set_wall(day.clock.now() + timedelta(hours=2))  # the wall clock was set forward
    today.check_now()
    attempted(qtbot, today, day.clock)
    assert day.polls() == 3


def test_not_connected_is_an_empty_list_and_a_plain_hint(qtbot: QtBot, day: Day) -> None:
    keyring.delete_password("callcompanion", CALENDLY_USER)
    day.settings.update(calendly_event_type="")
    today = day.make()
    assert not today.configured
    assert window_says(today, day.clock) == NOT_CONNECTED
    today.start()
    qtbot.waitUntil(lambda: not today.busy and today.next_poll is None, timeout=10_000)
    assert today.bookings == []
    assert window_says(today, day.clock) == NOT_CONNECTED
    assert day.calendly.queries == []
    assert day.problems == []
    day.clock.advance(minutes=60)
    today.check_now()
    assert day.calendly.queries == [], "no polling without a token (no keyring prompts)"
    keyring.set_password("callcompanion", CALENDLY_USER, TOKEN)
    today.tokens_saved([CALENDLY_USER])
    attempted(qtbot, today, day.clock)
    assert (today.configured, window_says(today, day.clock)) == (True, "")
    assert uuids(today) == TODAY_ORDER


def test_without_calendly_set_up_start_reads_no_keyring_and_no_network(
    qtbot: QtBot, day: Day, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Most engineers' start-up: nothing of Calendly's (keyring, httpx, QtNetwork) is loaded
    until it is set up, a token is saved, or Refresh is pressed."""
    day.settings.update(calendly_event_type="")
    looked: list[str] = []

    def get(_self: CredentialStore, user: str) -> str:
        looked.append(user)
        return TOKEN

    monkeypatch.setattr(CredentialStore, "get", get)
    today = day.make()
    today.start()
    assert not today.busy, "no request started (it would be busy from the moment it starts)"
    assert looked == []
    assert today.next_poll is None
    assert day.calendly.queries == []
    day.settings.update(calendly_event_type="https://api.calendly.com/event_types/SUPPORT30")
    qtbot.waitUntil(lambda: today.last_updated is not None, timeout=10_000)
    attempted(qtbot, today, day.clock)
    assert looked == [CALENDLY_USER], "setting Calendly up asks at once"
    assert uuids(today) == TODAY_ORDER


def test_offline_at_start_shows_the_cached_list_and_says_from_when(qtbot: QtBot, day: Day) -> None:
    first = day.make()
    first.start()
    attempted(qtbot, first, day.clock)
    first.stop()
    listed_at = day.clock.now()

    day.clock.advance(minutes=50)
    with FakeCalendly() as gone:
        closed = gone.url  # nothing listens there any more
    day.settings.update(calendly_api_url=closed)
    today = day.make()
    shown: list[list[str]] = []
    today.changed.connect(lambda: shown.append(uuids(today)))
    today.start()
    attempted(qtbot, today, day.clock)
    assert TODAY_ORDER in shown, "the cached list is shown before Calendly answers"
    assert uuids(today) == TODAY_ORDER
    assert today.last_updated == listed_at
    since = listed_at.astimezone().strftime("%H:%M")
    expected = f"Calendly could not be reached: showing the list from {since}."
    assert day.problems == [expected]
    assert today.problem == expected
    assert today.next_poll == day.clock.now() + timedelta(minutes=5), "tries again soon"


def test_calendly_down_keeps_the_list_with_its_time_and_says_so_once(
    qtbot: QtBot, day: Day
) -> None:
    today = day.make()
    today.start()
    attempted(qtbot, today, day.clock)
    listed_at = day.clock.now()
    day.calendly.fail_all = 503
    pass_minutes(qtbot, today, day.clock, 45)
    assert uuids(today) == TODAY_ORDER
    assert today.last_updated == listed_at
    since = listed_at.astimezone().strftime("%H:%M")
    assert day.problems == [f"Calendly could not be reached: showing the list from {since}."]
    day.calendly.fail_all = None
    day.calendly.bookings = [b for b in day.calendly.bookings if b.uuid != "HASH"]
    pass_minutes(qtbot, today, day.clock, 5)
    assert today.problem == ""
    assert "HASH" not in uuids(today)
    assert today.last_updated == day.clock.now()


def test_a_refused_token_says_so_and_reads_the_token_again(qtbot: QtBot, day: Day) -> None:
    today = day.make()
    today.start()
    attempted(qtbot, today, day.clock)
    day.calendly.token = "a-new-token"  # the old one was revoked
    pass_minutes(qtbot, today, day.clock, 15)
    (notice,) = day.problems
    assert notice.startswith("Calendly refused the token, so today's bookings could not be")
    assert "Settings → Calendly" in notice
    assert uuids(today) == TODAY_ORDER, "the list from before stays"
    assert today.next_poll is None, "a revoked token is not tried again and again"
    keyring.set_password("callcompanion", CALENDLY_USER, "a-new-token")
    today.tokens_saved([CALENDLY_USER])
    attempted(qtbot, today, day.clock)
    assert today.problem == ""


def test_a_new_day_does_not_show_yesterdays_list(qtbot: QtBot, day: Day) -> None:
    today = day.make()
    today.start()
    attempted(qtbot, today, day.clock)
    day.calendly.fail_all = 503
    day.clock.advance(minutes=14 * 60 + 5)  # 00:05 the next day
    today.check_now()
    attempted(qtbot, today, day.clock)
    assert today.bookings == []
    assert today.problem.startswith("Calendly could not be reached, so today's bookings are not")
    later = day.make()
    later.start()
    attempted(qtbot, later, day.clock)
    assert later.bookings == [], "yesterday's cached list is not used"


def test_the_next_bookings_ticket_details_are_read_ahead(qtbot: QtBot, day: Day) -> None:
    with FakeZendesk() as zendesk:
        for number in (23456, 34567, 45678, 56789):
            zendesk.add_ticket(number, subject=f"Ticket {number}")
        connection = make_connection(id="abcd1234", label="Acme", address=zendesk.url, email=EMAIL)
        keyring.set_password("callcompanion", connection.keyring_user, ZENDESK_TOKEN)
        day.settings.update(zendesk_connections=(connection,), default_connection=connection.id)
        context = TicketContext(ZendeskAuth(CredentialStore()), day.owner)
        loaded: list[str] = []
        context.loaded.connect(lambda key, _info: loaded.append(key))
        today = day.make(ticket_context=context)
        today.start()
        attempted(qtbot, today, day.clock)
        by_id = {b.uri.rsplit("/", 1)[-1]: b for b in today.bookings}
        qtbot.waitUntil(lambda: loaded == [ticket_key(by_id["HASH"])], timeout=10_000)
        info = context.cached(ticket_key(by_id["HASH"]))
        assert info is not None
        assert info.subject == "Ticket 23456"
        # Not read ahead: the past one (09:00), one linked to another Zendesk (11:00, acme),
        # the ones more than two hours away (13:00, 16:00) and the cancelled one (14:00).
        for uuid in ("PLAIN", "LINK", "NOTICKET", "CANCELLED", "GROUP"):
            assert context.cached(ticket_key(by_id[uuid])) is None, uuid
        pass_minutes(qtbot, today, day.clock, 15)
        assert loaded == [ticket_key(by_id["HASH"])], "read once, not on every poll"


def test_the_network_coming_back_asks_again_after_a_failure(qtbot: QtBot, day: Day) -> None:
    from PySide6.QtNetwork import QNetworkInformation

    today = day.make()
    day.calendly.fail_all = 503
    today.start()
    attempted(qtbot, today, day.clock)
    assert today.problem
    info = QNetworkInformation.instance()
    assert info is not None, "a reachability backend is loaded where the system has one"
    day.calendly.fail_all = None
    info.reachabilityChanged.emit(QNetworkInformation.Reachability.Online)
    assert today.busy, "asked at once, not at the next poll"
    attempted(qtbot, today, day.clock)
    assert today.problem == ""
    assert uuids(today) == TODAY_ORDER
    info.reachabilityChanged.emit(QNetworkInformation.Reachability.Online)
    assert not today.busy, "after a good answer, the network coming back is no reason to ask"


def test_connecting_calendly_lists_the_day_once(qtbot: QtBot, day: Day) -> None:
    """Settings → Calendly, first time: a token and an event type saved with one OK."""
    from dataclasses import replace

    from callcompanion.controllers.credentials import CredentialsController

    keyring.delete_password("callcompanion", CALENDLY_USER)
    day.settings.update(calendly_event_type="")
    today = day.make()
    today.start()
    assert today.next_poll is None
    saving = CredentialsController(day.settings, CredentialStore(), day.owner)
    saving.tokens_saved.connect(today.tokens_saved)
    chosen = replace(
        day.settings.value, calendly_event_type="https://api.calendly.com/event_types/SUPPORT30"
    )
    with qtbot.waitSignal(saving.tokens_saved, timeout=10_000):
        saving.apply(chosen, {CALENDLY_USER: TOKEN})
    qtbot.waitUntil(lambda: today.last_updated is not None, timeout=10_000)
    attempted(qtbot, today, day.clock)
    assert uuids(today) == TODAY_ORDER
    assert day.polls() == 1, "the day is asked for once"
    me = [path for path, _q in day.calendly.queries if path == "/users/me"]
    assert me == ["/users/me"]


def test_another_event_type_keeps_the_client_and_asks_nothing(qtbot: QtBot, day: Day) -> None:
    today = day.make()
    today.start()
    attempted(qtbot, today, day.clock)
    day.settings.update(calendly_event_type="https://api.calendly.com/event_types/DISC15")
    assert not today.busy, "the event type plays no part in the list: nothing to ask again"
    pass_minutes(qtbot, today, day.clock, 15)
    assert day.polls() == 2
    me = [path for path, _q in day.calendly.queries if path == "/users/me"]
    assert me == ["/users/me"], "the client is kept: who the token belongs to is known"


def test_a_new_day_while_the_token_is_refused_clears_yesterdays_list(
    qtbot: QtBot, day: Day
) -> None:
    today = day.make()
    today.start()
    attempted(qtbot, today, day.clock)
    day.calendly.token = "a-new-token"  # revoked in the evening
    day.clock.advance(minutes=8 * 60)  # 18:00
    today.refresh()
    attempted(qtbot, today, day.clock)
    assert uuids(today) == TODAY_ORDER, "the day's list stays with the refusal said"
    assert "Showing the list from" in today.problem
    changes: list[int] = []
    today.changed.connect(lambda: changes.append(len(today.bookings)))
    for _ in range(6 * 60 + 5):  # overnight, the machine awake: a look every minute
        day.clock.advance(minutes=1)
        today.check_now()
    assert today.bookings == [], "yesterday's rows (with their Start buttons) are gone"
    assert changes == [0]
    assert today.last_updated is None
    assert today.problem.startswith("Calendly refused the token")
    assert "Showing the list from" not in today.problem
    assert day.polls() == 1, "a refused token is still not tried again by itself"


def test_network_information_is_loaded_only_after_a_failure(
    qtbot: QtBot, day: Day, monkeypatch: pytest.MonkeyPatch
) -> None:
    """QtNetwork and its system backend are only for noticing the network come back."""
    from PySide6.QtNetwork import QNetworkInformation

    asked: list[object] = []

    def load(features: object) -> bool:
        asked.append(features)
        return False

    monkeypatch.setattr(QNetworkInformation, "instance", staticmethod(lambda: None))
    monkeypatch.setattr(QNetworkInformation, "loadBackendByFeatures", staticmethod(load))
    today = day.make()
    today.start()
    attempted(qtbot, today, day.clock)
    pass_minutes(qtbot, today, day.clock, 15)
    assert day.polls() == 2
    assert asked == [], "all went well: no network information loaded"
    day.calendly.fail_all = 503
    pass_minutes(qtbot, today, day.clock, 15)
    assert today.problem
    assert asked == [QNetworkInformation.Feature.Reachability]
    pass_minutes(qtbot, today, day.clock, 10)
    assert len(asked) == 1, "loaded once"


def test_a_ticket_key_names_its_booking(qtbot: QtBot, day: Day) -> None:
    today = day.make()
    today.start()
    attempted(qtbot, today, day.clock)
    for booking in today.bookings:
        assert booking_uri_from_key(ticket_key(booking)) == booking.uri
    assert booking_uri_from_key("3f2a9c0e1b7d4a56") is None, "a call's key is no booking's"
