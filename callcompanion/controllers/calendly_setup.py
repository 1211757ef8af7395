"""Setting Calendly up: the account's event types, asked for off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from callcompanion.controllers.scheduling_links import CALENDLY_USER
from callcompanion.controllers.workers import run_in_pool
from callcompanion.services.credentials import CredentialStore

if TYPE_CHECKING:
    from callcompanion.services.calendly import EventType

NO_TOKEN = "Paste your Calendly personal access token first."


@dataclass(frozen=True)
class CalendlyAccount:
    """Who the token belongs to and the account's active event types."""

    name: str
    event_types: tuple[EventType, ...]


def fetch_account(credentials: CredentialStore, typed_token: str, base_url: str) -> CalendlyAccount:
    """On a worker thread: the account of *typed_token*, else of the token in the keyring."""
    from callcompanion.services.calendly import CalendlyAuthError, CalendlyClient

    token = typed_token.strip() or credentials.get(CALENDLY_USER)
    if not token:
        raise CalendlyAuthError(NO_TOKEN)
    with CalendlyClient(token, base_url=base_url) as client:
        user = client.me()
        return CalendlyAccount(user.name, tuple(client.event_types(user.uri)))


class CalendlySetup(QObject):
    """Loads event types for the Settings window; one request at a time.

    Signals:
        loaded: A :class:`CalendlyAccount`.
        failed: A sentence saying why the event types could not be loaded.
    """

    loaded = Signal(object)
    failed = Signal(str)

    def __init__(
        self, credentials: CredentialStore, base_url: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._credentials = credentials
        self._base_url = base_url
        self._busy = False

    def is_busy(self) -> bool:
        """Whether an answer is awaited (a second request is refused meanwhile)."""
        return self._busy

    def load_event_types(self, typed_token: str = "") -> bool:
        """Ask Calendly (the typed token, else the stored one); ``False`` if already asking.

        The answer comes as :attr:`loaded` or :attr:`failed`, and never after this object
        (and so the window that owns it) is gone.
        """
        if self._busy:
            return False
        self._busy = True
        run_in_pool(
            fetch_account,
            self._credentials,
            typed_token,
            self._base_url,
            on_result=self._loaded,
            on_error=self._failed,
            owner=self,
        )
        return True

    def _loaded(self, account: CalendlyAccount) -> None:
        self._busy = False
        self.loaded.emit(account)

    def _failed(self, err: Exception) -> None:
        self._busy = False
        self.failed.emit(f"Event types could not be loaded: {err}")
