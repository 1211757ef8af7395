"""Add or edit a Zendesk connection; test it with GET /users/me before saving."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from callcompanion.controllers.connection_check import ConnectionCheck
from callcompanion.core.connections import (
    ConnectionSettingError,
    ZendeskConnection,
    make_connection,
    new_connection_id,
)
from callcompanion.gui.palette import error_style
from callcompanion.services.credentials import CredentialStore


class ConnectionDialog(QDialog):
    """On accept: :meth:`connection` and :attr:`token` (``None``: keep the stored one)."""

    def __init__(
        self,
        credentials: CredentialStore,
        existing: ZendeskConnection | None = None,
        *,
        secure_store: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._existing = existing
        self.token: str | None = None
        self._result: ZendeskConnection | None = None
        self.setWindowTitle("Zendesk connection")
        form = QFormLayout(self)
        self.labelEdit = QLineEdit(existing.label if existing else "", self)
        self.labelEdit.setPlaceholderText("e.g. Global, US Government")
        self.labelEdit.setAccessibleName("Connection name")
        self.addressEdit = QLineEdit(existing.base_url if existing else "", self)
        self.addressEdit.setPlaceholderText("example (for example.zendesk.com) or https://…")
        self.addressEdit.setAccessibleName("Zendesk subdomain or address")
        self.emailEdit = QLineEdit(existing.email if existing else "", self)
        self.emailEdit.setPlaceholderText("you@example.com")
        self.emailEdit.setAccessibleName("Agent email")
        self.tokenEdit = QLineEdit(self)
        self.tokenEdit.setEchoMode(QLineEdit.EchoMode.Password)
        self.tokenEdit.setAccessibleName("API token")
        self.tokenEdit.setPlaceholderText(
            "leave empty to keep the stored token"
            if existing
            else "Admin Center → Apps and integrations → Zendesk API"
        )
        where = QLabel(
            "The token is kept in the system keyring."
            if secure_store
            else "No system keyring was found: the token is kept in memory until you quit, and "
            "you will be asked again next time.",
            self,
        )
        where.setWordWrap(True)
        self.problem = QLabel("", self)
        self.problem.setWordWrap(True)
        self.problem.setAccessibleDescription("Problem with this connection")  # named by its text
        self.testButton = QPushButton("&Test connection", self)
        self.testButton.setAccessibleName("Test this connection")
        form.addRow("&Name", self.labelEdit)
        form.addRow("&Address", self.addressEdit)
        form.addRow("Agent &email", self.emailEdit)
        form.addRow("API &token", self.tokenEdit)
        form.addRow("", where)
        form.addRow(self.testButton, self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        self.testButton.clicked.connect(self.test)
        self._check = ConnectionCheck(credentials, self)
        self._check.passed.connect(
            lambda _connection, me: self._tested(
                f"Connected as {me.name or me.email} ({me.role or 'agent'}).", error=False
            )
        )
        self._check.failed.connect(lambda _connection, text: self._tested(text, error=True))
        self.resize(480, 0)

    def connection(self) -> ZendeskConnection | None:
        return self._result

    def _build(self) -> ZendeskConnection:
        return make_connection(
            id=self._existing.id if self._existing else new_connection_id(),
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
        token = self.tokenEdit.text().strip()
        if not token and self._existing is None:
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
        if token is None and self._existing is None:
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
        if self.isVisible() and self.sizeHint().height() > self.height():
            self.resize(self.width(), self.sizeHint().height())  # the whole sentence, not cut
