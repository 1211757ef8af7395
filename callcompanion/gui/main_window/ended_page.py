"""The page after a call: how it ended, its summary, resuming it, and the next call."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from callcompanion.controllers.call import CallController
from callcompanion.controllers.history_model import format_start
from callcompanion.controllers.settings import SettingsModel
from callcompanion.core.call import CallError, CallRecord, Outcome
from callcompanion.core.timefmt import format_clock
from callcompanion.gui.forms.ui_main_window import Ui_MainWindow
from callcompanion.gui.main_window.banners import Level
from callcompanion.gui.main_window.common import ticket_url, title_html

Notify = Callable[[str, Level], object]


class EndedPage(QObject):
    """Drives the ended-call page.

    Signals:
        summary_requested: Open the summary of the ended call; carries its id.
        new_call_requested: The engineer wants the form for the next call.
    """

    summary_requested = Signal(str)
    new_call_requested = Signal()

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
        ui.summaryButton.clicked.connect(self.open_summary)
        ui.resumeButton.clicked.connect(self.resume)
        ui.newCallButton.clicked.connect(self.new_call_requested)

    def show_ended(self, ended: CallRecord) -> None:
        ui = self._ui
        url = ticket_url(self._settings.value, ended.ticket, ended.connection_id)
        ui.endedTitle.setText(
            title_html(url, ended.ticket, f"{ended.call_type_name} · {ended.platform.label}")
        )
        ui.summaryButton.setVisible(ended.outcome is Outcome.COMPLETED)
        outcome = ended.outcome.label if ended.outcome else "Ended"
        ui.endedSummary.setText(
            f"{outcome} after {format_clock(ended.duration)} · "
            f"started {format_start(ended.started_at)}"
        )
        ui.resumeButton.setVisible(self._controller.can_reopen_last())
        ui.newCallButton.setFocus()

    def open_summary(self) -> None:
        ended = self._controller.last_ended
        if ended is not None:
            self.summary_requested.emit(ended.id)

    def resume(self) -> None:
        try:
            self._controller.reopen_last()
        except CallError as err:
            self._ui.resumeButton.hide()
            self._notify(str(err), Level.WARNING)
