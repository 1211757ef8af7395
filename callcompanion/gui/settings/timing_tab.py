"""The Timing tab: when prompts come, how they reach you, and each call type's length."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidgetItem,
    QWidget,
)

from callcompanion.core.booking_calls import REMINDER_MAX_MINUTES
from callcompanion.core.calltypes import (
    PLANNED_MINUTES_MAX,
    PLANNED_MINUTES_MIN,
    WRAPUP_LEAD_MAX,
    WRAPUP_LEAD_MIN,
    CallType,
    CallTypeCatalog,
    CallTypeError,
)
from callcompanion.core.settings import PromptAttention, Settings
from callcompanion.gui.forms.ui_settings_dialog import Ui_SettingsDialog

USE_DEFAULT = "default"


class TimingTab(QObject):
    """No-show and wrap-up minutes, how prompts reach you, the call types table."""

    def __init__(self, form: Ui_SettingsDialog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._form = form
        self.attention_combo = self._attention_row(form)
        self.booking_reminder_spin = QSpinBox(form.timingTab)
        self.booking_reminder_spin.setObjectName("bookingReminderSpin")
        self.booking_reminder_spin.setRange(0, REMINDER_MAX_MINUTES)
        self.booking_reminder_spin.setSuffix(" min before")
        self.booking_reminder_spin.setSpecialValueText("Off")
        self.booking_reminder_spin.setAccessibleName("Remind me of booked calls, minutes before")
        self.booking_reminder_spin.setToolTip(
            "A reminder with Start call and Open meeting before each Calendly booking (0: off)."
        )
        form.timingForm.addRow("Remind me of &booked calls:", self.booking_reminder_spin)
        self._rows: list[tuple[CallType, QSpinBox | None, QSpinBox | None]] = []
        table = form.callTypesTable
        table.setColumnCount(3)
        table.setHorizontalHeaderLabels(["Call type", "Planned", "Wrap-up lead"])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

    def load(self, settings: Settings) -> None:
        form = self._form
        form.noShowSpin.setValue(settings.no_show_after_minutes)
        form.wrapupSpin.setValue(settings.wrapup_lead_minutes)
        self.booking_reminder_spin.setValue(settings.booking_reminder_minutes)
        self.attention_combo.setCurrentIndex(
            self.attention_combo.findData(settings.prompt_attention.value)
        )
        table = form.callTypesTable
        catalog = settings.call_types()
        table.setRowCount(len(catalog))
        self._rows = []
        for row, call_type in enumerate(catalog):
            name = QTableWidgetItem(call_type.name)
            name.setToolTip(call_type.purpose)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            table.setItem(row, 0, name)
            planned = lead = None
            if call_type.planned_minutes is None:
                item = QTableWidgetItem("open-ended")
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                table.setItem(row, 1, item)
                table.setItem(row, 2, QTableWidgetItem("–"))
            else:
                planned = QSpinBox(table)
                planned.setRange(PLANNED_MINUTES_MIN, PLANNED_MINUTES_MAX)
                planned.setSuffix(" min")
                planned.setValue(call_type.planned_minutes)
                planned.setAccessibleName(f"{call_type.name} planned length")
                table.setCellWidget(row, 1, planned)
                lead = QSpinBox(table)
                lead.setRange(WRAPUP_LEAD_MIN - 1, WRAPUP_LEAD_MAX)
                lead.setSpecialValueText(USE_DEFAULT)  # the value below the range: no override
                lead.setSuffix(" min")
                value = call_type.wrapup_lead_minutes
                lead.setValue(WRAPUP_LEAD_MIN - 1 if value is None else value)
                lead.setAccessibleName(f"{call_type.name} wrap-up lead")
                table.setCellWidget(row, 2, lead)
            self._rows.append((call_type, planned, lead))
        table.resizeRowsToContents()

    def apply(self, settings: Settings) -> Settings:
        """*settings* with this tab's values (``ValueError`` with a sentence when one is off)."""
        try:
            catalog = self._catalog()
        except CallTypeError as err:
            raise ValueError(str(err)) from err
        form = self._form
        return replace(
            settings,
            no_show_after_minutes=form.noShowSpin.value(),
            wrapup_lead_minutes=form.wrapupSpin.value(),
            prompt_attention=PromptAttention(self.attention_combo.currentData()),
            booking_reminder_minutes=self.booking_reminder_spin.value(),
        ).with_call_types(catalog)

    @staticmethod
    def _attention_row(form: Ui_SettingsDialog) -> QComboBox:
        """The "When a prompt comes up" choice, in place of the form's old check box."""
        old = form.promptWindowCheck
        old.hide()
        row = QWidget(form.timingTab)
        row.setObjectName("promptAttentionRow")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel("When a &prompt comes up:", row)
        combo = QComboBox(row)
        combo.setObjectName("promptAttentionCombo")
        combo.setAccessibleName("When a prompt comes up")
        combo.setToolTip("None of these takes the keyboard from the meeting you are typing in.")
        for way in PromptAttention:
            combo.addItem(way.label, way.value)
        label.setBuddy(combo)
        layout.addWidget(label)
        layout.addWidget(combo, 1)
        index = form.timingLayout.indexOf(old)
        form.timingLayout.insertWidget(index, row)
        QWidget.setTabOrder(form.callTypesTable, combo)
        QWidget.setTabOrder(combo, form.nameEdit)
        return combo

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
