"""The History tab: ended calls, a filter, and links back to their tickets and summaries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QModelIndex, QObject, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QHeaderView, QMenu, QStyle, QWidget

from callcompanion.controllers.call import CallController
from callcompanion.controllers.history_model import (
    CALL_COLUMN,
    LENGTH_COLUMN,
    RECORD_ROLE,
    STARTED_COLUMN,
    HistoryFilter,
    HistoryModel,
    format_start,
)
from callcompanion.controllers.settings import SettingsModel
from callcompanion.core.call import CallRecord, Outcome
from callcompanion.gui.forms.ui_main_window import Ui_MainWindow
from callcompanion.gui.main_window.banners import Level
from callcompanion.gui.main_window.common import open_url, ticket_url

Notify = Callable[[str, Level], object]

TICKET_COLUMN, OUTCOME_COLUMN = 0, 4
# The widest ticket number and length a column is sized for.
_TICKET_SAMPLE = "#0000000"
_LENGTH_SAMPLE = "10 h 59 min"


class HistoryPage(QObject):
    """Drives the History tab; the models are built when it first opens.

    Signals:
        summary_requested: Open the summary of a call; carries its id.
    """

    summary_requested = Signal(str)

    def __init__(
        self,
        ui: Ui_MainWindow,
        window: QWidget,
        controller: CallController,
        settings: SettingsModel,
        notify: Notify,
    ) -> None:
        super().__init__(window)
        self._ui = ui
        self._controller = controller
        self._settings = settings
        self._notify = notify
        self._history: HistoryModel | None = None
        self._filter: HistoryFilter | None = None
        self.loaded = False
        ui.historyFilter.textChanged.connect(self._on_filter)
        ui.historyView.doubleClicked.connect(self._open_ticket)
        ui.historyView.customContextMenuRequested.connect(self._menu)

    def _models(self) -> tuple[HistoryModel, HistoryFilter]:
        if self._history is None or self._filter is None:
            view = self._ui.historyView
            self._history = HistoryModel(self)
            self._filter = HistoryFilter(self)
            self._filter.setSourceModel(self._history)
            self._filter.summary_changed.connect(self._ui.historySummary.setText)
            self._history.failed.connect(lambda text: self._notify(text, Level.ERROR))
            view.setModel(self._filter)
            view.sortByColumn(STARTED_COLUMN, Qt.SortOrder.DescendingOrder)
            self._size_columns()
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            view.setTextElideMode(Qt.TextElideMode.ElideRight)
        return self._history, self._filter

    def _size_columns(self) -> None:
        """Widths from the font, not from the rows: opening History never measures every call.

        Each column but the call's is as wide as the widest text it can hold (or its title) and
        can be dragged; the call's column (type and platform, the one text of open length) takes
        the rest.
        """
        view = self._ui.historyView
        header = view.horizontalHeader()
        header.setSectionsClickable(True)
        header.setStretchLastSection(False)
        cell = QFontMetrics(view.font())
        style = view.style()
        padding = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
        title = QFontMetrics(header.font())
        title_padding = 2 * style.pixelMetric(
            QStyle.PixelMetric.PM_HeaderMargin, None, header
        ) + style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
        model = view.model()
        for column, samples in _samples().items():
            name = str(model.headerData(column, Qt.Orientation.Horizontal))
            width = max(
                max(cell.horizontalAdvance(text) for text in samples) + padding,
                title.horizontalAdvance(name) + title_padding,
            )
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(CALL_COLUMN, QHeaderView.ResizeMode.Stretch)

    def load(self) -> None:
        """Read the ended calls from the store (again): one page now, more as the view scrolls."""
        history, _ = self._models()
        history.load(self._controller.store)
        self.loaded = True
        self._update_summary()

    def _on_filter(self, text: str) -> None:
        _, history_filter = self._models()
        history_filter.set_text(text)
        self._update_summary()

    def _update_summary(self) -> None:
        self._ui.historySummary.setText(self._models()[1].summary())

    def _record_at(self, index: QModelIndex) -> CallRecord:
        record: CallRecord = self._models()[1].data(index, RECORD_ROLE)
        return record

    def _url(self, record: CallRecord) -> str | None:
        return ticket_url(self._settings.value, record.ticket, record.connection_id)

    def _open_ticket(self, index: QModelIndex) -> None:
        url = self._url(self._record_at(index))
        if url:
            open_url(QUrl(url))
        else:
            self._ui.statusbar.showMessage(
                "Add a Zendesk connection in Settings to open tickets from here.", 6000
            )

    def _menu(self, pos: QPoint) -> None:
        view = self._ui.historyView
        index = view.indexAt(pos)
        if not index.isValid():
            return
        record = self._record_at(index)
        menu = QMenu(view)
        copy_number = QAction(f"Copy {record.ticket}", menu)
        copy_number.triggered.connect(
            lambda: QGuiApplication.clipboard().setText(str(record.ticket.number))
        )
        menu.addAction(copy_number)
        url = self._url(record)
        if url:
            copy_link = QAction("Copy ticket link", menu)
            copy_link.triggered.connect(lambda: QGuiApplication.clipboard().setText(url))
            menu.addAction(copy_link)
            open_link = QAction("Open ticket in browser", menu)
            open_link.triggered.connect(lambda: open_url(QUrl(url)))
            menu.addAction(open_link)
        if record.outcome is Outcome.COMPLETED:
            summary = QAction("Open the summary", menu)
            summary.triggered.connect(lambda: self.summary_requested.emit(record.id))
            menu.addAction(summary)
        menu.exec(view.viewport().mapToGlobal(pos))


def _samples() -> dict[int, list[str]]:
    """For each column of bounded text, texts as wide as the widest it shows."""
    now = datetime.now().astimezone()
    last_year = now.replace(year=now.year - 1, month=9, day=30, hour=23, minute=59)
    this_year = now.replace(month=9, day=30, hour=23, minute=59)
    return {
        TICKET_COLUMN: [_TICKET_SAMPLE],
        STARTED_COLUMN: [format_start(last_year, now), format_start(this_year, now)],
        LENGTH_COLUMN: [_LENGTH_SAMPLE],
        OUTCOME_COLUMN: [*(outcome.label for outcome in Outcome), "Running"],
    }
