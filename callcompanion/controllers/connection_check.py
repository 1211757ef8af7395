"""Testing a Zendesk connection (GET /users/me) off the GUI thread, for the settings windows.

A connection that signs in with Zendesk is tested through the token source every sender
shares (a refresh here is the one refresh the outbox would otherwise make).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from callcompanion.controllers.ticket_context import with_client
from callcompanion.controllers.workers import run_in_pool
from callcompanion.core.connections import ZendeskConnection
from callcompanion.services.zendesk_auth import ZendeskAuth

if TYPE_CHECKING:
    from callcompanion.services.zendesk import Me


class ConnectionCheck(QObject):
    """Asks Zendesk who the token (or the sign-in) belongs to.

    Signals:
        passed: ``(ZendeskConnection, Me)``: the agent the token belongs to.
        failed: ``(ZendeskConnection, sentence)``: why the connection does not work.
    """

    passed = Signal(object, object)
    failed = Signal(object, str)

    def __init__(self, auth: ZendeskAuth, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._auth = auth

    def test(self, connection: ZendeskConnection, token: str | None = None) -> None:
        """Test *connection* with *token* (``None``: the token in the keyring, or the sign-in).

        The answer never arrives after this object (and the window that owns it) is gone.
        """

        def me() -> Me:
            user: Me = with_client(self._auth, connection, lambda client: client.me(), token=token)
            return user

        run_in_pool(
            me,
            on_result=lambda user: self.passed.emit(connection, user),
            on_error=lambda err: self.failed.emit(connection, str(err)),
            owner=self,
        )
