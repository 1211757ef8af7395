"""Settings → Calendly: which call type a booking of each event type starts as.

A small table, one row per event type (those loaded from Calendly and those already mapped):
the event type's name and a choice of call type, "Guess from the name" (what the app does for
an event type not mapped: "Troubleshooting call" → Troubleshooting) first.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from callcompanion.core.booking_calls import guess_call_type
from callcompanion.core.calltypes import CallTypeCatalog

GUESS = ""


class EventTypeMap(QWidget):
    """The event type → call type table; :meth:`mapping` is what to save."""

    def __init__(self, catalog: CallTypeCatalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventTypeMap")
        self._catalog = catalog
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        title = QLabel("Calls started from a booking, by event type:", self)
        layout.addWidget(title)
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("eventTypeTable")
        self.table.setAccessibleName("Call type of each Calendly event type")
        self.table.setHorizontalHeaderLabels(["Event type", "Call type"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMaximumHeight(160)
        title.setBuddy(self.table)
        layout.addWidget(self.table)
        self._names: list[str] = []

    def show_mapping(self, mapping: Mapping[str, str], names: list[str]) -> None:
        """One row per event type in *names* and per one already mapped."""
        chosen = self.mapping() if self._names else dict(mapping)
        rows = list(dict.fromkeys([*names, *chosen]))
        self._names = rows
        self.table.setRowCount(len(rows))
        for row, name in enumerate(rows):
            item = QTableWidgetItem(name)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setToolTip(name)
            self.table.setItem(row, 0, item)
            combo = QComboBox(self.table)
            guess = guess_call_type(name)
            guessed = "default"
            if guess is not None and guess in self._catalog:
                guessed = self._catalog.get(guess).name
            combo.addItem(f"Guess from the name ({guessed})", GUESS)
            for call_type in self._catalog:
                combo.addItem(call_type.name, call_type.key)
            combo.setCurrentIndex(max(0, combo.findData(chosen.get(name, GUESS))))
            combo.setAccessibleName(f"Call type for {name}")
            self.table.setCellWidget(row, 1, combo)
        self.table.resizeRowsToContents()
        self.setVisible(bool(rows))

    def mapping(self) -> dict[str, str]:
        """Event type name → call type key, for the rows not left to the guess."""
        found: dict[str, str] = {}
        for row, name in enumerate(self._names):
            combo = self.table.cellWidget(row, 1)
            if isinstance(combo, QComboBox) and combo.currentData():
                found[name] = str(combo.currentData())
        return found
