"""One attempt at a post, on the outbox's sending thread: the token, the client, the request.

Clients live on the sending thread (one attempt at a time) and are kept per connection and
token; the GUI thread only marks them stale when connections change (the next attempt closes
them) and aborts the request under way at quit.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from callcompanion.core.connections import ZendeskConnection
from callcompanion.services.credentials import CredentialError, CredentialStore
from callcompanion.services.outbox import Delivery, EntryState, OutboxEntry

log = logging.getLogger(__name__)

ClientFactory = Callable[[ZendeskConnection, str], object]


class Attempts:
    """Sends one entry at a time with a client made for its connection (thread-safe)."""

    def __init__(
        self,
        credentials: CredentialStore,
        client_factory: ClientFactory | None,
        stopped: threading.Event,
    ) -> None:
        self._credentials = credentials
        self._client_factory = client_factory or _make_client
        self._stopped = stopped  # set by the controller at quit
        self._clients: dict[tuple[str, str, str], object] = {}
        self._clients_stale = False
        self._clients_lock = threading.Lock()

    def connections_changed(self) -> None:
        """On the GUI thread: the next attempt makes new clients (and closes the old ones)."""
        with self._clients_lock:
            self._clients_stale = True

    def abort_all(self) -> None:
        """On the GUI thread, at quit: stop the request under way, whatever the network does."""
        with self._clients_lock:
            clients = list(self._clients.values())
        for client in clients:
            abort = getattr(client, "abort", None)
            if abort is not None:
                abort()

    def attempt(self, entry: OutboxEntry, connection: ZendeskConnection) -> Delivery:
        """On the sending thread: read the token, send, report."""
        from callcompanion.services.delivery import deliver  # loads httpx

        try:
            token = self._credentials.get(connection.keyring_user)
        except CredentialError as err:
            return Delivery(
                EntryState.PENDING, entry.comment_sent, entry.outcome_unknown, 60.0, str(err)
            )
        if not token:
            return Delivery(
                EntryState.NOT_CONNECTED,
                entry.comment_sent,
                entry.outcome_unknown,
                error=f"No API token is stored for {connection.describe()}. Add it in Settings.",
            )
        key = (connection.id, connection.base_url, token)
        with self._clients_lock:
            stale = list(self._clients.values()) if self._clients_stale else []
            if stale:
                self._clients.clear()
            self._clients_stale = False
            client = self._clients.get(key)
            if client is None:
                client = self._client_factory(connection, token)
                self._clients[key] = client
        for old in stale:
            close = getattr(old, "close", None)
            if close is not None:
                close()
        if self._stopped.is_set():  # quitting: not one more request
            return Delivery(EntryState.PENDING, entry.comment_sent, entry.outcome_unknown)
        try:
            return deliver(entry, client)  # type: ignore[arg-type]
        finally:
            if self._stopped.is_set():
                close = getattr(client, "close", None)
                if close is not None:
                    close()


def _make_client(connection: ZendeskConnection, token: str) -> object:
    from callcompanion.services.zendesk import ZendeskClient

    return ZendeskClient(connection.base_url, connection.email, token)


def unexpected(err: Exception) -> Delivery:
    """An attempt that raised: an unknown outcome, checked by its marker before a resend."""
    log.error("outbox attempt crashed: %r", err)
    return Delivery(EntryState.PENDING, False, True, 60.0, f"Unexpected problem: {err}")
