"""Messages to the ticket: the ones the engineer asks for, and the replies follow-ups owe.

A no-show or an emergency's follow-up opens its reply by itself for the call just answered
(one restored from an earlier session waits in the window's follow-up box instead); posting
the reply settles the follow-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer

from callcompanion.controllers.call import CallController
from callcompanion.controllers.outbox import OutboxController
from callcompanion.controllers.scheduling_links import LinkProvider
from callcompanion.controllers.settings import SettingsModel
from callcompanion.core.call import CallRecord
from callcompanion.core.calltypes import CallType, CallTypeError
from callcompanion.core.followups import FollowUp, FollowUpKind, FollowUpStatus
from callcompanion.core.messages import MessageKind
from callcompanion.core.templates import TemplateLibrary
from callcompanion.core.ticket import TicketRef
from callcompanion.gui.main_window import MainWindow
from callcompanion.services.storage import Store

if TYPE_CHECKING:
    from callcompanion.gui.message_dialog import MessageDialog

FOLLOW_UP_MESSAGES = {
    FollowUpKind.NO_SHOW: MessageKind.NO_SHOW,
    FollowUpKind.EMERGENCY_FOLLOW_UP: MessageKind.EMERGENCY_FOLLOW_UP,
    FollowUpKind.EMERGENCY_CLOSED: MessageKind.EMERGENCY_CLOSED,
}


class Messages(QObject):
    """Opens message dialogs (non-modal, one per request) and answers follow-ups with them.

    Registered with the call controller as the :class:`~callcompanion.core.followups.
    FollowUpHandler` for the follow-ups that owe a message.
    """

    def __init__(
        self,
        calls: CallController,
        store: Store,
        settings: SettingsModel,
        templates: TemplateLibrary,
        outbox: OutboxController,
        links: LinkProvider,
        window: MainWindow,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._calls = calls
        self._store = store
        self._settings = settings
        self._templates = templates
        self._outbox = outbox
        self._links = links
        self._window = window
        self._open: list[MessageDialog] = []

    def open_dialogs(self) -> list[MessageDialog]:
        """The message dialogs still open, oldest first."""
        return list(self._open)

    # -- follow-ups ------------------------------------------------------------------------------

    def handles(self, kind: FollowUpKind) -> bool:
        return kind in FOLLOW_UP_MESSAGES

    def handle(self, follow_up: FollowUp) -> None:
        """A follow-up is owed: the engineer's answer just created it, so write it now.

        It comes from the running call (an emergency's follow-up) or the call that just ended
        (a no-show, a closed bridge); the message opens once that answer is complete.
        """
        QTimer.singleShot(0, lambda: self._open_if_current(follow_up))

    def _open_if_current(self, follow_up: FollowUp) -> None:
        call = self._calls.call
        ended = self._calls.last_ended  # set once the ending action is complete
        current = call.id if call is not None else ended.id if ended is not None else None
        if current == follow_up.call_id:
            self.open_follow_up(follow_up)

    def open_follow_up(self, follow_up: FollowUp) -> MessageDialog:
        """The reply *follow_up* owes; posting it settles the follow-up."""
        record = self._store.call(follow_up.call_id)
        call_types = self._settings.value.call_types()
        dialog = self.open_message(
            FOLLOW_UP_MESSAGES[follow_up.kind],
            follow_up.ticket,
            call_type=call_types.get(record.call_type_key)
            if record and record.call_type_key in call_types
            else None,
            record=record,
        )
        dialog.posted.connect(
            lambda _entry: self._calls.settle_follow_up(follow_up, FollowUpStatus.DONE)
        )
        return dialog

    # -- messages --------------------------------------------------------------------------------

    def open_requested(self, kind: MessageKind, ticket: TicketRef) -> MessageDialog:
        """A message from the window, for the call type chosen there (if it is valid)."""
        try:
            call_type: CallType | None = self._window.selected_call_type()
        except CallTypeError:
            call_type = None
        return self.open_message(kind, ticket, call_type=call_type)

    def open_message(
        self,
        kind: MessageKind,
        ticket: TicketRef,
        *,
        call_type: CallType | None = None,
        record: CallRecord | None = None,
    ) -> MessageDialog:
        from callcompanion.gui.message_dialog import MessageDialog

        dialog = MessageDialog(
            kind,
            ticket,
            settings=self._settings,
            templates=self._templates,
            outbox=self._outbox,
            links=self._links,
            call_type=call_type,
            record=record,
            parent=self._window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._open.append(dialog)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.open()
        return dialog

    def _forget(self, dialog: MessageDialog) -> None:
        if dialog in self._open:
            self._open.remove(dialog)
