"""Use one of the team's Zendesk macros whole: search by title, preview all it would do, apply.

The preview shows everything the macro would do on this ticket: the reply (public or internal),
the status, tags added and removed, fields set, the assignee and group, and under "Not applied by
callcompanion" whatever the app cannot do. Asking Zendesk never changes the ticket; the changes
go with the post (see :mod:`callcompanion.core.macro_actions`).
"""

from __future__ import annotations

import html
import logging

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
from callcompanion.core.macro_actions import MacroEffect, Rendered, describe, macro_effect
from callcompanion.services.zendesk import ZendeskClient, ZendeskError
from callcompanion.services.zendesk_auth import ZendeskAuth

log = logging.getLogger(__name__)


def preview_macro(
    client: ZendeskClient, ticket: int, macro_id: int
) -> tuple[MacroEffect, dict[int, str]]:
    """On a worker: what the macro would do on *ticket*, and the titles of the fields it sets."""
    preview = client.apply_macro(ticket, macro_id)
    fields = [str(a.get("field") or "") for a in preview.actions]
    values = {str(a.get("field") or ""): a.get("value") for a in preview.actions}
    mine = client.my_id() if values.get("assignee_id") == "current_user" else None
    rendered = Rendered(preview.body, preview.public, preview.assignee_id, preview.group_id)
    effect = macro_effect(preview.actions, rendered, my_id=mine)
    titles: dict[int, str] = {}
    if any(f.startswith("custom_fields_") for f in fields):
        titles = _field_titles(client)
    return effect, titles


def _field_titles(client: ZendeskClient) -> dict[int, str]:
    """Custom field id → title (the preview shows the id where the fields cannot be read)."""
    try:
        return {field.id: field.title for field in client.ticket_fields() if field.title}
    except ZendeskError as err:  # titles only make the preview nicer
        log.info("ticket fields not read for the macro preview: %s", err)
        return {}


class MacroDialog(QDialog):
    """On accept: :attr:`effect`, the reply the macro writes and what it changes."""

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
        self._asked = 0  # the latest preview asked for: older answers are dropped
        self.effect: MacroEffect | None = None
        self.setWindowTitle("Use a Zendesk macro")
        layout = QVBoxLayout(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search macros by title, e.g. Post Customer Call")
        self.search.setAccessibleName("Search macros by title")
        self.results = QListWidget(self)
        self.results.setAccessibleName("Macros found")
        self.results.setMaximumHeight(120)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Search status")
        self.replyHeading = QLabel("<b>Reply</b>", self)
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("What the macro would write")
        self.preview.setPlaceholderText("Pick a macro to see what it would do on this ticket.")
        self.changesLabel = QLabel("", self)
        self.changesLabel.setWordWrap(True)
        self.changesLabel.setTextFormat(Qt.TextFormat.RichText)
        self.changesLabel.setAccessibleDescription("What the macro changes on the ticket")
        self.notAppliedLabel = QLabel("", self)
        self.notAppliedLabel.setWordWrap(True)
        self.notAppliedLabel.setTextFormat(Qt.TextFormat.RichText)
        self.notAppliedLabel.setAccessibleDescription("What callcompanion cannot apply")
        self.notAppliedLabel.setStyleSheet(
            "QLabel { background: #fff7e6; border-left: 3px solid #d97706; padding: 6px; }"
        )
        self.notAppliedLabel.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Use this macro")
        ok.setEnabled(False)
        for widget in (
            self.search,
            self.results,
            self.status,
            self.replyHeading,
            self.preview,
            self.changesLabel,
            self.notAppliedLabel,
            self.buttons,
        ):
            layout.addWidget(widget)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(350)
        self._debounce.timeout.connect(self._run_search)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.results.currentItemChanged.connect(self._picked)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.resize(560, 600)

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
        self._asked += 1
        asked = self._asked
        self._show_effect(None, {})
        self.status.setText("Asking Zendesk what the macro would do on this ticket…")
        run_in_pool(
            with_client,
            self._auth,
            self._connection,
            lambda client: preview_macro(client, self._ticket, macro_id),
            on_result=lambda found: self._answered(asked, found),
            on_error=lambda err: self._failed(asked, err),
            owner=self,
        )

    def _answered(self, asked: int, found: tuple[MacroEffect, dict[int, str]]) -> None:
        if asked == self._asked:
            self.status.setText("")
            self._show_effect(*found)

    def _failed(self, asked: int, err: Exception) -> None:
        if asked == self._asked:
            self.status.setText(str(err))

    def _show_effect(self, effect: MacroEffect | None, titles: dict[int, str]) -> None:
        self.effect = effect
        self.preview.setPlainText(effect.comment if effect else "")
        if effect is None:
            self.replyHeading.setText("<b>Reply</b>")
            self.changesLabel.setText("")
            self.notAppliedLabel.hide()
            self.preview.show()
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            return
        kind = {True: "public reply", False: "internal note", None: "visibility as you chose"}
        self.replyHeading.setText(
            f"<b>Reply</b> ({kind[effect.public]})" if effect.comment else "<b>No reply</b>"
        )
        self.preview.setVisible(bool(effect.comment))
        lines, skipped = describe(effect, titles)
        self.changesLabel.setText(
            "<b>With the post, on the ticket</b><br>"
            + ("<br>".join(f"• {html.escape(line)}" for line in lines) or "Nothing else changes.")
        )
        self.notAppliedLabel.setText(
            "<b>Not applied by callcompanion</b> (do it in Zendesk if it is needed):<br>"
            + "<br>".join(f"• {html.escape(line)}" for line in skipped)
        )
        self.notAppliedLabel.setVisible(bool(skipped))
        usable = bool(effect.comment) or bool(lines)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(usable)
        if not usable:
            self.status.setText("That macro does nothing callcompanion can apply.")
