"""The summary editors: one per call, opened when a call ends, kept across restarts.

A completed call opens its summary editor at once; the running call's notes open from the
window; drafts that were being written when the app stopped open again at the next start (the
newest few). Reminders about summaries not yet posted appear in the tray, or in the window
where there is no tray.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from callcompanion.controllers.call import CallController
from callcompanion.controllers.settings import SettingsModel
from callcompanion.controllers.summary import SummaryController
from callcompanion.controllers.ticket_context import TicketContext
from callcompanion.core.call import CallRecord, Outcome
from callcompanion.gui.main_window import MainWindow
from callcompanion.gui.main_window.banners import Level
from callcompanion.gui.tray import TrayController
from callcompanion.gui.tray_icon import app_icon
from callcompanion.services.storage import Store
from callcompanion.services.zendesk_auth import ZendeskAuth

if TYPE_CHECKING:
    from callcompanion.gui.summary_editor import SummaryEditor

MAX_RESTORED_EDITORS = 3
STATUS_MS = 8000


class SummaryWindows(QObject):
    """Opens, finds and closes the summary editors (at most one per call)."""

    def __init__(
        self,
        calls: CallController,
        store: Store,
        summaries: SummaryController,
        ticket_context: TicketContext,
        auth: ZendeskAuth,
        settings: SettingsModel,
        window: MainWindow,
        tray: TrayController,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._calls = calls
        self._store = store
        self._summaries = summaries
        self._ticket_context = ticket_context
        self._auth = auth
        self._settings = settings
        self._window = window
        self._tray = tray
        self._editors: dict[str, SummaryEditor] = {}
        calls.ended.connect(self.call_ended)
        summaries.remind.connect(self._overdue)

    # -- finding -----------------------------------------------------------------------------------

    def editor(self, call_id: str) -> SummaryEditor | None:
        """The open editor of the call *call_id*, if there is one."""
        return self._editors.get(call_id)

    def open_call_ids(self) -> list[str]:
        """The calls whose summary editor is open, oldest first."""
        return list(self._editors)

    # -- opening -----------------------------------------------------------------------------------

    def open(self, record: CallRecord) -> SummaryEditor:
        """Show the call's summary editor (one per call), creating it when needed."""
        editor = self._editors.get(record.id)
        if editor is not None:
            if record.ended and not editor.record.ended:
                editor.call_ended(record)
        else:
            from callcompanion.gui.summary_editor import SummaryEditor

            editor = SummaryEditor(
                record,
                self._summaries,
                self._ticket_context,
                self._auth,
                self._settings.value.connection_for(record.ticket, record.connection_id),
            )
            editor.setWindowIcon(app_icon())
            editor.closed.connect(self._closed)
            editor.posted.connect(self._posted)
            self._editors[record.id] = editor
        editor.show()
        editor.raise_()
        editor.activateWindow()
        return editor

    def open_notes(self) -> None:
        """The running call's notes, with the cursor where the next words go."""
        call = self._calls.call
        if call is not None:
            self.open(call.record).focus_typing()

    def open_notes_at(self, section: str) -> None:
        """The running call's notes, with the cursor in *section* (a wrap-up step's)."""
        call = self._calls.call
        if call is not None:
            self.open(call.record).focus_section(section)

    def open_for(self, call_id: str) -> None:
        """The summary of the stored call *call_id* (from the history or the ended page)."""
        record = self._store.call(call_id)
        if record is not None:
            self.open(record).focus_typing()

    def call_ended(self, record: CallRecord) -> None:
        """A completed call owes a summary: keep a draft and open it.

        A no-show owes none (its apology is its post): notes opened during the wait close,
        what was typed is kept, and nothing reminds about it. Others only update.
        """
        if record.outcome is Outcome.COMPLETED:
            self._summaries.ensure_draft(record)
            self.open(record)
        elif record.outcome is Outcome.NO_SHOW:
            editor = self._editors.get(record.id)
            if editor is not None:
                editor.close()  # writes what was typed
            self._summaries.not_needed(record.id)
        elif record.id in self._editors:
            self._editors[record.id].call_ended(record)

    def restore_drafts(self) -> None:
        """After a crash or a quit: bring back summaries that were being written."""
        call = self._calls.call
        if call is not None:
            draft = self._summaries.draft(call.id)
            if draft.has_notes or draft.body.strip():
                self.open(call.record)
        for record, draft in self._summaries.open_drafts()[-MAX_RESTORED_EDITORS:]:
            if (
                draft.has_notes
                or draft.body.strip()
                or draft.internal_note.strip()
                or draft.macro is not None
            ):
                self.open(record)
                self._window.add_notice(
                    f"The summary draft for {record.ticket} was kept and is open again.",
                    Level.INFO,
                )

    # -- saving and closing ------------------------------------------------------------------------

    def save_all(self) -> None:
        """Write every editor's last change now (quitting, logging out)."""
        for editor in list(self._editors.values()):
            editor.save_now()

    def close_all(self) -> None:
        for editor in list(self._editors.values()):
            editor.close()

    def _closed(self, call_id: str) -> None:
        editor = self._editors.pop(call_id, None)
        if editor is not None:
            editor.deleteLater()

    def _posted(self, call_id: str) -> None:
        record = self._store.call(call_id)
        label = str(record.ticket) if record else "the ticket"
        self._window.statusbar.showMessage(f"Summary queued for {label}.", STATUS_MS)

    def _overdue(self, record: CallRecord) -> None:
        text = f"The summary for {record.ticket} is not posted yet."
        if not self._tray.notify("Summary not posted", text):
            self._window.add_notice(text, Level.INFO)
            self._window.bring_forward(activate=False)
