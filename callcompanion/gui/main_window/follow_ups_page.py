"""The follow-up box under the set-up form: the oldest reply a call still owes the customer."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from callcompanion.controllers.call import CallController
from callcompanion.core.followups import FollowUp, FollowUpStatus
from callcompanion.gui.forms.ui_main_window import Ui_MainWindow


class FollowUpsBox(QObject):
    """Drives the follow-up box: shown between calls while a follow-up is pending.

    Signals:
        follow_up_requested: Write the reply it owes; carries the ``FollowUp``.
    """

    follow_up_requested = Signal(object)

    def __init__(self, ui: Ui_MainWindow, window: QWidget, controller: CallController) -> None:
        super().__init__(window)
        self._ui = ui
        self._controller = controller
        self._follow_up: FollowUp | None = None
        ui.copyReplyButton.clicked.connect(self._write_reply)
        ui.followUpDoneButton.clicked.connect(self._done)

    def refresh(self) -> None:
        ui = self._ui
        pending = [] if self._controller.call else self._controller.pending_follow_ups()
        self._follow_up = pending[0] if pending else None
        ui.followUpBox.setVisible(self._follow_up is not None)
        if self._follow_up is None:
            return
        title, text = self._follow_up.explain(self._response_minutes(self._follow_up))
        more = f" ({len(pending) - 1} more after this one.)" if len(pending) > 1 else ""
        ui.followUpBox.setTitle(title)
        ui.followUpText.setText(
            f"{text} Write the reply… posts it to the ticket through the outbox; Mark as done "
            f"if it was handled another way.{more}"
        )

    def _response_minutes(self, follow_up: FollowUp) -> tuple[int, ...]:
        """The response timers of the call the follow-up came from (an emergency's)."""
        from callcompanion.services.storage import StoreError

        try:
            record = self._controller.store.call(follow_up.call_id)
        except StoreError:
            return ()
        return record.response_minutes if record is not None else ()

    def _write_reply(self) -> None:
        if self._follow_up is not None:
            self.follow_up_requested.emit(self._follow_up)

    def _done(self) -> None:
        if self._follow_up is not None:
            self._controller.settle_follow_up(self._follow_up, FollowUpStatus.DONE)
