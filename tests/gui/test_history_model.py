"""The History tab's model reads the store a page at a time, whatever the history's length."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from callcompanion.controllers.history_model import (
    PAGE_SIZE,
    RECORD_ROLE,
    HistoryFilter,
    HistoryModel,
)
from callcompanion.services.storage import Store, open_store
from tests.fakes.history import fill_history, history_record

CALLS = 2_000


@pytest.fixture(scope="module")
def history_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("history") / "db.sqlite3"
    store = open_store(path).store
    fill_history(store, CALLS, same_start_every=3)  # ties in the start order too
    store.close()
    return path


@pytest.fixture
def store(history_file: Path) -> Iterator[Store]:
    store = open_store(history_file, check_integrity=False).store
    yield store
    store.close()


def rows_read(store: Store) -> list[int]:
    """Counts of call rows each statement on the store's connection stepped through."""
    counts: list[int] = []
    conn: sqlite3.Connection = store._conn

    def progress() -> int:
        counts[-1] += 1
        return 0

    def trace(_statement: str) -> None:
        counts.append(0)

    conn.set_trace_callback(trace)
    conn.set_progress_handler(progress, 100)  # one tick per 100 virtual machine steps
    return counts


def ids(model: HistoryModel | HistoryFilter) -> list[str]:
    return [model.index(r, 0).data(RECORD_ROLE).id for r in range(model.rowCount())]


def test_opening_reads_one_page_of_a_long_history(qtbot: QtBot, store: Store) -> None:
    model = HistoryModel()
    history = HistoryFilter()
    history.setSourceModel(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(history)
    view.resize(600, 400)
    steps = rows_read(store)
    model.load(store)
    view.show()
    qtbot.waitExposed(view)
    assert model.rowCount() == PAGE_SIZE, "the view is full after one page: nothing more read"
    assert model.canFetchMore(QModelIndex())
    assert model.total == CALLS
    assert history.summary() == f"{CALLS:,} calls"
    newest = history_record(CALLS - 1)
    assert ids(model)[0] == newest.id
    assert sum(steps) < 200, "no statement walked the whole history"


def test_scrolling_reads_every_call_once_newest_first(store: Store) -> None:
    model = HistoryModel()
    model.load(store)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    records = [model.record(r) for r in range(model.rowCount())]
    assert len(records) == CALLS
    assert len({r.id for r in records}) == CALLS
    starts = [r.started_at for r in records]
    assert starts == sorted(starts, reverse=True)


def test_sorting_orders_every_call_not_only_those_read(qtbot: QtBot, store: Store) -> None:
    model = HistoryModel()
    history = HistoryFilter()
    history.setSourceModel(model)
    model.load(store)
    history.sort(0, Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == PAGE_SIZE
    assert [history.index(r, 0).data() for r in range(3)] == ["#10000", "#10001", "#10002"]
    history.sort(3, Qt.SortOrder.DescendingOrder)
    lengths = [model.record(r).duration for r in range(model.rowCount())]
    assert lengths[0] == 60 * 54, "the longest call of all comes first"
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    lengths = [model.record(r).duration for r in range(model.rowCount())]
    assert lengths == sorted(lengths, reverse=True)
    assert len(lengths) == CALLS


def test_the_filter_reaches_calls_beyond_the_first_page(qtbot: QtBot, store: Store) -> None:
    model = HistoryModel()
    history = HistoryFilter()
    history.setSourceModel(model)
    model.load(store)
    summaries: list[str] = []
    history.summary_changed.connect(summaries.append)
    history.set_text("#1000")  # the oldest page: #10000 … #10009
    qtbot.waitUntil(lambda: not history.searching, timeout=10_000)
    assert sorted(history.index(r, 0).data() for r in range(history.rowCount())) == [
        f"#1000{n}" for n in range(10)
    ]
    assert history.summary() == f"10 of {CALLS:,} calls"
    assert any("searching" in s for s in summaries), "the line says the search goes on"

    model.load(store)  # read again from the top (as when a call ends)
    history.set_text("discovery webex")  # many matches: one batch, then more on scrolling
    qtbot.waitUntil(lambda: not history.searching, timeout=10_000)
    found = history.rowCount()
    assert 100 <= found < CALLS // 6, "a batch of matches, not every call read"
    assert model.fetched_rows < CALLS
    assert history.summary().endswith("scroll for more")
    history.fetchMore(QModelIndex())  # what the view does at the end of the list
    qtbot.waitUntil(lambda: not history.searching, timeout=10_000)
    assert history.rowCount() > found
    for row in range(history.rowCount()):
        text = " ".join(history.index(row, c).data() for c in range(5)).casefold()
        assert "discovery" in text
        assert "webex" in text


def test_the_store_backed_model_passes_the_model_tester(
    store: Store, qtmodeltester: ModelTester
) -> None:
    model = HistoryModel()
    model.load(store)
    model.fetchMore(QModelIndex())
    qtmodeltester.check(model)
    history = HistoryFilter()
    history.setSourceModel(model)
    history.set_text("zoom")
    qtmodeltester.check(history)
