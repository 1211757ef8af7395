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
