"""Zendesk reads for the window (ticket details, macros, connection tests), off the GUI thread.

Posting goes through the outbox; everything here only reads, so a failure is shown and forgotten.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from callcompanion.controllers.workers import run_in_pool
from callcompanion.core.connections import ZendeskConnection
from callcompanion.services.zendesk_auth import ZendeskAuth

if TYPE_CHECKING:
    from callcompanion.services.zendesk import TicketInfo, ZendeskClient

log = logging.getLogger(__name__)


def with_client(
    auth: ZendeskAuth,
    connection: ZendeskConnection,
    work: Callable[[ZendeskClient], Any],
    *,
    token: str | None = None,
) -> Any:
    """On a worker thread: open a client for *connection* and run *work* with it.

    The client signs in the connection's way (the stored API token, or *token* typed but not
    saved yet; or the engineer's Zendesk sign-in, shared with every other sender). Raises
    :class:`~callcompanion.services.zendesk_auth.NotConnectedError` (no token, not signed in)
    and :class:`~callcompanion.services.zendesk_auth.KeyringUnavailableError`, each with a
    sentence, besides what *work* raises.
    """
    with auth.client(connection, api_token=token) as client:
        return work(client)


class TicketContext(QObject):
    """Fetches and caches what the window shows about a call's ticket.

    Signals:
        loaded: ``(call id, TicketInfo)``.
        failed: ``(call id, sentence)``; the timer and the editor carry on without it.
    """

    loaded = Signal(str, object)
    failed = Signal(str, str)

    def __init__(self, auth: ZendeskAuth, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._auth = auth
        self._cache: dict[str, TicketInfo] = {}
        self._in_flight: set[str] = set()

    def cached(self, call_id: str) -> TicketInfo | None:
        return self._cache.get(call_id)

    def fetch(
        self,
        call_id: str,
        ticket: int,
        connection: ZendeskConnection | None,
        *,
        refresh: bool = True,
    ) -> None:
        """Ask Zendesk (off the GUI thread); every listener hears the one answer.

        A request already on its way is not repeated; ``refresh=False`` is a no-op once the
        details are cached (the summary editor refreshes: posting needs the newest stamp).
        """
        if call_id in self._in_flight or (not refresh and call_id in self._cache):
            return
        if connection is None:
            self.failed.emit(call_id, "Ticket details need a Zendesk connection (Settings).")
            return

        def got(info: TicketInfo) -> None:
            self._in_flight.discard(call_id)
            self._cache[call_id] = info
            self.loaded.emit(call_id, info)

        def failed(err: Exception) -> None:
            self._in_flight.discard(call_id)
            self.failed.emit(call_id, f"Ticket details unavailable: {err}")

        self._in_flight.add(call_id)
        run_in_pool(
            with_client,
            self._auth,
            connection,
            lambda client: client.ticket(ticket),
            on_result=got,
            on_error=failed,
        )


def describe_ticket(info: TicketInfo) -> str:
    """``Upgrade fails · Chris Customer (Acme Corp) · open``."""
    who = info.requester or ""
    if info.organization:
        who = f"{who} ({info.organization})" if who else info.organization
    return " · ".join(part for part in (info.subject, who, info.status) if part)
