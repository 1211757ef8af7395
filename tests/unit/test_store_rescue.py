"""A damaged or newer store: unsent posts, drafts and calls are carried into the new one."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from callcompanion.services.outbox import EntryState, Outbox
from callcompanion.services.storage import SCHEMA_VERSION, open_store
from callcompanion.services.summaries import SummaryStore
from tests.fakes.clock import FakeClock
from tests.fakes.store_damage import damage_leaves, fill_store

STAMP = datetime(2026, 11, 27, 9, 30)


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    except sqlite3.DatabaseError as err:
        return str(err)
    finally:
        conn.close()


def test_a_damaged_store_keeps_every_readable_post_draft_and_call(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "db.sqlite3"
    filled = fill_store(path, clock)
    lost_text = damage_leaves(path, "outbox", (4, 5, 9))
    assert integrity(path) != "ok"
    damaged_bytes = path.read_bytes()
    lost = {m for m in filled.markers if m in lost_text}
    assert 10 < len(lost) < 100, "three pages of posts are unreadable, the others are not"
    assert filled.unknown_marker not in lost

    opened = open_store(path, now=STAMP)

    backup = tmp_path / "db.sqlite3.damaged-20261127-093000.bak"
    assert backup.read_bytes() == damaged_bytes, "the copy is the damaged file, unchanged"
    assert not list(tmp_path.glob("*.reading*")), "no working copy is left behind"
    store = opened.store
    entries = Outbox(store).entries()
    kept = [e.marker for e in entries]
    assert kept == [m for m in filled.markers if m not in lost], "every readable post, in order"
    (unknown,) = [e for e in entries if e.marker == filled.unknown_marker]
    assert unknown.outcome_unknown, "a post that may be in Zendesk is still checked for first"
    sent = Outbox(store).entries([EntryState.SENT])
    assert [e.marker for e in sent] == [filled.sent_marker]
    drafts = {d.call_id: d.learned for d in SummaryStore(store).drafts()}
    assert drafts == filled.drafts
    running = store.active_call()
    assert running is not None
    assert running.id == filled.running_call
    assert sorted(r.id for r in store.history()) == sorted(filled.ended_calls)

    (notice,) = opened.notices
    assert "could not be read" in notice
    assert f"A copy of the damaged file was kept at {backup}" in notice
    assert (
        f"{len(kept)} unsent posts, 2 summary drafts, the running call and 5 earlier calls "
        "from it were kept in the new history." in notice
    )
    assert "Some entries could not be read and are only in the copy." in notice
    store.close()
    assert open_store(path).notices == [], "the rescued store opens cleanly next time"


def test_a_newer_store_keeps_the_posts_and_drafts_it_can_read_by_column_name(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "db.sqlite3"
    filled = fill_store(path, clock)
    conn = sqlite3.connect(path)
    # A later version: the outbox rebuilt with its columns in another order and a new one, a
    # state this version has never heard of, a new column in summaries, a new table.
    columns = [row[1] for row in conn.execute("PRAGMA table_info(outbox)")]
    reordered = ", ".join(reversed(columns))
    conn.executescript(
        f"""
        CREATE TABLE outbox_next AS SELECT 'lane-1' AS lane, {reordered} FROM outbox;
        DROP TABLE outbox;
        ALTER TABLE outbox_next RENAME TO outbox;
        UPDATE outbox SET state = 'scheduled_later' WHERE marker = '{filled.markers[-1]}';
        ALTER TABLE summaries ADD COLUMN mood TEXT;
        CREATE TABLE future_things (x);
        PRAGMA user_version = {SCHEMA_VERSION + 2};
        """
    )
    conn.close()
    newer_bytes = path.read_bytes()

    opened = open_store(path, now=STAMP)

    backup = tmp_path / f"db.sqlite3.newer-v{SCHEMA_VERSION + 2}-20261127-093000.bak"
    assert backup.read_bytes() == newer_bytes, "the newer file is kept exactly as it was"
    store = opened.store
    kept = [e.marker for e in Outbox(store).entries()]
    assert kept == filled.markers[:-1], "posts in a state this version knows are kept"
    assert {d.call_id: d.learned for d in SummaryStore(store).drafts()} == filled.drafts
    assert store.active_call() is not None
    (notice,) = opened.notices
    assert "newer callcompanion" in notice
    assert str(backup) in notice
    assert f"{len(kept)} unsent posts, 2 summary drafts" in notice
    assert "Some entries this version does not understand are only in the copy." in notice
    assert "do not put the copy back in place, or its posts may be sent twice" in notice
    store.close()


def test_an_unreadable_file_says_nothing_could_be_kept(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 8000)
    (notice,) = open_store(path, now=STAMP).notices
    assert "Nothing in it could be read." in notice
    assert "kept at" in notice


def test_a_damaged_empty_store_says_there_was_nothing_to_keep(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    open_store(path).store.close()
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    index = "SELECT rootpage FROM sqlite_master WHERE name = 'calls_started'"
    root = conn.execute(index).fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size] = 0x00  # an index is damaged; every table still reads
    path.write_bytes(bytes(data))
    assert integrity(path) != "ok"
    (notice,) = open_store(path, now=STAMP).notices
    assert "could not be read" in notice
    assert notice.endswith("It held no calls, posts or drafts.")
