"""What is waiting to be posted: retry, edit, copy or discard each post, or post it alone.

A post that changes its ticket (status, tags, fields, time) says so; when Zendesk refuses the
update, the engineer may post the comment without those changes.

The list is read once when the window opens; after that only the posts that changed are read
again and their rows updated, so a long queue draining does not rebuild it per post.
"""

from __future__ import annotations

from bisect import bisect_left, insort

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callcompanion.controllers.outbox import OutboxController
from callcompanion.core.macro_actions import changes_in_words
from callcompanion.gui.palette import error_style
from callcompanion.gui.secret_review import review
from callcompanion.services.outbox import WITHOUT_CHANGES, EntryState, OutboxEntry, editable
from callcompanion.services.storage import StoreError

_MAY_BE_POSTED = (
    "Zendesk may already have this reply (its answer was lost), so its text stays as it is: "
    "Retry checks the ticket first; copy the text if you want to change it there."
)
_BUSY = (
    "This post is being sent right now (perhaps by callcompanion in another window), so it "
    "was left as it is. Try again once Zendesk has answered."
)


def describe_entry(entry: OutboxEntry) -> str:
    parts = [entry.label, "public reply" if entry.public else "internal note", entry.state.label]
    if entry.state is EntryState.PENDING and entry.attempts:
        when = (
            entry.next_attempt_at.astimezone().strftime("%H:%M:%S")
            if entry.next_attempt_at
            else "now"
        )
        parts.append(f"next try {when}")
    return " · ".join(parts)


class OutboxDialog(QDialog):
    """Lists the posts not yet confirmed by Zendesk."""

    def __init__(self, controller: OutboxController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._shown_id: int | None = None
        self._ids: list[int] = []  # the ids of the rows, in order (row i shows _ids[i])
        self.setWindowTitle("Outbox · callcompanion")
        self.setAccessibleName("Outbox")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Posts stay here until Zendesk confirms them; they are retried by themselves. "
            "Nothing here is ever lost or posted twice.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Posts waiting")
        layout.addWidget(self.list)
        self.error = QLabel("", self)
        self.error.setWordWrap(True)
        self.error.setAccessibleDescription("What went wrong")  # the name is the text itself
        self.error.setStyleSheet(error_style())
        layout.addWidget(self.error)
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName("Text of the post")
        layout.addWidget(self.text)
        changes_row = QHBoxLayout()
        self.changes = QLabel("", self)
        self.changes.setWordWrap(True)
        self.changes.setAccessibleDescription("What the post changes on the ticket")
        self.alone_button = QPushButton(WITHOUT_CHANGES, self)
        self.alone_button.setAccessibleName("Post the comment without the ticket changes")
        changes_row.addWidget(self.changes, 1)
        changes_row.addWidget(self.alone_button)
        layout.addLayout(changes_row)
        buttons = QHBoxLayout()
        self.retry_button = QPushButton("&Retry now", self)
        self.save_button = QPushButton("&Save text and retry", self)
        self.copy_button = QPushButton("&Copy text", self)
        self.discard_button = QPushButton("&Discard…", self)
        close = QPushButton("Close", self)
        for button, name in (
            (self.retry_button, "Retry the post now"),
            (self.save_button, "Save the edited text and retry"),
            (self.copy_button, "Copy the text of the post"),
            (self.discard_button, "Discard the post"),
            (close, "Close the outbox"),
        ):
            button.setAccessibleName(name)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.list.currentItemChanged.connect(lambda _a, _b: self._show_selected())
        self.retry_button.clicked.connect(self._retry)
        self.save_button.clicked.connect(self._save)
        self.copy_button.clicked.connect(self._copy)
        self.discard_button.clicked.connect(self._discard)
        self.alone_button.clicked.connect(self._without_changes)
        close.clicked.connect(self.accept)
        controller.entries_changed.connect(self._on_entries_changed)
        self.resize(620, 480)
        self.refresh()

    def refresh(self) -> None:
        """Read every open post again and rebuild the list."""
        selected = self._selected_id()
        self.list.clear()
        self._ids = []
        try:
            entries = self._controller.outbox.entries()
        except StoreError as err:
            self.error.setText(str(err))
            return
        for entry in entries:
            self._put(entry)
        if selected is not None and selected in self._ids:
            self.list.setCurrentRow(self._ids.index(selected))
        self._settle()

    def _on_entries_changed(self, entry_ids: frozenset[int] | None) -> None:
        if entry_ids is None:
            self.refresh()
            return
        try:
            for entry_id in sorted(entry_ids):
                entry = self._controller.outbox.get(entry_id)
                if entry is None or entry.state is EntryState.SENT:
                    self._remove(entry_id)
                else:
                    self._put(entry)
        except StoreError as err:
            self.error.setText(str(err))
            return
        self._settle()

    def _put(self, entry: OutboxEntry) -> None:
        """Show *entry* in its row, adding the row in id order if it is new."""
        row = bisect_left(self._ids, entry.id)
        if row < len(self._ids) and self._ids[row] == entry.id:
            item = self.list.item(row)
            item.setText(describe_entry(entry))
            return
        item = QListWidgetItem(describe_entry(entry))
        item.setData(Qt.ItemDataRole.UserRole, entry.id)
        insort(self._ids, entry.id)
        self.list.insertItem(row, item)

    def _remove(self, entry_id: int) -> None:
        row = bisect_left(self._ids, entry_id)
        if row < len(self._ids) and self._ids[row] == entry_id:
            del self._ids[row]
            self.list.takeItem(row)

    def _settle(self) -> None:
        """After the rows changed: a selection, the placeholder, the selected post's details."""
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        if not self._ids:
            self.error.setText("")
            self.text.setPlainText("")
            self.text.setPlaceholderText("Nothing is waiting: every post is in Zendesk.")
        self._show_selected()

    def _selected_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _selected(self) -> OutboxEntry | None:
        entry_id = self._selected_id()
        return self._controller.outbox.get(entry_id) if entry_id is not None else None

    def _show_selected(self) -> None:
        entry = self._selected()
        has = entry is not None
        for button in (self.retry_button, self.save_button, self.copy_button, self.discard_button):
            button.setEnabled(has)
        what = changes_in_words(entry.changes) if entry is not None else ""
        self.changes.setText(f"Also changes the ticket: {what}." if what else "")
        self.changes.setVisible(bool(what))
        self.alone_button.setVisible(bool(what))
        if entry is None:
            return
        in_flight = entry.state is EntryState.SENDING
        error = entry.last_error or ""
        if in_flight:
            error = (
                "Being posted now. Retry, edit and discard are available again once Zendesk "
                "has answered."
            )
        elif not error and entry.state is EntryState.NOT_CONNECTED:
            error = "Waiting for a Zendesk connection: add one in Settings → Zendesk."
        if not in_flight and not editable(entry) and not entry.comment_sent:
            error = (error + " " if error else "") + _MAY_BE_POSTED
        self.error.setText(error)
        # Being posted is news, not a problem: said in the normal colour.
        self.error.setStyleSheet("" if in_flight else error_style())
        if not (entry.id == self._shown_id and self.text.document().isModified()):
            # An outbox change elsewhere must not throw away what the engineer is editing.
            self.text.setPlainText(entry.body)
            self.text.document().setModified(False)
            self._shown_id = entry.id
        can_edit = editable(entry)
        self.text.setReadOnly(not can_edit)
        self.save_button.setEnabled(can_edit)
        self.retry_button.setEnabled(not in_flight)
        self.discard_button.setEnabled(not in_flight)
        self.alone_button.setEnabled(not in_flight and entry.state is not EntryState.SENT)

    def _retry(self) -> None:
        entry_id = self._selected_id()
        if entry_id is None:
            return
        done = self._controller.retry(entry_id)
        self._on_entries_changed(frozenset({entry_id}))  # at once, not after the event loop
        if not done:
            self.error.setText(_BUSY)

    def _save(self) -> None:
        entry_id = self._selected_id()
        entry = self._selected()
        if entry_id is not None and entry is not None:
            checked = review(
                self,
                self.text.toPlainText(),
                public=entry.public,
                where="edited post",
                pat_prefixes=self._controller.pat_prefixes,
                allow_internal=False,
            )
            if checked is None:
                return  # back to editing: the text stays in the box, unsaved
            text = checked[0]
            if text != self.text.toPlainText():
                self.text.setPlainText(text)  # redacted: what is saved is what is shown
                self.text.document().setModified(True)
            if self._controller.edit(entry_id, text):
                self.text.document().setModified(False)  # saved: show the stored text from now
                self._on_entries_changed(frozenset({entry_id}))
            else:
                now = self._selected()
                refused = _MAY_BE_POSTED if now and now.public and now.outcome_unknown else _BUSY
                self.error.setText(refused + " Your edited text is still here.")

    def _without_changes(self) -> None:
        """Post the comment alone: Zendesk refused something the post changes on the ticket."""
        entry = self._selected()
        if entry is None:
            return
        answer = QMessageBox.question(
            self,
            f"{WITHOUT_CHANGES}?",
            f"Post “{entry.label}” without changing the ticket? It would not set: "
            f"{changes_in_words(entry.changes)}. Make those changes in Zendesk yourself if "
            "they are still needed.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            done = self._controller.outbox.without_changes(entry.id)
        except StoreError as err:
            self.error.setText(str(err))
            return
        if done:
            done = self._controller.retry(entry.id)
        self._on_entries_changed(frozenset({entry.id}))
        if not done:
            self.error.setText(_BUSY)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())

    def _discard(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        answer = QMessageBox.question(
            self,
            "Discard this post?",
            f"Discard “{entry.label}”? It will not be posted. Copy the text first if you need it.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        done = self._controller.discard(entry.id)
        self._on_entries_changed(frozenset({entry.id}))
        if not done:
            self.error.setText(_BUSY)
