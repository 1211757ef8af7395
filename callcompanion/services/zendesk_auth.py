"""How each Zendesk connection authenticates: an API token, or the engineer's OAuth sign-in.

:class:`ZendeskAuth` is the one place that turns a connection into a ready
:class:`~callcompanion.services.zendesk.ZendeskClient`, for every sender (the outbox, ticket
reads, connection tests). A connection that signs in with Zendesk gets ONE
:class:`~callcompanion.services.oauth.tokens.TokenSource` for the whole app, so every sender
shares its refresh lock (Zendesk rotates refresh tokens: two refreshes at once would sign the
engineer out). The tokens are read from the keyring on first use and every refreshed pair is
written back there before it is used; nothing is kept on disk.

Every method but :meth:`ZendeskAuth.needs_sign_in` may block on the keyring or the network:
call them off the GUI thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

from callcompanion.core.connections import OAuthClient, ZendeskConnection
from callcompanion.services.credentials import CredentialError, CredentialStore, OAuthTokenStore

if TYPE_CHECKING:
    import httpx

    from callcompanion.services.oauth.tokens import TokenSet, TokenSource
    from callcompanion.services.zendesk import ZendeskClient

log = logging.getLogger(__name__)


class NotConnectedError(Exception):
    """The connection has no credentials yet (no API token, or never signed in).

    ``str(err)`` tells the engineer what to do; posts wait until they have done it.
    """


class KeyringUnavailableError(Exception):
    """The keyring could not be read just now (locked, D-Bus busy); try again later."""


class ZendeskAuth:
    """Clients for connections, with one token source per signed-in connection. Thread-safe.

    Args:
        credentials: The keyring (API tokens and OAuth tokens).
        transport: For the token requests (tests, proxies).
        clock: Seconds since the epoch, for token expiry.
    """

    def __init__(
        self,
        credentials: CredentialStore,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._credentials = credentials
        self._tokens = OAuthTokenStore(credentials)
        self._transport = transport
        self._clock = clock
        # Guards the two tables below only: nothing slow (keyring, network) happens under it,
        # so the windows can ask from the GUI thread.
        self._lock = threading.Lock()
        # keyring entry (connection id, address, client) → (base URL and client, the source)
        self._sources: dict[str, tuple[tuple[str, OAuthClient], TokenSource]] = {}
        # keyring entries found empty since the last sign-in (see needs_sign_in)
        self._missing: set[str] = set()

    @property
    def credentials(self) -> CredentialStore:
        return self._credentials

    # -- clients ---------------------------------------------------------------------------

    def client(
        self, connection: ZendeskConnection, *, api_token: str | None = None
    ) -> ZendeskClient:
        """A new client for *connection* (the caller closes it).

        Args:
            connection: Where to, and how it signs in.
            api_token: An API token typed but not saved yet (a connection test); ignored for
                a connection that signs in with Zendesk.

        Raises:
            NotConnectedError: No API token stored, or not signed in.
            KeyringUnavailableError: The keyring could not be read.
        """
        from callcompanion.services.zendesk import ZendeskClient

        if connection.oauth is not None:
            return ZendeskClient(
                connection.base_url, tokens=self.source(connection), transport=self._transport
            )
        token = api_token if api_token is not None else self._read(connection.keyring_user)
        if not token:
            raise NotConnectedError(
                f"No API token is stored for {connection.describe()}. Add it in Settings."
            )
        return ZendeskClient(
            connection.base_url, connection.email, token, transport=self._transport
        )

    def credential_key(self, connection: ZendeskConnection) -> Hashable:
        """What a cached client was made with: a new key means a new client is needed.

        Raises like :meth:`client`.
        """
        if connection.oauth is not None:
            return (connection.id, connection.base_url, "oauth", id(self.source(connection)))
        token = self._read(connection.keyring_user)
        if not token:
            raise NotConnectedError(
                f"No API token is stored for {connection.describe()}. Add it in Settings."
            )
        return (connection.id, connection.base_url, connection.email, token)

    def source(self, connection: ZendeskConnection) -> TokenSource:
        """The shared token source of a connection that signs in with Zendesk.

        Raises:
            NotConnectedError: The engineer has not signed in on this computer (or signed out).
            KeyringUnavailableError: The keyring could not be read.
        """
        oauth = connection.oauth
        if oauth is None:
            raise ValueError(f"{connection.id} uses an API token")
        key = connection.oauth_keyring_user
        made_for = (connection.base_url, oauth)
        known = self._known(key, made_for)
        if known is not None:
            return known
        # The keyring may wait for an unlock prompt: read it, and make the source, unlocked.
        try:
            tokens = self._tokens.load(connection)
        except CredentialError as err:
            raise KeyringUnavailableError(str(err)) from err
        if tokens is None:
            with self._lock:
                self._missing.add(key)
            raise NotConnectedError(
                f"You are not signed in to {connection.describe()} on this computer. Sign in "
                "with Zendesk in Settings; posts wait until you have."
            )
        return self._share(key, made_for, self._make_source(connection, oauth, tokens))

    def needs_sign_in(self, connection: ZendeskConnection) -> bool:
        """Whether the engineer must sign in again.

        Zendesk refused the refresh, or the connection says who signed in but this computer
        has no sign-in for it (it was kept in memory only, or removed from the keyring).

        Only what is known without a request or a keyring read: it answers at once, also while
        a refresh is under way. A connection never used yet reads ``False``.
        """
        if connection.oauth is None:
            return False
        key = connection.oauth_keyring_user
        with self._lock:
            known = self._sources.get(key)
            missing = key in self._missing
        if known is not None:
            return known[1].needs_sign_in
        return missing and bool(connection.email)

    # -- signing in and out ----------------------------------------------------------------

    def signed_in(self, connection: ZendeskConnection, tokens: TokenSet) -> bool:
        """Keep a finished sign-in's tokens; every sender uses them from now on.

        Returns whether they went to the keyring (``False``: memory only until quit).

        Raises:
            CredentialError: The keyring refused them; nothing was changed.
        """
        oauth = connection.oauth
        if oauth is None:
            raise ValueError(f"{connection.id} uses an API token")
        key = connection.oauth_keyring_user
        made_for = (connection.base_url, oauth)
        secure = self._tokens.save(connection, tokens)
        saver = self._tokens.saver(connection, tokens)
        known = self._known(key, made_for)
        if known is None:
            made = self._make_source(connection, oauth, tokens)
            known = self._share(key, made_for, made)
            if known is made:
                return secure
        # The same source object: a sender holding it gets the new tokens, and its saver
        # compares against the pair just saved. (It may wait for a refresh under way.)
        known.replace(tokens, saver)
        with self._lock:
            self._missing.discard(key)
        return secure

    def sign_out(self, connection: ZendeskConnection) -> str:
        """Revoke the sign-in at Zendesk where possible, and forget it here.

        Returns a sentence for the engineer. The tokens are forgotten on this computer
        whatever Zendesk answers; a revocation that did not go through is said so (the token
        then expires on its own).

        Raises:
            CredentialError: The keyring would not remove the tokens.
        """
        from callcompanion.services.oauth.errors import SignInAgainError
        from callcompanion.services.zendesk import NetworkError, ZendeskClient, ZendeskError

        revoked = "nothing to revoke"
        source: TokenSource | None
        try:
            source = self.source(connection)
        except (NotConnectedError, KeyringUnavailableError):
            source = None
        if source is not None and not source.needs_sign_in:
            try:
                with ZendeskClient(
                    connection.base_url, tokens=source, transport=self._transport
                ) as client:
                    client.revoke_sign_in()
                revoked = "revoked"
            except SignInAgainError:
                revoked = "nothing to revoke"  # the sign-in had already ended at Zendesk
            except ZendeskError as err:
                log.info(
                    "revoking the sign-in for %s failed: %s", connection.id, type(err).__name__
                )
                revoked = (
                    "there was no answer"
                    if isinstance(err, NetworkError)
                    else f"it answered {err.status or 'unexpectedly'}"
                )
        if source is not None:
            source.signed_out()
        # The keyring first: a sender between the two steps must not load the revoked pair.
        self._tokens.forget(connection)
        self.forget(connection)
        where = connection.describe()
        if revoked not in ("revoked", "nothing to revoke"):
            return (
                f"Signed out of {where} on this computer. Zendesk could not be told "
                f"({revoked}), "
                "so the old sign-in stays valid until it expires; remove it in Zendesk under "
                "your profile's OAuth tokens if you want it gone now."
            )
        if revoked == "nothing to revoke":
            return f"Signed out of {where}: the sign-in was removed from this computer."
        return f"Signed out of {where}: the sign-in was revoked and removed from this computer."

    def forget(self, connection: ZendeskConnection) -> None:
        """Drop the cached source (the connection was removed or changed); keeps the keyring."""
        if connection.oauth is None:
            return
        with self._lock:
            dropped = self._sources.pop(connection.oauth_keyring_user, None)
        if dropped is not None:
            dropped[1].close()

    def close(self) -> None:
        """Close every token endpoint (at quit, or when done in a test)."""
        with self._lock:
            sources = [source for _made_for, source in self._sources.values()]
            self._sources.clear()
        for source in sources:
            source.close()

    # -- helpers ---------------------------------------------------------------------------

    def _known(self, key: str, made_for: tuple[str, OAuthClient]) -> TokenSource | None:
        with self._lock:
            return self._known_locked(key, made_for)

    def _known_locked(self, key: str, made_for: tuple[str, OAuthClient]) -> TokenSource | None:
        known = self._sources.get(key)
        return known[1] if known is not None and known[0] == made_for else None

    def _share(self, key: str, made_for: tuple[str, OAuthClient], made: TokenSource) -> TokenSource:
        """Keep *made* as the source for *key*, unless another sender kept one meanwhile.

        Returns the one every sender shares (*made* is closed when it is not that one).
        """
        with self._lock:
            known = self._known_locked(key, made_for)
            replaced = None
            if known is None:
                replaced = self._sources.get(key)
                self._sources[key] = (made_for, made)
            self._missing.discard(key)
        if replaced is not None:
            replaced[1].close()  # made for another address
        if known is not None:
            made.close()
            return known
        return made

    def _read(self, user: str) -> str | None:
        try:
            return self._credentials.get(user)
        except CredentialError as err:
            raise KeyringUnavailableError(str(err)) from err

    def _make_source(
        self, connection: ZendeskConnection, oauth: OAuthClient, tokens: TokenSet
    ) -> TokenSource:
        from callcompanion.services.oauth.tokens import TokenEndpoint, TokenSource

        endpoint = TokenEndpoint(
            connection.base_url, oauth.client_id, transport=self._transport, clock=self._clock
        )
        return TokenSource(
            tokens, endpoint, self._tokens.saver(connection, tokens), clock=self._clock
        )
