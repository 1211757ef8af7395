"""The summary editor: notes during the call, the reply after it, posted safely.

Every change reaches the disk within a second, also while the engineer types without a pause:
a pause saves, and so does typing on for longer than a pause. The window only takes a snapshot
of the text; the summary controller writes it on a background thread, so a long draft never
stalls typing. Closing the editor or quitting writes the last change at once. The reply
is filled in from the notes through the template when the call ends; before posting, the text is
scanned for credentials and nothing with a finding goes out publicly without an explicit choice.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPlainTextEdit, QWidget

from callcompanion.controllers.summary import SummaryController
from callcompanion.controllers.ticket_context import TicketContext, describe_ticket
from callcompanion.core.call import CallRecord
from callcompanion.core.connections import ZendeskConnection
from callcompanion.core.macro_actions import AppliedMacro, summary_line, without_status
from callcompanion.core.summary import (
    STATUS_CHOICES,
    SummaryDraft,
    SummaryState,
    as_markdown,
    parse_tags,
)
from callcompanion.core.ticket_changes import TicketChanges
from callcompanion.gui.forms.ui_summary_editor import Ui_SummaryEditor
from callcompanion.gui.macro_changes_bar import MacroChangesBar
from callcompanion.gui.main_window.banners import Level, NoticeBanner
from callcompanion.gui.secret_review import review
from callcompanion.services.storage import StoreError
from callcompanion.services.zendesk_auth import ZendeskAuth

if TYPE_CHECKING:
    from callcompanion.services.zendesk import TicketInfo

log = logging.getLogger(__name__)

# A pause in typing this long saves the draft...
AUTOSAVE_PAUSE_MS = 300
# ...and while typing goes on without a pause, a change never waits longer than this.
AUTOSAVE_MAX_WAIT_MS = 700
NOTES_TAB, REPLY_TAB, INTERNAL_TAB, PREVIEW_TAB = range(4)
WITHOUT_NOTES_TITLE = "Post a summary without your notes?"


class SummaryEditor(QWidget, Ui_SummaryEditor):
    """One call's summary.

    Signals:
        posted: The summary was handed to the outbox; carries the call id.
        closed: The editor closed; carries the call id.
    """

    posted = Signal(str)
    closed = Signal(str)

    def __init__(
        self,
        record: CallRecord,
        controller: SummaryController,
        context: TicketContext,
        auth: ZendeskAuth,
        connection: ZendeskConnection | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setupUi(self)
        self._record = record
        self._controller = controller
        self._context = context
        self._auth = auth
        self._connection = connection
        self._draft = controller.draft(record.id)
        self._loading = False
        self._dirty = False
        self._notices: list[NoticeBanner] = []
        self.macroBar = MacroChangesBar(self)
        self.editorLayout.insertWidget(self.editorLayout.indexOf(self.tabs) + 1, self.macroBar)
        self.macroBar.removed.connect(self.remove_macro_changes)
        self._writing: SummaryDraft | None = None  # the snapshot last handed to the writer
        self._autosave = QTimer(self)  # restarted by each change: fires after a pause
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_PAUSE_MS)
        self._autosave.timeout.connect(self._save_in_background)
        self._autosave_max = QTimer(self)  # started by the first unsaved change: never waits more
        self._autosave_max.setSingleShot(True)
        self._autosave_max.setInterval(AUTOSAVE_MAX_WAIT_MS)
        self._autosave_max.timeout.connect(self._save_in_background)
        controller.draft_written.connect(self._on_draft_written)

        for value, label in STATUS_CHOICES:
            self.statusCombo.addItem(label, value)
        for edit in self._note_edits():
            edit.setMinimumHeight(56)
        self.previewBrowser.setOpenExternalLinks(False)
        self._connect()
        self._load(self._draft)
        self._show_macro()
        self._show_record()
        if record.ended:
            self._fill_if_empty()
        self.tabs.setCurrentIndex(REPLY_TAB if record.ended else NOTES_TAB)
        if self._draft.state in (SummaryState.QUEUED, SummaryState.POSTED):
            self.add_notice(
                f"This summary is already {self._draft.state.label.lower()}. Posting it again "
                "adds another comment to the ticket.",
                Level.INFO,
            )
        context.loaded.connect(self._on_context)
        context.failed.connect(self._on_context_failed)
        cached = context.cached(record.id)
        if cached is not None:
            self._on_context(record.id, cached)
        context.fetch(record.id, record.ticket.number, connection)
        shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        shortcut.activated.connect(self.post)
        self.resize(580, 680)

    # -- set-up -----------------------------------------------------------------------------------

    @property
    def call_id(self) -> str:
        return self._record.id

    @property
    def record(self) -> CallRecord:
        return self._record

    @property
    def draft(self) -> SummaryDraft:
        return self._draft

    def focus_section(self, section: str) -> None:
        """Show the notes with the cursor at the end of *section* (see ``SUMMARY_SECTIONS``)."""
        edits: dict[str, QLineEdit | QPlainTextEdit] = {
            "attendees": self.attendeesEdit,
            "learned": self.learnedEdit,
            "engineer_next": self.engineerNextEdit,
            "customer_next": self.customerNextEdit,
            "next_call": self.nextCallEdit,
        }
        edit = edits.get(section)
        if edit is None:
            return
        self.tabs.setCurrentIndex(NOTES_TAB)
        edit.setFocus()
        if isinstance(edit, QPlainTextEdit):
            edit.moveCursor(QTextCursor.MoveOperation.End)
            edit.ensureCursorVisible()
        else:
            edit.end(False)

    def focus_typing(self) -> None:
        """The cursor where the next words go: the field last typed in, else the main notes.

        After the call, the reply (on its tab); during it, the notes field the engineer was
        in, else *What we learned and did*.
        """
        if self._record.ended and self.tabs.currentIndex() == REPLY_TAB:
            self.bodyEdit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        last = self.focusWidget()
        if last in (self.attendeesEdit, *self._note_edits()) and last is not None:
            self.tabs.setCurrentIndex(NOTES_TAB)
            last.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.focus_section("learned")

    def _note_edits(self) -> list[QPlainTextEdit]:
        return [self.learnedEdit, self.engineerNextEdit, self.customerNextEdit, self.nextCallEdit]

    def _connect(self) -> None:
        self.attendeesEdit.textChanged.connect(self._changed)
        for edit in (*self._note_edits(), self.internalEdit):
            edit.textChanged.connect(self._changed)
        self.bodyEdit.textChanged.connect(self._body_changed)
        self.publicRadio.toggled.connect(self._changed)
        self.statusCombo.currentIndexChanged.connect(self._changed)
        self.statusCombo.currentIndexChanged.connect(self._show_macro)
        self.tagsEdit.textChanged.connect(self._changed)
        self.tabs.currentChanged.connect(self._on_tab)
        self.refillButton.clicked.connect(self.refill)
        self.macroButton.clicked.connect(self.use_macro)
        self.copyButton.clicked.connect(self.copy_markdown)
        self.dismissButton.clicked.connect(self.dismiss)
        self.postButton.clicked.connect(self.post)

    def _load(self, draft: SummaryDraft) -> None:
        self._loading = True
        self.attendeesEdit.setText(draft.attendees)
        self.learnedEdit.setPlainText(draft.learned)
        self.engineerNextEdit.setPlainText(draft.engineer_next)
        self.customerNextEdit.setPlainText(draft.customer_next)
        self.nextCallEdit.setPlainText(draft.next_call)
        self.bodyEdit.setPlainText(draft.body)
        self.internalEdit.setPlainText(draft.internal_note)
        (self.publicRadio if draft.public else self.internalRadio).setChecked(True)
        self.statusCombo.setCurrentIndex(max(0, self.statusCombo.findData(draft.status)))
        self.tagsEdit.setText(" ".join(draft.tags))
        self._loading = False

    def _show_record(self) -> None:
        record = self._record
        started = record.started_at.astimezone()
        link = self._connection.ticket_url(record.ticket) if self._connection else None
        if record.ticket.subdomain:
            link = record.ticket.agent_url()
        ticket = f'<a href="{link}">{record.ticket}</a>' if link else str(record.ticket)
        self.titleLabel.setText(
            f"<b>{ticket}</b> · {record.call_type_name} · {record.platform.label} · "
            f"{started:%a %d %b %H:%M}"
        )
        self.titleLabel.setOpenExternalLinks(True)
        self.setWindowTitle(f"Summary for {record.ticket} · callcompanion")
        ended = record.ended
        self.postButton.setEnabled(ended)
        self.postButton.setText(f"&Post to {record.ticket}")
        self.postButton.setToolTip(
            "Post the summary (Ctrl+Return)"
            if ended
            else "The summary is posted when the call ends"
        )
        self.dismissButton.setVisible(ended)
        self.refillButton.setEnabled(ended)
        self.replyHint.setText(
            "Filled in from your notes when the call ends. Edit it freely: it is saved as you type."
            if not ended
            else "Filled in from your notes. Edit freely; it is saved as you type."
        )
        self.macroButton.setEnabled(self._connection is not None)
        self.macroButton.setToolTip(
            "" if self._connection else "Needs a Zendesk connection (Settings)"
        )

    def call_ended(self, record: CallRecord) -> None:
        """The call this editor was opened for has ended: fill the reply in and offer posting."""
        self._record = record
        self.save_now()
        self._show_record()
        self._fill_if_empty()
        self.tabs.setCurrentIndex(REPLY_TAB)

    # -- editing ----------------------------------------------------------------------------------

    def _collect(self) -> SummaryDraft:
        return self._draft.with_changes(
            self._now(),
            attendees=self.attendeesEdit.text(),
            learned=self.learnedEdit.toPlainText(),
            engineer_next=self.engineerNextEdit.toPlainText(),
            customer_next=self.customerNextEdit.toPlainText(),
            next_call=self.nextCallEdit.toPlainText(),
            body=self.bodyEdit.toPlainText(),
            internal_note=self.internalEdit.toPlainText(),
            public=self.publicRadio.isChecked(),
            status=self.statusCombo.currentData(),
            tags=parse_tags(self.tagsEdit.text()),
        )

    def _now(self) -> datetime:
        return self._controller.now()

    def _changed(self, *_args: object) -> None:
        if self._loading:
            return
        if not self._dirty:
            self._dirty = True
            self.savedLabel.setText("Saving…")
        self._autosave.start()
        if not self._autosave_max.isActive():
            self._autosave_max.start()

    def _stop_autosave(self) -> None:
        self._autosave.stop()
        self._autosave_max.stop()

    def _save_in_background(self) -> None:
        """Hand a snapshot of the text to the writer thread (the autosave timers call this)."""
        self._stop_autosave()
        if not self._dirty:
            return
        draft = self._collect()
        self._draft = draft
        self._dirty = False
        self._writing = draft
        self._controller.save_in_background(draft)

    def _on_draft_written(self, draft: SummaryDraft, error: str) -> None:
        if draft is not self._writing:
            return  # another call's draft, or a snapshot a newer save has replaced
        self._writing = None
        if error:
            self._dirty = True  # written again on the next change, or on closing
            self.savedLabel.setText("Not saved: see the message in the main window")
        elif not self._dirty:
            self.savedLabel.setText(f"Draft saved {datetime.now():%H:%M:%S}")

    def _body_changed(self) -> None:
        if self._loading:
            return
        self._draft = self._draft.with_changes(self._now(), body_edited=True)
        self._changed()

    def save_now(self) -> None:
        """Write the draft before returning (on closing, quitting, ending the call, dismissing)."""
        self._stop_autosave()
        if not self._dirty:
            if self._writing is not None:
                self._controller.wait_for_writes(self._record.id)
            return
        draft = self._collect()
        self._writing = None
        if self._controller.save_text(draft):
            self._draft = draft
            self._dirty = False
            self.savedLabel.setText(f"Draft saved {datetime.now():%H:%M:%S}")
        else:
            self.savedLabel.setText("Not saved: see the message in the main window")

    def _fill_if_empty(self) -> None:
        if (
            not self.internalEdit.toPlainText().strip()
            and not self._draft.internal_note
            and self._controller.checklist_outcomes(self._record)
        ):
            # The checklist's outcomes (room locked, recording policy…) are kept for the team.
            note, problem = self._controller.render(self._record, self._collect(), internal=True)
            if not problem and note.strip():
                self._loading = True
                self.internalEdit.setPlainText(note)
                self._loading = False
                self._dirty = True
        if self.bodyEdit.toPlainText().strip() and self._draft.body_edited:
            self.save_now()
            return
        self._render_into_body()

    def refill(self) -> None:
        if self._draft.body_edited and self.bodyEdit.toPlainText().strip():
            answer = QMessageBox.question(
                self,
                "Replace the reply?",
                "Fill the reply in from the notes again? Your edits to the reply are replaced.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._render_into_body()

    def _render_into_body(self) -> None:
        draft = self._collect()
        text, problem = self._controller.render(self._record, draft)
        self.remove_notices()
        if problem:
            self.add_notice(f"{problem} The reply was left as it was.", Level.ERROR)
            return
        self._loading = True
        self.bodyEdit.setPlainText(text)
        self._loading = False
        self._draft = draft.with_changes(self._now(), body=text, body_edited=False)
        self._dirty = True
        self.save_now()

    def use_macro(self) -> None:
        if self._connection is None:
            return
        from callcompanion.gui.macro_dialog import MacroDialog

        dialog = MacroDialog(self._auth, self._connection, self._record.ticket.number, self)
        accepted, effect = dialog.exec(), dialog.effect
        dialog.deleteLater()
        if not accepted or effect is None:
            return
        if effect.comment:
            self.bodyEdit.setPlainText(effect.comment)
        if effect.public is not None:
            (self.publicRadio if effect.public else self.internalRadio).setChecked(True)
        earlier, shown = self._draft.macro, self.statusCombo.currentData()
        if earlier and earlier.changes.status and earlier.changes.status == shown:
            self._set_status(earlier.status_before)  # the new macro replaces the earlier whole
        before = self.statusCombo.currentData()
        # Kept with the draft, so a restart or a crash before the post keeps it too.
        self._draft = self._draft.with_changes(
            self._now(),
            macro=AppliedMacro(effect.changes, effect.assigns_me, status_before=before),
        )
        if effect.changes.status:
            self._set_status(effect.changes.status)
        self._show_macro()
        self.tabs.setCurrentIndex(REPLY_TAB)
        self._save_at_once()

    @property
    def macro_changes(self) -> TicketChanges:
        """The applied macro's changes that go with the post (its status is the status box's)."""
        macro = self._draft.macro
        return without_status(macro.changes) if macro else TicketChanges()

    def remove_macro_changes(self) -> None:
        """Post without the macro's changes; a status it set goes back to what it was."""
        macro = self._draft.macro
        if macro is None:
            self._show_macro()
            return
        self._draft = self._draft.with_changes(self._now(), macro=None)
        if macro.changes.status and macro.changes.status == self.statusCombo.currentData():
            self._set_status(macro.status_before)
        self._show_macro()
        self._save_at_once()

    def _save_at_once(self) -> None:
        """Write a one-click choice (a macro applied or removed) now, not after a pause.

        It goes through the writer thread, as typing does.
        """
        self._changed()
        self._save_in_background()

    def _set_status(self, status: str | None) -> None:
        self.statusCombo.setCurrentIndex(max(0, self.statusCombo.findData(status)))

    def _show_macro(self) -> None:
        macro = self._draft.macro
        if macro is None:
            self.macroBar.hide()
            return
        changes = macro.changes
        if changes.status != self.statusCombo.currentData():
            changes = without_status(changes)  # the engineer chose another status since
        line = summary_line(changes, assigns_me=macro.assigns_me)
        self.macroBar.show_changes(line, changes.not_applied)

    def _on_tab(self, index: int) -> None:
        if index == PREVIEW_TAB:
            public = self.publicRadio.isChecked()
            self.previewLabel.setText(
                "Public reply: the customer and everyone copied on the ticket will read this."
                if public
                else "Internal note: only agents will see this."
            )
            text = self.bodyEdit.toPlainText().rstrip()
            if not public:  # only agents read a note: it keeps the app's reference
                text += "\n\n(ref: cc-…)"
            self.previewBrowser.setPlainText(text)

    def _on_context(self, call_id: str, info: TicketInfo) -> None:
        if call_id == self._record.id:
            self.contextLabel.setText(describe_ticket(info))

    def _on_context_failed(self, call_id: str, message: str) -> None:
        if call_id == self._record.id:
            self.contextLabel.setText(message)

    # -- notices ----------------------------------------------------------------------------------

    def add_notice(self, text: str, level: Level = Level.INFO) -> None:
        banner = NoticeBanner(text, level, self.noticeArea)
        self.noticeLayout.addWidget(banner)
        banner.show()
        self._notices.append(banner)

    def remove_notices(self) -> None:
        for banner in self._notices:
            banner.hide()
            banner.deleteLater()
        self._notices.clear()

    def notices(self) -> list[str]:
        return [b.text for b in self._notices if b.isVisible()]

    # -- the end of a summary ---------------------------------------------------------------------

    def copy_markdown(self) -> str:
        text = as_markdown(self._record, self._collect())
        QGuiApplication.clipboard().setText(text)
        self.savedLabel.setText("Copied as Markdown")
        return text

    def dismiss(self) -> None:
        answer = QMessageBox.question(
            self,
            "No summary for this call?",
            "Mark this call as needing no summary? The draft is kept, and you will not be "
            "reminded about it.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.save_now()
            self._controller.dismiss(self._record.id)
            self.close()

    def post(self) -> bool:
        """Scan, ask about any finding, then hand the summary to the outbox."""
        if not self._record.ended:
            return False
        if self._draft.state in (SummaryState.QUEUED, SummaryState.POSTED):
            answer = QMessageBox.question(
                self,
                "Post again?",
                f"This summary is already {self._draft.state.label.lower()}. Post it again as "
                "another comment on the ticket?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self._stop_autosave()  # the post saves the draft with the outbox rows, atomically
        draft = self._collect()
        if not draft.body.strip() and not draft.internal_note.strip():
            self.add_notice("There is nothing to post yet: the reply is empty.", Level.WARNING)
            self.tabs.setCurrentIndex(REPLY_TAB)
            self._keep_draft()
            return False
        if not self._confirm_without_notes(draft):
            self._keep_draft()
            return False
        prefixes = self._controller.pat_prefixes()
        checked = review(
            self, draft.body, public=draft.public, where="reply", pat_prefixes=prefixes
        )
        if checked is None:
            self._keep_draft()
            return False
        body, public = checked
        internal = review(
            self, draft.internal_note, public=False, where="internal note", pat_prefixes=prefixes
        )
        if internal is None:
            self._keep_draft()
            return False
        draft = draft.with_changes(self._now(), body=body, public=public, internal_note=internal[0])
        info = self._context.cached(self._record.id)
        try:
            self._controller.post(
                self._record,
                draft,
                updated_stamp=info.updated_at if info else None,
            )
        except (StoreError, ValueError) as err:
            self.add_notice(str(err), Level.ERROR)
            self._keep_draft()
            return False
        self._draft = draft
        self._dirty = False
        self.posted.emit(self._record.id)
        self.close()
        return True

    def _confirm_without_notes(self, draft: SummaryDraft) -> bool:
        """A public reply with nothing the engineer wrote goes out only when they say so."""
        if not draft.public or not draft.body.strip() or draft.written_by_engineer:
            return True
        answer = QMessageBox.question(
            self,
            WITHOUT_NOTES_TITLE,
            "You have not written anything in this summary yet: the customer would get only "
            "the headings and the call's date and length. Post it anyway?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            return True
        self.focus_section("learned")
        return False

    def _keep_draft(self) -> None:
        self._dirty = True
        self.save_now()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_now()
        super().closeEvent(event)
        self.closed.emit(self._record.id)
