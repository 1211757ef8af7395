"""The settings dialog: timing and call types, Zendesk connections, summaries, templates."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QListWidgetItem,
    QSpinBox,
    QTableWidgetItem,
    QWidget,
)

from callcompanion.core.calltypes import (
    PLANNED_MINUTES_MAX,
    PLANNED_MINUTES_MIN,
    WRAPUP_LEAD_MAX,
    WRAPUP_LEAD_MIN,
    CallType,
    CallTypeCatalog,
    CallTypeError,
)
from callcompanion.core.connections import ZendeskConnection
from callcompanion.core.settings import Settings
from callcompanion.core.summary import STATUS_CHOICES, parse_tags
from callcompanion.core.templates import TemplateError, TemplateLibrary
from callcompanion.gui.forms.ui_settings_dialog import Ui_SettingsDialog
from callcompanion.gui.workers import run_in_pool
from callcompanion.gui.zendesk_access import with_client
from callcompanion.paths import AppPaths
from callcompanion.services.atomic import write_atomic
from callcompanion.services.credentials import CredentialStore, KeyringStatus

USE_DEFAULT = "default"
ERROR_STYLE = "color: #b91c1c;"


class SettingsDialog(QDialog, Ui_SettingsDialog):
    """Edits a copy of the settings; :meth:`result_settings` returns it when accepted.

    Token changes are collected in :attr:`tokens` (connection id → new token, or ``None`` to
    forget it) for the caller to write to the keyring off the GUI thread.
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
        self.filesLabel.setText(
            f"Settings: {paths.config_dir}\nHistory: {paths.data_dir}\nLogs: {paths.log_dir}"
        )
        self.set_keyring_status(keyring)
        self._load(settings)
        self._show_connections()
        self.templateEdit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._load_templates()

        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            lambda: self._load(
                replace(
                    Settings(),
                    engineer_name=self.nameEdit.text(),
                    scheduling_link=self.schedulingEdit.text(),
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
        self.connectionsList.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.templateCombo.currentIndexChanged.connect(lambda _i: self._show_template())
        self.checkTemplateButton.clicked.connect(self.check_template)
        self.saveTemplateButton.clicked.connect(self.save_template)
        self.resetTemplateButton.clicked.connect(self.reset_template)

    def set_keyring_status(self, status: KeyringStatus | None) -> None:
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
        link = self.schedulingEdit.text().strip()
        if link and not link.lower().startswith("https://"):
            raise ValueError("The scheduling link must start with https://.")
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
            secure_store=self._credentials.secure,
            parent=self,
        )
        if not dialog.exec():
            return
        connection = dialog.connection()
        if connection is None:
            return
        if existing is None:
            self._connections.append(connection)
            if len(self._connections) == 1:
                self._default_connection = connection.id
        else:
            self._connections = [
                connection if c.id == existing.id else c for c in self._connections
            ]
        if dialog.token is not None:
            self.tokens[connection.id] = dialog.token
        self._show_connections()
        self.connectionResult.setText(f"{connection.describe()} is saved when you press OK.")

    def _remove_connection(self) -> None:
        connection = self._selected_connection()
        if connection is None:
            return
        self._connections = [c for c in self._connections if c.id != connection.id]
        self.tokens[connection.id] = None
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
        token = self.tokens.get(connection.id)
        self.testConnectionButton.setEnabled(False)
        self.connectionResult.setStyleSheet("")
        self.connectionResult.setText(f"Testing {connection.describe()}…")
        run_in_pool(
            lambda: with_client(self._credentials, connection, lambda c: c.me(), token=token),
            on_result=lambda me: self._tested(
                f"{connection.describe()}: connected as {me.name or me.email}.", error=False
            ),
            on_error=lambda err: self._tested(f"{connection.describe()}: {err}", error=True),
        )

    def _tested(self, text: str, *, error: bool) -> None:
        self.testConnectionButton.setEnabled(True)
        self.connectionResult.setText(text)
        self.connectionResult.setStyleSheet(ERROR_STYLE if error else "")

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
