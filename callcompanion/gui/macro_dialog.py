"""Use one of the team's Zendesk macros as the reply: search by title, preview, apply.

Zendesk's apply endpoint only shows what the macro would write; the ticket does not change.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from callcompanion.controllers.ticket_context import with_client
from callcompanion.controllers.workers import run_in_pool
from callcompanion.core.connections import ZendeskConnection
from callcompanion.services.zendesk_auth import ZendeskAuth


class MacroDialog(QDialog):
    """On accept, :attr:`text` holds the macro's comment for the ticket."""

    def __init__(
        self,
        auth: ZendeskAuth,
        connection: ZendeskConnection,
        ticket: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._auth = auth
        self._connection = connection
        self._ticket = ticket
        self.text = ""
        self.setWindowTitle("Use a Zendesk macro")
        layout = QVBoxLayout(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search macros by title, e.g. Post Customer Call")
        self.search.setAccessibleName("Search macros by title")
        self.results = QListWidget(self)
        self.results.setAccessibleName("Macros found")
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Search status")
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("What the macro would write")
        self.preview.setPlaceholderText("Pick a macro to see what it would write on this ticket.")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Use this text")
        ok.setEnabled(False)
        for widget in (self.search, self.results, self.status, self.preview, self.buttons):
            layout.addWidget(widget)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(350)
        self._debounce.timeout.connect(self._run_search)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.results.currentItemChanged.connect(self._picked)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.resize(520, 460)

    def _run_search(self) -> None:
        query = self.search.text().strip()
        if len(query) < 2:
            return
        self.status.setText("Searching…")
        run_in_pool(
            with_client,
            self._auth,
            self._connection,
            lambda client: client.search_macros(query),
            on_result=self._show_results,
            on_error=lambda err: self.status.setText(str(err)),
            owner=self,
        )

    def _show_results(self, macros: list[object]) -> None:
        self.results.clear()
        for macro in macros:
            item = QListWidgetItem(getattr(macro, "title", ""))
            item.setData(Qt.ItemDataRole.UserRole, getattr(macro, "id", 0))
            self.results.addItem(item)
        self.status.setText("" if macros else "No active macro has that in its title.")

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        macro_id = int(item.data(Qt.ItemDataRole.UserRole))
        self.status.setText("Asking Zendesk what the macro would write…")
        run_in_pool(
            with_client,
            self._auth,
            self._connection,
            lambda client: client.apply_macro(self._ticket, macro_id),
            on_result=self._show_preview,
            on_error=lambda err: self.status.setText(str(err)),
            owner=self,
        )

    def _show_preview(self, preview: object) -> None:
        self.text = str(getattr(preview, "body", ""))
        self.preview.setPlainText(self.text)
        self.status.setText("")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.text))
