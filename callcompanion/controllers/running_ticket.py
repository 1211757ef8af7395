"""What the window says about the running call's ticket (subject, requester, status).

The details are read from Zendesk once per call (off the GUI thread) and kept for the session;
without a Zendesk connection nothing is said.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from callcompanion.controllers.call import CallController
from callcompanion.controllers.settings import SettingsModel
from callcompanion.controllers.ticket_context import TicketContext, describe_ticket

if TYPE_CHECKING:
    from callcompanion.services.zendesk import TicketInfo


class RunningTicket(QObject):
    """Follows the running call and asks for its ticket's details when it starts or resumes.

    Signals:
        text_changed: The line to show about the running call's ticket (empty while asking).
    """

    text_changed = Signal(str)

    def __init__(
        self,
        calls: CallController,
        context: TicketContext,
        settings: SettingsModel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._calls = calls
        self._context = context
        self._settings = settings
        calls.call_changed.connect(self.refresh)
        context.loaded.connect(self._loaded)
        context.failed.connect(self._failed)

    def refresh(self) -> None:
        """Ask for the running call's ticket details unless they are known already."""
        call = self._calls.call
        if call is None:
            return
        record = call.record
        if self._context.cached(record.id) is None:
            self.text_changed.emit("")
        connection = self._settings.value.connection_for(record.ticket, record.connection_id)
        self._context.fetch(record.id, record.ticket.number, connection, refresh=False)

    def _is_running(self, call_id: str) -> bool:
        call = self._calls.call
        return call is not None and call.id == call_id

    def _loaded(self, call_id: str, info: TicketInfo) -> None:
        if self._is_running(call_id):
            self.text_changed.emit(describe_ticket(info))

    def _failed(self, call_id: str, message: str) -> None:
        if self._is_running(call_id) and self._settings.value.zendesk_connections:
            self.text_changed.emit(message)
