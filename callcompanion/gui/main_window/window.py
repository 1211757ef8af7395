"""The main window: the Designer form, its menus and shortcuts, page switching, notices.

What each page shows and does lives in its own module (``setup_page``, ``call_page``,
``ended_page``, ``follow_ups_page``, ``history_page``); this class wires them to the form and
keeps the public API the app and the command line use.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QShowEvent
from PySide6.QtWidgets import QMainWindow, QSizePolicy, QWidget

from callcompanion.core.call_state import CallState
from callcompanion.gui.forms.ui_main_window import Ui_MainWindow
from callcompanion.gui.main_window.looks import fit_default_size, style_form
from callcompanion.gui.palette import state_colour, text_colour
from callcompanion.gui.tray_icon import app_icon

# The pages and what they show are imported when the window is attached to the app
# (``attach``): the first paint needs only the form.
if TYPE_CHECKING:
    from callcompanion.controllers.call import CallController
    from callcompanion.controllers.checklist import ChecklistController
    from callcompanion.controllers.settings import SettingsModel
    from callcompanion.core.call import Answer, Outcome, Platform, Prompt
    from callcompanion.core.calltypes import CallType
    from callcompanion.core.checklists import ItemAction, ItemResult
    from callcompanion.core.ticket import TicketRef
    from callcompanion.gui.checklist_panel import ChecklistPanel
    from callcompanion.gui.main_window.banners import Level, NagBanner, NoticeBanner, PromptBanner
    from callcompanion.services.first_paint import RunningCallLine

log = logging.getLogger(__name__)

SETUP_PAGE, CALL_PAGE, ENDED_PAGE = 0, 1, 2

# Where each checklist item action posts, as ``upgrade_info_posted`` names it.
_ACTION_TARGETS = {
    "post_internal_note": "note",
    "post_organization_notes": "organization",
}


class MainWindow(QMainWindow, Ui_MainWindow):
    """The window beside the meeting.

    Signals:
        quit_requested: Quit the app (menu, or closing the window when there is no tray).
        settings_requested: Open the settings.
        about_requested: Show the About box.
        open_logs_requested: Open the log folder.
        mini_timer_toggled: The engineer switched the mini timer on or off.
        hidden_to_tray: The window was closed but the app keeps running in the tray.
        notes_requested: Open the summary notes for the running call.
        section_requested: Open them at one section (a wrap-up step); carries its name.
        summary_requested: Open the summary of an ended call; carries its id.
        outbox_requested: Show what is waiting to be posted.
        message_requested: Write a message; carries ``(MessageKind, TicketRef)``.
        follow_up_requested: Write the reply a follow-up owes; carries the ``FollowUp``.
        upgrade_info_posted: Post a checklist item's collected fields (the checklist file's
            ``actions``); carries ``("note" | "organization", TicketRef, ItemResult)``.
    """

    quit_requested = Signal()
    settings_requested = Signal()
    about_requested = Signal()
    open_logs_requested = Signal()
    mini_timer_toggled = Signal(bool)
    hidden_to_tray = Signal()
    notes_requested = Signal()
    section_requested = Signal(str)
    summary_requested = Signal(str)
    outbox_requested = Signal()
    message_requested = Signal(object, object)
    follow_up_requested = Signal(object)
    upgrade_info_posted = Signal(str, object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        """The form alone: enough to paint. :meth:`attach` brings the pages to life."""
        super().__init__(parent)
        self.setupUi(self)
        self.attached = False
        self._notices: list[NoticeBanner] = []
        self.keep_running_in_tray = False
        self.setWindowIcon(app_icon())
        self.pages.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._show_page(SETUP_PAGE)
        self.statusbar.setSizeGripEnabled(False)
        self.outboxButton.hide()
        self.ticketContext.hide()
        style_form(self)
        fit_default_size(self)

    def show_first(
        self, geometry: str, running: RunningCallLine | None, *, show: bool = True
    ) -> None:
        """The first paint: the saved place and, for a call still running, its line and time.

        With *show* ``False`` (starting in the tray) the window is prepared but stays hidden.

        The call's state, next step and checklist follow when the window is attached, a moment
        later (what is typed meanwhile stays in its field).
        """
        if geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        if running is not None:
            from callcompanion.core.timefmt import format_clock

            self._show_page(CALL_PAGE)
            self.callTitle.setText(running.title)
            self.elapsedLabel.setText(format_clock(running.elapsed_seconds))
            self.setWindowTitle(f"#{running.ticket_number} · callcompanion")
            for unknown_yet in (self.stateLabel, self.joinedButton, self.checklistBox):
                unknown_yet.hide()
        if show:
            self.show()

    def attach(
        self,
        controller: CallController,
        settings: SettingsModel,
        checklists: ChecklistController,
    ) -> None:
        """Build the pages on the form and follow *controller* and *settings* from now on."""
        from callcompanion.gui.main_window.call_page import CallPage
        from callcompanion.gui.main_window.ended_page import EndedPage
        from callcompanion.gui.main_window.follow_ups_page import FollowUpsBox
        from callcompanion.gui.main_window.history_page import HistoryPage
        from callcompanion.gui.main_window.setup_page import SetupPage

        self._controller = controller
        self._settings = settings
        notify = self.add_notice
        self.setup_page = SetupPage(self, self, controller, settings, checklists, notify)
        self.call_page = CallPage(self, self, controller, settings, checklists, notify)
        self.ended_page = EndedPage(self, self, controller, settings, notify)
        self.follow_ups = FollowUpsBox(self, self, controller)
        self.history_page = HistoryPage(self, self, controller, settings, notify)
        self.before_panel: ChecklistPanel = self.setup_page.panel
        self.call_panel: ChecklistPanel = self.call_page.panel
        self._connect()
        self.attached = True
        self.reload_settings()
        if not self.isVisible():  # shown first (show_first) at its saved place already
            self._restore_geometry()
        self.stateLabel.show()
        self._on_call_changed()
        self._on_prompts_changed(controller.due_prompts())
        if self.pages.currentIndex() == SETUP_PAGE:
            self.ticketEdit.setFocus()  # what is typed first is the ticket, not the tab bar

    def _connect(self) -> None:
        from callcompanion.core.call import Outcome
        from callcompanion.gui.main_window.banners import Level

        c = self._controller
        c.ticked.connect(self.refresh)
        c.call_changed.connect(self._on_call_changed)
        c.prompts_changed.connect(self._on_prompts_changed)
        c.follow_ups_changed.connect(self.follow_ups.refresh)
        c.problem.connect(lambda text: self.add_notice(text, Level.ERROR))
        self._settings.changed.connect(self.reload_settings)
        self._settings.problem.connect(lambda text: self.add_notice(text, Level.ERROR))

        self.setup_page.message_requested.connect(self.message_requested)
        self.setup_page.item_action_requested.connect(self._item_action)
        self.call_page.item_action_requested.connect(self._item_action)
        self.call_page.notes_requested.connect(self.notes_requested)
        self.call_page.section_requested.connect(self.section_requested)
        self.ended_page.summary_requested.connect(self.summary_requested)
        self.ended_page.new_call_requested.connect(self.new_call)
        self.follow_ups.follow_up_requested.connect(self.follow_up_requested)
        self.history_page.summary_requested.connect(self.summary_requested)

        self.actionStart.triggered.connect(self._start_shortcut)
        self.actionJoined.triggered.connect(self.mark_joined)
        self.actionEnd.triggered.connect(lambda: self.end_call(Outcome.COMPLETED))
        self.actionNoShow.triggered.connect(self.mark_no_show)
        self.actionCancelCall.triggered.connect(lambda: self.end_call(Outcome.CANCELLED))
        self.actionNotes.triggered.connect(self._notes_shortcut)
        self.actionOutbox.triggered.connect(self.outbox_requested)
        self.outboxButton.clicked.connect(self.outbox_requested)
        self.miniTimerCheck.toggled.connect(self._mini_timer_from_ui)
        self.actionMiniTimer.toggled.connect(self._mini_timer_from_ui)
        self.actionQuit.triggered.connect(self.quit_requested)
        self.actionSettings.triggered.connect(self.settings_requested)
        self.actionAbout.triggered.connect(self.about_requested)
        self.actionOpenLogs.triggered.connect(self.open_logs_requested)
        self.actionHistory.triggered.connect(lambda: self.tabs.setCurrentWidget(self.historyTab))
        self.tabs.currentChanged.connect(self._on_tab_changed)

    def reload_settings(self) -> None:
        self.setup_page.reload()
        self.set_mini_timer_checked(self._settings.value.mini_timer_visible)
        self.refresh()

    def _restore_geometry(self) -> None:
        geometry = self._settings.value.window_geometry
        if geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))

    def _save_geometry(self) -> None:
        encoded = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        self._settings.update(window_geometry=encoded)

    def _show_page(self, index: int) -> None:
        """Switch page and size the stack to it, so what follows sits right below."""
        for position in range(self.pages.count()):
            page = self.pages.widget(position)
            if page is None:
                continue
            policy = (
                QSizePolicy.Policy.Preferred if position == index else QSizePolicy.Policy.Ignored
            )
            page.setSizePolicy(policy, policy)
        self.pages.setCurrentIndex(index)
        self.pages.updateGeometry()

    def _on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.historyTab and not self.history_page.loaded:
            self.history_page.load()

    # -- starting and following a call -----------------------------------------------------------

    def selected_call_type(self) -> CallType:
        return self.setup_page.selected_call_type()

    def selected_platform(self) -> Platform:
        return self.setup_page.selected_platform()

    def start_call(self) -> bool:
        """Start a call from the form; on a bad ticket, say what is accepted and stay."""
        return self.setup_page.start_call()

    def start_anyway(self) -> bool:
        """Start although a gating step is not ticked: the reason is kept with the call."""
        return self.setup_page.start_anyway()

    def request_start(self) -> None:
        """Start from outside the window (tray): start if the form is filled, else show it."""
        if self._controller.call is not None:
            self.bring_forward(activate=True)
            return
        self.tabs.setCurrentWidget(self.callTab)
        if self.pages.currentIndex() == ENDED_PAGE:
            self.new_call()
        if not self.ticketEdit.text().strip() or not self.start_call():
            self.bring_forward(activate=True)
            self.ticketEdit.setFocus()

    def _start_shortcut(self) -> None:
        """Ctrl+Return acts on the page in view: from History it only brings the form up."""
        if self.tabs.currentWidget() is not self.callTab:
            self.tabs.setCurrentWidget(self.callTab)
            if self.pages.currentIndex() == SETUP_PAGE:
                self.ticketEdit.setFocus()
            return
        if self.pages.currentIndex() == ENDED_PAGE:
            self.new_call()
        else:
            self.start_call()

    def show_call_triggers(self) -> None:
        self.setup_page.show_call_triggers()

    def mark_joined(self) -> None:
        self.call_page.mark_joined()

    def mark_no_show(self) -> None:
        self.call_page.mark_no_show()

    def end_call(self, outcome: Outcome) -> None:
        self.call_page.end_call(outcome)

    def new_call(self) -> None:
        self._show_page(SETUP_PAGE)
        self.setup_page.reset()
        self.follow_ups.refresh()
        self.ticketEdit.setFocus()

    def answer_prompt(self, key: str, answer: Answer, minutes: int | None) -> None:
        self.call_page.answer_prompt(key, answer, minutes)

    def refresh(self) -> None:
        """Per-second update; does nothing while the window is hidden."""
        if not self.isVisible() or not self.attached:
            return
        call = self._controller.call
        if call is not None:
            self.call_page.refresh(call)

    def ticket_url(self, ticket: TicketRef, connection_id: str | None = None) -> str | None:
        """The ticket's agent link: its own subdomain, else its connection's address."""
        from callcompanion.gui.main_window.common import ticket_url

        return ticket_url(self._settings.value, ticket, connection_id)

    def _on_call_changed(self) -> None:
        call = self._controller.call
        running = call is not None
        if call is not None:
            self._show_page(CALL_PAGE)
            self.call_page.show_call(call)
            self.setWindowTitle(f"{call.ticket} · callcompanion")
        else:
            ended = self._controller.last_ended
            if ended is not None:
                self._show_page(ENDED_PAGE)
                self.ended_page.show_ended(ended)
            elif self.pages.currentIndex() != SETUP_PAGE:
                self._show_page(SETUP_PAGE)
            self.setWindowTitle("callcompanion")
            if self.history_page.loaded:
                self.history_page.load()
        waiting = call is not None and not call.customer_joined
        self.actionStart.setEnabled(not running)
        self.actionJoined.setEnabled(waiting)
        self.actionEnd.setEnabled(running)
        self.actionNoShow.setEnabled(waiting)
        self.actionCancelCall.setEnabled(running)
        self.follow_ups.refresh()
        self.refresh()

    def _on_prompts_changed(self, prompts: list[Prompt]) -> None:
        self.call_page.show_prompts(prompts)
        if prompts:
            self.tabs.setCurrentWidget(self.callTab)

    def prompt_banners(self) -> list[PromptBanner]:
        return self.call_page.prompt_banners()

    def nag_banners(self) -> list[NagBanner]:
        return self.call_page.nag_banners()

    def _item_action(self, action: ItemAction, ticket: TicketRef, result: ItemResult) -> None:
        self.upgrade_info_posted.emit(_ACTION_TARGETS[action.value], ticket, result)

    # -- notices and bringing the window up ------------------------------------------------------

    def add_notice(self, text: str, level: Level | None = None) -> NoticeBanner:
        """Show a dismissable message at the top of the window (once per text; default: info)."""
        from callcompanion.gui.main_window.banners import Level, NoticeBanner

        level = Level.INFO if level is None else level
        for notice in self._notices:
            if notice.text == text:
                return notice
        banner = NoticeBanner(text, level, self.noticeArea)
        banner.dismissed.connect(lambda: self._forget_notice(banner))
        self._notices.append(banner)
        self.noticeLayout.addWidget(banner)
        banner.show()
        if level is not Level.INFO:
            log.warning("notice shown: %s", text)
        return banner

    def _forget_notice(self, banner: NoticeBanner) -> None:
        if banner in self._notices:
            self._notices.remove(banner)

    def remove_notice(self, text: str) -> None:
        for notice in list(self._notices):
            if notice.text == text:
                self._notices.remove(notice)
                notice.hide()
                notice.deleteLater()

    def notices(self) -> list[str]:
        return [n.text for n in self._notices]

    def bring_forward(self, *, activate: bool) -> None:
        """Show the window; take focus only when asked (never while the engineer types)."""
        if not activate:
            self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        if activate:
            self.activateWindow()
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, False)

    def set_mini_timer_checked(self, checked: bool) -> None:
        for widget in (self.miniTimerCheck, self.actionMiniTimer):
            widget.blockSignals(True)
            widget.setChecked(checked)
            widget.blockSignals(False)

    def _mini_timer_from_ui(self, checked: bool) -> None:
        self.set_mini_timer_checked(checked)
        self.mini_timer_toggled.emit(checked)

    # -- summaries and the outbox ----------------------------------------------------------------

    def _notes_shortcut(self) -> None:
        if self._controller.call is not None:
            self.notes_requested.emit()
        elif self._controller.last_ended is not None:
            self.summary_requested.emit(self._controller.last_ended.id)

    def set_outbox_status(self, text: str, *, attention: bool) -> None:
        """The line under the call: what is waiting to be posted (hidden when nothing is)."""
        self.outboxButton.setVisible(bool(text))
        self.outboxButton.setText(f"✉ {text}" if text else "")
        self.outboxButton.setToolTip("Show the outbox (Ctrl+O)")
        self.outboxButton.setAccessibleName(f"Outbox: {text}" if text else "Outbox")
        overtime = text_colour(state_colour(CallState.OVERTIME)).name()
        colour = overtime if attention else "palette(text)"
        self.outboxButton.setStyleSheet(f"color: {colour}; text-align: left;")

    def set_ticket_context(self, text: str) -> None:
        self.ticketContext.setText(text)
        self.ticketContext.setVisible(bool(text))

    # -- window events ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if not event.spontaneous() and self.attached:
            self._save_geometry()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.attached:
            self._save_geometry()
        if self.keep_running_in_tray:
            event.ignore()
            self.hide()
            self.hidden_to_tray.emit()
        else:
            event.accept()
            self.quit_requested.emit()
