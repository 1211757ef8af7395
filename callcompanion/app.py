"""The composition root: builds the services, controllers, windows and tray, wires them, runs.

Only this module constructs long-lived things; everything else receives what it needs. Tests
build the same graph with a fake clock and a profile under ``tmp_path``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, QUrl
from PySide6.QtWidgets import QApplication

from callcompanion import __version__
from callcompanion.bootstrap import Application, make_qapplication, run
from callcompanion.controllers.call import CallController
from callcompanion.controllers.call_actions import CallActions
from callcompanion.controllers.checklist import ChecklistController
from callcompanion.controllers.credentials import CredentialsController
from callcompanion.controllers.outbox import OutboxController
from callcompanion.controllers.running_ticket import RunningTicket
from callcompanion.controllers.scheduling_links import LinkProvider
from callcompanion.controllers.settings import SettingsModel
from callcompanion.controllers.store_check import StoreCheck
from callcompanion.controllers.summary import SummaryController
from callcompanion.controllers.summary_status import SummaryStatus
from callcompanion.controllers.team_setup import load_team_checklists
from callcompanion.controllers.ticket_context import TicketContext
from callcompanion.controllers.update_check import UpdateCheck
from callcompanion.controllers.upgrade_info import UpgradeInfo
from callcompanion.controllers.workers import drop_pending_results
from callcompanion.core.clock import Clock, SystemClock
from callcompanion.core.templates import TemplateLibrary
from callcompanion.gui.attention import NO_TRAY_NOTICE, TRAY_HINT, Attention
from callcompanion.gui.crash import PreviousCrash, crash_notice, show_crash_notice
from callcompanion.gui.first_run import FirstStart
from callcompanion.gui.global_shortcuts import GlobalShortcuts
from callcompanion.gui.main_window import MainWindow, open_url
from callcompanion.gui.main_window.banners import Level
from callcompanion.gui.messages import Messages
from callcompanion.gui.mini_timer import MiniTimerPlacement
from callcompanion.gui.summary_windows import SummaryWindows
from callcompanion.gui.today_wiring import TodayCalls
from callcompanion.gui.tray import TrayController
from callcompanion.gui.update_notice import update_notice
from callcompanion.gui.zendesk_access import ZendeskAccess
from callcompanion.paths import AppPaths, resource_dir
from callcompanion.services.checklist_store import ChecklistStore
from callcompanion.services.outbox import Outbox
from callcompanion.services.settings_file import load_settings
from callcompanion.services.storage import open_store

if TYPE_CHECKING:
    from callcompanion.gui.first_paint import FirstPaint
    from callcompanion.gui.remote import RemoteControl
    from callcompanion.gui.settings import SettingsDialog
    from callcompanion.gui.single_instance import SingleInstance
    from callcompanion.instance import Request

# Importable from here as before; they live with what uses them.
__all__ = ["NO_TRAY_NOTICE", "TRAY_HINT", "CallCompanion", "make_qapplication", "run"]

log = logging.getLogger(__name__)

LISTEN_DELAY_MS = 200


@dataclass
class StartupReport:
    """What the app found while starting; ``--smoke-test`` prints it as JSON."""

    notices: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class CallCompanion(QObject):
    """The running application: owns every long-lived object."""

    def __init__(
        self,
        qapp: QApplication,
        paths: AppPaths,
        *,
        clock: Clock | None = None,
        single_instance: bool = True,
        previous_crash: PreviousCrash | None = None,
        offline: bool = False,
        first_paint: FirstPaint | None = None,
    ) -> None:
        """Build the app.

        *offline* (the smoke test): nothing is sent and no token is handed out, so the app
        reaches neither Zendesk nor Calendly. *previous_crash*: the last run did not quit
        cleanly; the window says so. *first_paint*: the window and tray icon already shown
        (``bootstrap.run``); they are taken over.
        """
        super().__init__()
        self.qapp, self.paths = qapp, paths
        self.report = StartupReport()
        self._quitting = self._closed = False

        loaded = load_settings(paths.settings_file)
        self.report.notices += loaded.notices
        self.settings = SettingsModel(loaded.settings, paths.settings_file, self)

        # The whole file is read only when damage is likely; otherwise on a worker, later.
        opened = open_store(paths.store_file, check_integrity=previous_crash is not None)
        self.store = opened.store
        self.store_check = StoreCheck(self.store, checked_at_open=opened.checked, parent=self)
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
        credentials = None  # the keyring; offline, no token is handed out
        if offline:
            from callcompanion.smoke import NoTokens

            credentials = NoTokens()
        # The team file, the one shared Zendesk sign-in (ZendeskAuth) and its controller.
        self.zendesk = ZendeskAccess(self.settings, paths.config_dir, credentials, parent=self)
        self.credentials = self.zendesk.auth.credentials
        self.credentials_controller = CredentialsController(self.settings, self.credentials, self)
        self.report.notices += self.zendesk.problems
        self.zendesk_auth, self.sign_in = self.zendesk.auth, self.zendesk.sign_in
        self.team_setup = self.zendesk.team_setup
        self.outbox = OutboxController(
            self.store,
            Outbox(self.store),
            self.settings,
            self.zendesk_auth,
            self.clock.now,
            parent=self,
        )
        self.ticket_context = TicketContext(self.zendesk_auth, self)
        self.checklists = ChecklistController(
            load_team_checklists(paths.config_dir, self.report.notices, self.report.problems),
            ChecklistStore(self.store),
            self.controller,
            self.clock.now,
            self,
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
        self.summary_status = SummaryStatus(self.controller, self.summaries, self)
        self.upgrade_info = UpgradeInfo(
            self.checklists,
            self.outbox,
            self.settings,
            self.zendesk_auth,
            self._review_upgrade_info,
            self,
        )

        self.window = first_paint.window if first_paint is not None else MainWindow()
        self.window.attach(self.controller, self.settings, self.checklists)
        self.first_start = FirstStart(
            self.window, self.settings, self.open_settings, self.sign_in, paths.profile
        )
        self.updates = UpdateCheck(self.controller, self.settings, paths, self.clock, self.window)
        self.call_actions = CallActions(self.controller, self)
        self.tray = TrayController(
            self.controller,
            self.call_actions,
            window_in_front=lambda: self.attention.window_in_front(),
            mini_timer_visible=lambda: self.settings.value.mini_timer_visible,
            icon=first_paint.tray_icon if first_paint is not None else None,
            parent=self,
        )
        self.attention = Attention(
            self.window, self.tray, self.settings, self.call_actions, self.checklists, self
        )
        self.mini_timer = MiniTimerPlacement(self.call_actions, self.settings, self)
        self.shortcuts = GlobalShortcuts(
            self.call_actions, self.settings, self.attention.notify, self
        )
        self.running_ticket = RunningTicket(
            self.controller, self.ticket_context, self.settings, self
        )
        self.summary_windows = SummaryWindows(
            self.controller,
            self.store,
            self.summaries,
            self.ticket_context,
            self.zendesk_auth,
            self.settings,
            self.window,
            self.tray,
            self,
        )
        self.messages = Messages(
            self.controller,
            self.store,
            self.settings,
            self.templates,
            self.outbox,
            self.links,
            self.window,
            self,
        )
        self._single_instance = single_instance
        self.instance: SingleInstance | None = None
        self._remote: RemoteControl | None = None
        self._connect()
        self.today = TodayCalls.wire(self)

        for notice in self.report.notices:
            self.window.add_notice(notice, Level.WARNING)
        self.attention.tray_availability(self.tray.available)
        self.controller.resume()
        if offline:
            self.outbox.stop()
        else:
            self.outbox.start()
        self._outbox_changed()
        self.summary_windows.restore_drafts()
        self.summaries.check_reminders()
        if previous_crash is not None:
            call = self.controller.call
            show_crash_notice(
                self.window,
                crash_notice(
                    previous_crash,
                    resumed_ticket=str(call.ticket) if call is not None else None,
                    drafts_open=bool(self.summary_windows.open_call_ids()),
                    log_dir=paths.log_dir,
                ),
            )

    # -- wiring ----------------------------------------------------------------------------------

    def _connect(self) -> None:
        window, tray, attention = self.window, self.tray, self.attention
        controller = self.controller
        error, warning = attention.notice(Level.ERROR), attention.notice(Level.WARNING)
        window.quit_requested.connect(self.quit)
        window.settings_requested.connect(self.open_settings)
        window.about_requested.connect(self.show_about)
        window.open_logs_requested.connect(
            lambda: open_url(QUrl.fromLocalFile(str(self.paths.log_dir)))
        )
        window.mini_timer_toggled.connect(self.mini_timer.set_wanted)
        window.hidden_to_tray.connect(attention.hidden_to_tray)
        tray.toggle_window.connect(attention.toggle_window)
        tray.show_window.connect(lambda: window.bring_forward(activate=True))
        self.call_actions.notes_requested.connect(self.summary_windows.open_notes)
        self.call_actions.outbox_requested.connect(self.open_outbox)
        tray.start_call.connect(window.request_start)
        tray.mini_timer_toggled.connect(self.mini_timer.set_wanted)
        tray.quit_requested.connect(self.quit)
        tray.availability_changed.connect(attention.tray_availability)
        self.mini_timer.visibility_changed.connect(window.set_mini_timer_checked)
        self.mini_timer.show_main_requested.connect(lambda: window.bring_forward(activate=True))
        controller.prompt_raised.connect(attention.prompt)
        self.running_ticket.text_changed.connect(window.set_ticket_context)
        window.notes_requested.connect(self.summary_windows.open_notes)
        window.section_requested.connect(self.summary_windows.open_notes_at)
        window.summary_requested.connect(self.summary_windows.open_for)
        self.summary_status.label_changed.connect(window.summaryButton.setText)
        self.summaries.problem.connect(error)
        window.outbox_requested.connect(self.open_outbox)
        self.outbox.changed.connect(self._outbox_changed)
        self.outbox.failed.connect(attention.post_failed)
        self.outbox.sent.connect(attention.post_sent)
        window.message_requested.connect(self.messages.open_requested)
        window.follow_up_requested.connect(self.messages.open_follow_up)
        controller.register_follow_up_handler(self.messages)
        window.upgrade_info_posted.connect(self.upgrade_info.post)
        self.upgrade_info.queued.connect(attention.status)
        self.upgrade_info.warning.connect(warning)
        self.upgrade_info.problem.connect(error)
        self.checklists.nag_raised.connect(attention.nag)
        self.checklists.problem.connect(error)
        self.credentials_controller.tokens_saved.connect(self.outbox.tokens_saved)
        self.zendesk.attach(window, attention, self.outbox, self.open_settings, self.first_start)
        self.updates.available.connect(update_notice(window, self.updates))
        self.credentials_controller.warning.connect(warning)
        self.credentials_controller.problem.connect(error)
        self.store_check.damaged.connect(error)
        if isinstance(self.qapp, Application):
            self.qapp.quit_requested.connect(self._allow_quit)
        self.qapp.aboutToQuit.connect(self._save_everything)
        self.qapp.commitDataRequest.connect(lambda _manager: self._save_everything())

    def _outbox_changed(self) -> None:
        if not self._closed:  # a change told after closing has no store to count in
            self.attention.outbox_changed(self.outbox.counts())

    def _allow_quit(self) -> None:
        # A quit from the platform (macOS Cmd+Q, logout) closes every window first: let the
        # main window close instead of hiding to the tray, which would cancel the quit.
        self.window.keep_running_in_tray = False
        self._save_everything()

    def start(self, *, show_window: bool = True) -> None:
        """Show the window (not with ``--tray``), then start answering later launches."""
        self.window.setVisible(show_window)
        self.store_check.start_later()
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
            from callcompanion.gui.remote import RemoteControl

            self._remote = RemoteControl(
                self.controller, self.window, self.outbox, self.settings, self.zendesk
            )
        return self._remote

    def handle_request(self, request: Request) -> dict[str, Any]:
        """Do what this launch's command line asked, once the window is up."""
        return self.remote.handle(request, own=True)

    def _review_upgrade_info(self, text: str) -> str | None:
        """The secret review every post passes, for the upgrade facts (always internal)."""
        from callcompanion.gui.secret_review import review

        checked = review(
            self.window,
            text,
            public=False,
            where="upgrade information",
            pat_prefixes=self.settings.value.pat_prefixes,
            allow_internal=False,
        )
        return None if checked is None else checked[0]

    # -- dialogs opened from the window ------------------------------------------------------------

    def show_about(self) -> None:
        from callcompanion.gui.about import show_about

        show_about(self.window, self.paths)

    def open_outbox(self) -> None:
        from callcompanion.gui.outbox_dialog import OutboxDialog

        dialog = OutboxDialog(self.outbox, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_settings(self) -> SettingsDialog:
        from callcompanion.core.sample import sample_template_context
        from callcompanion.gui.settings import SettingsDialog

        credentials = self.credentials_controller
        dialog = SettingsDialog(
            self.settings.value,
            self.paths,
            credentials.keyring,
            self.credentials,
            self.templates,
            sample_template_context(self.settings.value),
            self.window,
            shortcuts=self.shortcuts,
            sign_in=self.sign_in,
            team=self.team_setup,
            updates=self.updates,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: credentials.apply(dialog.result_settings(), dialog.collect_tokens())
        )
        if credentials.keyring is None:
            credentials.keyring_found.connect(dialog.set_keyring_status)
            credentials.look_up_keyring()
        dialog.open()
        return dialog

    # -- quitting --------------------------------------------------------------------------------

    def _save_everything(self) -> None:
        if self._closed:  # the application quits later (tests, or another app object)
            return
        self.controller.save()
        self.summary_windows.save_all()

    def quit(self) -> None:
        """Save the call, close the store and leave the event loop."""
        if self._quitting:
            return
        self._quitting = True
        self.attention.stop()
        log.info("quitting")
        self._save_everything()
        self.outbox.stop()
        self.mini_timer.hide()
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
        self.outbox.stop()
        drop_pending_results()  # workers are daemon threads: nothing waits for them
        self._save_everything()
        self._closed = True
        self.summary_windows.close_all()
        self.tray.hide()
        if self.instance is not None:
            self.instance.close()
        self.shortcuts.stop()  # the keys go back to the desktop even without a quit
        self.attention.stop()
        self.mini_timer.close()
        self.controller.stop()
        self.zendesk.close()
        self.window.deleteLater()
        self.store.close()
