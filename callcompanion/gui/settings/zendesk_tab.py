"""The Zendesk tab: connections (add, edit, remove, default, test); tokens go to the caller."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QListWidgetItem, QWidget

from callcompanion.controllers.connection_check import ConnectionCheck
from callcompanion.core.connections import ZendeskConnection
from callcompanion.core.settings import Settings
from callcompanion.gui.forms.ui_settings_dialog import Ui_SettingsDialog
from callcompanion.gui.palette import error_style
from callcompanion.services.credentials import CredentialStore


class ZendeskTab(QObject):
    """Edits a copy of the connections.

    Token changes go into *tokens* (keyring user → token, ``None`` to forget it), written to
    the keyring by the caller when the dialog is accepted.
    """

    def __init__(
        self,
        form: Ui_SettingsDialog,
        settings: Settings,
        credentials: CredentialStore,
        tokens: dict[str, str | None],
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._form = form
        self._window = window
        self._credentials = credentials
        self._tokens = tokens
        self._connections: list[ZendeskConnection] = list(settings.zendesk_connections)
        self._default = settings.default_connection
        # Unknown until the keyring lookup answers: no warning rather than a wait.
        self.secure_store = True
        self._check = ConnectionCheck(credentials, self)
        self._check.passed.connect(
            lambda connection, me: self._tested(
                f"{connection.describe()}: connected as {me.name or me.email}.", error=False
            )
        )
        self._check.failed.connect(
            lambda connection, text: self._tested(f"{connection.describe()}: {text}", error=True)
        )
        form.addConnectionButton.clicked.connect(lambda: self._edit(None))
        form.editConnectionButton.clicked.connect(lambda: self._edit(self._selected()))
        form.connectionsList.itemDoubleClicked.connect(lambda _item: self._edit(self._selected()))
        form.removeConnectionButton.clicked.connect(self._remove)
        form.defaultConnectionButton.clicked.connect(self._make_default)
        form.testConnectionButton.clicked.connect(self._test)
        form.connectionsList.currentRowChanged.connect(lambda _row: self._update_buttons())
        self._show()

    def apply(self, settings: Settings) -> Settings:
        ids = {c.id for c in self._connections}
        default = self._default if self._default in ids else ""
        if not default and self._connections:
            default = self._connections[0].id
        return replace(
            settings, zendesk_connections=tuple(self._connections), default_connection=default
        )

    def _show(self) -> None:
        form = self._form
        current = form.connectionsList.currentRow()
        form.connectionsList.clear()
        for connection in self._connections:
            text = connection.describe() + f" · {connection.email}"
            if connection.id == self._default or len(self._connections) == 1:
                text += " · default"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, connection.id)
            form.connectionsList.addItem(item)
        if self._connections:
            form.connectionsList.setCurrentRow(min(max(current, 0), len(self._connections) - 1))
        else:
            form.connectionResult.setText(
                "No connection yet: summaries wait in the outbox (and can be copied) until one "
                "is added."
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = self._selected() is not None
        form = self._form
        for button in (
            form.editConnectionButton,
            form.removeConnectionButton,
            form.defaultConnectionButton,
            form.testConnectionButton,
        ):
            button.setEnabled(selected)

    def _selected(self) -> ZendeskConnection | None:
        row = self._form.connectionsList.currentRow()
        return self._connections[row] if 0 <= row < len(self._connections) else None

    def _edit(self, existing: ZendeskConnection | None) -> None:
        from callcompanion.gui.connection_dialog import ConnectionDialog

        dialog = ConnectionDialog(
            self._credentials, existing, secure_store=self.secure_store, parent=self._window
        )
        accepted = dialog.exec()
        connection, token = dialog.connection(), dialog.token
        dialog.deleteLater()
        if not accepted or connection is None:
            return
        if existing is None:
            self._connections.append(connection)
            if len(self._connections) == 1:
                self._default = connection.id
        else:
            self._connections = [
                connection if c.id == existing.id else c for c in self._connections
            ]
        if token is not None:
            self._tokens[connection.keyring_user] = token
        self._show()
        self._form.connectionResult.setText(f"{connection.describe()} is saved when you press OK.")

    def _remove(self) -> None:
        connection = self._selected()
        if connection is None:
            return
        self._connections = [c for c in self._connections if c.id != connection.id]
        self._tokens[connection.keyring_user] = None
        if self._default == connection.id:
            self._default = self._connections[0].id if self._connections else ""
        self._show()

    def _make_default(self) -> None:
        connection = self._selected()
        if connection is not None:
            self._default = connection.id
            self._show()

    def _test(self) -> None:
        connection = self._selected()
        if connection is None:
            return
        self._form.testConnectionButton.setEnabled(False)
        self._form.connectionResult.setStyleSheet("")
        self._form.connectionResult.setText(f"Testing {connection.describe()}…")
        # A token typed in this window and not saved yet is the one to test.
        self._check.test(connection, self._tokens.get(connection.keyring_user))

    def _tested(self, text: str, *, error: bool) -> None:
        self._form.testConnectionButton.setEnabled(True)
        self._form.connectionResult.setText(text)
        self._form.connectionResult.setStyleSheet(error_style() if error else "")
