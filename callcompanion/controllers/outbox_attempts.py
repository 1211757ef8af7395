"""One attempt at a post, on the outbox's sending thread: the credentials, the client, the request.

Clients come from :class:`~callcompanion.services.zendesk_auth.ZendeskAuth` (an API token, or
the engineer's Zendesk sign-in with the token source every sender shares), live on the sending
thread (one attempt at a time) and are kept per connection while its credentials stay the same
(new ones, a new sign-in: the old client is closed); the GUI thread only marks them stale when
connections change (the next attempt closes them) and aborts the request under way at quit.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

from callcompanion.core.connections import ZendeskConnection
from callcompanion.core.settings import Settings
from callcompanion.services.outbox import Delivery, EntryState, OutboxEntry
from callcompanion.services.zendesk_auth import (
    KeyringUnavailableError,
    NotConnectedError,
    ZendeskAuth,
)

if TYPE_CHECKING:
    from callcompanion.services.zendesk import ZendeskClient

log = logging.getLogger(__name__)

KEYRING_RETRY_SECONDS = 60.0
NO_CONNECTION = (
    "No Zendesk connection is set up for this ticket. Add one in Settings; the post goes out "
    "as soon as it is there."
)


class Attempts:
    """Sends one entry at a time with a client made for its connection (thread-safe).

    *settings* gives the settings as they are now (read on the sending thread: the Time
    Tracking field ids a team file gives).
    """

    def __init__(
        self,
        auth: ZendeskAuth,
        stopped: threading.Event,
        settings: Callable[[], Settings] = Settings,
    ) -> None:
        self._auth = auth
        self._settings = settings
        self._stopped = stopped  # set by the controller at quit
        # connection id → (the credentials it was made with, the client)
        self._clients: dict[str, tuple[Hashable, ZendeskClient]] = {}
        self._clients_stale = False
        self._clients_lock = threading.Lock()

    def connections_changed(self) -> None:
        """On the GUI thread: the next attempt makes new clients (and closes the old ones)."""
        with self._clients_lock:
            self._clients_stale = True

    def abort_all(self) -> None:
        """On the GUI thread, at quit: stop the request under way, whatever the network does."""
        with self._clients_lock:
            clients = [client for _key, client in self._clients.values()]
        for client in clients:
            client.abort()

    def close(self) -> None:
        """On the sending thread, as it ends: close every client."""
        with self._clients_lock:
            clients = [client for _key, client in self._clients.values()]
            self._clients.clear()
        for client in clients:
            client.close()

    def attempt(self, entry: OutboxEntry, connection: ZendeskConnection) -> Delivery:
        """On the sending thread: the credentials, the client, the request, the outcome."""
        from callcompanion.services.delivery import deliver  # loads httpx

        try:
            client = self._client(connection)
        except KeyringUnavailableError as err:
            return Delivery(
                EntryState.PENDING,
                entry.comment_sent,
                entry.outcome_unknown,
                KEYRING_RETRY_SECONDS,
                str(err),
            )
        except NotConnectedError as err:
            # No API token, or not signed in: the post waits; saving a token or signing in
            # sends it.
            return Delivery(
                EntryState.NOT_CONNECTED,
                entry.comment_sent,
                entry.outcome_unknown,
                error=str(err),
            )
        if self._stopped.is_set():  # quitting: not one more request
            return Delivery(EntryState.PENDING, entry.comment_sent, entry.outcome_unknown)
        try:
            settings = self._settings()
            time_fields = (settings.time_total_field, settings.time_last_update_field)
            return deliver(entry, client, time_field_ids=time_fields)
        finally:
            if self._stopped.is_set():
                client.close()

    def _client(self, connection: ZendeskConnection) -> ZendeskClient:
        """The kept client for *connection*'s credentials, or a new one (may read the keyring)."""
        key = self._auth.credential_key(connection)
        with self._clients_lock:
            stale = [client for _key, client in self._clients.values()]
            if self._clients_stale:
                self._clients.clear()
            else:
                stale = []
            self._clients_stale = False
            kept = self._clients.get(connection.id)
        if kept is not None and kept[0] != key:
            stale.append(kept[1])  # new credentials (a new token, a new sign-in)
            kept = None
        for old in stale:
            old.close()
        if kept is not None:
            return kept[1]
        client = self._auth.client(connection)
        with self._clients_lock:
            self._clients[connection.id] = (key, client)
        return client


def unexpected(err: Exception) -> Delivery:
    """An attempt that raised: an unknown outcome, checked by its marker before a resend."""
    log.error("outbox attempt crashed: %r", err)
    return Delivery(EntryState.PENDING, False, True, 60.0, f"Unexpected problem: {err}")
