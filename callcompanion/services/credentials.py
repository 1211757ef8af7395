"""Where secrets live: the OS keyring, inspected without ever writing a secret anywhere else.

API tokens are one keyring entry each; a connection that signs in with Zendesk keeps its OAuth
tokens (access, refresh, expiry) as one small JSON value in an entry of its own
(:class:`OAuthTokenStore`), apart from any API token it had.

Looking up the keyring may talk to D-Bus (Secret Service) and can take a while, so callers run
:func:`keyring_status` off the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from callcompanion.core.connections import ZendeskConnection

if TYPE_CHECKING:
    from callcompanion.services.oauth.tokens import TokenSet

log = logging.getLogger(__name__)

SERVICE_NAME = "callcompanion"

# Backends that keep nothing or keep it unprotected: never a secure home for a token.
_INSECURE_PREFIXES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


@dataclass(frozen=True)
class KeyringStatus:
    """What the OS keyring offers.

    Attributes:
        backend: The backend's dotted class name (e.g. ``keyring.backends.SecretService.Keyring``).
        secure: Whether secrets can be kept there.
        description: A sentence for the settings window.
    """

    backend: str
    secure: bool
    description: str


def _class_name(obj: object) -> str:
    cls = type(obj)
    return f"{cls.__module__}.{cls.__qualname__}"


def keyring_status() -> KeyringStatus:
    """Find the keyring backend the app would use; never raises."""
    try:
        import keyring
        from keyring.backends.chainer import ChainerBackend

        backend = keyring.get_keyring()
    except Exception as err:  # a broken keyring install must not stop the app
        log.warning("keyring lookup failed: %s", err)
        return KeyringStatus("unavailable", False, f"The keyring could not be loaded ({err}).")
    name = _class_name(backend)
    inner = list(backend.backends) if isinstance(backend, ChainerBackend) else [backend]
    secure_inner = [b for b in inner if not _class_name(b).startswith(_INSECURE_PREFIXES)]
    if not secure_inner:
        return KeyringStatus(
            name,
            False,
            "No secure password store was found (such as Secret Service, macOS Keychain or "
            "Windows Credential Manager). Tokens will not be saved.",
        )
    labels = ", ".join(getattr(b, "name", _class_name(b)) for b in secure_inner)
    return KeyringStatus(name, True, f"Tokens are kept in the system keyring ({labels}).")


class CredentialError(Exception):
    """The keyring refused; ``str(err)`` says what to do (unlock it, install one…)."""


class CredentialStore:
    """Secrets in the OS keyring, and nowhere else on disk.

    Without a secure keyring backend a secret is held in memory until the app quits, and
    :attr:`secure` is false so the window can say so: it never falls back to a file. Calls may
    block on D-Bus or an unlock prompt, so run them off the GUI thread. Thread-safe.
    """

    def __init__(self, service: str = SERVICE_NAME) -> None:
        import threading

        self._service = service
        self._lock = threading.Lock()
        self._memory: dict[str, str] = {}
        self._status: KeyringStatus | None = None

    def status(self) -> KeyringStatus:
        with self._lock:
            if self._status is None:
                self._status = keyring_status()
            return self._status

    @property
    def secure(self) -> bool:
        return self.status().secure

    def get(self, user: str) -> str | None:
        if not self.secure:
            with self._lock:
                return self._memory.get(user)
        import keyring
        import keyring.errors

        with self._lock:
            try:
                return keyring.get_password(self._service, user)
            except keyring.errors.KeyringLocked as err:
                raise CredentialError(
                    "The system keyring is locked. Unlock it (it may ask for your login "
                    "password) and try again."
                ) from err
            except keyring.errors.KeyringError as err:
                raise CredentialError(f"The system keyring could not be read ({err}).") from err

    def set(self, user: str, secret: str) -> bool:
        """Store *secret*; returns whether it went to the keyring (``False``: memory only)."""
        if not self.secure:
            with self._lock:
                self._memory[user] = secret
            log.warning("no secure keyring: a secret is kept in memory until the app quits")
            return False
        import keyring
        import keyring.errors

        with self._lock:
            try:
                keyring.set_password(self._service, user, secret)
            except keyring.errors.KeyringLocked as err:
                raise CredentialError(
                    "The system keyring is locked. Unlock it and save the token again."
                ) from err
            except keyring.errors.KeyringError as err:
                raise CredentialError(
                    f"The token could not be saved in the keyring ({err})."
                ) from err
        return True

    def delete(self, user: str) -> None:
        with self._lock:
            self._memory.pop(user, None)
        if not self.secure:
            return
        import keyring
        import keyring.errors

        with self._lock:
            try:
                keyring.delete_password(self._service, user)
            except keyring.errors.PasswordDeleteError:
                return  # nothing stored: nothing to remove
            except keyring.errors.KeyringError as err:
                raise CredentialError(f"The token could not be removed ({err}).") from err


class OAuthTokenStore:
    """Each connection's OAuth tokens in the keyring, one entry per connection; never a file.

    The entry holds the :class:`~callcompanion.services.oauth.tokens.TokenSet` (access token,
    refresh token, expiry) as its small JSON. Without a secure keyring the tokens live in memory
    until the app quits (the engineer signs in again next time), like an API token. Methods may
    block on the keyring: call them off the GUI thread. They raise :class:`CredentialError` when
    the keyring refuses. Thread-safe.
    """

    def __init__(self, credentials: CredentialStore) -> None:
        self._credentials = credentials
        self._lock = threading.Lock()

    @property
    def credentials(self) -> CredentialStore:
        return self._credentials

    def load(self, connection: ZendeskConnection) -> TokenSet | None:
        """The stored tokens, or ``None`` when the engineer must sign in (again).

        A damaged entry counts as signed out: it is logged (without its content) and left for
        the next sign-in to replace.
        """
        with self._lock:
            return self._load(connection)

    def save(self, connection: ZendeskConnection, tokens: TokenSet) -> bool:
        """Keep a new sign-in's tokens; returns whether they went to the keyring."""
        with self._lock:
            return self._credentials.set(connection.oauth_keyring_user, tokens.to_json())

    def save_refreshed(
        self, connection: ZendeskConnection, previous: TokenSet, tokens: TokenSet
    ) -> bool:
        """Keep a refreshed pair, only while the pair it replaces is still the one kept.

        Returns ``False`` (and keeps nothing) when the engineer signed out, or signed in
        afresh, while the refresh was under way: a late refresh never brings back tokens the
        engineer got rid of, nor replaces a newer sign-in.
        """
        with self._lock:
            current = self._load(connection)
            if current is None or (current.access_token, current.refresh_token) != (
                previous.access_token,
                previous.refresh_token,
            ):
                log.info("a refreshed sign-in for %s was not kept: it was replaced", connection.id)
                return False
            self._credentials.set(connection.oauth_keyring_user, tokens.to_json())
            return True

    def saver(self, connection: ZendeskConnection, tokens: TokenSet) -> Callable[[TokenSet], bool]:
        """The ``save`` callback for a token source that starts from *tokens*.

        Each pair it is handed replaces the one before it through :meth:`save_refreshed`, so
        a refresh that finishes after a sign-out keeps nothing.
        """
        last = [tokens]

        def save(new: TokenSet) -> bool:
            kept = self.save_refreshed(connection, last[0], new)
            last[0] = new
            return kept

        return save

    def forget(self, connection: ZendeskConnection) -> None:
        """Sign out on this computer: the tokens are removed (revoking them is the caller's)."""
        with self._lock:
            self._credentials.delete(connection.oauth_keyring_user)

    def _load(self, connection: ZendeskConnection) -> TokenSet | None:
        from callcompanion.services.oauth.tokens import TokenSet  # httpx: on first use

        text = self._credentials.get(connection.oauth_keyring_user)
        if not text:
            return None
        try:
            return TokenSet.from_json(text)
        except ValueError as err:
            log.warning("the sign-in kept for %s is not usable: %s", connection.id, err)
            return None
