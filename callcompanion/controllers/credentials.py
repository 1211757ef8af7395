"""Settings the engineer saves, with their tokens, and the keyring they go to.

Tokens are written to the keyring on a worker thread (the keyring may talk to D-Bus); the
settings are saved once the tokens are, so a post waiting for a token is sent with the new one.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtCore import QObject, Signal

from callcompanion.controllers.settings import SettingsModel
from callcompanion.controllers.workers import run_in_pool
from callcompanion.core.settings import Settings
from callcompanion.services.credentials import CredentialStore, KeyringStatus

log = logging.getLogger(__name__)

MEMORY_ONLY_WARNING = (
    "No system keyring was found, so the token is kept in memory only until you quit. It works "
    "now; you will be asked for it again next time."
)


class CredentialsController(QObject):
    """Applies saved settings and tokens; finds out which keyring holds the tokens.

    Signals:
        keyring_found: The keyring lookup finished; carries the :class:`KeyringStatus`.
        tokens_saved: New tokens are in the keyring; carries their keyring user names (posts
            waiting for a token can go now).
        warning: The tokens work but are not kept (no keyring); a sentence for the engineer.
        problem: A token could not be saved; a sentence for the engineer.
    """

    keyring_found = Signal(object)
    tokens_saved = Signal(list)
    warning = Signal(str)
    problem = Signal(str)

    def __init__(
        self, settings: SettingsModel, credentials: CredentialStore, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._credentials = credentials
        self._keyring: KeyringStatus | None = None
        self._lookup_started = False

    @property
    def keyring(self) -> KeyringStatus | None:
        """What the keyring offers, once :meth:`look_up_keyring` has found out."""
        return self._keyring

    def look_up_keyring(self) -> None:
        """Find the keyring backend on a worker thread (once; ``keyring_found`` tells).

        Importing keyring and asking D-Bus takes a while: never at start-up, never on the GUI
        thread.
        """
        if not self._lookup_started:
            self._lookup_started = True
            # Through the credential store, which keeps the answer for its own use.
            run_in_pool(self._credentials.status, on_result=self._found)

    def _found(self, status: KeyringStatus) -> None:
        self._keyring = status
        log.info("keyring: %s (secure: %s)", status.backend, status.secure)
        self.keyring_found.emit(status)

    def apply(self, settings: Settings, tokens: Mapping[str, str | None]) -> None:
        """Save *settings*; *tokens* (keyring user → token, ``None`` to delete) go first.

        Without tokens the settings are saved at once. With tokens they are saved when the
        keyring has answered, whether it took them or not.
        """
        if not tokens:
            self._settings.set(settings)
            return
        tokens = dict(tokens)

        def store_tokens() -> bool:
            secure = True
            for user, token in tokens.items():
                if token is None:
                    self._credentials.delete(user)
                else:
                    secure = self._credentials.set(user, token) and secure
            return secure

        def stored(secure: bool) -> None:
            self._settings.set(settings)
            # A new token alone may free waiting posts, and those Zendesk refused the old one.
            self.tokens_saved.emit([user for user, token in tokens.items() if token])
            if not secure:
                self.warning.emit(MEMORY_ONLY_WARNING)

        def failed(err: Exception) -> None:
            self._settings.set(settings)
            self.problem.emit(f"The token was not saved: {err}")

        run_in_pool(store_tokens, on_result=stored, on_error=failed)
