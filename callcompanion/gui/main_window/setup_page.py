"""The set-up page: ticket, call type, platform, the checks before the call, and Start."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from callcompanion.controllers.call import CallController
from callcompanion.controllers.checklist import ChecklistController
from callcompanion.controllers.settings import SettingsModel
from callcompanion.core.call import Platform
from callcompanion.core.calltypes import CallType, CallTypeError
from callcompanion.core.checklists import ItemAction, ItemResult, ItemState
from callcompanion.core.messages import MessageKind
from callcompanion.core.ticket import TicketRef, TicketRefError, parse_ticket_ref
from callcompanion.gui.checklist_panel import ChecklistPanel
from callcompanion.gui.flow_layout import FlowLayout
from callcompanion.gui.forms.ui_main_window import Ui_MainWindow
from callcompanion.gui.main_window.banners import Level
from callcompanion.gui.main_window.common import item_actions
from callcompanion.gui.palette import error_style

Notify = Callable[[str, Level], object]


class SetupPage(QObject):
    """Drives the set-up page of the window's form and starts calls from it.

    Signals:
        message_requested: Write a message; carries ``(MessageKind, TicketRef)``.
        item_action_requested: A checklist item's action was pressed; carries
            ``(ItemAction, TicketRef, ItemResult)``.
    """

    message_requested = Signal(object, object)
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
        self._window = window
        self._controller = controller
        self._settings = settings
        self._checklists = checklists
        self._notify = notify
        # (ticket, booked start, booking URI) of the booking the form was filled from.
        self.booked: tuple[TicketRef, datetime | None, str] | None = None
        self.panel = ChecklistPanel(ui.beforeBox)
        ui.beforeLayout.addWidget(self.panel)
        self._wrap_message_buttons()
        ui.ticketError.setStyleSheet(error_style())
        ui.startButton.setMinimumHeight(36)
        ui.startButton.setToolTip("Start the call timer (Ctrl+Return)")
        self._connect()

    def _wrap_message_buttons(self) -> None:
        """The message buttons wrap onto a second line in a narrow window."""
        ui = self._ui
        flow = FlowLayout(right=False)
        for button in (ui.inviteButton, ui.preCallButton, ui.suggestButton):
            ui.messageButtons.removeWidget(button)
            flow.addWidget(button)
        index = ui.setupLayout.indexOf(ui.messageButtons)
        ui.setupLayout.removeItem(ui.messageButtons)
        ui.setupLayout.insertLayout(index, flow)
        ui.messageButtons.deleteLater()

    def _connect(self) -> None:
        ui = self._ui
        ui.ticketEdit.returnPressed.connect(self.start_call)
        ui.ticketEdit.textEdited.connect(lambda _text: self._show_ticket_error(None))
        ui.typeCombo.currentIndexChanged.connect(lambda _i: self._show_type_info())
        ui.startButton.clicked.connect(self.start_call)
        ui.overrideButton.clicked.connect(self.start_anyway)
        ui.inviteButton.clicked.connect(lambda: self._request_message(MessageKind.INVITE))
        ui.preCallButton.clicked.connect(lambda: self._request_message(MessageKind.PRE_CALL))
        ui.suggestButton.clicked.connect(self.show_call_triggers)
        ui.zoomRadio.toggled.connect(lambda _on: self._refresh_before())
        self._checklists.changed.connect(
            lambda: self.panel.update_results(self._checklists.pending)
        )
        self.panel.changed.connect(self._checklists.set_pending)

    def reload(self) -> None:
        """The call types and the default platform from the settings."""
        ui = self._ui
        settings = self._settings.value
        current = ui.typeCombo.currentData() or settings.default_call_type
        ui.typeCombo.blockSignals(True)
        ui.typeCombo.clear()
        for call_type in settings.call_types():
            ui.typeCombo.addItem(f"{call_type.name} ({call_type.describe_length()})", call_type.key)
        ui.typeCombo.setCurrentIndex(max(0, ui.typeCombo.findData(current)))
        ui.typeCombo.blockSignals(False)
        if not self._controller.call:
            webex = settings.default_platform is Platform.WEBEX
            (ui.webexRadio if webex else ui.zoomRadio).setChecked(True)
        self._show_type_info()

    def reset(self) -> None:
        """An empty form for the next call."""
        self._ui.ticketEdit.clear()
        self.booked = None
        self._ui.joinedCheck.setChecked(False)
        self._ui.ticketEdit.setFocus()

    # -- starting --------------------------------------------------------------------------------

    def selected_call_type(self) -> CallType:
        key = self._ui.typeCombo.currentData()
        return self._settings.value.call_types().get(str(key))

    def selected_platform(self) -> Platform:
        return Platform.WEBEX if self._ui.webexRadio.isChecked() else Platform.ZOOM

    def start_call(self) -> bool:
        """Start a call from the form; on a bad ticket, say what is accepted and stay."""
        ui = self._ui
        if self._controller.call is not None:
            return False
        try:
            ticket = parse_ticket_ref(ui.ticketEdit.text())
            call_type = self.selected_call_type()
        except TicketRefError as err:
            self._show_ticket_error(str(err))
            ui.ticketEdit.setFocus()
            ui.ticketEdit.selectAll()
            return False
        except CallTypeError as err:
            self._notify(str(err), Level.ERROR)
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
            row = self.panel.rows.get(problems[0].id)
            if row is not None:
                ui.callScroll.ensureWidgetVisible(row)
            return False
        self._show_ticket_error(None)
        connection = self._settings.value.connection_for(ticket)
        if connection is None and ticket.subdomain:
            self._notify(
                f"No Zendesk connection is set up for {ticket.subdomain}.zendesk.com: the "
                "summary of this call waits in the outbox until you add one in Settings.",
                Level.WARNING,
            )
        booked = self.booked if self.booked is not None and self.booked[0] == ticket else None
        self._controller.start_call(
            ticket,
            call_type,
            platform,
            customer_joined=ui.joinedCheck.isChecked(),
            connection_id=connection.id if connection else None,
            booked_start=booked[1] if booked else None,
            booking_uri=booked[2] if booked else None,
        )
        self.booked = None
        if booked is None:  # a booking's type and platform are its own, not a new default
            self._settings.update(default_call_type=call_type.key, default_platform=platform)
        return True

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
            self._window,
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

    # -- what the page shows ---------------------------------------------------------------------

    def _show_ticket_error(self, text: str | None) -> None:
        ui = self._ui
        ui.ticketError.setText(text or "")
        ui.ticketError.setVisible(bool(text))
        ui.ticketEdit.setAccessibleDescription(
            text or "Ticket number, #number or the ticket's Zendesk agent link"
        )

    def _show_type_info(self) -> None:
        try:
            call_type = self.selected_call_type()
        except CallTypeError:
            self._ui.typeInfo.clear()
            return
        lead = call_type.effective_wrapup_lead(self._settings.value.wrapup_lead_minutes)
        parts = [call_type.describe_length().capitalize()]
        if lead is not None:
            parts.append(f"wrap-up {lead} min before the end")
        lines = [" · ".join(parts), call_type.purpose, call_type.guidance()]
        self._ui.typeInfo.setText("\n".join(line for line in lines if line))
        self._refresh_before()

    def _show_gate(self, text: str | None) -> None:
        ui = self._ui
        ui.gateLabel.setText(text or "")
        ui.gateLabel.setStyleSheet(error_style())
        ui.gateLabel.setVisible(bool(text))
        ui.overrideButton.setVisible(bool(text))

    def _selected_keys(self) -> tuple[str, str] | None:
        key = self._ui.typeCombo.currentData()
        if key is None:
            return None
        return str(key), self.selected_platform().value

    def _refresh_before(self) -> None:
        keys = self._selected_keys()
        if keys is None:
            return
        items = self._checklists.before_items(*keys)
        self.panel.show_items(
            [("", items)],
            self._checklists.pending,
            substitutions={"webex_room_url": self._settings.value.webex_room_url},
            actions=item_actions(items, self._item_action),
        )
        self._ui.beforeBox.setVisible(bool(items))
        self._show_gate(None)

    # -- messages and item actions ---------------------------------------------------------------

    def _ticket_from_field(self) -> TicketRef | None:
        try:
            return parse_ticket_ref(self._ui.ticketEdit.text())
        except TicketRefError as err:
            self._show_ticket_error(str(err))
            self._ui.ticketEdit.setFocus()
            return None

    def _request_message(self, kind: MessageKind) -> None:
        ticket = self._ticket_from_field()
        if ticket is not None:
            self.message_requested.emit(kind, ticket)

    def _item_action(self, action: ItemAction, result: ItemResult) -> None:
        ticket = self._ticket_from_field()
        if ticket is not None:
            self.item_action_requested.emit(action, ticket, result)

    def show_call_triggers(self) -> None:
        triggers = "".join(f"<li>{t}</li>" for t in self._settings.value.call_triggers)
        QMessageBox.information(
            self._window,
            "When to suggest a call",
            "<p>Offer a short call (5–20 minutes) when:</p>"
            f"<ul>{triggers}</ul>"
            "<p>Urgent: send your meeting link and join now. Less urgent: send a single-use "
            "scheduling link (<i>Invite to a call</i>), so the customer picks a time.</p>",
        )
