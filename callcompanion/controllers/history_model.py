"""The call history as a table model: ticket, type, platform, start, duration, outcome.

The model reads the store a page at a time (``canFetchMore``/``fetchMore``): the view asks for
the next page as it is scrolled to the end, so opening the History tab reads one page whether
the store holds 100 calls or 100,000. Sorting by a column asks the store for that order (the
first page again), so the order is the order of every call, not only of those already read.

The filter (:class:`HistoryFilter`) matches words against the text of every column of the rows
read so far and, while fewer than a screenful match, reads further pages in small steps between
events, so a search reaches old calls without ever freezing the window.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)

from callcompanion.core.call import CallRecord
from callcompanion.core.timefmt import format_duration
from callcompanion.services.storage import HistoryCursor, HistorySort, Store, StoreError

COLUMNS = ("Ticket", "Call", "Started", "Length", "Outcome")
CALL_COLUMN, STARTED_COLUMN, LENGTH_COLUMN = 1, 2, 3
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2
# The store's order for each column.
_COLUMN_SORTS = (
    HistorySort.TICKET,
    HistorySort.CALL,
    HistorySort.STARTED,
    HistorySort.LENGTH,
    HistorySort.OUTCOME,
)
PAGE_SIZE = 200  # more than a tall window shows
SEARCH_PAGE_SIZE = 1000  # pages read while a search looks for matches
SEARCH_BATCH = 100  # a search reads on until this many more rows match (or none are left)
SEARCH_STEP_SECONDS = 0.03  # the longest a search step keeps the GUI thread between events

_Index = QModelIndex | QPersistentModelIndex


def format_start(moment: datetime, today: datetime | None = None) -> str:
    """Local time: ``Today 14:05``, ``Mon 23 Nov 14:05``, or with the year when not this year."""
    local = moment.astimezone()
    now = (today or datetime.now()).astimezone()
    if local.date() == now.date():
        return f"Today {local:%H:%M}"
    if local.year == now.year:
        return f"{local:%a %d %b %H:%M}"
    return f"{local:%d %b %Y %H:%M}"


def _plural(n: int, word: str = "call") -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


class HistoryModel(QAbstractTableModel):
    """Ended calls, read-only; newest first unless sorted by another column.

    Read from a store page by page (:meth:`load`).

    Signals:
        failed: The store could not be read; carries a sentence for the engineer.
        fetched: More rows were read (or the model was reloaded).
    """

    failed = Signal(str)
    fetched = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._records: list[CallRecord] = []
        self._store: Store | None = None
        self._cursor: HistoryCursor | None = None
        self._total = 0
        self._sort = HistorySort.STARTED
        self._descending = True

    # -- loading ------------------------------------------------------------------------------

    def load(self, store: Store) -> None:
        """Show *store*'s history: its first page now, further pages as the view asks."""
        self._store = store
        self._reload()

    def _reload(self) -> None:
        self.beginResetModel()
        self._records = []
        self._cursor = None
        try:
            assert self._store is not None
            self._total = self._store.history_count()
            self._read_page(None, PAGE_SIZE)
        except StoreError as err:
            self._total = len(self._records)
            self.endResetModel()
            self.failed.emit(str(err))
            self.fetched.emit()
            return
        self.endResetModel()
        self.fetched.emit()

    def _read_page(self, after: HistoryCursor | None, limit: int) -> list[CallRecord]:
        assert self._store is not None
        records, self._cursor = self._store.history_page(
            after, sort=self._sort, descending=self._descending, limit=limit
        )
        if after is None:
            self._records = records
        return records

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._store is not None and self._cursor is not None

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        self.fetch_page(PAGE_SIZE, parent)

    def fetch_page(self, limit: int, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Read up to *limit* more calls; returns how many rows were added."""
        if not self.canFetchMore(parent):
            return 0
        try:
            records = self._read_page(self._cursor, limit)
        except StoreError as err:
            self._cursor = None  # stop asking: the notice says why
            self.failed.emit(str(err))
            return 0
        if records:
            first = len(self._records)
            self.beginInsertRows(QModelIndex(), first, first + len(records) - 1)
            self._records.extend(records)
            self.endInsertRows()
        self.fetched.emit()
        return len(records)

    # -- what it holds ------------------------------------------------------------------------

    @property
    def total(self) -> int:
        """How many calls the history holds, read or not."""
        return max(self._total, len(self._records))

    @property
    def fetched_rows(self) -> int:
        return len(self._records)

    def record(self, row: int) -> CallRecord:
        return self._records[row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order every call by *column*: the store's order, read again from the first page."""
        if not 0 <= column < len(COLUMNS):
            return
        descending = order is Qt.SortOrder.DescendingOrder
        unchanged = (self._sort, self._descending) == (_COLUMN_SORTS[column], descending)
        self._sort, self._descending = _COLUMN_SORTS[column], descending
        if self._store is not None and not unchanged:
            self._reload()

    # -- the Qt model interface ---------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        column = index.column()
        if role == RECORD_ROLE:
            return record
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _display(record, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == STARTED_COLUMN:
            return record.started_at.astimezone().strftime("%A %d %B %Y, %H:%M:%S")
        if role == Qt.ItemDataRole.ToolTipRole and column == CALL_COLUMN:
            return _display(record, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == LENGTH_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def search_text(self, row: int) -> str:
        """Every column's text of *row*, folded for matching."""
        record = self._records[row]
        return " ".join(_display(record, column) for column in range(len(COLUMNS))).casefold()


def _display(record: CallRecord, column: int) -> str:
    if column == 0:
        return str(record.ticket)
    if column == CALL_COLUMN:
        return f"{record.call_type_name} · {record.platform.label}"
    if column == STARTED_COLUMN:
        return format_start(record.started_at)
    if column == LENGTH_COLUMN:
        return format_duration(record.duration)
    if column == 4:
        return record.outcome.label if record.outcome else "Running"
    return ""


class HistoryFilter(QSortFilterProxyModel):
    """Matches the filter text against every column (ticket numbers with or without ``#``).

    Sorting is the source model's (the store's order); this proxy only filters.

    Signals:
        summary_changed: :meth:`summary` has changed; carries it.
    """

    summary_changed = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._words: list[str] = []
        self._wanted = 0  # matching rows a search reads on for
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(0)
        self._search_timer.timeout.connect(self._search_step)

    def setSourceModel(self, model: Any) -> None:
        old = self.sourceModel()
        if isinstance(old, HistoryModel):
            old.fetched.disconnect(self._announce)
            old.modelReset.disconnect(self._search_again)
        super().setSourceModel(model)
        if isinstance(model, HistoryModel):
            model.fetched.connect(self._announce)
            model.modelReset.connect(self._search_again)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = text.strip().casefold()
        self._words = self._needle.split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        self._wanted = SEARCH_BATCH if self._needle else 0
        self._search_more()
        self._announce()

    @property
    def searching(self) -> bool:
        """A search is still reading pages for more matches."""
        return self._search_timer.isActive()

    def summary(self) -> str:
        """One line for above the table: how many calls, how many match, how far it looked."""
        model = self.sourceModel()
        if not isinstance(model, HistoryModel):
            return ""
        total = model.total
        if total == 0:
            return "No calls yet. Ended calls appear here."
        if not self._needle:
            return _plural(total)
        shown = self.rowCount()
        if not model.canFetchMore(QModelIndex()) or model.fetched_rows >= total:
            return f"{shown:,} of {_plural(total)}"
        looked = f"{shown:,} found in the first {model.fetched_rows:,} of {_plural(total)}"
        return f"{looked}; searching…" if self.searching else f"{looked}; scroll for more"

    # -- searching further --------------------------------------------------------------------

    def fetchMore(self, parent: _Index) -> None:
        if not self._needle:
            super().fetchMore(parent)
            return
        # The view reached the end of the matches: look for another batch.
        self._wanted = self.rowCount() + SEARCH_BATCH
        self._search_more()

    def _search_again(self) -> None:
        """The calls were read again (another order, a call ended): search from the top."""
        self._wanted = SEARCH_BATCH if self._needle else 0
        self._search_more()

    def _search_more(self) -> None:
        model = self.sourceModel()
        if (
            self._needle
            and isinstance(model, HistoryModel)
            and model.canFetchMore(QModelIndex())
            and self.rowCount() < self._wanted
        ):
            self._search_timer.start()

    def _search_step(self) -> None:
        model = self.sourceModel()
        if not isinstance(model, HistoryModel):
            return
        deadline = time.monotonic() + SEARCH_STEP_SECONDS
        while (
            self._needle
            and self.rowCount() < self._wanted
            and model.canFetchMore(QModelIndex())
            and time.monotonic() < deadline
        ):
            model.fetch_page(SEARCH_PAGE_SIZE)
        self._search_more()
        self._announce()

    def _announce(self) -> None:
        self.summary_changed.emit(self.summary())

    # -- the proxy ----------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if model is not None:
            model.sort(column, order)  # every call in that order, not only those read

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        if isinstance(model, HistoryModel):
            cells = model.search_text(source_row)
        else:
            cells = " ".join(
                str(model.data(model.index(source_row, column, source_parent)) or "")
                for column in range(model.columnCount())
            ).casefold()
        return all(word in cells for word in self._words)
