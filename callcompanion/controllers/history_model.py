"""The call history as a table model: ticket, type, platform, start, duration, outcome."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from callcompanion.core.call import CallRecord
from callcompanion.core.timefmt import format_duration

COLUMNS = ("Ticket", "Call", "Started", "Length", "Outcome")
CALL_COLUMN, STARTED_COLUMN, LENGTH_COLUMN = 1, 2, 3
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2

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


class HistoryModel(QAbstractTableModel):
    """Ended calls, newest first, read-only."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._records: list[CallRecord] = []

    def set_records(self, records: Sequence[CallRecord]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def record(self, row: int) -> CallRecord:
        return self._records[row]

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
            return self._display(record, column)
        if role == SORT_ROLE:
            return self._sort_key(record, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == STARTED_COLUMN:
            return record.started_at.astimezone().strftime("%A %d %B %Y, %H:%M:%S")
        if role == Qt.ItemDataRole.ToolTipRole and column == CALL_COLUMN:
            return self._display(record, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == LENGTH_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, record: CallRecord, column: int) -> str:
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

    def _sort_key(self, record: CallRecord, column: int) -> Any:
        if column == 0:
            return record.ticket.number
        if column == STARTED_COLUMN:
            return record.started_at.timestamp()
        if column == LENGTH_COLUMN:
            return record.duration
        return self._display(record, column).casefold()


class HistoryFilter(QSortFilterProxyModel):
    """Matches the filter text against every column (ticket numbers with or without ``#``)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self._needle = ""

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._needle:
            return True
        model = self.sourceModel()
        words = self._needle.split()
        cells = " ".join(
            str(model.data(model.index(source_row, column, source_parent)) or "")
            for column in range(model.columnCount())
        ).casefold()
        return all(word in cells for word in words)
