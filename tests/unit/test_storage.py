from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from callcompanion.core.call import Answer, Call, Outcome, Platform
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.followups import FollowUpStatus
from callcompanion.core.ticket import TicketRef
from callcompanion.services.storage import SCHEMA_VERSION, StoreError, open_store
from tests.fakes.clock import FakeClock

STAMP = datetime(2026, 11, 27, 9, 30)


def new_call(clock: FakeClock, number: int = 12345, key: str = "discovery") -> Call:
    return Call.start(
        ticket=TicketRef(number, "acme"),
        call_type=CallTypeCatalog().get(key),
        platform=Platform.WEBEX,
        clock=clock,
        default_wrapup_lead_minutes=10,
    )


def test_a_call_round_trips_with_every_field(tmp_path: Path, clock: FakeClock) -> None:
    store = open_store(tmp_path / "db.sqlite3").store
    call = new_call(clock)
    clock.advance(minutes=10)
    call.answer(call.due_prompts()[0], Answer.WAIT_LONGER)
    call.mark_joined()
    clock.advance(minutes=5)
    call.answer(call.due_prompts()[0], Answer.CONTINUE, 5)
    store.save_call(call.record)
    store.close()

    reopened = open_store(tmp_path / "db.sqlite3")
    assert reopened.notices == []
    assert reopened.store.active_call() == call.record


def test_history_lists_ended_calls_newest_first(tmp_path: Path, clock: FakeClock) -> None:
    store = open_store(tmp_path / "db.sqlite3").store
    ids = []
    for number in (1, 2, 3):
        call = new_call(clock, number)
        clock.advance(minutes=3)
        call.end()
        store.save_call(call.record)
        ids.append(call.id)
        clock.advance(minutes=60)
    running = new_call(clock, 4)
    store.save_call(running.record)
    history = store.history()
    assert [r.id for r in history] == ids[::-1]
    assert all(r.outcome is Outcome.COMPLETED for r in history)
    assert store.active_call() is not None
    assert store.active_call().id == running.id  # type: ignore[union-attr]


@pytest.mark.expect_log_errors(
    reason="the store refuses a second running call and logs the refused write",
    match="could not save the call",
)
def test_only_one_call_can_be_running(tmp_path: Path, clock: FakeClock) -> None:
    store = open_store(tmp_path / "db.sqlite3").store
    store.save_call(new_call(clock, 1).record)
    with pytest.raises(StoreError, match="Could not save the call"):
        store.save_call(new_call(clock, 2).record)


def test_follow_ups_are_kept_until_settled(tmp_path: Path, clock: FakeClock) -> None:
    store = open_store(tmp_path / "db.sqlite3").store
    call = new_call(clock)
    clock.advance(minutes=10)
    follow_up = call.mark_no_show()
    store.save_call(call.record)
    stored = store.add_follow_up(follow_up)
    assert stored.id > 0
    assert store.follow_ups() == [stored]
    store.set_follow_up_status(stored.id, FollowUpStatus.DONE)
    assert store.follow_ups() == []
    assert [f.id for f in store.follow_ups(FollowUpStatus.DONE)] == [stored.id]


def test_a_damaged_file_is_kept_aside_and_a_new_history_starts(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    opened = open_store(path, now=STAMP)
    backup = tmp_path / "db.sqlite3.damaged-20261127-093000.bak"
    assert backup.read_bytes().startswith(b"this is not a database")
    (notice,) = opened.notices
    assert "could not be read" in notice
    assert str(backup) in notice
    assert opened.store.persistent
    assert opened.store.history() == []
    opened.store.close()
    assert open_store(path).notices == [], "the next start is clean: no crash loop"


def test_a_truncated_database_is_detected(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "db.sqlite3"
    store = open_store(path).store
    for number in range(200):
        call = new_call(clock, number + 1)
        call.end()
        store.save_call(call.record)
    store.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] + b"\xff" * 4096)
    opened = open_store(path, now=STAMP)
    assert opened.store.persistent
    assert any("could not be read" in n for n in opened.notices)


def test_a_newer_store_is_left_untouched_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    conn.commit()
    conn.close()
    opened = open_store(path, now=STAMP)
    backup = tmp_path / f"db.sqlite3.newer-v{SCHEMA_VERSION + 3}-20261127-093000.bak"
    (notice,) = opened.notices
    assert "newer callcompanion" in notice
    assert str(backup) in notice
    check = sqlite3.connect(backup)
    assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 3
    check.close()
    assert opened.store.persistent


def test_a_file_of_another_program_is_not_adopted(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE other (x)")
    conn.commit()
    conn.close()
    opened = open_store(path, now=STAMP)
    assert any("another program" in n for n in opened.notices)


@pytest.mark.expect_log_errors(
    reason="running on an in-memory store is logged as an error",
    match="in-memory store",
)
def test_an_unusable_folder_falls_back_to_memory_with_a_notice(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    opened = open_store(blocker / "db.sqlite3")
    assert not opened.store.persistent
    (notice,) = opened.notices
    assert "not being saved" in notice
    assert opened.store.history() == []


def test_unreadable_rows_are_skipped_not_fatal(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "db.sqlite3"
    store = open_store(path).store
    good = new_call(clock, 1)
    good.end()
    store.save_call(good.record)
    bad = new_call(clock, 2)
    bad.end()
    store.save_call(bad.record)
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE calls SET platform = 'teams' WHERE ticket_number = 2")
    conn.commit()
    conn.close()
    history = open_store(path).store.history()
    assert [r.ticket.number for r in history] == [1]


def test_a_version_1_store_is_upgraded_in_place(tmp_path: Path, clock: FakeClock) -> None:
    from callcompanion.services.migrations import MIGRATIONS

    path = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(f"BEGIN; {MIGRATIONS[1]} PRAGMA user_version = 1; COMMIT;")
    call = new_call(clock)
    call.end()
    record = call.record
    conn.execute(
        "INSERT INTO calls (id, ticket_number, ticket_subdomain, call_type, call_type_name, "
        "platform, started_at, planned_seconds, wrapup_lead_seconds, no_show_after_seconds, "
        "ended_at, outcome, last_elapsed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            record.id,
            12345,
            "acme",
            "discovery",
            "Discovery",
            "webex",
            "2026-11-27T10:00:00+00:00",
            900,
            300,
            600,
            0.0,
            "completed",
            0.0,
        ),
    )
    conn.commit()
    conn.close()
    opened = open_store(path)
    assert opened.notices == []
    (only,) = opened.store.history()
    assert only.id == record.id
    assert only.connection_id is None
    version = opened.store.query("check", "PRAGMA user_version")[0][0]
    assert version == SCHEMA_VERSION
