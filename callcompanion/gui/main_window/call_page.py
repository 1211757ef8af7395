"""The call page: timer, state, next step and checklist; the banners above it.

The banners are the due prompts (until answered) and the checklist steps that nag.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMenu, QWidget

from callcompanion.controllers.call import CallController
from callcompanion.controllers.call_actions import DESTRUCTIVE_ANSWERS
from callcompanion.controllers.checklist import ChecklistController
from callcompanion.controllers.history_model import format_start
from callcompanion.controllers.settings import SettingsModel
from callcompanion.core.call import Answer, Call, CallError, CallState, Outcome, Prompt
from callcompanion.core.checklists import ChecklistItem, ItemAction, ItemResult, Stage
from callcompanion.core.timefmt import format_clock, format_minutes
from callcompanion.gui.checklist_panel import ChecklistPanel
from callcompanion.gui.forms.ui_main_window import Ui_MainWindow
from callcompanion.gui.main_window.banners import Level, NagBanner, PromptBanner
from callcompanion.gui.main_window.common import item_actions, ticket_url, title_html
from callcompanion.gui.palette import chip_style, state_colour, text_colour

Notify = Callable[[str, Level], object]


class CallPage(QObject):
    """Drives the page of the running call and the prompt area above the pages.

    Signals:
        notes_requested: Open the summary notes for the running call.
        section_requested: Open them at one section (a wrap-up step); carries its name.
        item_action_requested: A checklist item's action was pressed; carries
            ``(ItemAction, TicketRef, ItemResult)``.
    """

    notes_requested = Signal()
    section_requested = Signal(str)
    item_action_requested = Signal(object, object, object)

    def __init__(
        self,
        ui: Ui_MainWindow,
        window: QWidget,
        controller: CallController,
        settings: SettingsModel,
        checklists: ChecklistController,
        notify: Notify,
    ) -> None:
        super().__init__(window)
        self._ui = ui
        self._controller = controller
        self._settings = settings
        self._checklists = checklists
        self._notify = notify
        self._banners: dict[str, PromptBanner] = {}
        self._nags: dict[str, NagBanner] = {}
        self._panel_call: str | None = None
        self._elapsed_overtime: bool | None = None
        self._wrap_up_shown: str | None = None  # the call whose wrap-up steps were scrolled to
        self.panel = ChecklistPanel(ui.checklistBox)
        ui.checklistLayout.addWidget(self.panel)
        self._style()
        self._connect()

    def _style(self) -> None:
        ui = self._ui  # the fonts and alignments: looks.style_form, with the form
        ui.joinedButton.setToolTip("The customer is in the meeting (Ctrl+J)")
        ui.endButton.setToolTip("End the call (Ctrl+E)")
        ui.notesButton.setToolTip("Notes for the summary, typed during the call (Ctrl+N)")
        menu = QMenu(ui.moreButton)
        menu.addAction(ui.actionNoShow)
        menu.addAction(ui.actionCancelCall)
        ui.moreButton.setMenu(menu)

    def _connect(self) -> None:
        ui = self._ui
        ui.joinedButton.clicked.connect(self.mark_joined)
        ui.endButton.clicked.connect(lambda: self.end_call(Outcome.COMPLETED))
        ui.notesButton.clicked.connect(self.notes_requested)
        self.panel.section_requested.connect(self.section_requested)
        self.panel.changed.connect(self._checklists.set_result)
        self._checklists.changed.connect(self._refresh_checklist)
        self._checklists.nags_changed.connect(self._show_nags)

    # -- acting on the call ----------------------------------------------------------------------

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

    def answer_prompt(self, key: str, answer: Answer, minutes: int | None) -> None:
        try:
            self._controller.answer(key, answer, minutes)
        except CallError as err:
            self._notify(str(err), Level.WARNING)

    # -- what the page shows ---------------------------------------------------------------------

    def show_call(self, call: Call) -> None:
        """The call's title, state and plan (on a change of the call, not every second)."""
        ui = self._ui
        record = call.record
        state = call.state()
        url = ticket_url(self._settings.value, record.ticket, record.connection_id)
        ui.callTitle.setText(
            title_html(url, record.ticket, f"{record.call_type_name} · {record.platform.label}")
        )
        ui.stateLabel.setText(state.label)
        ui.stateLabel.setStyleSheet(chip_style(state))
        ui.stateLabel.setAccessibleDescription(state.label)
        planned = (
            "Open-ended"
            if record.planned_seconds is None
            else f"Planned {format_minutes(record.planned_seconds // 60)}"
        )
        ui.plannedLabel.setText(f"{planned} · started {format_start(record.started_at)}")
        ui.joinedButton.setVisible(not call.customer_joined)
        self.keep_focus_safe()

    def refresh(self, call: Call) -> None:
        """The per-second part: elapsed time and what comes next."""
        ui = self._ui
        state = call.state()
        ui.elapsedLabel.setText(format_clock(call.elapsed()))
        ui.nextLabel.setText(call.next_step())
        if (
            self._wrap_up_shown != call.record.id
            and state in (CallState.WRAP_UP, CallState.OVERTIME)
            and not call.due_prompts()
        ):  # wrap-up has started (its prompt answered): its steps come into view, once
            self._wrap_up_shown = call.record.id
            self.panel.bring_into_view(Stage.WRAP_UP.label)
        overtime = state is CallState.OVERTIME
        if overtime != self._elapsed_overtime:  # restyling costs a re-polish: only on change
            self._elapsed_overtime = overtime
            colour = text_colour(state_colour(state)).name() if overtime else "palette(text)"
            ui.elapsedLabel.setStyleSheet(f"color: {colour};")

    def _refresh_checklist(self) -> None:
        call = self._controller.call
        if call is None:
            return
        record = call.record
        if self._panel_call == record.id:
            self.panel.update_results(self._checklists.results())
            return
        self._panel_call = record.id
        start = self._checklists.items(record, Stage.START)
        wrap_up = self._checklists.items(record, Stage.WRAP_UP)
        self.panel.show_items(
            [(Stage.START.label, start), (Stage.WRAP_UP.label, wrap_up)],
            self._checklists.results(),
            substitutions={"webex_room_url": self._settings.value.webex_room_url},
            actions=item_actions([*start, *wrap_up], self._item_action),
        )
        self._ui.checklistBox.setVisible(bool(start or wrap_up))

    def _item_action(self, action: ItemAction, result: ItemResult) -> None:
        call = self._controller.call
        if call is not None:
            self.item_action_requested.emit(action, call.ticket, result)

    # -- banners ---------------------------------------------------------------------------------

    def show_prompts(self, prompts: list[Prompt]) -> None:
        """One banner per due prompt, until it is answered."""
        keys = {p.key for p in prompts}
        focus = self._ui.endButton.window().focusWidget()
        answered_here = False
        for key in list(self._banners):
            if key not in keys:
                banner = self._banners.pop(key)
                answered_here |= focus is not None and banner.isAncestorOf(focus)
                banner.hide()
                banner.deleteLater()
        for prompt in prompts:
            if prompt.key not in self._banners:
                banner = PromptBanner(prompt, self._ui.promptArea)
                banner.answered.connect(self.answer_prompt)
                self._banners[prompt.key] = banner
                self._ui.promptLayout.addWidget(banner)
                banner.show()

        self.keep_focus_safe(moved_on=answered_here)

    def prompt_banners(self) -> list[PromptBanner]:
        return list(self._banners.values())

    # -- focus -------------------------------------------------------------------------------------

    def _destructive_buttons(self) -> list[QWidget]:
        buttons: list[QWidget] = [self._ui.endButton]
        for banner in self._banners.values():
            buttons.extend(b for a, b in banner.buttons.items() if a in DESTRUCTIVE_ANSWERS)
        return buttons

    def keep_focus_safe(self, *, moved_on: bool = False) -> None:
        """After an answer or a change of the call, a stray Space or Return never ends it.

        Focus that would rest on *End call* or an answer that gives up on the customer (or on
        nothing, on a button just hidden, or wherever Qt put it when the answered prompt went:
        *moved_on*) moves to the newest prompt's first safe answer, else to *Notes*. It is
        only moved inside this window: the meeting keeps the keyboard.
        """
        ui = self._ui
        window = ui.endButton.window()
        focus = window.focusWidget()
        destructive = self._destructive_buttons()
        if not moved_on and focus is not None and focus.isVisible() and focus not in destructive:
            return
        if ui.pages.currentWidget() is not ui.callPage:
            return
        safe: QWidget = ui.notesButton
        for banner in reversed(self._banners.values()):
            choices = [b for a, b in banner.buttons.items() if a not in DESTRUCTIVE_ANSWERS]
            if choices:
                safe = choices[0]
                break
        safe.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_nags(self, items: list[ChecklistItem]) -> None:
        wanted = {item.id for item in items}
        for item_id in list(self._nags):
            if item_id not in wanted:
                banner = self._nags.pop(item_id)
                banner.hide()
                banner.deleteLater()
        for item in items:
            if item.id in self._nags:
                continue
            banner = NagBanner(item.id, item.title, item.help, self._ui.promptArea)
            banner.done.connect(self._checklists.done)
            banner.snoozed.connect(self._checklists.snooze)
            self._nags[item.id] = banner
            self._ui.promptLayout.addWidget(banner)
            banner.show()

    def nag_banners(self) -> list[NagBanner]:
        return list(self._nags.values())
