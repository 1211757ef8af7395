"""Add or edit a Zendesk connection: Sign in with Zendesk (preferred) or an API token.

Signing in with Zendesk needs the OAuth client the team's admin registered for the instance;
when the team file names the instance, its client id and redirect port are filled in as soon as
the address matches, so an engineer normally types only the subdomain. An API-token connection
can be tested with GET /users/me before it is saved.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from callcompanion.controllers.connection_check import ConnectionCheck
from callcompanion.core.connections import (
    REDIRECT_PORT_RANGE,
    ConnectionSettingError,
    OAuthClient,
    SignInMethod,
    ZendeskConnection,
    clean_field,
    make_connection,
    make_oauth_client,
    new_connection_id,
    parse_base_url,
)
from callcompanion.gui.palette import error_style
from callcompanion.services.zendesk_auth import ZendeskAuth


def _sentence(text: str) -> str:
    """*text* as a sentence: capital first letter, full stop at the end."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


class ConnectionDialog(QDialog):
    """Edits one connection; on accept see :meth:`connection`, :attr:`token`, :attr:`sign_in_now`.

    :attr:`token` is ``None`` to keep the stored one; :attr:`sign_in_now`: the connection signs
    in with Zendesk and should sign in now (new, changed, or never signed in).

    Args:
        auth: For testing an API-token connection.
        existing: The connection being edited; ``None`` adds one.
        secure_store: Whether the keyring keeps secrets after quitting.
        suggestion: A connection to add with its fields filled in (one of the team's).
        team: The team's connections, whose OAuth client is filled in when the address matches.
    """

    def __init__(
        self,
        auth: ZendeskAuth,
        existing: ZendeskConnection | None = None,
        *,
        secure_store: bool = True,
        suggestion: ZendeskConnection | None = None,
        team: Sequence[ZendeskConnection] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._existing = existing
        self._team = {c.base_url: c for c in team if c.oauth is not None}
        self._filled_from_team = False
        self.token: str | None = None
        self.sign_in_now = False
        self._result: ZendeskConnection | None = None
        start = existing or suggestion
        self.setWindowTitle("Zendesk connection")
        outer = QVBoxLayout(self)
        form = QFormLayout()
        outer.addLayout(form)
        self._form = form
        self.labelEdit = QLineEdit(start.label if start else "", self)
        self.labelEdit.setPlaceholderText("e.g. Global, US Government")
        self.labelEdit.setAccessibleName("Connection name")
        self.addressEdit = QLineEdit(start.base_url if start else "", self)
        self.addressEdit.setPlaceholderText("example (for example.zendesk.com) or https://…")
        self.addressEdit.setAccessibleName("Zendesk subdomain or address")
        self.teamNote = QLabel("", self)
        self.teamNote.setWordWrap(True)
        self.teamNote.setAccessibleDescription("Where the sign-in details come from")

        # How the connection signs in: two radio buttons, reached with Tab and the arrow keys.
        self.oauthRadio = QRadioButton("Sign in with &Zendesk (recommended)", self)
        self.oauthRadio.setAccessibleName("Sign in with Zendesk in the browser")
        self.tokenRadio = QRadioButton("API to&ken", self)
        self.tokenRadio.setAccessibleName("Use an API token and the agent's email")
        self._ways = QButtonGroup(self)
        self._ways.addButton(self.oauthRadio)
        self._ways.addButton(self.tokenRadio)
        ways = QWidget(self)
        ways_layout = QVBoxLayout(ways)
        ways_layout.setContentsMargins(0, 0, 0, 0)
        ways_layout.addWidget(self.oauthRadio)
        ways_layout.addWidget(self.tokenRadio)
        self.wayExplanation = QLabel("", self)
        self.wayExplanation.setWordWrap(True)
        self.wayExplanation.setAccessibleDescription("Why this way of signing in")

        client = start.oauth if start else None
        self.clientEdit = QLineEdit(client.client_id if client else "", self)
        self.clientEdit.setAccessibleName("OAuth client id")
        self.clientEdit.setPlaceholderText(
            "the client's unique identifier, from your Zendesk admin"
        )
        port = client.redirect_port if client else None
        self.portEdit = QLineEdit("" if port is None else str(port), self)
        self.portEdit.setAccessibleName("Redirect port")
        low, high = REDIRECT_PORT_RANGE
        self.portEdit.setPlaceholderText(f"any free port, or the one registered ({low}–{high})")

        self.emailEdit = QLineEdit(start.email if start and start.oauth is None else "", self)
        self.emailEdit.setPlaceholderText("you@example.com")
        self.emailEdit.setAccessibleName("Agent email")
        self.tokenEdit = QLineEdit(self)
        self.tokenEdit.setEchoMode(QLineEdit.EchoMode.Password)
        self.tokenEdit.setAccessibleName("API token")
        self.tokenEdit.setPlaceholderText(
            "leave empty to keep the stored token"
            if existing is not None and existing.oauth is None
            else "Admin Center → Apps and integrations → Zendesk API"
        )
        self.where = QLabel(
            "Sign-ins and tokens are kept in the system keyring."
            if secure_store
            else "No system keyring was found: the sign-in or token is kept in memory until you "
            "quit, and you will be asked again next time.",
            self,
        )
        self.where.setWordWrap(True)
        self.problem = QLabel("", self)
        self.problem.setWordWrap(True)
        self.problem.setAccessibleDescription("Problem with this connection")  # named by its text
        self.testButton = QPushButton("&Test connection", self)
        self.testButton.setAccessibleName("Test this connection")
        form.addRow("&Name", self.labelEdit)
        form.addRow("&Address", self.addressEdit)
        form.addRow("", self.teamNote)
        form.addRow("Sign in", ways)
        form.addRow("", self.wayExplanation)
        form.addRow("OAuth &client id", self.clientEdit)
        form.addRow("Redirect &port", self.portEdit)
        form.addRow("Agent &email", self.emailEdit)
        form.addRow("API &token", self.tokenEdit)
        form.addRow("", self.where)
        form.addRow(self.testButton, self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        outer.addWidget(self.buttons)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        self.testButton.clicked.connect(self.test)
        self._check = ConnectionCheck(auth, self)
        self._check.passed.connect(
            lambda _connection, me: self._tested(
                f"Connected as {me.name or me.email} ({me.role or 'agent'}).", error=False
            )
        )
        self._check.failed.connect(lambda _connection, text: self._tested(text, error=True))

        uses_token = start is not None and start.oauth is None
        (self.tokenRadio if uses_token else self.oauthRadio).setChecked(True)
        self.oauthRadio.toggled.connect(lambda _on: self._show_way())
        self.addressEdit.textChanged.connect(lambda _text: self._fill_from_team())
        for edit in (self.addressEdit, self.clientEdit, self.portEdit):
            edit.textChanged.connect(lambda _text: self._update_save_text())
        self._fill_from_team()
        self._show_way()
        self.resize(520, 0)

    # -- results ---------------------------------------------------------------------------

    @property
    def method(self) -> SignInMethod:
        return SignInMethod.OAUTH if self.oauthRadio.isChecked() else SignInMethod.API_TOKEN

    def connection(self) -> ZendeskConnection | None:
        return self._result

    # -- the form --------------------------------------------------------------------------

    def _show_way(self) -> None:
        oauth = self.method is SignInMethod.OAUTH
        oauth_rows: tuple[QWidget, ...] = (self.clientEdit, self.portEdit)
        token_rows: tuple[QWidget, ...] = (self.emailEdit, self.tokenEdit, self.where)
        for widget in oauth_rows:
            self._form.setRowVisible(widget, oauth)
        for widget in token_rows:
            self._form.setRowVisible(widget, not oauth)
        self.testButton.setVisible(not oauth)  # signing in is the OAuth connection's test
        self.wayExplanation.setText(self.method.explanation)
        self._update_save_text()
        self._fit()

    def _fill_from_team(self) -> None:
        """The team's OAuth client for the address typed, filled in (not over the engineer's)."""
        try:
            base_url = parse_base_url(self.addressEdit.text())
        except ConnectionSettingError:
            base_url = ""
        team = self._team.get(base_url)
        typed_own = bool(self.clientEdit.text().strip()) and not self._filled_from_team
        if team is not None and team.oauth is not None and not typed_own:
            self.clientEdit.setText(team.oauth.client_id)
            port = team.oauth.redirect_port
            self.portEdit.setText("" if port is None else str(port))
            if not self.labelEdit.text().strip() and team.label:
                self.labelEdit.setText(team.label)
            self._filled_from_team = True
            if self._existing is None:
                self.oauthRadio.setChecked(True)
            self.teamNote.setText("Sign-in details filled in from your team's set-up.")
        elif self._filled_from_team and team is None:
            self.clientEdit.clear()
            self.portEdit.clear()
            self._filled_from_team = False
            self.teamNote.clear()
        self._form.setRowVisible(self.teamNote, bool(self.teamNote.text()))

    def _needs_sign_in(self) -> bool:
        """Saving this OAuth connection should start a sign-in (new, changed, or never signed)."""
        existing = self._existing
        if existing is None or existing.oauth is None or not existing.email:
            return True
        try:
            connection = self._build()
        except ConnectionSettingError:
            return True
        return (connection.base_url, connection.oauth) != (existing.base_url, existing.oauth)

    def _update_save_text(self) -> None:
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        if self.method is SignInMethod.OAUTH and self._needs_sign_in():
            save.setText("Save and sign in")
            save.setAccessibleName("Save the connection and sign in with Zendesk in the browser")
        else:
            save.setText("Save")
            save.setAccessibleName("Save the connection")

    def _oauth_client(self) -> OAuthClient:
        client_id = clean_field(self.clientEdit.text(), "The OAuth client id")
        if not client_id:
            raise ConnectionSettingError(
                "Enter the OAuth client id your Zendesk admin registered for this instance. "
                "If your team has a team file, ask for it instead: it fills this in."
            )
        port_text = clean_field(self.portEdit.text(), "The redirect port")
        # Empty: any free port. Anything but digits goes as typed, for the one sentence below.
        port: int | str | None = None
        if port_text:
            port = int(port_text) if port_text.isascii() and port_text.isdigit() else port_text
        try:
            return make_oauth_client(client_id, port)
        except ConnectionSettingError as err:
            raise ConnectionSettingError(_sentence(str(err))) from None

    def _build(self) -> ZendeskConnection:
        existing = self._existing
        connection_id = existing.id if existing else new_connection_id()
        if self.method is SignInMethod.OAUTH:
            base_url = parse_base_url(self.addressEdit.text())  # in the order they are shown
            client = self._oauth_client()
            # Who signed in last stays only while the instance and client stay the same.
            same = (
                existing is not None and existing.oauth == client and existing.base_url == base_url
            )
            return make_connection(
                id=connection_id,
                label=self.labelEdit.text(),
                address=base_url,
                email=existing.email if same and existing is not None else "",
                oauth=client,
            )
        return make_connection(
            id=connection_id,
            label=self.labelEdit.text(),
            address=self.addressEdit.text(),
            email=self.emailEdit.text(),
        )

    def _save(self) -> None:
        try:
            self._result = self._build()
        except ConnectionSettingError as err:
            self._say(str(err), error=True)
            return
        if self.method is SignInMethod.OAUTH:
            self.token = None
            self.sign_in_now = self._needs_sign_in()
            self.accept()
            return
        token = self.tokenEdit.text().strip()
        if not token and (self._existing is None or self._existing.oauth is not None):
            self._say("Enter the API token (it goes to the system keyring).", error=True)
            return
        self.token = token or None
        self.accept()

    def test(self) -> None:
        """Call GET /users/me with what is typed (or the stored token) and say what happened."""
        try:
            connection = self._build()
        except ConnectionSettingError as err:
            self._say(str(err), error=True)
            return
        token = self.tokenEdit.text().strip() or None
        if token is None and (self._existing is None or self._existing.oauth is not None):
            self._say("Enter the API token first.", error=True)
            return
        self.testButton.setEnabled(False)
        self._say("Testing…", error=False)
        self._check.test(connection, token)

    def _tested(self, text: str, *, error: bool) -> None:
        self.testButton.setEnabled(True)
        self._say(text, error=error)

    def _say(self, text: str, *, error: bool) -> None:
        self.problem.setText(text)
        self.problem.setStyleSheet(error_style() if error else "")
        self._fit()

    def _fit(self) -> None:
        """As tall as the form at this width: the wrapped sentences whole, none over a row."""
        if not self.isVisible():
            return
        layout = self.layout()
        needed = (
            layout.totalHeightForWidth(self.width())
            if layout is not None and layout.hasHeightForWidth()
            else self.sizeHint().height()
        )
        if needed > self.height():
            self.resize(self.width(), needed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit()  # the first size comes from sizeHint, which ignores the wrapped sentences
