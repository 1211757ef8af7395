"""Write a message to the ticket (no-show reply, invitation, pre-call email, emergency follow-ups).

The text comes from its template with a fresh single-use scheduling link where one is needed;
the engineer gets a last look, then it is scanned for secrets and posted through the outbox.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callcompanion.controllers.outbox import OutboxController
from callcompanion.controllers.scheduling_links import LinkProvider, LinkResult
from callcompanion.controllers.settings import SettingsModel
from callcompanion.core.call import CallRecord, Outcome
from callcompanion.core.call_changes import call_changes, merged
from callcompanion.core.calltypes import CallType
from callcompanion.core.connections import ConnectionSettingError, clean_field
from callcompanion.core.messages import (
    LINK_MARKERS,
    LINK_PLACEHOLDER,
    SPECS,
    MessageKind,
    Missing,
    default_status,
    describe_missing,
    fill_link_markers,
    fill_placeholder,
    message_context,
    missing_parts,
    sign,
)
from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.core.summary import STATUS_CHOICES
from callcompanion.core.templates import TemplateError, TemplateLibrary
from callcompanion.core.ticket import TicketRef
from callcompanion.core.ticket_changes import TicketChanges
from callcompanion.gui.palette import error_style, warn_style
from callcompanion.gui.secret_review import review

log = logging.getLogger(__name__)

CASE_SENSITIVE = QTextDocument.FindFlag.FindCaseSensitively


class MessageDialog(QDialog):
    """One message for one ticket.

    Signals:
        posted: It went to the outbox; carries the outbox entry id.
    """

    posted = Signal(int)

    def __init__(
        self,
        kind: MessageKind,
        ticket: TicketRef,
        *,
        settings: SettingsModel,
        templates: TemplateLibrary,
        outbox: OutboxController,
        links: LinkProvider,
        call_type: CallType | None = None,
        record: CallRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.spec = SPECS[kind]
        self._ticket = ticket
        self._settings = settings
        self._templates = templates
        self._outbox = outbox
        self._call_type = call_type
        self._record = record
        self._connection_id = record.connection_id if record else None
        self._link = LinkResult("", False)
        self._edited = False
        self._filling = False
        self.entry_id: int | None = None
        self.setWindowTitle(f"{self.spec.title} for {ticket} · callcompanion")
        self.setAccessibleName(f"{self.spec.title} for {ticket}")

        layout = QVBoxLayout(self)
        self.linkLabel = QLabel("", self)
        self.linkLabel.setWordWrap(True)
        self.linkLabel.setAccessibleName("About the scheduling link")
        self.linkLabel.setVisible(self.spec.needs_link)
        layout.addWidget(self.linkLabel)
        form = QFormLayout()
        self.fieldEdits: dict[str, QLineEdit] = {}
        for field_id, label, placeholder in self.spec.fields:
            edit = QLineEdit(self)
            edit.setPlaceholderText(placeholder)
            edit.setAccessibleName(label)
            edit.textChanged.connect(self._refill)
            form.addRow(label, edit)
            self.fieldEdits[field_id] = edit
        self.statusCombo = QComboBox(self)
        self.statusCombo.setAccessibleName("Ticket status after posting")
        for value, text in STATUS_CHOICES:
            self.statusCombo.addItem(text, value)
        self.statusCombo.setCurrentIndex(
            max(0, self.statusCombo.findData(default_status(kind, settings.value)))
        )
        form.addRow("Ticket status", self.statusCombo)
        if self.spec.priority:
            note = QLabel(
                f"Posting also sets the ticket's priority to {self.spec.priority.title()}."
            )
            note.setWordWrap(True)
            form.addRow("", note)
        layout.addLayout(form)
        self.textEdit = QPlainTextEdit(self)
        self.textEdit.setAccessibleName("Message text")
        self.textEdit.textChanged.connect(self._text_changed)
        layout.addWidget(self.textEdit)
        self.problem = QLabel("", self)
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem")
        self.problem.setStyleSheet(error_style())
        self.problem.hide()
        layout.addWidget(self.problem)
        # What the message still lacks, and the way to fill it in without leaving the dialog.
        self.missingLabel = QLabel("", self)
        self.missingLabel.setWordWrap(True)
        self.missingLabel.setAccessibleName("Still to fill in")
        self.missingLabel.setStyleSheet(warn_style())
        layout.addWidget(self.missingLabel)
        self.fixBox = QWidget(self)
        fix = QFormLayout(self.fixBox)
        fix.setContentsMargins(0, 0, 0, 0)
        self.nameFixEdit = QLineEdit(settings.value.engineer_name, self.fixBox)
        self.nameFixEdit.setPlaceholderText("Your name, as the customer should see it")
        self.nameFixEdit.setAccessibleName("Your name")
        self.signButton = QPushButton("&Sign", self.fixBox)
        self.signButton.setAccessibleName("Sign the message with this name")
        name_row = QHBoxLayout()
        name_row.addWidget(self.nameFixEdit, 1)
        name_row.addWidget(self.signButton)
        fix.addRow("Your name", name_row)
        self.linkFixEdit = QLineEdit(self.fixBox)
        self.linkFixEdit.setPlaceholderText("https://calendly.com/…")
        self.linkFixEdit.setAccessibleName("Scheduling link")
        self.useLinkButton = QPushButton("&Use link", self.fixBox)
        self.useLinkButton.setAccessibleName("Put this scheduling link in the message")
        link_row = QHBoxLayout()
        link_row.addWidget(self.linkFixEdit, 1)
        link_row.addWidget(self.useLinkButton)
        fix.addRow("Scheduling link", link_row)
        self._name_row = (fix, 0)
        layout.addWidget(self.fixBox)
        buttons = QHBoxLayout()
        self.copyButton = QPushButton("Cop&y", self)
        self.copyButton.setAccessibleName("Copy the message")
        self.cancelButton = QPushButton("Cancel", self)
        self.cancelButton.setAccessibleName("Close without posting")
        self.postButton = QPushButton(f"&Post to {ticket}", self)
        self.postButton.setAccessibleName(f"Post the message to {ticket}")
        self.postButton.setDefault(True)
        self.postAnywayButton = QPushButton("Post &anyway", self)
        self.postAnywayButton.setAccessibleName("Post the message with the parts still missing")
        self.postAnywayButton.hide()
        buttons.addWidget(self.copyButton)
        buttons.addStretch(1)
        buttons.addWidget(self.cancelButton)
        buttons.addWidget(self.postAnywayButton)
        buttons.addWidget(self.postButton)
        layout.addLayout(buttons)
        self.copyButton.clicked.connect(self.copy)
        self.cancelButton.clicked.connect(self.reject)
        self.postButton.clicked.connect(self.post)
        self.postAnywayButton.clicked.connect(self.post_anyway)
        self.signButton.clicked.connect(self.fill_name)
        self.nameFixEdit.returnPressed.connect(self.fill_name)
        self.useLinkButton.clicked.connect(self.fill_link)
        self.linkFixEdit.returnPressed.connect(self.fill_link)
        self.resize(560, 520)

        if self.spec.needs_link:
            self.postButton.setEnabled(False)
            self.linkLabel.setText("Creating a single-use scheduling link…")
            links.request(call_type.key if call_type else None, self._got_link, owner=self)
        self._refill()

    @property
    def link(self) -> LinkResult:
        return self._link

    def _got_link(self, result: LinkResult) -> None:
        self._link = result
        self.linkLabel.setText(result.note or result.url)
        self.linkLabel.setStyleSheet("" if result.single_use else warn_style())
        self.postButton.setEnabled(True)
        if self._edited:
            # keep the engineer's text; only put the link where the placeholder still is
            self._filling = True
            self.textEdit.setPlainText(
                fill_link_markers(self.textEdit.toPlainText(), result.url).replace(
                    "[scheduling link]", result.url or "[scheduling link]"
                )
            )
            self._filling = False
            self._show_missing()
        else:
            self._refill()

    def _fields(self) -> dict[str, str]:
        return {key: edit.text() for key, edit in self.fieldEdits.items()}

    def _refill(self) -> None:
        if self._edited:
            return
        context = message_context(
            ticket=self._ticket,
            call_type=self._call_type,
            settings=self._settings.value,
            link=self._link.url,
            single_use=self._link.single_use,
            fields=self._fields(),
            record=self._record,
        )
        try:
            text = self._templates.render(self.spec.template, context)
        except TemplateError as err:
            self.problem.setText(f"{err}. Write the message here, or fix the template in Settings.")
            self.problem.show()
            return
        self._filling = True
        self.textEdit.setPlainText(fill_link_markers(text, self._link.url))
        self._filling = False
        self._show_missing()

    def _text_changed(self) -> None:
        if self._filling:
            return
        self._edited = True
        if self._link.url:
            self._replace_markers()
        self._show_missing()

    def _replace_markers(self) -> None:
        """Put the link where a macro pasted after it arrived says so.

        In place, so the cursor and undo stay as the engineer left them.
        """
        document = self.textEdit.document()
        self._filling = True
        try:
            for marker in LINK_MARKERS:  # the longer spelling first: it contains the other
                found = document.find(marker, 0, CASE_SENSITIVE)
                while not found.isNull():
                    found.insertText(self._link.url)
                    found = document.find(marker, found, CASE_SENSITIVE)
        finally:
            self._filling = False

    def text(self) -> str:
        return self.textEdit.toPlainText()

    # -- what is still missing ---------------------------------------------------------------

    def missing(self) -> list[Missing]:
        """What the message still lacks (placeholders, a sign-off without a name)."""
        return missing_parts(self.text())

    def _show_missing(self) -> None:
        missing = self.missing()
        whats = {item.what for item in missing}
        waiting = self.spec.needs_link and not self.postButton.isEnabled()
        if missing and not waiting:
            seen = ", ".join(f"“{item.seen}”" for item in missing)
            self.missingLabel.setText(
                f"Still to fill in before posting: {describe_missing(missing)} (the customer "
                f"would see {seen}). Fill them in below or in the text."
            )
        else:
            self.missingLabel.setText("")
        self.missingLabel.setVisible(bool(missing) and not waiting)
        name_missing = "your name" in whats
        link_missing = "a scheduling link" in whats
        form, _row = self._name_row
        form.setRowVisible(0, name_missing)
        form.setRowVisible(1, link_missing)
        self.fixBox.setVisible((name_missing or link_missing) and not waiting)
        if not missing:
            self.postAnywayButton.hide()
            if self.problem.text().startswith("Not posted"):
                self.problem.hide()

    def _put(self, change: Callable[[str], str]) -> None:
        """Apply *change* to the text, keeping it an edit when the engineer has edited."""
        edited = self._edited
        self.textEdit.setPlainText(change(self.text()))
        self._edited = edited
        self._show_missing()

    def fill_name(self) -> None:
        """Sign with the name typed here; it is also saved in Settings for next time."""
        name = " ".join(self.nameFixEdit.text().split())
        if not name:
            self._say("Type your name first: it goes under the message.")
            return
        if not self._settings.value.engineer_name.strip():
            self._settings.update(engineer_name=name)
        if self._edited:
            self._put(lambda text: sign(text, name))
        else:
            self._refill()
            if "your name" in {item.what for item in self.missing()}:
                self._put(lambda text: sign(text, name))

    def fill_link(self) -> None:
        """Put the scheduling link typed here where the message says [scheduling link]."""
        try:
            url = clean_field(self.linkFixEdit.text(), "The scheduling link")
        except ConnectionSettingError as err:
            self._say(str(err))
            return
        if not url.lower().startswith("https://") or len(url) <= len("https://"):
            self._say("Paste the full scheduling link, starting with https://.")
            return
        self._link = LinkResult(
            url, False, "Using the link you pasted; it can be booked more than once."
        )
        self.linkLabel.setText(self._link.note)
        if not self._settings.value.scheduling_link:
            self._settings.update(scheduling_link=url)
        if self._edited:
            self._put(lambda text: fill_placeholder(text, LINK_PLACEHOLDER, url))
        else:
            self._refill()

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())

    def post_anyway(self) -> bool:
        """Post although parts are missing: the engineer saw the list and chose to."""
        return self.post(allow_missing=True)

    def post(self, *, allow_missing: bool = False) -> bool:
        if self.entry_id is not None:
            return False  # already queued; the dialog is closing
        text = self.text()
        if not text.strip():
            self.problem.setText("The message is empty.")
            self.problem.show()
            return False
        missing = self.missing()
        if missing and not allow_missing:
            seen = ", ".join(f"“{item.seen}”" for item in missing)
            self._say(
                f"Not posted: the message still lacks {describe_missing(missing)}, so the "
                f"customer would see {seen}. Fill them in, or press Post anyway to send it as "
                "it is."
            )
            self.postAnywayButton.show()
            self.postAnywayButton.setEnabled(self.postButton.isEnabled())
            return False
        title = self.spec.title
        checked = review(
            self,
            text,
            public=True,
            where=title[:1].lower() + title[1:],
            pat_prefixes=self._settings.value.pat_prefixes,
        )
        if checked is None:
            return False
        body, public = checked
        record = self._record
        changes = TicketChanges(status=self.statusCombo.currentData(), priority=self.spec.priority)
        if self.spec.kind is MessageKind.NO_SHOW and record and record.outcome is Outcome.NO_SHOW:
            # The no-show reply reports on the call: its outcome's tag, the time waited.
            changes = merged(changes, call_changes(record, self._settings.value))
        self.entry_id = self._outbox.enqueue(
            ticket=self._ticket,
            text=body,
            public=public,
            kind=OutboxKind.for_message(self.spec.kind),
            label=f"{self.spec.title} for {self._ticket}",
            call_id=self._record.id if self._record else None,
            connection_id=self._connection_id,
            changes=changes,
        )
        self.posted.emit(self.entry_id)
        QTimer.singleShot(0, self.accept)
        return True
