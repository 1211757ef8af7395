"""The store's integrity check: at open only when damage is likely, otherwise off the GUI thread."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from callcompanion.services import storage
from callcompanion.services.storage import CHECK_NOTE_SUFFIX, integrity_problem, open_store

STAMP = datetime(2026, 11, 27, 9, 30)


def damage_index(path: Path, index: str = "calls_started") -> None:
    """Break one index page of the closed store at *path*; every table still reads."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (index,)).fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size] = 0x00
    path.write_bytes(bytes(data))


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every SQL statement the store's own connections run (sqlite3 trace)."""
    seen: list[str] = []
    real_connect: Callable[..., sqlite3.Connection] = sqlite3.connect

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)
    return seen


def checks(statements: list[str]) -> list[str]:
    return [s for s in statements if "quick_check" in s or "integrity_check" in s]


def test_a_clean_start_does_not_read_the_whole_file(tmp_path: Path, statements: list[str]) -> None:
    path = tmp_path / "db.sqlite3"
    open_store(path, check_integrity=False).store.close()
    statements.clear()
    opened = open_store(path, check_integrity=False)
    assert opened.notices == []
    assert not opened.checked, "the app checks it later, on a worker thread"
    assert checks(statements) == []
    assert statements, "the trace sees the store's statements"


def test_after_an_unclean_exit_the_file_is_checked_before_use(
    tmp_path: Path, statements: list[str]
) -> None:
    path = tmp_path / "db.sqlite3"
    open_store(path, check_integrity=False).store.close()
    statements.clear()
    opened = open_store(path, check_integrity=True)
    assert opened.checked
    assert checks(statements) == ["PRAGMA quick_check"]


def test_damage_found_after_an_unclean_exit_is_moved_aside_at_once(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    open_store(path).store.close()
    damage_index(path)
    (notice,) = open_store(path, now=STAMP, check_integrity=True).notices
    assert "could not be read" in notice
    assert (tmp_path / "db.sqlite3.damaged-20261127-093000.bak").exists()


@pytest.mark.expect_log_errors(
    reason="damage found by the check is logged as an error",
    match="is damaged",
)
def test_the_worker_check_says_what_is_damaged_and_the_next_start_repairs_it(
    tmp_path: Path, statements: list[str]
) -> None:
    path = tmp_path / "db.sqlite3"
    open_store(path).store.close()
    damage_index(path)
    opened = open_store(path, check_integrity=False)
    assert opened.notices == [], "a clean start does not look"
    problem = opened.store.integrity_problem()
    assert problem is not None
    assert problem.startswith("The call history file is damaged.")
    assert "keeps working" in problem
    assert "Restart callcompanion" in problem
    note = tmp_path / f"db.sqlite3{CHECK_NOTE_SUFFIX}"
    assert note.exists(), "the next start is told to check"
    assert opened.store.active_call() is None, "the open store stays usable meanwhile"
    opened.store.close()

    statements.clear()
    again = open_store(path, now=STAMP, check_integrity=False)
    assert "PRAGMA quick_check" in checks(statements), "the note makes the start check"
    (notice,) = again.notices
    assert "A copy of the damaged file was kept" in notice
    assert not note.exists()
    statements.clear()
    again.store.close()
    assert not open_store(path, check_integrity=False).checked
    assert checks(statements) == [], "once repaired, starts are quick again"


def test_the_worker_check_of_a_sound_file_finds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    store = open_store(path).store
    assert store.integrity_problem() is None
    assert integrity_problem(path) is None
    assert not (tmp_path / f"db.sqlite3{CHECK_NOTE_SUFFIX}").exists()
    store.close()


@pytest.mark.expect_log_errors(
    reason="a read that meets damage is logged as an error",
    match="could not read",
)
def test_damage_met_while_reading_asks_the_next_start_to_check(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    open_store(path).store.close()
    damage_index(path)
    store = open_store(path, check_integrity=False).store
    with pytest.raises(storage.StoreError, match="Could not read the call history"):
        store.history_page()  # ordered by start: reads the damaged index
    assert (tmp_path / f"db.sqlite3{CHECK_NOTE_SUFFIX}").exists()
    store.close()
