"""What the first paint reads from the profile: forgiving, read-only, standard library only."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from callcompanion.core.call import Call, Outcome, Platform
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.ticket import TicketRef
from callcompanion.services.first_paint import running_call, window_geometry
from callcompanion.services.storage import open_store
from tests.fakes.clock import FakeClock


def _store_with_call(path: Path, clock: FakeClock, *, ended: bool = False) -> Call:
    call = Call.start(
        ticket=TicketRef(12345),
        call_type=CallTypeCatalog().get("troubleshooting"),
        platform=Platform.WEBEX,
        clock=clock,
        default_wrapup_lead_minutes=10,
        customer_joined=True,
    )
    if ended:
        call.end(Outcome.COMPLETED)
    opened = open_store(path)
    try:
        opened.store.save_call(call.record)
    finally:
        opened.store.close()
    return call


def test_a_running_call_gives_its_line_and_time_since_its_start(tmp_path: Path) -> None:
    clock = FakeClock()
    store = tmp_path / "store.sqlite3"
    call = _store_with_call(store, clock)
    now = call.record.started_at + timedelta(minutes=12, seconds=5)
    before = store.read_bytes()

    line = running_call(store, now)

    assert line is not None
    assert line.title == "#12345 · Troubleshooting · WebEx"
    assert line.elapsed_seconds == 12 * 60 + 5
    assert store.read_bytes() == before  # read-only


def test_the_saved_elapsed_time_is_a_floor_when_the_clock_went_back(tmp_path: Path) -> None:
    clock = FakeClock()
    store = tmp_path / "store.sqlite3"
    call = _store_with_call(store, clock)
    clock.advance(minutes=30)
    opened = open_store(store)
    opened.store.save_call(call.record)  # the record carries 30 minutes as its floor
    opened.store.close()
    back_in_time = call.record.started_at - timedelta(hours=1)

    line = running_call(store, back_in_time)

    assert line is not None
    assert line.elapsed_seconds == 30 * 60


def test_no_store_an_ended_call_or_a_damaged_file_give_nothing(tmp_path: Path) -> None:
    assert running_call(tmp_path / "missing.sqlite3") is None
    ended = tmp_path / "ended.sqlite3"
    _store_with_call(ended, FakeClock(), ended=True)
    assert running_call(ended) is None
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"not a database at all" * 100)
    assert running_call(damaged) is None
    assert damaged.read_bytes() == b"not a database at all" * 100  # left for the rescue


def test_the_window_place_is_read_forgivingly(tmp_path: Path) -> None:
    settings = tmp_path / "settings.json"
    assert window_geometry(settings) == ""
    settings.write_text(json.dumps({"version": 1, "window_geometry": "AdnQywADAAA="}))
    assert window_geometry(settings) == "AdnQywADAAA="
    for broken in ("{not json", "[1, 2]", json.dumps({"window_geometry": 42})):
        settings.write_text(broken)
        assert window_geometry(settings) == ""


def test_a_wall_clock_start_in_utc_is_what_the_time_counts_from(tmp_path: Path) -> None:
    clock = FakeClock()
    store = tmp_path / "store.sqlite3"
    call = _store_with_call(store, clock)
    now = call.record.started_at.astimezone(UTC) + timedelta(seconds=59)
    line = running_call(store, now.astimezone(datetime.now().astimezone().tzinfo))
    assert line is not None
    assert line.elapsed_seconds == 59
