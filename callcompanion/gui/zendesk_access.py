"""How the app reaches Zendesk: the shared sign-in, the team file at start, what they tell.

:class:`ZendeskAccess` builds the one :class:`~callcompanion.services.zendesk_auth.ZendeskAuth`
every sender uses (the outbox, ticket reads, connection tests, macros) and the one
:class:`~callcompanion.controllers.sign_in.SignInController`, applies the team file, and, once
the window exists, passes a finished sign-in on to the outbox (the posts that waited for it go)
and says how a sign-in ended where no window that shows it is open (Settings shows its own
result, the first-run card its own). The command line's ``--sign-in`` and the ``--status``
lines about each connection come from here too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from callcompanion.controllers.outbox import OutboxController
from callcompanion.controllers.settings import SettingsModel
from callcompanion.controllers.sign_in import SignInController
from callcompanion.controllers.team_setup import apply_team_file
from callcompanion.core.connections import SignInMethod, ZendeskConnection
from callcompanion.core.settings import Settings
from callcompanion.gui.main_window.banners import Level
from callcompanion.services.credentials import CredentialStore
from callcompanion.services.zendesk_auth import ZendeskAuth

if TYPE_CHECKING:
    from callcompanion.gui.attention import Attention
    from callcompanion.gui.first_run import FirstStart
    from callcompanion.gui.main_window import MainWindow
    from callcompanion.gui.settings import SettingsDialog
    from callcompanion.services.zendesk import Me

log = logging.getLogger(__name__)

NO_SIGN_IN_CONNECTION = (
    "No Zendesk connection here signs in with Zendesk. Add one in Settings → Zendesk, or ask "
    "your Zendesk admin for the team file."
)


def connection_to_sign_in(settings: Settings) -> ZendeskConnection | None:
    """The default connection when it signs in with Zendesk, else the first one that does."""
    signing_in = [c for c in settings.zendesk_connections if c.oauth is not None]
    for connection in signing_in:
        if connection.id == settings.default_connection:
            return connection
    return signing_in[0] if signing_in else None


class ZendeskAccess(QObject):
    """The shared Zendesk sign-in of the app, and the team file applied at start.

    Attributes:
        auth: Turns a connection into a client (one token source per signed-in connection).
        sign_in: Runs the browser sign-in off the GUI thread.
        team_setup: The team file's set-up, for Settings (``None``: no usable team file).
        problems: Why the team file is not used (for the window's notices).
        added: What the team file added to the settings at this start (``None``: nothing).
    """

    def __init__(
        self,
        settings: SettingsModel,
        config_dir: Path,
        credentials: CredentialStore | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        team = apply_team_file(settings, config_dir)
        self.team_setup = team.setup
        self.problems = team.problems
        self.added = team.added
        self.auth = ZendeskAuth(credentials if credentials is not None else CredentialStore())
        self.sign_in = SignInController(self.auth, settings, self)
        self._window: MainWindow | None = None
        self._attention: Attention | None = None
        self._outbox: OutboxController | None = None
        self._first_start: FirstStart | None = None
        self._open_settings: Callable[[], SettingsDialog] | None = None

    def attach(
        self,
        window: MainWindow,
        attention: Attention,
        outbox: OutboxController,
        open_settings: Callable[[], SettingsDialog],
        first_start: FirstStart,
    ) -> None:
        """Wire the sign-in to the outbox and the window.

        While the first-run card is up or Settings is open, they show the sign-in's progress
        and result themselves, and the window's notices stay quiet.
        """
        self._window, self._attention, self._outbox = window, attention, outbox
        self._open_settings = open_settings
        self._first_start = first_start
        self.sign_in.signed_in.connect(outbox.signed_in)
        self.sign_in.signed_in.connect(self._signed_in)
        self.sign_in.failed.connect(lambda _id, text: self._tell(text, Level.WARNING))
        self.sign_in.warning.connect(lambda text: self._tell(text, Level.WARNING))
        if self.added:
            text = self.added
            waiting = [
                c for c in self._settings.value.zendesk_connections if c.oauth and not c.email
            ]
            if waiting and first_start.card is None:  # the card has its own sign-in button
                text += " Sign in with Zendesk in Settings → Zendesk to post to your tickets."
            window.add_notice(text, Level.INFO)

    # -- the command line -----------------------------------------------------------------------

    def start_sign_in(self) -> ZendeskConnection:
        """Settings at Zendesk, and the sign-in for the connection that signs in with Zendesk.

        Returns the connection being signed in to (one already waiting for the browser is
        left to finish). Raises :class:`ValueError` with a sentence when no connection signs
        in with Zendesk, or when a sign-in to a connection not saved yet is waiting.
        """
        if self.sign_in.busy:
            waiting = self.sign_in.connection_id
            for connection in self._settings.value.zendesk_connections:
                if connection.id == waiting:
                    self._show_settings()
                    return connection
        chosen = connection_to_sign_in(self._settings.value)
        if chosen is None:
            raise ValueError(NO_SIGN_IN_CONNECTION)
        self._show_settings()  # first: the tab hears the sign-in start
        if not self.sign_in.sign_in(chosen):
            raise ValueError(
                "A sign-in is already waiting in your browser; finish or cancel it first."
            )
        return chosen

    def _settings_open(self) -> SettingsDialog | None:
        """The Settings window, when it is open (it belongs to the main window)."""
        if self._window is None:
            return None
        from callcompanion.gui.settings import SettingsDialog

        shown = [d for d in self._window.findChildren(SettingsDialog) if d.isVisible()]
        return shown[0] if shown else None

    def _show_settings(self) -> None:
        dialog = self._settings_open()
        if dialog is None and self._open_settings is not None:
            dialog = self._open_settings()
        if dialog is None:
            return
        page = dialog.findChild(QWidget, "zendeskTab")
        if page is not None:
            dialog.tabs.setCurrentWidget(page)
        dialog.raise_()
        dialog.activateWindow()

    def status(self) -> list[dict[str, Any]]:
        """Each connection for ``--status``: how it signs in and whether it can post.

        No secret and no email: the label, the host, the way it signs in, whether it is
        signed in (a sign-in, or an API token saved with its email) and whether Zendesk
        refused it since (sign in again, or save a new token). The keyring is not read: a
        connection whose sign-in turned out to be missing from it reads as needing a sign-in.
        """
        refused = self._outbox.refused_connections() if self._outbox is not None else set()
        lines = []
        for connection in self._settings.value.zendesk_connections:
            needs = connection.id in refused or (
                connection.sign_in is SignInMethod.OAUTH and self.auth.needs_sign_in(connection)
            )
            lines.append(
                {
                    "label": connection.label,
                    "host": connection.host,
                    "sign_in": connection.sign_in.value,
                    "signed_in": bool(self.sign_in.signed_in_as(connection)) and not needs,
                    "needs_sign_in": needs,
                }
            )
        return lines

    # -- telling the engineer ---------------------------------------------------------------------

    def _signed_in(self, connection: ZendeskConnection, me: Me) -> None:
        who = me.email or me.name or connection.email
        self._tell(f"Signed in to {connection.describe()} as {who}.", None)

    def _tell(self, text: str, level: Level | None) -> None:
        if self._window is None or self._attention is None:
            return
        if self._first_start is not None and self._first_start.card is not None:
            return
        if self._settings_open() is not None:
            return
        if level is None:
            self._attention.status(text)
        else:
            self._window.add_notice(text, level)
            if not self._window.isVisible():
                self._attention.notify("callcompanion", text)

    def close(self) -> None:
        """Close the token endpoints (after the event loop, or at the end of a test)."""
        self.sign_in.cancel()
        self.auth.close()
