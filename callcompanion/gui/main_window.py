"""The main window: set up a call, follow it, answer prompts, browse the history."""

from __future__ import annotations

import logging
from typing import cast

from PySide6.QtCore import QByteArray, QModelIndex, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QHideEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QWidget,
)

from callcompanion.controllers.call import CallController
from callcompanion.controllers.checklist import ChecklistController
from callcompanion.controllers.history_model import (
    CALL_COLUMN,
    RECORD_ROLE,
    STARTED_COLUMN,
    HistoryFilter,
    HistoryModel,
    format_start,
)
from callcompanion.controllers.settings import SettingsModel
from callcompanion.core.call import Answer, CallError, CallState, Outcome, Platform, Prompt
from callcompanion.core.calltypes import CallType, CallTypeError
from callcompanion.core.checklists import ChecklistItem, ItemResult, ItemState, Stage
from callcompanion.core.connections import connection_for
from callcompanion.core.followups import FollowUp, FollowUpKind, FollowUpStatus
from callcompanion.core.messages import MessageKind
from callcompanion.core.ticket import TicketRef, TicketRefError, parse_ticket_ref
from callcompanion.core.timefmt import format_clock, format_minutes
from callcompanion.gui.banners import Level, NagBanner, NoticeBanner, PromptBanner
from callcompanion.gui.checklist_panel import ChecklistPanel
from callcompanion.gui.flow_layout import FlowLayout
from callcompanion.gui.forms.ui_main_window import Ui_MainWindow
from callcompanion.gui.palette import chip_style, state_colour
from callcompanion.gui.tray_icon import app_icon

log = logging.getLogger(__name__)

SETUP_PAGE, CALL_PAGE, ENDED_PAGE = 0, 1, 2


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
        upgrade_info_posted: Post the upgrade facts; carries ``("note" | "organization",
            TicketRef, ItemResult)``.
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

    def __init__(
        self,
        controller: CallController,
        settings: SettingsModel,
        checklists: ChecklistController,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self._controller = controller
        self._settings = settings
        self._checklists = checklists
        self._banners: dict[str, PromptBanner] = {}
        self._nags: dict[str, NagBanner] = {}
        self.before_panel = ChecklistPanel(self.beforeBox)
        self.beforeLayout.addWidget(self.before_panel)
        self.call_panel = ChecklistPanel(self.checklistBox)
        self.checklistLayout.addWidget(self.call_panel)
        self._wrap_message_buttons()
        self._panel_call: str | None = None
        self._notices: list[NoticeBanner] = []
        self._follow_up: FollowUp | None = None
        self._history_loaded = False
        self._elapsed_overtime: bool | None = None
        self.keep_running_in_tray = False
        self.setWindowIcon(app_icon())

        self._history: HistoryModel | None = None  # built when the History tab first opens
        self._history_filter: HistoryFilter | None = None

        self._style_widgets()
        self._build_more_menu()
        self._connect()
        self.reload_settings()
        self._restore_geometry()
        self._on_call_changed()
        self._on_prompts_changed(controller.due_prompts())
        self._on_follow_ups_changed()

    # -- set-up ----------------------------------------------------------------------------------

    def _wrap_message_buttons(self) -> None:
        """The message buttons wrap onto a second line in a narrow window."""
        flow = FlowLayout(right=False)
        for button in (self.inviteButton, self.preCallButton, self.suggestButton):
            self.messageButtons.removeWidget(button)
            flow.addWidget(button)
        index = self.setupLayout.indexOf(self.messageButtons)
        self.setupLayout.removeItem(self.messageButtons)
        self.setupLayout.insertLayout(index, flow)
        self.messageButtons.deleteLater()

    def _style_widgets(self) -> None:
        font = QFont(self.elapsedLabel.font())
        font.setPixelSize(60)
        font.setBold(True)
        self.elapsedLabel.setFont(font)
        # A fixed size for the widest time, so the per-second text change repaints the label
        # and nothing else (no re-layout of the window).
        metrics = QFontMetrics(font)
        self.elapsedLabel.setFixedSize(
            metrics.horizontalAdvance("00:00:00") + 8, metrics.height() + 4
        )
        self.callLayout.setAlignment(self.elapsedLabel, Qt.AlignmentFlag.AlignHCenter)
        title_font = QFont(self.callTitle.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.15)
        title_font.setBold(True)
        self.callTitle.setFont(title_font)
        self.endedTitle.setFont(title_font)
        self.callTitle.setOpenExternalLinks(True)
        self.endedTitle.setOpenExternalLinks(True)
        self.callTitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.endedTitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.callLayout.setAlignment(self.stateLabel, Qt.AlignmentFlag.AlignHCenter)
        self.ticketError.setStyleSheet(f"color: {state_colour(CallState.OVERTIME).name()};")
        self.ticketError.hide()
        self.startButton.setMinimumHeight(36)
        self.startButton.setToolTip("Start the call timer (Ctrl+Return)")
        self.joinedButton.setToolTip("The customer is in the meeting (Ctrl+J)")
        self.endButton.setToolTip("End the call (Ctrl+E)")
        self.followUpBox.hide()
        self.pages.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._show_page(SETUP_PAGE)
        self.statusbar.setSizeGripEnabled(False)
        self.outboxButton.hide()
        self.ticketContext.hide()
        self.notesButton.setToolTip("Notes for the summary, typed during the call (Ctrl+N)")

    def _build_more_menu(self) -> None:
        menu = QMenu(self.moreButton)
        menu.addAction(self.actionNoShow)
        menu.addAction(self.actionCancelCall)
        self.moreButton.setMenu(menu)

    def _connect(self) -> None:
        c = self._controller
        c.ticked.connect(self.refresh)
        c.call_changed.connect(self._on_call_changed)
        c.prompts_changed.connect(self._on_prompts_changed)
        c.follow_ups_changed.connect(self._on_follow_ups_changed)
        c.problem.connect(lambda text: self.add_notice(text, Level.ERROR))
        self._settings.changed.connect(self.reload_settings)
        self._settings.problem.connect(lambda text: self.add_notice(text, Level.ERROR))

        self.ticketEdit.returnPressed.connect(self.start_call)
        self.ticketEdit.textEdited.connect(lambda _text: self._show_ticket_error(None))
        self.typeCombo.currentIndexChanged.connect(lambda _i: self._show_type_info())
        self.startButton.clicked.connect(self.start_call)
        self.actionStart.triggered.connect(self._start_shortcut)
        self.joinedButton.clicked.connect(self.mark_joined)
        self.actionJoined.triggered.connect(self.mark_joined)
        self.endButton.clicked.connect(lambda: self.end_call(Outcome.COMPLETED))
        self.actionEnd.triggered.connect(lambda: self.end_call(Outcome.COMPLETED))
        self.actionNoShow.triggered.connect(self.mark_no_show)
        self.actionCancelCall.triggered.connect(lambda: self.end_call(Outcome.CANCELLED))
        self.newCallButton.clicked.connect(self.new_call)
        self.notesButton.clicked.connect(self.notes_requested)
        self.call_panel.section_requested.connect(self.section_requested)
        self.actionNotes.triggered.connect(self._notes_shortcut)
        self.actionOutbox.triggered.connect(self.outbox_requested)
        self.outboxButton.clicked.connect(self.outbox_requested)
        self.summaryButton.clicked.connect(self._summary_for_ended)
        self.resumeButton.clicked.connect(self.resume_ended_call)
        self.miniTimerCheck.toggled.connect(self._mini_timer_from_ui)
        self.actionMiniTimer.toggled.connect(self._mini_timer_from_ui)
        self.actionQuit.triggered.connect(self.quit_requested)
        self.actionSettings.triggered.connect(self.settings_requested)
        self.actionAbout.triggered.connect(self.about_requested)
        self.actionOpenLogs.triggered.connect(self.open_logs_requested)
        self.actionHistory.triggered.connect(lambda: self.tabs.setCurrentWidget(self.historyTab))
        self.copyReplyButton.clicked.connect(self._write_follow_up_reply)
        self.overrideButton.clicked.connect(self.start_anyway)
        self.inviteButton.clicked.connect(lambda: self._request_message(MessageKind.INVITE))
        self.preCallButton.clicked.connect(lambda: self._request_message(MessageKind.PRE_CALL))
        self.suggestButton.clicked.connect(self.show_call_triggers)
        self.zoomRadio.toggled.connect(lambda _on: self._refresh_before())
        self._checklists.changed.connect(self._refresh_checklists)
        self._checklists.nags_changed.connect(self._on_nags_changed)
        self.before_panel.changed.connect(self._checklists.set_pending)
        self.call_panel.changed.connect(self._checklists.set_result)
        self.followUpDoneButton.clicked.connect(self._follow_up_done)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.historyFilter.textChanged.connect(self._on_history_filter)
        self.historyView.doubleClicked.connect(self._open_history_ticket)
        self.historyView.customContextMenuRequested.connect(self._history_menu)

    def reload_settings(self) -> None:
        settings = self._settings.value
        current = self.typeCombo.currentData() or settings.default_call_type
        self.typeCombo.blockSignals(True)
        self.typeCombo.clear()
        for call_type in settings.call_types():
            self.typeCombo.addItem(
                f"{call_type.name} ({call_type.describe_length()})", call_type.key
            )
        index = self.typeCombo.findData(current)
        self.typeCombo.setCurrentIndex(max(0, index))
        self.typeCombo.blockSignals(False)
        if not self._controller.call:
            radio = (
                self.webexRadio if settings.default_platform is Platform.WEBEX else self.zoomRadio
            )
            radio.setChecked(True)
        self.set_mini_timer_checked(settings.mini_timer_visible)
        self._show_type_info()
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

    # -- actions ---------------------------------------------------------------------------------

    def selected_call_type(self) -> CallType:
        key = self.typeCombo.currentData()
        return self._settings.value.call_types().get(str(key))

    def selected_platform(self) -> Platform:
        return Platform.WEBEX if self.webexRadio.isChecked() else Platform.ZOOM

    def start_call(self) -> bool:
        """Start a call from the form; on a bad ticket, say what is accepted and stay."""
        if self._controller.call is not None:
            return False
        try:
            ticket = parse_ticket_ref(self.ticketEdit.text())
            call_type = self.selected_call_type()
        except TicketRefError as err:
            self._show_ticket_error(str(err))
            self.ticketEdit.setFocus()
            self.ticketEdit.selectAll()
            return False
        except CallTypeError as err:
            self.add_notice(str(err), Level.ERROR)
            return False
        platform = self.selected_platform()
        problems = self._checklists.gate(call_type.key, platform.value)
        if problems:
            self._show_gate(
                f"{call_type.name} calls start once this is ticked: "
                + "; ".join(item.title for item in problems)
                + ". Tick it under “Before the call”, or start anyway and say why (the "
                "reason is kept)."
            )
            row = self.before_panel.rows.get(problems[0].id)
            if row is not None:
                self.callScroll.ensureWidgetVisible(row)
            return False
        self._show_ticket_error(None)
        settings = self._settings.value
        connection = connection_for(
            ticket, settings.zendesk_connections, settings.default_connection or None
        )
        if connection is None and ticket.subdomain:
            self.add_notice(
                f"No Zendesk connection is set up for {ticket.subdomain}.zendesk.com: the "
                "summary of this call waits in the outbox until you add one in Settings.",
                Level.WARNING,
            )
        self._controller.start_call(
            ticket,
            call_type,
            platform,
            customer_joined=self.joinedCheck.isChecked(),
            connection_id=connection.id if connection else None,
        )
        self._settings.update(default_call_type=call_type.key, default_platform=platform)
        return True

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
        if self.pages.currentIndex() == ENDED_PAGE:
            self.new_call()
        else:
            self.start_call()

    def mark_joined(self) -> None:
        call = self._controller.call
        if call is not None and not call.customer_joined:
            self._controller.mark_joined()

    def mark_no_show(self) -> None:
        call = self._controller.call
        if call is not None and not call.customer_joined:
            self._controller.mark_no_show()

    def end_call(self, outcome: Outcome) -> None:
        if self._controller.call is not None:
            self._controller.end_call(outcome)

    def resume_ended_call(self) -> None:
        try:
            self._controller.reopen_last()
        except CallError as err:
            self.resumeButton.hide()
            self.add_notice(str(err), Level.WARNING)

    def new_call(self) -> None:
        self.ticketEdit.clear()
        self.joinedCheck.setChecked(False)
        self._show_page(SETUP_PAGE)
        self._update_follow_up_box()
        self.ticketEdit.setFocus()

    def answer_prompt(self, key: str, answer: Answer, minutes: int | None) -> None:
        try:
            self._controller.answer(key, answer, minutes)
        except CallError as err:
            self.add_notice(str(err), Level.WARNING)

    # -- notices and bringing the window up ------------------------------------------------------

    def add_notice(self, text: str, level: Level = Level.INFO) -> NoticeBanner:
        """Show a dismissable message at the top of the window (once per text)."""
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

    # -- following the call ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Per-second update; does nothing while the window is hidden."""
        if not self.isVisible():
            return
        call = self._controller.call
        if call is None:
            return
        state = call.state()
        self.elapsedLabel.setText(format_clock(call.elapsed()))
        self.nextLabel.setText(call.next_step())
        overtime = state is CallState.OVERTIME
        if overtime != self._elapsed_overtime:  # restyling costs a re-polish: only on change
            self._elapsed_overtime = overtime
            colour = state_colour(state).name() if overtime else "palette(text)"
            self.elapsedLabel.setStyleSheet(f"color: {colour};")

    def ticket_url(self, ticket: TicketRef, connection_id: str | None = None) -> str | None:
        """The ticket's agent link: its own subdomain, else its connection's address."""
        if ticket.subdomain:
            return ticket.agent_url()
        settings = self._settings.value
        connection = settings.connection(connection_id) or connection_for(
            ticket, settings.zendesk_connections, settings.default_connection or None
        )
        return connection.ticket_url(ticket) if connection else None

    def _title_html(self, ticket: TicketRef, rest: str, connection_id: str | None = None) -> str:
        url = self.ticket_url(ticket, connection_id)
        ticket_html = f'<a href="{url}">{ticket}</a>' if url else str(ticket)
        return f"{ticket_html} · {rest}"

    def _on_call_changed(self) -> None:
        call = self._controller.call
        running = call is not None
        if call is not None:
            record = call.record
            state = call.state()
            self._show_page(CALL_PAGE)
            self.callTitle.setText(
                self._title_html(
                    record.ticket,
                    f"{record.call_type_name} · {record.platform.label}",
                    record.connection_id,
                )
            )
            self.stateLabel.setText(state.label)
            self.stateLabel.setStyleSheet(chip_style(state))
            self.stateLabel.setAccessibleDescription(state.label)
            planned = (
                "Open-ended"
                if record.planned_seconds is None
                else f"Planned {format_minutes(record.planned_seconds // 60)}"
            )
            self.plannedLabel.setText(f"{planned} · started {format_start(record.started_at)}")
            self.joinedButton.setVisible(not call.customer_joined)
            self.setWindowTitle(f"{record.ticket} · callcompanion")
        else:
            ended = self._controller.last_ended
            if ended is not None:
                self._show_page(ENDED_PAGE)
                self.endedTitle.setText(
                    self._title_html(
                        ended.ticket,
                        f"{ended.call_type_name} · {ended.platform.label}",
                        ended.connection_id,
                    )
                )
                self.summaryButton.setVisible(ended.outcome is Outcome.COMPLETED)
                outcome = ended.outcome.label if ended.outcome else "Ended"
                self.endedSummary.setText(
                    f"{outcome} after {format_clock(ended.duration)} · "
                    f"started {format_start(ended.started_at)}"
                )
                self.resumeButton.setVisible(self._controller.can_reopen_last())
                self.newCallButton.setFocus()
            elif self.pages.currentIndex() != SETUP_PAGE:
                self._show_page(SETUP_PAGE)
            self.setWindowTitle("callcompanion")
            if self._history_loaded:
                self._load_history()
        waiting = call is not None and not call.customer_joined
        self.actionStart.setEnabled(not running)
        self.actionJoined.setEnabled(waiting)
        self.actionEnd.setEnabled(running)
        self.actionNoShow.setEnabled(waiting)
        self.actionCancelCall.setEnabled(running)
        self._update_follow_up_box()
        self.refresh()

    def _on_prompts_changed(self, prompts: list[Prompt]) -> None:
        keys = {p.key for p in prompts}
        for key in list(self._banners):
            if key not in keys:
                banner = self._banners.pop(key)
                banner.hide()
                banner.deleteLater()
        for prompt in prompts:
            if prompt.key not in self._banners:
                banner = PromptBanner(prompt, self.promptArea)
                banner.answered.connect(self.answer_prompt)
                self._banners[prompt.key] = banner
                self.promptLayout.addWidget(banner)
                banner.show()
        if prompts:
            self.tabs.setCurrentWidget(self.callTab)

    def prompt_banners(self) -> list[PromptBanner]:
        return list(self._banners.values())

    # -- follow-ups ------------------------------------------------------------------------------

    def _on_follow_ups_changed(self) -> None:
        self._update_follow_up_box()

    def _update_follow_up_box(self) -> None:
        pending = [] if self._controller.call else self._controller.pending_follow_ups()
        self._follow_up = pending[0] if pending else None
        self.followUpBox.setVisible(self._follow_up is not None)
        if self._follow_up is None:
            return
        follow_up = self._follow_up
        more = f" ({len(pending) - 1} more after this one.)" if len(pending) > 1 else ""
        explained = {
            FollowUpKind.NO_SHOW: (
                f"No-show on {follow_up.ticket}",
                f"Tell the customer on {follow_up.ticket} that you're sorry you didn't meet, "
                "with a new single-use scheduling link.",
            ),
            FollowUpKind.EMERGENCY_FOLLOW_UP: (
                f"Emergency follow-up on {follow_up.ticket}",
                f"The customer on {follow_up.ticket} has not responded for 15 minutes: ask "
                "whether they still need the call.",
            ),
            FollowUpKind.EMERGENCY_CLOSED: (
                f"Bridge closed on {follow_up.ticket}",
                f"Tell the customer on {follow_up.ticket} the bridge was closed after 30 minutes "
                "without a response; posting sets the ticket's priority to High.",
            ),
        }
        title, text = explained.get(
            follow_up.kind, (f"Follow-up on {follow_up.ticket}", "A reply is owed.")
        )
        self.followUpBox.setTitle(title)
        self.followUpText.setText(
            f"{text} Write the reply… posts it to the ticket through the outbox; Mark as done "
            f"if it was handled another way.{more}"
        )

    def _write_follow_up_reply(self) -> None:
        if self._follow_up is not None:
            self.follow_up_requested.emit(self._follow_up)

    def _follow_up_done(self) -> None:
        if self._follow_up is not None:
            self._controller.settle_follow_up(self._follow_up, FollowUpStatus.DONE)

    # -- history ---------------------------------------------------------------------------------

    def _on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.historyTab and not self._history_loaded:
            self._load_history()

    def _history_models(self) -> tuple[HistoryModel, HistoryFilter]:
        if self._history is None or self._history_filter is None:
            self._history = HistoryModel(self)
            self._history_filter = HistoryFilter(self)
            self._history_filter.setSourceModel(self._history)
            self.historyView.setModel(self._history_filter)
            self.historyView.sortByColumn(STARTED_COLUMN, Qt.SortOrder.DescendingOrder)
            header = self.historyView.horizontalHeader()
            header.setSectionsClickable(True)
            header.setStretchLastSection(False)
            for column in range(self._history.columnCount()):
                mode = (
                    QHeaderView.ResizeMode.Stretch
                    if column == CALL_COLUMN
                    else QHeaderView.ResizeMode.ResizeToContents
                )
                header.setSectionResizeMode(column, mode)
            self.historyView.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.historyView.setTextElideMode(Qt.TextElideMode.ElideRight)
        return self._history, self._history_filter

    def _load_history(self) -> None:
        from callcompanion.services.storage import StoreError

        try:
            records = self._controller.store.history()
        except StoreError as err:
            self.add_notice(str(err), Level.ERROR)
            records = []
        history, _ = self._history_models()
        history.set_records(records)
        self._history_loaded = True
        self._update_history_summary()

    def _on_history_filter(self, text: str) -> None:
        _, history_filter = self._history_models()
        history_filter.set_text(text)
        self._update_history_summary()

    def _update_history_summary(self) -> None:
        history, history_filter = self._history_models()
        shown = history_filter.rowCount()
        total = history.rowCount()
        if total == 0:
            self.historySummary.setText("No calls yet. Ended calls appear here.")
        elif shown == total:
            self.historySummary.setText(f"{total} call{'s' if total != 1 else ''}")
        else:
            self.historySummary.setText(f"{shown} of {total} calls")

    def _history_record_at(self, index: QModelIndex):  # type: ignore[no-untyped-def]
        return self._history_models()[1].data(index, RECORD_ROLE)

    def _open_history_ticket(self, index: QModelIndex) -> None:
        record = self._history_record_at(index)
        url = self.ticket_url(record.ticket, record.connection_id)
        if url:
            open_url(QUrl(url))
        else:
            self.statusbar.showMessage(
                "Add a Zendesk connection in Settings to open tickets from here.", 6000
            )

    def _history_menu(self, pos: QPoint) -> None:
        index = self.historyView.indexAt(pos)
        if not index.isValid():
            return
        record = self._history_record_at(index)
        menu = QMenu(self.historyView)
        copy_number = QAction(f"Copy {record.ticket}", menu)
        copy_number.triggered.connect(
            lambda: QGuiApplication.clipboard().setText(str(record.ticket.number))
        )
        menu.addAction(copy_number)
        url = self.ticket_url(record.ticket, record.connection_id)
        if url:
            copy_link = QAction("Copy ticket link", menu)
            copy_link.triggered.connect(lambda: QGuiApplication.clipboard().setText(url))
            menu.addAction(copy_link)
            open_link = QAction("Open ticket in browser", menu)
            open_link.triggered.connect(lambda: open_url(QUrl(url)))
            menu.addAction(open_link)
        if record.outcome is Outcome.COMPLETED:
            summary = QAction("Open the summary", menu)
            summary.triggered.connect(lambda: self.summary_requested.emit(record.id))
            menu.addAction(summary)
        menu.exec(self.historyView.viewport().mapToGlobal(pos))

    # -- summaries and the outbox ----------------------------------------------------------------

    def _notes_shortcut(self) -> None:
        if self._controller.call is not None:
            self.notes_requested.emit()
        elif self._controller.last_ended is not None:
            self.summary_requested.emit(self._controller.last_ended.id)

    def _summary_for_ended(self) -> None:
        ended = self._controller.last_ended
        if ended is not None:
            self.summary_requested.emit(ended.id)

    def set_outbox_status(self, text: str, *, attention: bool) -> None:
        """The line under the call: what is waiting to be posted (hidden when nothing is)."""
        self.outboxButton.setVisible(bool(text))
        self.outboxButton.setText(f"✉ {text}" if text else "")
        self.outboxButton.setToolTip("Show the outbox (Ctrl+O)")
        colour = state_colour(CallState.OVERTIME).name() if attention else "palette(text)"
        self.outboxButton.setStyleSheet(f"color: {colour}; text-align: left;")

    def set_ticket_context(self, text: str) -> None:
        self.ticketContext.setText(text)
        self.ticketContext.setVisible(bool(text))

    # -- small helpers ---------------------------------------------------------------------------

    def _show_ticket_error(self, text: str | None) -> None:
        self.ticketError.setText(text or "")
        self.ticketError.setVisible(bool(text))
        self.ticketEdit.setAccessibleDescription(
            text or "Ticket number, #number or the ticket's Zendesk agent link"
        )

    def _show_type_info(self) -> None:
        try:
            call_type = self.selected_call_type()
        except CallTypeError:
            self.typeInfo.clear()
            return
        lead = call_type.effective_wrapup_lead(self._settings.value.wrapup_lead_minutes)
        parts = [call_type.describe_length().capitalize()]
        if lead is not None:
            parts.append(f"wrap-up {lead} min before the end")
        text = " · ".join(parts)
        if call_type.purpose:
            text += f"\n{call_type.purpose}"
        if call_type.hint:
            text += f"\n{call_type.hint}"
        self.typeInfo.setText(text)
        self._refresh_before()

    # -- checklists and messages ------------------------------------------------------------------

    def _selected_keys(self) -> tuple[str, str] | None:
        key = self.typeCombo.currentData()
        if key is None:
            return None
        return str(key), self.selected_platform().value

    def _substitutions(self) -> dict[str, str]:
        return {"webex_room_url": self._settings.value.webex_room_url}

    def _refresh_before(self) -> None:
        keys = self._selected_keys()
        if keys is None or not hasattr(self, "before_panel"):
            return
        items = self._checklists.before_items(*keys)
        actions = {
            "upgrade_info": [
                ("Post as internal note", lambda r: self._post_upgrade_info("note", r)),
                (
                    "Add to the organization's notes",
                    lambda r: self._post_upgrade_info("organization", r),
                ),
            ]
        }
        self.before_panel.show_items(
            [("", items)],
            self._checklists.pending,
            substitutions=self._substitutions(),
            actions=actions,
        )
        self.beforeBox.setVisible(bool(items))
        self._show_gate(None)

    def _refresh_checklists(self) -> None:
        self.before_panel.update_results(self._checklists.pending)
        call = self._controller.call
        if call is None:
            return
        record = call.record
        if self._panel_call != record.id:
            self._panel_call = record.id
            start = self._checklists.items(record, Stage.START)
            wrap_up = self._checklists.items(record, Stage.WRAP_UP)
            self.call_panel.show_items(
                [(Stage.START.label, start), (Stage.WRAP_UP.label, wrap_up)],
                self._checklists.results(),
                substitutions=self._substitutions(),
            )
            self.checklistBox.setVisible(bool(start or wrap_up))
        else:
            self.call_panel.update_results(self._checklists.results())

    def _show_gate(self, text: str | None) -> None:
        self.gateLabel.setText(text or "")
        self.gateLabel.setStyleSheet(f"color: {state_colour(CallState.OVERTIME).name()};")
        self.gateLabel.setVisible(bool(text))
        self.overrideButton.setVisible(bool(text))

    def start_anyway(self) -> bool:
        """Start although a gating step is not ticked: the reason is kept with the call."""
        keys = self._selected_keys()
        if keys is None:
            return False
        problems = self._checklists.gate(*keys)
        if not problems:
            return self.start_call()
        titles = "; ".join(item.title for item in problems)
        reason, ok = QInputDialog.getText(
            self,
            "Start anyway?",
            f"Not ticked: {titles}.\nWhy start anyway? The reason is kept with the call.",
        )
        if not ok or not reason.strip():
            return False
        for item in problems:
            self._checklists.set_pending(
                ItemResult(item.id, ItemState.SKIPPED, reason=f"started anyway: {reason.strip()}")
            )
        return self.start_call()

    def _ticket_from_field(self) -> TicketRef | None:
        try:
            return parse_ticket_ref(self.ticketEdit.text())
        except TicketRefError as err:
            self._show_ticket_error(str(err))
            self.ticketEdit.setFocus()
            return None

    def _request_message(self, kind: MessageKind) -> None:
        ticket = self._ticket_from_field()
        if ticket is not None:
            self.message_requested.emit(kind, ticket)

    def _post_upgrade_info(self, where: str, result: ItemResult) -> None:
        ticket = self._ticket_from_field()
        if ticket is not None:
            self.upgrade_info_posted.emit(where, ticket, result)

    def show_call_triggers(self) -> None:
        triggers = "".join(f"<li>{t}</li>" for t in self._settings.value.call_triggers)
        QMessageBox.information(
            self,
            "When to suggest a call",
            "<p>Offer a short call (5–20 minutes) when:</p>"
            f"<ul>{triggers}</ul>"
            "<p>Urgent: send your meeting link and join now. Less urgent: send a single-use "
            "scheduling link (<i>Invite to a call</i>), so the customer picks a time.</p>",
        )

    def _on_nags_changed(self, items: list[ChecklistItem]) -> None:
        wanted = {item.id for item in items}
        for item_id in list(self._nags):
            if item_id not in wanted:
                banner = self._nags.pop(item_id)
                banner.hide()
                banner.deleteLater()
        for item in items:
            if item.id in self._nags:
                continue
            banner = NagBanner(item.id, item.title, item.help, self.promptArea)
            banner.done.connect(self._checklists.done)
            banner.snoozed.connect(self._checklists.snooze)
            self._nags[item.id] = banner
            self.promptLayout.addWidget(banner)
            banner.show()

    def nag_banners(self) -> list[NagBanner]:
        return list(self._nags.values())

    # -- window events ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if not event.spontaneous():
            self._save_geometry()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_geometry()
        if self.keep_running_in_tray:
            event.ignore()
            self.hide()
            self.hidden_to_tray.emit()
        else:
            event.accept()
            self.quit_requested.emit()


def open_url(url: QUrl) -> None:
    """Open *url* in the desktop's browser or file manager (QDesktopServices on first use)."""
    from PySide6.QtGui import QDesktopServices

    QDesktopServices.openUrl(url)


def label_text(widget: QWidget) -> str:
    """Plain text of a label (rich text stripped), for tests and accessibility checks."""
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(cast(QLabel, widget).text())
    return document.toPlainText()
