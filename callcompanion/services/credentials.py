"""Where secrets would live: the OS keyring, inspected without ever writing a secret anywhere else.

Looking up the keyring may talk to D-Bus (Secret Service) and can take a while, so callers run
:func:`keyring_status` off the GUI thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

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
