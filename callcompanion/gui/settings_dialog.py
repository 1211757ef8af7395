"""The settings dialog: timing and call types, and a few facts about the engineer."""

from __future__ import annotations

import re
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
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
from callcompanion.core.settings import Settings
from callcompanion.core.ticket import is_subdomain
from callcompanion.gui.forms.ui_settings_dialog import Ui_SettingsDialog
from callcompanion.paths import AppPaths
from callcompanion.services.credentials import KeyringStatus

_SUBDOMAIN_URL = re.compile(r"(?:https?://)?([a-z0-9-]+)\.zendesk\.com/?.*", re.IGNORECASE)
USE_DEFAULT = "default"


class SettingsDialog(QDialog, Ui_SettingsDialog):
    """Edits a copy of the settings; :meth:`result_settings` returns it when accepted."""

    def __init__(
        self,
        settings: Settings,
        paths: AppPaths,
        keyring: KeyringStatus | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self._original = settings
        self._rows: list[tuple[CallType, QSpinBox | None, QSpinBox | None]] = []
        self.settingsProblem.hide()
        self.settingsProblem.setStyleSheet("color: #b91c1c;")
        self.callTypesTable.setColumnCount(3)
        self.callTypesTable.setHorizontalHeaderLabels(["Call type", "Planned", "Wrap-up lead"])
        self.callTypesTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.callTypesTable.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.filesLabel.setText(
            f"Settings: {paths.config_dir}\nHistory: {paths.data_dir}\nLogs: {paths.log_dir}"
        )
        self.set_keyring_status(keyring)
        self._load(settings)
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            lambda: self._load(
                replace(
                    Settings(),
                    engineer_name=self.nameEdit.text(),
                    zendesk_subdomain=self.subdomainEdit.text(),
                    scheduling_link=self.schedulingEdit.text(),
                )
            )
        )
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)

    def set_keyring_status(self, status: KeyringStatus | None) -> None:
        if status is None:
            self.keyringLabel.setText("Looking for the system keyring…")
        else:
            self.keyringLabel.setText(status.description)

    def _load(self, settings: Settings) -> None:
        self.noShowSpin.setValue(settings.no_show_after_minutes)
        self.wrapupSpin.setValue(settings.wrapup_lead_minutes)
        self.promptWindowCheck.setChecked(settings.show_window_on_prompt)
        self.nameEdit.setText(settings.engineer_name)
        self.subdomainEdit.setText(settings.zendesk_subdomain)
        self.schedulingEdit.setText(settings.scheduling_link)
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
        subdomain = self.subdomainEdit.text().strip().lower()
        url_match = _SUBDOMAIN_URL.fullmatch(subdomain)
        if url_match:
            subdomain = url_match.group(1).lower()
        if subdomain and not is_subdomain(subdomain):
            raise ValueError(
                "The Zendesk subdomain is the first part of your Zendesk address: "
                "“example” for example.zendesk.com."
            )
        link = self.schedulingEdit.text().strip()
        if link and not link.lower().startswith("https://"):
            raise ValueError("The scheduling link must start with https://.")
        try:
            catalog = self._catalog()
        except CallTypeError as err:
            raise ValueError(str(err)) from err
        settings = replace(
            self._original,
            engineer_name=self.nameEdit.text().strip(),
            zendesk_subdomain=subdomain,
            scheduling_link=link,
            no_show_after_minutes=self.noShowSpin.value(),
            wrapup_lead_minutes=self.wrapupSpin.value(),
            show_window_on_prompt=self.promptWindowCheck.isChecked(),
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
