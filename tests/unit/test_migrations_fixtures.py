"""Call histories written by every past store version open in this one with their rows intact.

The files under ``tests/fixtures/db/`` are what each schema version left on disk (see
``make_fixtures.py`` there for how they were made). Each test opens a copy through the app's
own open path, as a start-up after an update would.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from callcompanion.core.call import Outcome, Platform
from callcompanion.core.checklists import ItemState
from callcompanion.core.followups import FollowUpKind, FollowUpStatus
from callcompanion.core.macro_actions import AppliedMacro
from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.core.summary import SummaryState
from callcompanion.core.ticket import TicketRef
from callcompanion.core.ticket_changes import TicketChanges
from callcompanion.services.checklist_store import ChecklistStore
from callcompanion.services.outbox import EntryState, Outbox
from callcompanion.services.storage import SCHEMA_VERSION, Store, open_store
from callcompanion.services.summaries import SummaryStore
from tests.fixtures.db.make_fixtures import (
    BOOKED,
    BOOKING_URI,
    EMERGENCY,
    ENDED,
    MARKER,
    RUNNING,
    fixture_path,
)

VERSIONS = range(1, SCHEMA_VERSION + 1)
Schema = dict[str, set[tuple[object, ...]]]


def schema_of(path: Path) -> tuple[int, Schema]:
    """The file's version and, per table and index, its columns as SQLite reports them."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        schema: Schema = {}
        for kind, name in conn.execute(
            "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ):
            pragma = "table_info" if kind == "table" else "index_xinfo"
            schema[f"{kind} {name}"] = {
                tuple(row) for row in conn.execute(f"PRAGMA {pragma}('{name}')")
            }
        return version, schema
    finally:
        conn.close()


@pytest.fixture
def fresh_schema(tmp_path: Path) -> Schema:
    """The schema of a history this version starts from nothing."""
    path = tmp_path / "fresh" / "callcompanion.sqlite"
    open_store(path).store.close()
    return schema_of(path)[1]


@contextmanager
def opened(tmp_path: Path, version: int) -> Iterator[Store]:
    """A copy of the version's history, opened as a start-up after an update would."""
    copy = tmp_path / "profile" / "callcompanion.sqlite"
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(fixture_path(version), copy)
    result = open_store(copy, now=datetime(2025, 3, 7, tzinfo=UTC))
    assert result.notices == [], "an older history is upgraded, never moved aside"
    assert result.store.persistent
    try:
        yield result.store
    finally:
        result.store.close()


def test_there_is_a_file_for_every_store_version() -> None:
    missing = [v for v in VERSIONS if not fixture_path(v).is_file()]
    assert missing == [], (
        f"no history file for store version(s) {missing}: add the version's step and rows to "
        "tests/fixtures/db/make_fixtures.py and run it"
    )
    for version in VERSIONS:
        assert schema_of(fixture_path(version))[0] == version


@pytest.mark.parametrize("version", VERSIONS)
def test_an_old_history_is_brought_to_the_current_schema(
    tmp_path: Path, version: int, fresh_schema: Schema
) -> None:
    with opened(tmp_path, version):
        pass
    upgraded_version, upgraded = schema_of(tmp_path / "profile" / "callcompanion.sqlite")
    assert upgraded_version == SCHEMA_VERSION
    assert upgraded == fresh_schema


@pytest.mark.parametrize("version", VERSIONS)
def test_the_calls_and_follow_ups_of_an_old_history_survive(tmp_path: Path, version: int) -> None:
    with opened(tmp_path, version) as store:
        ended = store.call(ENDED)
        assert ended is not None
        assert ended.ticket == TicketRef(12345, "acme")
        assert ended.platform is Platform.ZOOM
        assert ended.outcome is Outcome.COMPLETED
        assert ended.started_at == datetime(2025, 3, 4, 14, 0, tzinfo=UTC)
        assert ended.ended_at == pytest.approx(2710.5)
        assert ended.booking_uri is None
        assert ended.booked_start is None

        running = store.active_call()
        assert running is not None
        assert running.id == RUNNING
        assert running.platform is Platform.WEBEX
        assert running.last_elapsed == pytest.approx(300.0)

        (follow_up,) = store.follow_ups(FollowUpStatus.PENDING)
        assert follow_up.kind is FollowUpKind.NO_SHOW
        assert follow_up.call_id == ENDED

        expected_history = [EMERGENCY, ENDED] if version >= 3 else [ENDED]
        if version >= 5:
            expected_history.insert(1, BOOKED)
        assert [r.id for r in store.history()] == expected_history


@pytest.mark.parametrize("version", [v for v in VERSIONS if v >= 2])
def test_drafts_and_queued_posts_of_an_old_history_survive(tmp_path: Path, version: int) -> None:
    with opened(tmp_path, version) as store:
        draft = SummaryStore(store).get(ENDED)
        assert draft is not None
        assert draft.state is SummaryState.DRAFT
        assert draft.learned == "The migration stopped on a lock."

        outbox = Outbox(store)
        waiting = {entry.id: entry for entry in outbox.entries()}
        summary = waiting[1]
        assert summary.kind is OutboxKind.SUMMARY
        assert summary.marker == MARKER
        assert summary.state is EntryState.PENDING
        assert summary.call_id == ENDED
        assert summary.attempts == 1
        assert 2 not in waiting, "a post already sent is not sent again"
        sent = outbox.get(2)
        assert sent is not None
        assert sent.state is EntryState.SENT
        assert sent.kind is OutboxKind.SUMMARY_NOTE
        assert not summary.auth_failed
        assert summary.claim_owner is None


@pytest.mark.parametrize("version", [v for v in VERSIONS if v >= 3])
def test_checklists_and_priorities_of_an_old_history_survive(tmp_path: Path, version: int) -> None:
    with opened(tmp_path, version) as store:
        results = ChecklistStore(store).results(RUNNING)
        assert results["backup_done"].state is ItemState.SKIPPED
        assert results["upgrade_info"].state is ItemState.DONE
        emergency = store.call(EMERGENCY)
        assert emergency is not None
        assert emergency.response_minutes == (15, 30)
        failed = Outbox(store).get(3)
        assert failed is not None
        assert failed.state is EntryState.FAILED
        assert failed.changes.priority == "high"


@pytest.mark.parametrize("version", [v for v in VERSIONS if v >= 4])
def test_claims_and_token_waits_of_an_old_history_survive(tmp_path: Path, version: int) -> None:
    with opened(tmp_path, version) as store:
        outbox = Outbox(store)
        claimed = outbox.get(4)
        assert claimed is not None
        assert claimed.claim_owner == "host-4242-5f0c"
        assert claimed.kind is OutboxKind.PRE_CALL
        waiting = outbox.get(5)
        assert waiting is not None
        assert waiting.auth_failed
        assert waiting.state is EntryState.NOT_CONNECTED
        assert waiting.kind is OutboxKind.UPGRADE_NOTE, "a call-less note is the upgrade's"


@pytest.mark.parametrize("version", [v for v in VERSIONS if v >= 5])
def test_calls_started_from_a_booking_keep_it(tmp_path: Path, version: int) -> None:
    with opened(tmp_path, version) as store:
        booked = store.call(BOOKED)
        assert booked is not None
        assert booked.booking_uri == BOOKING_URI
        assert booked.booked_start == datetime(2025, 3, 6, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize("version", VERSIONS)
def test_queued_posts_carry_their_ticket_changes(tmp_path: Path, version: int) -> None:
    with opened(tmp_path, version) as store:
        outbox = Outbox(store)
        if version >= 2:
            older = outbox.get(1)
            assert older is not None
            assert older.changes == TicketChanges(status="pending", add_tags=("call_done",))
            assert older.tags_after_comment, "queued before: its tags go after the comment"
        if version >= 6:
            summary = outbox.get(6)
            assert summary is not None
            assert not summary.tags_after_comment
            assert summary.changes == TicketChanges(
                status="pending",
                add_tags=("customer_call", "call_held"),
                remove_tags=("awaiting_call",),
                custom_fields=((360001, "area_upgrades"),),
                time_spent_seconds=1800,
            )


@pytest.mark.parametrize("version", [v for v in VERSIONS if v >= 2])
def test_drafts_keep_the_macro_applied_to_them(tmp_path: Path, version: int) -> None:
    with opened(tmp_path, version) as store:
        summaries = SummaryStore(store)
        older = summaries.get(ENDED)
        assert older is not None
        assert older.macro is None, "a draft written before has no macro"
        booked = summaries.get(BOOKED)
        if version < 7:
            assert booked is None
            return
        assert booked is not None
        assert booked.body == "Hi Chris, thanks for the call today."
        assert booked.macro == AppliedMacro(
            changes=TicketChanges(
                status="hold",
                add_tags=("call_held",),
                remove_tags=("awaiting_call",),
                custom_fields=((360012345, "call_completed"),),
                assignee_id=7001,
                not_applied=("Sets the subject to “Call done”.",),
            ),
            assigns_me=True,
            status_before="pending",
        )
