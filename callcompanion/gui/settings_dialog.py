"""The settings dialog: timing and call types, Zendesk, Calendly, summaries, templates."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QListWidgetItem,
    QSpinBox,
    QTableWidgetItem,
    QWidget,
)

from callcompanion.controllers.scheduling_links import CALENDLY_USER
from callcompanion.controllers.ticket_context import with_client
from callcompanion.controllers.workers import run_in_pool
from callcompanion.core.calltypes import (
    PLANNED_MINUTES_MAX,
    PLANNED_MINUTES_MIN,
    WRAPUP_LEAD_MAX,
    WRAPUP_LEAD_MIN,
    CallType,
    CallTypeCatalog,
    CallTypeError,
)
from callcompanion.core.connections import ConnectionSettingError, ZendeskConnection, clean_field
from callcompanion.core.settings import Settings
from callcompanion.core.summary import STATUS_CHOICES, parse_tags
from callcompanion.core.templates import TemplateError, TemplateLibrary
from callcompanion.gui.forms.ui_settings_dialog import Ui_SettingsDialog
from callcompanion.gui.palette import ERROR_STYLE
from callcompanion.paths import AppPaths
from callcompanion.services.atomic import write_atomic
from callcompanion.services.credentials import CredentialStore, KeyringStatus

if TYPE_CHECKING:
    from callcompanion.services.calendly import EventType

USE_DEFAULT = "default"


class SettingsDialog(QDialog, Ui_SettingsDialog):
    """Edits a copy of the settings; :meth:`result_settings` returns it when accepted.

    Token changes are collected in :attr:`tokens` (keyring user name → new token, or ``None``
    to forget it) for the caller to write to the keyring off the GUI thread.
    """

    def __init__(
        self,
        settings: Settings,
        paths: AppPaths,
        keyring: KeyringStatus | None,
        credentials: CredentialStore,
        templates: TemplateLibrary,
        sample_context: dict[str, object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self._original = settings
        self._credentials = credentials
        self._templates = templates
        self._sample = sample_context
        self._rows: list[tuple[CallType, QSpinBox | None, QSpinBox | None]] = []
        self._connections: list[ZendeskConnection] = list(settings.zendesk_connections)
        self._default_connection = settings.default_connection
        self.tokens: dict[str, str | None] = {}
        self._event_types: list[EventType] = []
        self.settingsProblem.hide()
        self.settingsProblem.setStyleSheet(ERROR_STYLE)
        self.callTypesTable.setColumnCount(3)
        self.callTypesTable.setHorizontalHeaderLabels(["Call type", "Planned", "Wrap-up lead"])
        self.callTypesTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.callTypesTable.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for value, label in STATUS_CHOICES:
            self.summaryStatusCombo.addItem(label, value)
            self.noShowStatusCombo.addItem(label, value)
        self.filesLabel.setText(
            f"Settings: {paths.config_dir}\nHistory: {paths.data_dir}\nLogs: {paths.log_dir}"
        )
        self.set_keyring_status(keyring)
        self._load(settings)
        self._show_connections()
        self._show_event_types(settings)
        self.templateEdit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._load_templates()

        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            lambda: self._load(
                replace(
                    Settings(),
                    engineer_name=self.nameEdit.text(),
                    scheduling_link=self.schedulingEdit.text(),
                    meeting_link=self.meetingLinkEdit.text(),
                    webex_room_url=self.webexRoomEdit.text(),
                )
            )
        )
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)
        self.addConnectionButton.clicked.connect(lambda: self._edit_connection(None))
        self.editConnectionButton.clicked.connect(
            lambda: self._edit_connection(self._selected_connection())
        )
        self.connectionsList.itemDoubleClicked.connect(
            lambda _item: self._edit_connection(self._selected_connection())
        )
        self.removeConnectionButton.clicked.connect(self._remove_connection)
        self.defaultConnectionButton.clicked.connect(self._make_default)
        self.testConnectionButton.clicked.connect(self._test_connection)
        self.loadEventTypesButton.clicked.connect(self.load_event_types)
        self.forgetCalendlyButton.clicked.connect(self._forget_calendly_token)
        self.eventTypeCombo.currentIndexChanged.connect(lambda _i: self._show_event_warnings())
        self.discoveryEventCombo.currentIndexChanged.connect(lambda _i: self._show_event_warnings())
        self.connectionsList.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.templateCombo.currentIndexChanged.connect(lambda _i: self._show_template())
        self.checkTemplateButton.clicked.connect(self.check_template)
        self.saveTemplateButton.clicked.connect(self.save_template)
        self.resetTemplateButton.clicked.connect(self.reset_template)

    def set_keyring_status(self, status: KeyringStatus | None) -> None:
        self._keyring = status
        if status is None:
            self.keyringLabel.setText("Looking for the system keyring…")
        else:
            self.keyringLabel.setText(status.description)

    # -- timing and about you ---------------------------------------------------------------------

    def _load(self, settings: Settings) -> None:
        self.noShowSpin.setValue(settings.no_show_after_minutes)
        self.wrapupSpin.setValue(settings.wrapup_lead_minutes)
        self.promptWindowCheck.setChecked(settings.show_window_on_prompt)
        self.nameEdit.setText(settings.engineer_name)
        self.schedulingEdit.setText(settings.scheduling_link)
        self.meetingLinkEdit.setText(settings.meeting_link)
        self.webexRoomEdit.setText(settings.webex_room_url)
        self.noShowStatusCombo.setCurrentIndex(
            max(0, self.noShowStatusCombo.findData(settings.no_show_status))
        )
        self.summaryStatusCombo.setCurrentIndex(
            max(0, self.summaryStatusCombo.findData(settings.summary_status))
        )
        self.summaryTagsEdit.setText(" ".join(settings.summary_tags))
        self.reminderSpin.setValue(settings.reminder_minutes)
        self.reminderRepeatSpin.setValue(settings.reminder_repeat_minutes)
        self.prefixesEdit.setText(" ".join(settings.pat_prefixes))
        catalog = settings.call_types()
        self.callTypesTable.setRowCount(len(catalog))
        self._rows = []
        for row, call_type in enumerate(catalog):
            name = QTableWidgetItem(call_type.name)
            name.setToolTip(call_type.purpose)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.callTypesTable.setItem(row, 0, name)
            planned = lead = None
            if call_type.planned_minutes is None:
                item = QTableWidgetItem("open-ended")
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.callTypesTable.setItem(row, 1, item)
                self.callTypesTable.setItem(row, 2, QTableWidgetItem("–"))
            else:
                planned = QSpinBox(self.callTypesTable)
                planned.setRange(PLANNED_MINUTES_MIN, PLANNED_MINUTES_MAX)
                planned.setSuffix(" min")
                planned.setValue(call_type.planned_minutes)
                planned.setAccessibleName(f"{call_type.name} planned length")
                self.callTypesTable.setCellWidget(row, 1, planned)
                lead = QSpinBox(self.callTypesTable)
                lead.setRange(WRAPUP_LEAD_MIN - 1, WRAPUP_LEAD_MAX)
                lead.setSpecialValueText(USE_DEFAULT)  # the value below the range: no override
                lead.setSuffix(" min")
                value = call_type.wrapup_lead_minutes
                lead.setValue(WRAPUP_LEAD_MIN - 1 if value is None else value)
                lead.setAccessibleName(f"{call_type.name} wrap-up lead")
                self.callTypesTable.setCellWidget(row, 2, lead)
            self._rows.append((call_type, planned, lead))
        self.callTypesTable.resizeRowsToContents()

    def _catalog(self) -> CallTypeCatalog:
        types = []
        for call_type, planned, lead in self._rows:
            if planned is None or lead is None:
                types.append(call_type)
                continue
            lead_value = None if lead.value() < WRAPUP_LEAD_MIN else lead.value()
            types.append(
                replace(call_type, planned_minutes=planned.value(), wrapup_lead_minutes=lead_value)
            )
        return CallTypeCatalog(types)

    def result_settings(self) -> Settings:
        """The edited settings (raises ``ValueError`` with a message when something is off)."""
        try:
            link = clean_field(self.schedulingEdit.text(), "The personal scheduling link")
            meeting = clean_field(self.meetingLinkEdit.text(), "The meeting room link")
            webex = clean_field(self.webexRoomEdit.text(), "The team WebEx room link")
        except ConnectionSettingError as err:
            raise ValueError(str(err)) from err
        for value, what in (
            (link, "personal scheduling link"),
            (meeting, "meeting room link"),
            (webex, "team WebEx room link"),
        ):
            if value and not value.lower().startswith("https://"):
                raise ValueError(f"The {what} must start with https://.")
        try:
            catalog = self._catalog()
        except CallTypeError as err:
            raise ValueError(str(err)) from err
        ids = {c.id for c in self._connections}
        default = self._default_connection if self._default_connection in ids else ""
        if not default and self._connections:
            default = self._connections[0].id
        settings = replace(
            self._original,
            engineer_name=self.nameEdit.text().strip(),
            scheduling_link=link,
            meeting_link=meeting,
            webex_room_url=webex,
            no_show_status=self.noShowStatusCombo.currentData(),
            calendly_event_type=_combo_uri(self.eventTypeCombo),
            calendly_event_name=_combo_name(self.eventTypeCombo),
            calendly_discovery_event_type=_combo_uri(self.discoveryEventCombo),
            calendly_discovery_event_name=_combo_name(self.discoveryEventCombo),
            no_show_after_minutes=self.noShowSpin.value(),
            wrapup_lead_minutes=self.wrapupSpin.value(),
            show_window_on_prompt=self.promptWindowCheck.isChecked(),
            zendesk_connections=tuple(self._connections),
            default_connection=default,
            summary_status=self.summaryStatusCombo.currentData(),
            summary_tags=parse_tags(self.summaryTagsEdit.text()),
            reminder_minutes=self.reminderSpin.value(),
            reminder_repeat_minutes=self.reminderRepeatSpin.value(),
            pat_prefixes=tuple(self.prefixesEdit.text().split()),
        )
        return settings.with_call_types(catalog)

    def collect_tokens(self) -> dict[str, str | None]:
        """The keyring changes to make: Zendesk tokens from connections, the Calendly token."""
        calendly = self.calendlyTokenEdit.text().strip()
        if calendly:
            self.tokens[CALENDLY_USER] = calendly
        return dict(self.tokens)

    def _accept_if_valid(self) -> None:
        try:
            self.result_settings()
        except ValueError as err:
            self.settingsProblem.setText(str(err))
            self.settingsProblem.show()
            self.tabs.setCurrentWidget(self.generalTab)
            return
        self.accept()

    # -- Zendesk connections ----------------------------------------------------------------------

    def _show_connections(self) -> None:
        current = self.connectionsList.currentRow()
        self.connectionsList.clear()
        for connection in self._connections:
            text = connection.describe() + f" · {connection.email}"
            if connection.id == self._default_connection or len(self._connections) == 1:
                text += " · default"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, connection.id)
            self.connectionsList.addItem(item)
        if self._connections:
            self.connectionsList.setCurrentRow(min(max(current, 0), len(self._connections) - 1))
        else:
            self.connectionResult.setText(
                "No connection yet: summaries wait in the outbox (and can be copied) until one "
                "is added."
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = self._selected_connection() is not None
        for button in (
            self.editConnectionButton,
            self.removeConnectionButton,
            self.defaultConnectionButton,
            self.testConnectionButton,
        ):
            button.setEnabled(selected)

    def _selected_connection(self) -> ZendeskConnection | None:
        row = self.connectionsList.currentRow()
        return self._connections[row] if 0 <= row < len(self._connections) else None

    def _edit_connection(self, existing: ZendeskConnection | None) -> None:
        from callcompanion.gui.connection_dialog import ConnectionDialog

        dialog = ConnectionDialog(
            self._credentials,
            existing,
            # Unknown yet (the lookup runs off the GUI thread): no warning rather than a wait.
            secure_store=self._keyring is None or self._keyring.secure,
            parent=self,
        )
        accepted = dialog.exec()
        connection, token = dialog.connection(), dialog.token
        dialog.deleteLater()
        if not accepted or connection is None:
            return
        if existing is None:
            self._connections.append(connection)
            if len(self._connections) == 1:
                self._default_connection = connection.id
        else:
            self._connections = [
                connection if c.id == existing.id else c for c in self._connections
            ]
        if token is not None:
            self.tokens[f"zendesk:{connection.id}"] = token
        self._show_connections()
        self.connectionResult.setText(f"{connection.describe()} is saved when you press OK.")

    def _remove_connection(self) -> None:
        connection = self._selected_connection()
        if connection is None:
            return
        self._connections = [c for c in self._connections if c.id != connection.id]
        self.tokens[f"zendesk:{connection.id}"] = None
        if self._default_connection == connection.id:
            self._default_connection = self._connections[0].id if self._connections else ""
        self._show_connections()

    def _make_default(self) -> None:
        connection = self._selected_connection()
        if connection is not None:
            self._default_connection = connection.id
            self._show_connections()

    def _test_connection(self) -> None:
        connection = self._selected_connection()
        if connection is None:
            return
        token = self.tokens.get(f"zendesk:{connection.id}")
        self.testConnectionButton.setEnabled(False)
        self.connectionResult.setStyleSheet("")
        self.connectionResult.setText(f"Testing {connection.describe()}…")
        run_in_pool(
            lambda: with_client(self._credentials, connection, lambda c: c.me(), token=token),
            on_result=lambda me: self._tested(
                f"{connection.describe()}: connected as {me.name or me.email}.", error=False
            ),
            on_error=lambda err: self._tested(f"{connection.describe()}: {err}", error=True),
            owner=self,
        )

    def _tested(self, text: str, *, error: bool) -> None:
        self.testConnectionButton.setEnabled(True)
        self.connectionResult.setText(text)
        self.connectionResult.setStyleSheet(ERROR_STYLE if error else "")

    # -- Calendly ---------------------------------------------------------------------------------

    def _show_event_types(self, settings: Settings) -> None:
        """Fill the combos with what is saved; the list is replaced when types are loaded."""
        for combo, uri, name, none_text in (
            (
                self.eventTypeCombo,
                settings.calendly_event_type,
                settings.calendly_event_name,
                "None: use my personal link",
            ),
            (
                self.discoveryEventCombo,
                settings.calendly_discovery_event_type,
                settings.calendly_discovery_event_name,
                "The same event type",
            ),
        ):
            combo.clear()
            combo.addItem(none_text, "")
            if uri:
                combo.addItem(name or uri, uri)
                combo.setCurrentIndex(1)
        if settings.calendly_event_type:
            self.calendlyResult.setText(
                "Single-use links are made from the event type chosen above. Load your event "
                "types to choose another one or to check it."
            )
        else:
            self.calendlyResult.setText(
                "Not set up: messages carry your personal link, which can be booked more than "
                "once. Paste a token and load your event types."
            )
        self._show_event_warnings()

    def load_event_types(self) -> None:
        """Ask Calendly for the account's event types (the typed token, else the stored one)."""
        typed = self.calendlyTokenEdit.text().strip()
        base_url = self._original.calendly_api_url
        credentials = self._credentials

        def fetch() -> tuple[str, list[EventType]]:
            from callcompanion.services.calendly import CalendlyAuthError, CalendlyClient

            token = typed or credentials.get(CALENDLY_USER)
            if not token:
                raise CalendlyAuthError("Paste your Calendly personal access token first.")
            with CalendlyClient(token, base_url=base_url) as client:
                user = client.me()
                return user.name, client.event_types(user.uri)

        self.loadEventTypesButton.setEnabled(False)
        self._calendly_says("Asking Calendly for your event types…", error=False)
        run_in_pool(
            fetch,
            on_result=self._loaded_event_types,
            on_error=self._event_types_failed,
            owner=self,
        )

    def _loaded_event_types(self, result: tuple[str, list[EventType]]) -> None:
        from callcompanion.services.calendly import suggested_discovery_name

        name, types = result
        self.loadEventTypesButton.setEnabled(True)
        self._event_types = types
        for combo in (self.eventTypeCombo, self.discoveryEventCombo):
            keep = combo.currentData()
            none_text = combo.itemText(0)
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(none_text, "")
            for event_type in types:
                label = event_type.name
                if event_type.duration:
                    label += f" ({event_type.duration} min)"
                combo.addItem(label, event_type.uri)
            combo.setCurrentIndex(max(0, combo.findData(keep)))
            combo.blockSignals(False)
        if not self.eventTypeCombo.currentData():
            for index, event_type in enumerate(types, start=1):
                if not event_type.warnings():
                    self.eventTypeCombo.setCurrentIndex(index)
                    break
        who = f" as {name}" if name else ""
        if types:
            text = f"Connected{who}: {len(types)} active event type(s)."
            if not any("discovery" in t.name.casefold() for t in types):
                engineer = self.nameEdit.text()
                text += (
                    " For Discovery calls the handbook suggests an event type named "
                    f"“{suggested_discovery_name(engineer)}”."
                )
            self._calendly_says(text, error=False)
        else:
            self._calendly_says(
                f"Connected{who}, but the account has no active event types: create one in "
                "Calendly for customer calls.",
                error=True,
            )
        self._show_event_warnings()

    def _event_types_failed(self, err: Exception) -> None:
        self.loadEventTypesButton.setEnabled(True)
        self._calendly_says(f"Event types could not be loaded: {err}", error=True)

    def _forget_calendly_token(self) -> None:
        self.calendlyTokenEdit.clear()
        self.tokens[CALENDLY_USER] = None
        self.eventTypeCombo.setCurrentIndex(0)
        self.discoveryEventCombo.setCurrentIndex(0)
        self._calendly_says(
            "The token is removed from the keyring when you press OK; messages will carry your "
            "personal link.",
            error=False,
        )

    def _show_event_warnings(self) -> None:
        known = {t.uri: t for t in self._event_types}
        lines: list[str] = []
        for label, combo in (
            ("Event type", self.eventTypeCombo),
            ("Discovery event type", self.discoveryEventCombo),
        ):
            event_type = known.get(str(combo.currentData() or ""))
            if event_type is None:
                continue
            lines.extend(f"⚠ {label}: {warning}" for warning in event_type.warnings())
        self.eventWarnings.setText("\n".join(lines))
        self.eventWarnings.setStyleSheet(ERROR_STYLE if lines else "")

    def _calendly_says(self, text: str, *, error: bool) -> None:
        self.calendlyResult.setText(text)
        self.calendlyResult.setStyleSheet(ERROR_STYLE if error else "")

    # -- templates --------------------------------------------------------------------------------

    def _load_templates(self) -> None:
        self.templateCombo.blockSignals(True)
        self.templateCombo.clear()
        for name in self._templates.names():
            self.templateCombo.addItem(name, name)
        self.templateCombo.blockSignals(False)
        self._show_template()

    def _current_template(self) -> str | None:
        data = self.templateCombo.currentData()
        return str(data) if data else None

    def _show_template(self) -> None:
        name = self._current_template()
        if name is None:
            return
        try:
            source = self._templates.source(name)
        except TemplateError as err:
            self._template_says(str(err), error=True)
            return
        self.templateEdit.setPlainText(source.text)
        self.templateOrigin.setText("shipped default" if source.built_in else "your version")
        self.resetTemplateButton.setEnabled(not source.built_in)
        self._template_says("", error=False)

    def check_template(self) -> bool:
        name = self._current_template() or "template.md.j2"
        try:
            self._templates.render_text(self.templateEdit.toPlainText(), self._sample, name=name)
        except TemplateError as err:
            self._template_says(str(err), error=True)
            return False
        self._template_says("The template works with a sample call.", error=False)
        return True

    def save_template(self) -> None:
        name = self._current_template()
        folder = self._templates.user_dir
        if name is None or folder is None:
            return
        valid = self.check_template()
        try:
            write_atomic(folder / name, self.templateEdit.toPlainText())
        except OSError as err:
            self._template_says(f"The template could not be saved ({err.strerror}).", error=True)
            return
        self.templateOrigin.setText("your version")
        self.resetTemplateButton.setEnabled(True)
        if valid:
            self._template_says(f"Saved to {folder / name}.", error=False)

    def reset_template(self) -> None:
        name = self._current_template()
        folder = self._templates.user_dir
        if name is None or folder is None:
            return
        try:
            (folder / name).unlink(missing_ok=True)
        except OSError as err:
            self._template_says(f"Your version could not be removed ({err.strerror}).", error=True)
            return
        self._show_template()
        self._template_says("Back to the shipped template.", error=False)

    def _template_says(self, text: str, *, error: bool) -> None:
        self.templateProblem.setText(text)
        self.templateProblem.setStyleSheet(ERROR_STYLE if error else "")


def _combo_uri(combo: QComboBox) -> str:
    return str(combo.currentData() or "")


def _combo_name(combo: QComboBox) -> str:
    if not combo.currentData():
        return ""
    label = combo.currentText()
    # "Name (30 min)" as listed; the saved name is the event type's own.
    return label.rsplit(" (", 1)[0] if label.endswith(" min)") else label
