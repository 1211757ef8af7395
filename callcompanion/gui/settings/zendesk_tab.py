"""The Zendesk tab: connections (add, edit, remove, default, test), signing in and out.

Each connection says how it signs in and whether it can post. A connection that signs in with
Zendesk signs in from here in the browser (through the app's :class:`SignInController`, which
keeps waiting after the dialog closes); the team's instances that are not set up yet, and the
team's offer to switch a connection to Sign in with Zendesk, are offered below the list.
API tokens go to the caller, written to the keyring when the dialog is accepted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidgetItem, QPushButton, QWidget

from callcompanion.controllers.connection_check import ConnectionCheck
from callcompanion.core.connections import OAuthClient, ZendeskConnection
from callcompanion.core.settings import Settings
from callcompanion.gui.forms.ui_settings_dialog import Ui_SettingsDialog
from callcompanion.gui.palette import error_style, warn_style
from callcompanion.services.credentials import CredentialStore
from callcompanion.services.zendesk_auth import ZendeskAuth

if TYPE_CHECKING:
    from callcompanion.controllers.sign_in import SignInController
    from callcompanion.core.team import TeamSetup
    from callcompanion.services.zendesk import Me

WAITING = "Waiting for you to sign in in your browser…"
NO_BROWSER = (
    "No browser opened. Copy this address into your browser to sign in; the app keeps waiting."
)


def connection_state(
    connection: ZendeskConnection,
    *,
    needs_sign_in: bool = False,
    waiting: bool = False,
    who: str | None = None,
) -> str:
    """How *connection* signs in and whether it can post, as the list shows it.

    *who* is who is signed in when it is not the saved email (a sign-in kept in memory only).
    """
    if connection.oauth is None:
        return f"API token · {connection.email}"
    if waiting:
        return "signing in…"
    if needs_sign_in:
        return "sign in again"
    email = connection.email if who is None else who
    if email:
        return f"signed in as {email}"
    return "not signed in"


class ZendeskTab(QObject):
    """Edits a copy of the connections.

    Token changes go into *tokens* (keyring user → token, ``None`` to forget it), written to
    the keyring by the caller when the dialog is accepted. Sign-ins happen at once (the browser
    is the engineer's confirmation); signing out a removed or changed connection waits for
    :meth:`accepted`, and :meth:`rejected` undoes sign-ins to connections that were not kept.
    Each sign-in has its own keyring entry (connection, instance and client), so a sign-in for
    an edited connection never replaces the saved connection's until the edit is saved.
    """

    def __init__(
        self,
        form: Ui_SettingsDialog,
        settings: Settings,
        credentials: CredentialStore,
        tokens: dict[str, str | None],
        window: QWidget,
        *,
        sign_in: SignInController | None = None,
        team: TeamSetup | None = None,
    ) -> None:
        super().__init__(window)
        self._form = form
        self._window = window
        self._credentials = credentials
        self._tokens = tokens
        self._sign_in = sign_in
        self._team = team
        self._saved = {c.id: c for c in settings.zendesk_connections}
        self._connections: list[ZendeskConnection] = list(settings.zendesk_connections)
        self._default = settings.default_connection
        # Sign-ins finished while the dialog is open, by keyring entry: on OK those no kept
        # connection uses are ended, on Cancel those no saved connection uses.
        self._signed_here: dict[str, ZendeskConnection] = {}
        # Unknown until the keyring lookup answers: no warning rather than a wait.
        self.secure_store = True
        # Tests go through the app's shared sign-ins; without them, API tokens only.
        self._auth = sign_in.auth if sign_in is not None else ZendeskAuth(credentials)
        self._check = ConnectionCheck(self._auth, self)
        self._check.passed.connect(self._test_passed)
        self._check.failed.connect(self._test_failed)
        form.addConnectionButton.clicked.connect(lambda: self._edit(None))
        form.editConnectionButton.clicked.connect(lambda: self._edit(self._selected()))
        form.connectionsList.itemDoubleClicked.connect(lambda _item: self._edit(self._selected()))
        form.removeConnectionButton.clicked.connect(self._remove)
        form.defaultConnectionButton.clicked.connect(self._make_default)
        form.testConnectionButton.clicked.connect(self._test)
        form.signInButton.clicked.connect(self._sign_in_clicked)
        form.signOutButton.clicked.connect(self._sign_out_clicked)
        form.copyAddressButton.clicked.connect(self._copy_address)
        form.connectionsList.currentRowChanged.connect(lambda _row: self._update_buttons())
        self._show_address("")
        if sign_in is not None:
            sign_in.started.connect(self._started)
            sign_in.browser_failed.connect(self._browser_failed)
            sign_in.signed_in.connect(self._signed_in)
            sign_in.failed.connect(self._failed)
            sign_in.signed_out.connect(self._signed_out)
            sign_in.warning.connect(self._warning)
        self._show()
        if sign_in is not None and sign_in.busy:  # started elsewhere (the first-run card)
            self._say(WAITING)

    # -- the dialog's answers ----------------------------------------------------------------

    def apply(self, settings: Settings) -> Settings:
        ids = {c.id for c in self._connections}
        default = self._default if self._default in ids else ""
        if not default and self._connections:
            default = self._connections[0].id
        return replace(
            settings, zendesk_connections=tuple(self._connections), default_connection=default
        )

    def accepted(self) -> None:
        """Settings were saved: end the sign-ins of removed and changed connections.

        The saved connections' sign-ins and those made here, each once.
        """
        if self._sign_in is None:
            return
        used = _sign_ins(self._connections)
        ended = _sign_ins([*self._saved.values(), *self._signed_here.values()])
        for key, connection in ended.items():
            if key not in used:
                self._sign_in.sign_out(connection)
        self._signed_here.clear()

    def rejected(self) -> None:
        """Settings were cancelled: nothing signed in here outlives a connection not kept."""
        if self._sign_in is None:
            return
        if self._sign_in.busy and not self._kept(self._waiting_copy()):
            self._sign_in.cancel()
        saved = _sign_ins(self._saved.values())
        for key, connection in self._signed_here.items():
            if key not in saved:
                self._sign_in.sign_out(connection)
        self._signed_here.clear()

    def _kept(self, connection: ZendeskConnection | None) -> bool:
        """Whether *connection* is saved as it is (same instance and OAuth client)."""
        if connection is None:
            return True
        saved = self._saved.get(connection.id)
        return saved is not None and (saved.base_url, saved.oauth) == (
            connection.base_url,
            connection.oauth,
        )

    # -- the list ------------------------------------------------------------------------------

    def _show(self) -> None:
        form = self._form
        current = form.connectionsList.currentRow()
        form.connectionsList.clear()
        waiting = self._sign_in.connection_id if self._sign_in is not None else None
        for connection in self._connections:
            state = connection_state(
                connection,
                needs_sign_in=self._needs_sign_in(connection),
                waiting=connection.id == waiting,
                who=self._who(connection),
            )
            text = f"{connection.describe()} · {state}"
            if connection.id == self._default or len(self._connections) == 1:
                text += " · default"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, connection.id)
            form.connectionsList.addItem(item)
        if self._connections:
            form.connectionsList.setCurrentRow(min(max(current, 0), len(self._connections) - 1))
        else:
            self._say(
                "No connection yet: summaries wait in the outbox (and can be copied) until one "
                "is added."
            )
        self._show_team()
        self._update_buttons()

    def _needs_sign_in(self, connection: ZendeskConnection) -> bool:
        if self._sign_in is None or connection.oauth is None or not self._kept(connection):
            return False
        return self._sign_in.needs_sign_in(connection)

    def _who(self, connection: ZendeskConnection) -> str:
        """Who is signed in (also a sign-in kept in memory only, which the settings omit)."""
        if self._sign_in is None:
            return connection.email
        return self._sign_in.signed_in_as(connection)

    def _update_buttons(self) -> None:
        connection = self._selected()
        selected = connection is not None
        form = self._form
        for button in (
            form.editConnectionButton,
            form.removeConnectionButton,
            form.defaultConnectionButton,
            form.testConnectionButton,
        ):
            button.setEnabled(selected)
        if connection is not None:
            method = connection.sign_in
            form.signInMethodLabel.setText(f"<b>{method.label}.</b> {method.explanation}")
        else:
            form.signInMethodLabel.setText("")
        oauth = connection is not None and connection.oauth is not None
        available = oauth and self._sign_in is not None
        form.signInButton.setVisible(available)
        form.signOutButton.setVisible(available)
        if connection is None or not available or self._sign_in is None:
            return
        busy = self._sign_in.busy
        mine = busy and self._sign_in.connection_id == connection.id
        if mine:
            form.signInButton.setText("Cancel sign-&in")
            form.signInButton.setAccessibleName("Cancel the sign-in waiting in your browser")
        else:
            again = bool(self._who(connection))
            form.signInButton.setText("Sign &in again" if again else "Sign &in with Zendesk")
            form.signInButton.setAccessibleName(
                f"Sign in to {connection.describe()} "
                + ("again, or as another agent," if again else "with Zendesk")
                + " in your browser"
            )
        form.signInButton.setEnabled(mine or not busy)
        form.signOutButton.setEnabled(
            bool(self._who(connection)) and self._kept(connection) and not mine
        )

    def _selected(self) -> ZendeskConnection | None:
        row = self._form.connectionsList.currentRow()
        return self._connections[row] if 0 <= row < len(self._connections) else None

    def _copy(self, connection_id: str) -> ZendeskConnection | None:
        return next((c for c in self._connections if c.id == connection_id), None)

    def _waiting_copy(self) -> ZendeskConnection | None:
        waiting = self._sign_in.connection_id if self._sign_in is not None else None
        return None if waiting is None else self._copy(waiting)

    def _replace(self, connection: ZendeskConnection) -> None:
        self._connections = [connection if c.id == connection.id else c for c in self._connections]

    # -- adding, editing, removing -------------------------------------------------------------

    def _edit(
        self, existing: ZendeskConnection | None, suggestion: ZendeskConnection | None = None
    ) -> None:
        from callcompanion.gui.connection_dialog import ConnectionDialog

        dialog = ConnectionDialog(
            self._auth,
            existing,
            secure_store=self.secure_store,
            suggestion=suggestion,
            team=self._team_connections(),
            parent=self._window,
        )
        accepted = dialog.exec()
        connection, token, sign_in_now = dialog.connection(), dialog.token, dialog.sign_in_now
        dialog.deleteLater()
        if not accepted or connection is None:
            return
        if existing is None:
            self._connections.append(connection)
            if len(self._connections) == 1:
                self._default = connection.id
        else:
            self._replace(connection)
            self._changed(existing, connection)
        if token is not None:
            self._tokens[connection.keyring_user] = token
        elif connection.oauth is None and self._tokens.get(connection.keyring_user, "") is None:
            del self._tokens[connection.keyring_user]  # back to the token it had
        self._show()
        self._say(f"{connection.describe()} is saved when you press OK.")
        if sign_in_now and self._sign_in is not None:
            self._start_sign_in(connection)

    def _changed(self, before: ZendeskConnection, after: ZendeskConnection) -> None:
        """A connection now signs in another way, or to another instance or client."""
        if (before.base_url, before.oauth) == (after.base_url, after.oauth):
            return
        saved = self._saved.get(before.id)
        # The sign-ins it had are ended when the dialog is accepted (see accepted()).
        if after.oauth is not None and saved is not None and saved.oauth is None:
            self._tokens[saved.keyring_user] = None  # the API token is no longer used
        if self._sign_in is not None and self._sign_in.connection_id == before.id:
            self._sign_in.cancel()

    def _remove(self) -> None:
        connection = self._selected()
        if connection is None:
            return
        self._connections = [c for c in self._connections if c.id != connection.id]
        self._tokens[connection.keyring_user] = None  # its sign-ins end on OK (accepted())
        if self._sign_in is not None and self._sign_in.connection_id == connection.id:
            self._sign_in.cancel()
        if self._default == connection.id:
            self._default = self._connections[0].id if self._connections else ""
        self._show()
        if connection.oauth is not None and self._who(connection):
            self._say(f"You are signed out of {connection.describe()} when you press OK.")

    def _make_default(self) -> None:
        connection = self._selected()
        if connection is not None:
            self._default = connection.id
            self._show()

    # -- testing -------------------------------------------------------------------------------

    def _test(self) -> None:
        connection = self._selected()
        if connection is None:
            return
        if connection.oauth is not None and not self._who(connection):
            self._say(
                f"{connection.describe()}: sign in with Zendesk first; signing in tests it.",
                error=True,
            )
            return
        self._form.testConnectionButton.setEnabled(False)
        self._say(f"Testing {connection.describe()}…")
        # A token typed in this window and not saved yet is the one to test.
        self._check.test(connection, self._tokens.get(connection.keyring_user))

    def _test_passed(self, connection: ZendeskConnection, me: Me) -> None:
        self._tested(f"{connection.describe()}: connected as {me.name or me.email}.", error=False)

    def _test_failed(self, connection: ZendeskConnection, text: str) -> None:
        self._tested(f"{connection.describe()}: {text}", error=True)

    def _tested(self, text: str, *, error: bool) -> None:
        self._form.testConnectionButton.setEnabled(True)
        self._say(text, error=error)

    # -- signing in and out --------------------------------------------------------------------

    def _sign_in_clicked(self) -> None:
        connection = self._selected()
        if connection is None or self._sign_in is None:
            return
        if self._sign_in.busy:
            if self._sign_in.connection_id == connection.id:
                self._sign_in.cancel()
            return
        self._start_sign_in(connection)

    def _start_sign_in(self, connection: ZendeskConnection) -> None:
        assert self._sign_in is not None
        if not self._sign_in.sign_in(connection):
            waiting = self._waiting_copy()
            where = waiting.describe() if waiting is not None else "another connection"
            self._say(
                f"A sign-in to {where} is waiting in your browser. Finish or cancel it first.",
                error=True,
            )

    def _sign_out_clicked(self) -> None:
        connection = self._selected()
        if connection is not None and self._sign_in is not None:
            self._form.signOutButton.setEnabled(False)
            self._say(f"Signing out of {connection.describe()}…")
            self._sign_in.sign_out(connection)

    def _started(self, connection_id: str) -> None:
        self._show_address("")
        self._show()
        self._select(connection_id)
        self._say(WAITING)

    def _browser_failed(self, _connection_id: str, url: str) -> None:
        self._show_address(url)
        self._say(NO_BROWSER, warning=True)

    def _signed_in(self, connection: ZendeskConnection, me: Me) -> None:
        self._show_address("")
        copy = self._copy(connection.id)
        if copy is not None and copy.oauth_keyring_user == connection.oauth_keyring_user:
            if self._sign_in is None or not self._sign_in.in_memory_only(connection):
                # A sign-in kept in memory only is not saved with the settings: after a
                # restart nobody is signed in (the list still shows who, until then).
                copy = replace(copy, email=connection.email)
                self._replace(copy)
            self._signed_here[copy.oauth_keyring_user] = copy
        self._show()
        name = f"{me.name} ({connection.email})" if me.name else connection.email
        self._say(f"Signed in to {connection.describe()} as {name}.")

    def _failed(self, _connection_id: str, text: str) -> None:
        self._show_address("")
        self._show()
        self._say(text, error=True)

    def _signed_out(self, connection_id: str, text: str) -> None:
        copy = self._copy(connection_id)
        if copy is not None and copy.oauth is not None:
            self._replace(replace(copy, email=""))
            self._signed_here.pop(copy.oauth_keyring_user, None)
        self._show()
        self._say(text)

    def _warning(self, text: str) -> None:
        self._say(text, warning=True)

    def _select(self, connection_id: str) -> None:
        for row, connection in enumerate(self._connections):
            if connection.id == connection_id:
                self._form.connectionsList.setCurrentRow(row)

    def _show_address(self, url: str) -> None:
        form = self._form
        form.signInAddressEdit.setText(url)
        form.signInAddressEdit.setCursorPosition(0)
        form.signInAddressEdit.setVisible(bool(url))
        form.copyAddressButton.setVisible(bool(url))

    def _copy_address(self) -> None:
        QGuiApplication.clipboard().setText(self._form.signInAddressEdit.text())
        self._say("Address copied. Paste it into your browser to sign in; the app keeps waiting.")

    def _say(self, text: str, *, error: bool = False, warning: bool = False) -> None:
        label = self._form.connectionResult
        label.setText(text)
        label.setStyleSheet(error_style() if error else warn_style() if warning else "")

    # -- the team's suggestions ----------------------------------------------------------------

    def _team_connections(self) -> list[ZendeskConnection]:
        """Where the team's OAuth clients are known: its instances and the offers."""
        team = self._team
        known = [c for c in self._connections if c.oauth is not None]
        if team is None:
            return known
        offers = [
            replace(c, oauth=team.oauth_offers[c.id])
            for c in self._connections
            if c.id in team.oauth_offers
        ]
        return [*team.connections, *offers, *known]

    def _show_team(self) -> None:
        layout = self._form.teamSuggestionsLayout
        while layout.count():
            item = layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)  # gone from the tab now, deleted on the next turn
                widget.deleteLater()
        team = self._team
        box = self._form.teamSuggestions
        if team is None:
            box.setVisible(False)
            return
        addresses = {c.base_url for c in self._connections}
        previous: QWidget = self._form.copyAddressButton
        for suggestion in team.connections:
            if suggestion.base_url in addresses or suggestion.oauth is not None:
                continue
            previous = self._suggest(
                f"From your team: {suggestion.describe()} (uses an API token).",
                "Add…",
                f"Add {suggestion.describe()} from your team's set-up",
                lambda _c=False, s=suggestion: self._edit(None, s),
                previous,
            )
        for connection in self._connections:
            client = team.oauth_offers.get(connection.id)
            if client is None or connection.oauth == client:
                continue
            previous = self._suggest(
                f"Your team set up Sign in with Zendesk for {connection.describe()}.",
                "Switch to Sign in with Zendesk",
                f"Switch {connection.describe()} to Sign in with Zendesk",
                lambda _c=False, c=connection, o=client: self._switch(c, o),
                previous,
            )
        box.setVisible(layout.count() > 0)

    def _suggest(
        self,
        text: str,
        button_text: str,
        name: str,
        action: Callable[..., object],
        previous: QWidget,
    ) -> QWidget:
        row = QWidget(self._form.teamSuggestions)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        label = QLabel(text, row)
        label.setWordWrap(True)
        button = QPushButton(button_text, row)
        button.setAccessibleName(name)
        button.setAutoDefault(False)
        button.clicked.connect(action)
        line.addWidget(label, 1)
        line.addWidget(button)
        self._form.teamSuggestionsLayout.addWidget(row)
        QWidget.setTabOrder(previous, button)
        return button

    def _switch(self, connection: ZendeskConnection, client: OAuthClient) -> None:
        switched = replace(connection, oauth=client, email="")
        self._replace(switched)
        self._changed(connection, switched)
        self._show()
        self._select(switched.id)
        self._say(f"{switched.describe()} signs in with Zendesk when you press OK.")
        if self._sign_in is not None and not self._sign_in.busy:
            self._start_sign_in(switched)


def _sign_ins(connections: Iterable[ZendeskConnection]) -> dict[str, ZendeskConnection]:
    """The sign-ins *connections* use, by keyring entry (those that sign in with Zendesk)."""
    return {c.oauth_keyring_user: c for c in connections if c.oauth is not None}
