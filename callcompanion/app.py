"""The composition root: builds the services, the controller, the window and the tray.

Only this module constructs things; everything else receives what it needs. Tests build the
same graph with a fake clock and a profile under ``tmp_path``.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QObject,
    QPoint,
    Qt,
    QTimer,
    QUrl,
    Signal,
    qVersion,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from callcompanion import APP_NAME, APP_ORG, __version__
from callcompanion.controllers.call import CallController
from callcompanion.controllers.checklist import ChecklistController
from callcompanion.controllers.outbox import OutboxController
from callcompanion.controllers.scheduling_links import LinkProvider
from callcompanion.controllers.settings import SettingsModel
from callcompanion.controllers.summary import SummaryController
from callcompanion.controllers.ticket_context import TicketContext, describe_ticket, with_client
from callcompanion.controllers.workers import drop_pending_results, run_in_pool
from callcompanion.core.call import CallRecord, Outcome, Prompt
from callcompanion.core.calltypes import CallType, CallTypeError
from callcompanion.core.checklists import (
    ChecklistError,
    Checklists,
    ItemResult,
    load_checklists,
    upgrade_facts,
)
from callcompanion.core.clock import Clock, SystemClock
from callcompanion.core.connections import ZendeskConnection
from callcompanion.core.followups import FollowUp, FollowUpKind, FollowUpStatus
from callcompanion.core.messages import MessageKind
from callcompanion.core.settings import Settings
from callcompanion.core.summary import SummaryState
from callcompanion.core.templates import TemplateLibrary
from callcompanion.core.ticket import TicketRef
from callcompanion.gui.banners import Level
from callcompanion.gui.crash import (
    CrashHandler,
    CrashTrace,
    PreviousCrash,
    crash_notice,
    show_crash_notice,
)
from callcompanion.gui.main_window import MainWindow, open_url
from callcompanion.gui.tray import TrayController
from callcompanion.gui.tray_icon import app_icon
from callcompanion.paths import AppPaths, resource_dir

if TYPE_CHECKING:
    from callcompanion.controllers.remote import RemoteControl
    from callcompanion.gui.message_dialog import MessageDialog
    from callcompanion.gui.mini_timer import MiniTimer
    from callcompanion.gui.settings_dialog import SettingsDialog
    from callcompanion.gui.single_instance import SingleInstance
    from callcompanion.gui.summary_editor import SummaryEditor
    from callcompanion.instance import InstanceLock, Request
    from callcompanion.services.zendesk import TicketInfo
from callcompanion.services.checklist_store import ChecklistStore
from callcompanion.services.credentials import (
    SERVICE_NAME,
    CredentialStore,
    KeyringStatus,
)
from callcompanion.services.outbox import ORG_NOTES, Outbox, OutboxEntry
from callcompanion.services.settings_file import load_settings
from callcompanion.services.storage import SCHEMA_VERSION, open_store

log = logging.getLogger(__name__)

NO_TRAY_NOTICE = (
    "No system tray was found (this desktop has no tray or status area), so this window stays "
    "open. Closing it quits callcompanion; a running call resumes when you start it again."
)
LISTEN_DELAY_MS = 200
MAX_RESTORED_EDITORS = 3
FOLLOW_UP_MESSAGES = {
    FollowUpKind.NO_SHOW: MessageKind.NO_SHOW,
    FollowUpKind.EMERGENCY_FOLLOW_UP: MessageKind.EMERGENCY_FOLLOW_UP,
    FollowUpKind.EMERGENCY_CLOSED: MessageKind.EMERGENCY_CLOSED,
}
TRAY_HINT = "callcompanion keeps running here. Click the icon to bring the window back."


@dataclass
class StartupReport:
    """What the app found while starting; ``--smoke-test`` prints it as JSON."""

    notices: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class CallCompanion(QObject):
    """The running application: owns every long-lived object.

    Signals:
        keyring_found: The keyring lookup finished; carries the :class:`KeyringStatus`.
    """

    keyring_found = Signal(object)

    def __init__(
        self,
        qapp: QApplication,
        paths: AppPaths,
        *,
        clock: Clock | None = None,
        single_instance: bool = True,
        previous_crash: PreviousCrash | None = None,
        offline: bool = False,
    ) -> None:
        """Build the app.

        *offline* (the smoke test): nothing is sent and no token is handed out, so the app
        reaches neither Zendesk nor Calendly. *previous_crash*: the last run did not quit
        cleanly; the window says so.
        """
        super().__init__()
        self.qapp = qapp
        self.paths = paths
        self.report = StartupReport()
        self.keyring: KeyringStatus | None = None
        self._keyring_lookup_started = False
        self._quitting = False
        self._closed = False

        loaded = load_settings(paths.settings_file)
        self.report.notices += loaded.notices
        self.settings = SettingsModel(loaded.settings, paths.settings_file, self)

        opened = open_store(paths.store_file)
        self.store = opened.store
        self.report.notices += opened.notices
        if not self.store.persistent:
            self.report.problems.append("the call history is not being saved")

        try:
            defaults = [resource_dir() / "templates"]
        except FileNotFoundError as err:
            defaults = []
            self.report.problems.append(str(err))
        self.templates = TemplateLibrary(paths.templates_dir, defaults)

        self.clock = clock or SystemClock()
        self.controller = CallController(self.store, self.clock, self.settings, self)
        if offline:
            from callcompanion.smoke import NoTokens

            self.credentials: CredentialStore = NoTokens()
        else:
            self.credentials = CredentialStore()
        self.outbox = OutboxController(
            self.store,
            Outbox(self.store),
            self.settings,
            self.credentials,
            self.clock.now,
            parent=self,
        )
        self.ticket_context = TicketContext(self.credentials, self)
        checklists, checklist_notices = self._load_checklists()
        self.report.notices += checklist_notices
        self.checklists = ChecklistController(
            checklists, ChecklistStore(self.store), self.controller, self.clock.now, self
        )
        self.links = LinkProvider(self.settings, self.credentials, self)
        self.summaries = SummaryController(
            self.store,
            self.outbox,
            self.settings,
            self.templates,
            self.clock.now,
            self,
            checklist_outcomes=self.checklists.outcomes_for,
        )
        self._editors: dict[str, SummaryEditor] = {}
        self.last_message: MessageDialog | None = None
        self._end_handled: tuple[str, float | None] | None = None  # (call id, ended at)
        self.window = MainWindow(self.controller, self.settings, self.checklists)
        self._mini_timer: MiniTimer | None = None  # built the first time it is shown
        self.tray = TrayController(
            self.controller,
            window_visible=self.window.isVisible,
            mini_timer_visible=lambda: self.settings.value.mini_timer_visible,
            parent=self,
        )
        self._single_instance = single_instance
        self.instance: SingleInstance | None = None
        self._remote: RemoteControl | None = None
        self._connect()

        for notice in self.report.notices:
            self.window.add_notice(notice, Level.WARNING)
        self._on_tray_availability(self.tray.available)
        self.controller.resume()
        self._update_mini_timer()
        self._on_call_changed()
        if offline:
            self.outbox.stop()
        else:
            self.outbox.start()
        self._on_outbox_changed()
        self._restore_drafts()
        self.summaries.check_reminders()
        if previous_crash is not None:
            call = self.controller.call
            show_crash_notice(
                self.window,
                crash_notice(
                    previous_crash,
                    resumed_ticket=str(call.ticket) if call is not None else None,
                    drafts_open=bool(self._editors),
                    log_dir=paths.log_dir,
                ),
            )

    # -- wiring ----------------------------------------------------------------------------------

    def _connect(self) -> None:
        window, tray, controller = self.window, self.tray, self.controller
        window.quit_requested.connect(self.quit)
        window.settings_requested.connect(self.open_settings)
        window.about_requested.connect(self.show_about)
        window.open_logs_requested.connect(
            lambda: open_url(QUrl.fromLocalFile(str(self.paths.log_dir)))
        )
        window.mini_timer_toggled.connect(self.set_mini_timer)
        window.hidden_to_tray.connect(self._on_hidden_to_tray)
        tray.toggle_window.connect(self.toggle_window)
        tray.show_window.connect(lambda: window.bring_forward(activate=True))
        tray.start_call.connect(window.request_start)
        tray.mini_timer_toggled.connect(self.set_mini_timer)
        tray.quit_requested.connect(self.quit)
        tray.availability_changed.connect(self._on_tray_availability)
        controller.prompt_raised.connect(self._on_prompt)
        controller.call_changed.connect(self._update_mini_timer)
        controller.call_changed.connect(self._on_call_changed)
        window.notes_requested.connect(self.open_notes)
        window.section_requested.connect(self.open_notes_at)
        window.summary_requested.connect(self.open_summary_for)
        window.outbox_requested.connect(self.open_outbox)
        self.outbox.changed.connect(self._on_outbox_changed)
        self.outbox.failed.connect(self._on_post_failed)
        self.outbox.sent.connect(self._on_post_sent)
        self.summaries.remind.connect(self._on_summary_overdue)
        self.summaries.changed.connect(self._refresh_summary_button)
        controller.call_changed.connect(self._refresh_summary_button)
        self.summaries.problem.connect(lambda text: window.add_notice(text, Level.ERROR))
        self.ticket_context.loaded.connect(self._on_ticket_context)
        self.ticket_context.failed.connect(self._on_ticket_context_failed)
        window.message_requested.connect(self._on_message_requested)
        window.follow_up_requested.connect(self.open_follow_up)
        window.upgrade_info_posted.connect(self._post_upgrade_info)
        self.checklists.nag_raised.connect(lambda item: self.tray.notify(item.title, item.help))
        self.checklists.problem.connect(lambda text: window.add_notice(text, Level.ERROR))
        controller.register_follow_up_handler(self)
        if isinstance(self.qapp, Application):
            self.qapp.quit_requested.connect(self._allow_quit)
        self.qapp.aboutToQuit.connect(self._save_everything)
        self.qapp.commitDataRequest.connect(lambda _manager: self._save_everything())

    def _allow_quit(self) -> None:
        # A quit from the platform (macOS Cmd+Q, logout) closes every window first: let the
        # main window close instead of hiding to the tray, which would cancel the quit.
        self.window.keep_running_in_tray = False
        self._save_everything()

    def start(self) -> None:
        """Show the window, then start answering later launches."""
        self.window.show()
        if self._single_instance:
            # Soon, but after the first paint: QtNetwork is not needed to show the window.
            QTimer.singleShot(LISTEN_DELAY_MS, self._listen_for_launches)
        log.info(
            "ready: callcompanion %s, window shown, tray %s, data in %s",
            __version__,
            "available" if self.tray.available else "unavailable",
            self.paths.data_dir,
        )

    def _listen_for_launches(self) -> None:
        if self._quitting or self._closed:
            return
        from callcompanion.gui.single_instance import SingleInstance  # loads QtNetwork

        self.instance = SingleInstance(self.paths.instance_key(), self.remote.handle, self)

    @property
    def remote(self) -> RemoteControl:
        """Answers the command line (later launches, or this launch's own request)."""
        if self._remote is None:
            from callcompanion.controllers.remote import RemoteControl

            self._remote = RemoteControl(self.controller, self.window, self.outbox, self.settings)
        return self._remote

    def handle_request(self, request: Request) -> dict[str, Any]:
        """Do what this launch's command line asked, once the window is up."""
        reply = self.remote.handle(request)
        if not reply.get("ok") and sys.stderr is not None:
            sys.stderr.write(f"callcompanion: {reply.get('error')}\n")
        return reply

    # -- checklists and messages ------------------------------------------------------------------

    def _load_checklists(self) -> tuple[Checklists, list[str]]:
        team_file = self.paths.config_dir / "checklists.toml"
        try:
            return load_checklists(resource_dir() / "checklists.toml", team_file)
        except (ChecklistError, OSError, FileNotFoundError) as err:
            self.report.problems.append(f"the default checklists cannot be read: {err}")
            return Checklists([]), []

    def handles(self, kind: FollowUpKind) -> bool:
        return kind in FOLLOW_UP_MESSAGES

    def handle(self, follow_up: FollowUp) -> None:
        """A follow-up is owed: the engineer's answer just created it, so write it now.

        It comes from the running call (an emergency's follow-up) or the call that just ended
        (a no-show, a closed bridge). One restored from an earlier session waits in the
        window's follow-up box instead.
        """
        QTimer.singleShot(0, lambda: self._open_if_current(follow_up))

    def _open_if_current(self, follow_up: FollowUp) -> None:
        call = self.controller.call
        ended = self.controller.last_ended  # set once the ending action is complete
        current = call.id if call is not None else ended.id if ended is not None else None
        if current == follow_up.call_id:
            self.open_follow_up(follow_up)

    def open_follow_up(self, follow_up: FollowUp) -> MessageDialog | None:
        record = self.store.call(follow_up.call_id)
        dialog = self.open_message(
            FOLLOW_UP_MESSAGES[follow_up.kind],
            follow_up.ticket,
            call_type=self.settings.value.call_types().get(record.call_type_key)
            if record and record.call_type_key in self.settings.value.call_types()
            else None,
            record=record,
        )
        dialog.posted.connect(
            lambda _entry: self.controller.settle_follow_up(follow_up, FollowUpStatus.DONE)
        )
        return dialog

    def _on_message_requested(self, kind: MessageKind, ticket: TicketRef) -> None:
        try:
            call_type = self.window.selected_call_type()
        except CallTypeError:
            call_type = None
        self.open_message(kind, ticket, call_type=call_type)

    def open_message(
        self,
        kind: MessageKind,
        ticket: TicketRef,
        *,
        call_type: CallType | None = None,
        record: CallRecord | None = None,
    ) -> MessageDialog:
        from callcompanion.gui.message_dialog import MessageDialog

        dialog = MessageDialog(
            kind,
            ticket,
            settings=self.settings,
            templates=self.templates,
            outbox=self.outbox,
            links=self.links,
            call_type=call_type,
            record=record,
            parent=self.window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_message = dialog
        return dialog

    def _post_upgrade_info(self, where: str, ticket: TicketRef, result: ItemResult) -> None:
        item = self.checklists.checklists.get(result.item_id)
        if item is None:
            return
        from callcompanion.gui.secret_review import review

        text = "Upgrade information from the call preparation:\n" + upgrade_facts(item, result)
        checked = review(
            self.window,
            text,
            public=False,
            where="upgrade information",
            pat_prefixes=self.settings.value.pat_prefixes,
            allow_internal=False,
        )
        if checked is None:
            return
        text = checked[0]
        if where == "note":
            self.outbox.enqueue(
                ticket=ticket,
                text=text,
                public=False,
                kind="internal_note",
                label=f"Upgrade information for {ticket}",
            )
            self.window.statusbar.showMessage(f"Upgrade information queued for {ticket}.", 8000)
            return
        connection = self.outbox.connection_for_ticket(ticket.subdomain, ticket.number)
        if connection is None:
            self.window.add_notice(
                "The organization's notes need a Zendesk connection (Settings → Zendesk).",
                Level.WARNING,
            )
            return

        def got(info: TicketInfo) -> None:
            if info.organization_id is None:
                self.window.add_notice(f"{ticket} has no organization in Zendesk.", Level.WARNING)
                return
            self.outbox.enqueue(
                ticket=ticket,
                text=f"{text}\n(from {ticket})",
                public=False,
                kind=ORG_NOTES,
                label=f"Organization notes ({info.organization or 'organization'}) for {ticket}",
                organization_id=info.organization_id,
            )
            self.window.statusbar.showMessage(
                "Upgrade information queued for the organization.", 8000
            )

        run_in_pool(
            with_client,
            self.credentials,
            connection,
            lambda client: client.ticket(ticket.number),
            on_result=got,
            on_error=lambda err: self._notice(f"The organization could not be looked up: {err}"),
        )

    def _notice(self, text: str) -> None:
        self.window.add_notice(text, Level.ERROR)

    # -- summaries and the outbox ----------------------------------------------------------------

    def _connection_of(self, record: CallRecord) -> ZendeskConnection | None:
        settings = self.settings.value
        return settings.connection(record.connection_id) or self.outbox.connection_for_ticket(
            record.ticket.subdomain, record.ticket.number
        )

    def _on_call_changed(self) -> None:
        call = self.controller.call
        if call is not None:
            record = call.record
            if self.ticket_context.cached(record.id) is None:
                self.window.set_ticket_context("")
            self.ticket_context.fetch(
                record.id, record.ticket.number, self._connection_of(record), refresh=False
            )
            return
        ended = self.controller.last_ended
        # Each end once (a call resumed and ended again is a new end).
        if ended is None or self._end_handled == (ended.id, ended.ended_at):
            return
        self._end_handled = (ended.id, ended.ended_at)
        if ended.outcome is Outcome.COMPLETED:
            self.summaries.ensure_draft(ended)
            self.open_summary(ended)
        elif ended.id in self._editors:
            self._editors[ended.id].call_ended(ended)

    def _refresh_summary_button(self) -> None:
        ended = self.controller.last_ended
        if ended is None or self.controller.call is not None:
            return
        state = self.summaries.draft(ended.id).state
        self.window.summaryButton.setText(
            {
                SummaryState.DRAFT: "Write the &summary",
                SummaryState.QUEUED: "Summary waiting to post · &open",
                SummaryState.POSTED: "Summary posted ✓ · &open",
                SummaryState.DISMISSED: "No summary needed · &open",
            }[state]
        )

    def _on_ticket_context(self, call_id: str, info: TicketInfo) -> None:
        call = self.controller.call
        if call is not None and call.id == call_id:
            self.window.set_ticket_context(describe_ticket(info))

    def _on_ticket_context_failed(self, call_id: str, message: str) -> None:
        call = self.controller.call
        if call is not None and call.id == call_id and self.settings.value.zendesk_connections:
            self.window.set_ticket_context(message)

    def open_notes(self) -> None:
        call = self.controller.call
        if call is not None:
            self.open_summary(call.record)

    def open_notes_at(self, section: str) -> None:
        """The running call's notes, with the cursor in *section* (a wrap-up step's)."""
        call = self.controller.call
        if call is not None:
            self.open_summary(call.record).focus_section(section)

    def open_summary_for(self, call_id: str) -> None:
        record = self.store.call(call_id)
        if record is not None:
            self.open_summary(record)

    def open_summary(self, record: CallRecord) -> SummaryEditor:
        """Show the call's summary editor (one per call), creating it when needed."""
        editor = self._editors.get(record.id)
        if editor is not None:
            if record.ended and not editor.record.ended:
                editor.call_ended(record)
        else:
            from callcompanion.gui.summary_editor import SummaryEditor

            editor = SummaryEditor(
                record,
                self.summaries,
                self.ticket_context,
                self.credentials,
                self._connection_of(record),
            )
            editor.setWindowIcon(app_icon())
            editor.closed.connect(self._editor_closed)
            editor.posted.connect(self._summary_posted)
            self._editors[record.id] = editor
        editor.show()
        editor.raise_()
        editor.activateWindow()
        return editor

    def editor(self, call_id: str) -> SummaryEditor | None:
        return self._editors.get(call_id)

    def _editor_closed(self, call_id: str) -> None:
        editor = self._editors.pop(call_id, None)
        if editor is not None:
            editor.deleteLater()

    def _summary_posted(self, call_id: str) -> None:
        record = self.store.call(call_id)
        label = str(record.ticket) if record else "the ticket"
        self.window.statusbar.showMessage(f"Summary queued for {label}.", 8000)

    def _restore_drafts(self) -> None:
        """After a crash or a quit: bring back summaries that were being written."""
        call = self.controller.call
        if call is not None:
            draft = self.summaries.draft(call.id)
            if draft.has_notes or draft.body.strip():
                self.open_summary(call.record)
        for record, draft in self.summaries.open_drafts()[-MAX_RESTORED_EDITORS:]:
            if draft.has_notes or draft.body.strip() or draft.internal_note.strip():
                self.open_summary(record)
                self.window.add_notice(
                    f"The summary draft for {record.ticket} was kept and is open again.",
                    Level.INFO,
                )

    def open_outbox(self) -> None:
        from callcompanion.gui.outbox_dialog import OutboxDialog

        dialog = OutboxDialog(self.outbox, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _on_outbox_changed(self) -> None:
        counts = self.outbox.counts()
        text = counts.describe()
        self.window.set_outbox_status(text, attention=bool(counts.failed))
        self.tray.set_outbox_status(text)

    def _on_post_failed(self, entry: OutboxEntry) -> None:
        message = f"{entry.label}: {entry.last_error}"
        if not self.tray.notify("A post needs your attention", message):
            self.window.bring_forward(activate=False)

    def _on_post_sent(self, entry: OutboxEntry) -> None:
        self.window.statusbar.showMessage(f"{entry.label} is in Zendesk.", 8000)

    def _on_summary_overdue(self, record: CallRecord) -> None:
        text = f"The summary for {record.ticket} is not posted yet."
        if not self.tray.notify("Summary not posted", text):
            self.window.add_notice(text, Level.INFO)
            self.window.bring_forward(activate=False)

    # -- behaviour -------------------------------------------------------------------------------

    def toggle_window(self) -> None:
        if self.window.isVisible() and not self.window.isMinimized():
            self.window.close()
        else:
            self.window.bring_forward(activate=True)

    def set_mini_timer(self, visible: bool) -> None:
        self.settings.update(mini_timer_visible=visible)
        self.window.set_mini_timer_checked(visible)
        self._update_mini_timer()

    @property
    def mini_timer(self) -> MiniTimer:
        if self._mini_timer is None:
            from callcompanion.gui.mini_timer import MiniTimer

            timer = MiniTimer(self.controller)
            timer.show_main_requested.connect(lambda: self.window.bring_forward(activate=True))
            timer.hide_requested.connect(lambda: self.set_mini_timer(False))
            timer.moved_to.connect(self._mini_timer_moved)
            self._mini_timer = timer
        return self._mini_timer

    def _update_mini_timer(self) -> None:
        wanted = self.settings.value.mini_timer_visible and self.controller.call is not None
        if not wanted and self._mini_timer is None:
            return
        if wanted and not self.mini_timer.isVisible():
            position = self.settings.value.mini_timer_position
            if position is not None:
                self.mini_timer.move(QPoint(*position))
            else:
                self._park_mini_timer()
            self.mini_timer.show()
        elif not wanted and self.mini_timer.isVisible():
            self.mini_timer.hide()

    def _park_mini_timer(self) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        self.mini_timer.adjustSize()
        self.mini_timer.move(area.right() - self.mini_timer.width() - 24, area.top() + 24)

    def _mini_timer_moved(self, pos: QPoint) -> None:
        self.settings.update(mini_timer_position=(pos.x(), pos.y()))

    def _on_prompt(self, prompt: Prompt) -> None:
        if self.settings.value.show_window_on_prompt and not self.window.isVisible():
            self.window.bring_forward(activate=False)
        QApplication.alert(self.window)
        log.info("prompt %s: %s", prompt.key, prompt.title)

    def _on_tray_availability(self, available: bool) -> None:
        self.window.keep_running_in_tray = available
        if available:
            self.window.remove_notice(NO_TRAY_NOTICE)
        else:
            self.window.add_notice(NO_TRAY_NOTICE, Level.INFO)
            if not self.window.isVisible() and not self._quitting:
                self.window.bring_forward(activate=False)

    def _on_hidden_to_tray(self) -> None:
        if not self.settings.value.tray_hint_shown:
            self.tray.notify("callcompanion", TRAY_HINT)
            self.settings.update(tray_hint_shown=True)

    def _on_keyring(self, status: KeyringStatus) -> None:
        self.keyring = status
        log.info("keyring: %s (secure: %s)", status.backend, status.secure)
        self.keyring_found.emit(status)

    def open_settings(self) -> SettingsDialog:
        from callcompanion.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            self.settings.value,
            self.paths,
            self.keyring,
            self.credentials,
            self.templates,
            sample_template_context(self.settings.value),
            self.window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self._apply_settings(dialog.result_settings(), dialog.collect_tokens())
        )
        if self.keyring is None:
            self.keyring_found.connect(dialog.set_keyring_status)
            self.look_up_keyring()
        dialog.open()
        return dialog

    def _apply_settings(self, settings: Settings, tokens: dict[str, str | None]) -> None:
        """Save the settings; tokens go to the keyring on a worker thread, then posts resume."""
        if not tokens:
            self.settings.set(settings)
            return

        def store_tokens() -> bool:
            secure = True
            for user, token in tokens.items():
                if token is None:
                    self.credentials.delete(user)
                else:
                    secure = self.credentials.set(user, token) and secure
            return secure

        def stored(secure: bool) -> None:
            self.settings.set(settings)
            # A new token alone may free waiting posts, and those Zendesk refused the old one.
            self.outbox.tokens_saved(user for user, token in tokens.items() if token)
            if not secure:
                self.window.add_notice(
                    "No system keyring was found, so the token is kept in memory only until "
                    "you quit. It works now; you will be asked for it again next time.",
                    Level.WARNING,
                )

        def failed(err: Exception) -> None:
            self.settings.set(settings)
            self.window.add_notice(f"The token was not saved: {err}", Level.ERROR)

        run_in_pool(store_tokens, on_result=stored, on_error=failed)

    def look_up_keyring(self) -> None:
        """Find the keyring backend on a worker thread.

        Importing keyring and asking D-Bus takes a while: never at start-up, never on the GUI
        thread.
        """
        if not self._keyring_lookup_started:
            self._keyring_lookup_started = True
            # Through the credential store, which keeps the answer for its own use.
            run_in_pool(self.credentials.status, on_result=self._on_keyring)

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self.window,
            "About callcompanion",
            f"<b>callcompanion {__version__}</b><br>"
            "The call timer, prompts and history beside your customer calls.<br><br>"
            f"Qt {qVersion()}<br>Data: {self.paths.data_dir}<br>Logs: {self.paths.log_dir}",
        )

    def _save_everything(self) -> None:
        self.controller.save()
        for editor in list(self._editors.values()):
            editor.save_now()

    def quit(self) -> None:
        """Save the call, close the store and leave the event loop."""
        if self._quitting:
            return
        self._quitting = True
        log.info("quitting")
        self._save_everything()
        self.outbox.stop()
        if self._mini_timer is not None:
            self._mini_timer.hide()
        self.tray.hide()
        if self.instance is not None:
            self.instance.close()
        self.window.keep_running_in_tray = False
        self.window.hide()
        self.qapp.quit()

    def close(self) -> None:
        """Release everything (after the event loop, or at the end of a test)."""
        if self._closed:
            return
        self._closed = True
        self.outbox.stop()
        drop_pending_results()  # workers are daemon threads: nothing waits for them
        self._save_everything()
        for editor in list(self._editors.values()):
            editor.close()
        self.tray.hide()
        if self.instance is not None:
            self.instance.close()
        if self._mini_timer is not None:
            self._mini_timer.deleteLater()
        self.window.deleteLater()
        self.store.close()

    # -- smoke test ------------------------------------------------------------------------------

    def smoke_report(self, started: float, *, check_keyring: bool = False) -> dict[str, Any]:
        """Check the whole app once, without waiting for a person.

        With *check_keyring*, a throwaway secret goes through the keyring and back (the check a
        frozen build needs: a missing backend module silently leaves the fail backend).
        """
        problems = list(self.report.problems)
        keyring = self.keyring or self.credentials.status()
        round_trip: str | None = None
        if check_keyring:
            round_trip = keyring_round_trip(keyring)
            if round_trip != "ok":
                problems.append(f"keyring: {round_trip}")
        template_names = self.templates.names()
        if not template_names:
            problems.append("no message templates found")
        context = sample_template_context(self.settings.value)
        for name in template_names:
            problem = self.templates.check(name, context)
            if problem:
                problems.append(problem)
        window_shown = self.window.isVisible()
        if not window_shown:
            problems.append("the main window did not show")
        network = http_self_check()
        if network != "ok":
            problems.append(f"HTTP: {network}")
        return {
            "ok": not problems,
            "reason": "; ".join(problems) or None,
            "version": __version__,
            "qt": qVersion(),
            "platform": QGuiApplication.platformName(),
            "window_shown": window_shown,
            "tray_available": self.tray.available,
            "keyring": {
                "backend": keyring.backend,
                "secure": keyring.secure,
                "description": keyring.description,
                "round_trip": round_trip,
            },
            "frozen": bool(getattr(sys, "frozen", False)),
            "http": network,
            "checklist_items": len(self.checklists.checklists.items),
            "store": {
                "path": str(self.store.path) if self.store.path else None,
                "persistent": self.store.persistent,
                "schema": SCHEMA_VERSION,
            },
            "config_dir": str(self.paths.config_dir),
            "data_dir": str(self.paths.data_dir),
            "log_dir": str(self.paths.log_dir),
            "resources": _resource_dir_or_none(),
            "templates": template_names,
            "call_running": self.controller.call is not None,
            "notices": self.report.notices,
            "startup_ms": round((time.perf_counter() - started) * 1000, 1),
        }


def keyring_round_trip(status: KeyringStatus) -> str:
    """Store, read back and delete a throwaway secret: "ok", or what went wrong."""
    if not status.secure:
        return f"no secure backend ({status.backend})"
    import secrets

    import keyring

    user = f"smoke-test-{secrets.token_hex(4)}"
    value = secrets.token_urlsafe(16)
    try:
        keyring.set_password(SERVICE_NAME, user, value)
        try:
            read = keyring.get_password(SERVICE_NAME, user)
        finally:
            keyring.delete_password(SERVICE_NAME, user)
    except Exception as err:  # any backend failure is the answer
        return f"round trip failed: {type(err).__name__}: {err}"
    if read != value:
        return "round trip failed: the secret read back differs"
    return "ok"


def http_self_check() -> str:
    """One HTTP request through the app's client stack (httpx, TLS set-up) to a loopback socket.

    A frozen build that lacks a lazily imported part of it fails here, not at the first post.
    """
    import socket
    import threading

    import httpx

    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(5)

    def answer() -> None:
        try:
            connection, _address = server.accept()
        except OSError:
            return
        with connection:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    try:
        with httpx.Client(timeout=5) as client:  # builds the TLS context from certifi, too
            response = client.get(f"http://127.0.0.1:{server.getsockname()[1]}/smoke")
    except Exception as err:  # any failure is the answer
        return f"failed: {type(err).__name__}: {err}"
    finally:
        server.close()
        thread.join(5)
    return "ok" if response.status_code == 204 else f"unexpected status {response.status_code}"


def write_smoke_report(report: dict[str, Any], output: str) -> None:
    """One JSON line to stdout (``-``) or to the file *output*."""
    import json

    line = json.dumps(report, sort_keys=True)
    if output == "-":
        if sys.stdout is not None:  # None in a windowed build on Windows
            print(line, flush=True)  # noqa: T201
        return
    Path(output).write_text(line + "\n", encoding="utf-8")


def sample_template_context(settings: Settings) -> dict[str, Any]:
    """A made-up ended call, to check templates against (Settings, smoke test)."""
    from callcompanion.core.call import CallRecord, Platform
    from callcompanion.core.messages import message_context
    from callcompanion.core.summary import SummaryDraft, summary_context
    from callcompanion.core.ticket import TicketRef

    now = SystemClock().now()
    record = CallRecord(
        id="sample",
        ticket=TicketRef(12345),
        call_type_key="troubleshooting",
        call_type_name="Troubleshooting",
        platform=Platform.ZOOM,
        started_at=now,
        planned_seconds=3600,
        wrapup_lead_seconds=600,
        no_show_after_seconds=600,
        joined_at=0.0,
        ended_at=2520.0,
        outcome=Outcome.COMPLETED,
    )
    draft = SummaryDraft(
        call_id="sample",
        updated_at=now,
        attendees="Chris Customer, Ana Example",
        learned="What was found.",
        engineer_next="What the engineer does next.",
        customer_next="What the customer does next.",
        next_call="When to meet again.",
    )
    messages = message_context(
        ticket=record.ticket,
        call_type=settings.call_types().get("troubleshooting"),
        settings=settings,
        link="https://calendly.com/d/abcd-efgh/support-call",
        single_use=True,
        fields={"goals": "Find why the upgrade stops.", "attendees": "The GitLab administrator"},
        record=record,
    )
    return {**messages, **summary_context(record, draft, settings, checklist=["Room locked"])}


def _resource_dir_or_none() -> str | None:
    try:
        return str(resource_dir())
    except FileNotFoundError:
        return None


class Application(QApplication):
    """The QApplication, telling the app when the platform asks it to quit.

    Signals:
        quit_requested: A quit is about to close every window (Cmd+Q, logout, ``quit()``).
    """

    quit_requested = Signal()

    def event(self, event: QEvent) -> bool:
        # Only events sent to the application object itself pass here, not every widget's.
        if event.type() == QEvent.Type.Quit:
            self.quit_requested.emit()
        return super().event(event)


def make_qapplication(qt_args: list[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(APP_ORG)
    QApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APP_NAME)
    qapp = Application([APP_NAME, *qt_args])
    qapp.setQuitOnLastWindowClosed(False)
    qapp.setWindowIcon(app_icon())
    return qapp


def run(
    paths: AppPaths,
    *,
    smoke_test: bool = False,
    smoke_output: str = "-",
    check_keyring: bool = False,
    qt_args: list[str] | None = None,
    on_ready: Callable[[CallCompanion], None] | None = None,
    instance: InstanceLock | None = None,
    request: Request | None = None,
) -> int:
    """Start the GUI and run until quit; returns the process exit code.

    *instance* is the profile's lock when the caller already took it (``__main__`` does, before
    Qt loads); otherwise it is taken here, and when another app holds it *request* (default:
    show the window) is handed to that app instead. This launch's own *request* is done once
    the window is up.
    """
    started = time.perf_counter()
    if smoke_test:
        return _run_smoke_test(paths, started, smoke_output, check_keyring, qt_args or [])
    from callcompanion.instance import NotAnsweringError, Request, claim, report_reply

    if instance is None:
        try:
            claimed = claim(paths.lock_file, paths.instance_key(), request or Request())
        except NotAnsweringError as err:
            if sys.stderr is not None:
                sys.stderr.write(f"callcompanion: {err}\n")
            return 1
        if claimed.lock is None:
            return report_reply(request or Request(), claimed.reply or {})
        instance = claimed.lock
    trace = CrashTrace(paths)
    try:
        previous_crash = trace.begin()
        qapp = make_qapplication(qt_args or [])
        crash = CrashHandler(paths.log_file)
        crash.install()
        from callcompanion.gui.unix_signals import SignalWatcher

        companion = CallCompanion(qapp, paths, previous_crash=previous_crash)
        watcher = SignalWatcher(lambda _signum: companion.quit())
        try:
            companion.start()
            if request is not None and request.command != "show":
                startup_request = request
                QTimer.singleShot(0, lambda: companion.handle_request(startup_request))
            if on_ready is not None:
                QTimer.singleShot(0, lambda: on_ready(companion))
            code = qapp.exec()
        finally:
            watcher.restore()
            companion.close()
            crash.uninstall()
        trace.end()  # a clean quit: nothing to report at the next start
        return code
    finally:
        instance.release()


def _run_smoke_test(
    paths: AppPaths, started: float, output: str, check_keyring: bool, qt_args: list[str]
) -> int:
    """The whole app once, offline, on the profile or (when it is in use) a throwaway copy."""
    import faulthandler
    import shutil

    from callcompanion.instance import InstanceLock

    with contextlib.suppress(AttributeError, OSError, ValueError):  # no console: no trace
        faulthandler.enable(sys.stderr)
    lock = InstanceLock.acquire(paths.lock_file)
    throwaway: Path | None = None
    live_profile = paths
    if lock is None:
        from callcompanion.log import setup_logging
        from callcompanion.smoke import throwaway_copy

        paths, throwaway = throwaway_copy(paths)
        setup_logging(paths.log_file, verbose=logging.getLogger().level <= logging.DEBUG)
        log.info("the profile is in use; the smoke test runs on a copy in %s", throwaway)
        lock = InstanceLock.acquire(paths.lock_file)
    try:
        qapp = make_qapplication(qt_args)
        crash = CrashHandler(paths.log_file)
        crash.install()
        companion = CallCompanion(qapp, paths, single_instance=False, offline=True)
        report: dict[str, Any] = {}
        try:
            companion.start()

            def check_and_quit() -> None:
                report.update(companion.smoke_report(started, check_keyring=check_keyring))
                companion.quit()

            QTimer.singleShot(0, check_and_quit)
            qapp.exec()
        finally:
            companion.close()
            crash.uninstall()
        report["profile_in_use"] = throwaway is not None
        report["throwaway_profile"] = str(paths.data_dir.parent) if throwaway else None
        if throwaway is not None:
            report["notices"] = [
                *report.get("notices", []),
                f"callcompanion is running on {live_profile.data_dir}, so the smoke test ran "
                "on a throwaway copy of that profile and left the live one alone.",
            ]
        write_smoke_report(report, output)
        return 0 if report.get("ok") else 1
    finally:
        if lock is not None:
            lock.release()
        if throwaway is not None:
            shutil.rmtree(throwaway, ignore_errors=True)
