"""Editing call types and timing in the settings dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QSpinBox
from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.gui.settings_dialog import SettingsDialog
from callcompanion.services.settings_file import load_settings


def open_dialog(qtbot: QtBot, companion: CallCompanion) -> SettingsDialog:
    companion.open_settings()
    dialogs = companion.window.findChildren(SettingsDialog)
    assert len(dialogs) == 1
    dialog = dialogs[0]
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def spin(dialog: SettingsDialog, row: int, column: int) -> QSpinBox:
    widget = dialog.callTypesTable.cellWidget(row, column)
    assert isinstance(widget, QSpinBox)
    return widget


def row_of(dialog: SettingsDialog, name: str) -> int:
    for row in range(dialog.callTypesTable.rowCount()):
        item = dialog.callTypesTable.item(row, 0)
        if item is not None and item.text() == name:
            return row
    raise AssertionError(name)


def test_editing_planned_length_and_wrap_up(qtbot: QtBot, companion: CallCompanion) -> None:
    dialog = open_dialog(qtbot, companion)
    discovery = row_of(dialog, "Discovery")
    spin(dialog, discovery, 1).setValue(20)
    troubleshooting = row_of(dialog, "Troubleshooting")
    assert spin(dialog, troubleshooting, 2).text() == "default"
    spin(dialog, troubleshooting, 2).setValue(15)
    dialog.noShowSpin.setValue(8)
    dialog.nameEdit.setText("  Ana Example ")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    settings = companion.settings.value
    assert settings.call_types().get("discovery").planned_minutes == 20
    assert settings.call_types().get("troubleshooting").wrapup_lead_minutes == 15
    assert settings.no_show_after_minutes == 8
    assert settings.engineer_name == "Ana Example"
    assert load_settings(companion.paths.settings_file).settings == settings
    combo = companion.window.typeCombo
    assert combo.itemText(combo.findData("discovery")) == "Discovery (20 min)"


def test_emergency_stays_open_ended(qtbot: QtBot, companion: CallCompanion) -> None:
    dialog = open_dialog(qtbot, companion)
    row = row_of(dialog, "Emergency")
    assert dialog.callTypesTable.cellWidget(row, 1) is None
    item = dialog.callTypesTable.item(row, 1)
    assert item is not None
    assert item.text() == "open-ended"
    dialog.reject()


def test_invalid_values_keep_the_dialog_open_with_a_reason(
    qtbot: QtBot, companion: CallCompanion
) -> None:
    dialog = open_dialog(qtbot, companion)
    dialog.schedulingEdit.setText("calendly.com/ana")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible()
    assert dialog.settingsProblem.isVisible()
    assert "https://" in dialog.settingsProblem.text()
    assert companion.settings.value.scheduling_link == ""
    dialog.schedulingEdit.setText("https://calendly.com/ana")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert companion.settings.value.scheduling_link == "https://calendly.com/ana"


def test_restore_defaults_keeps_the_personal_fields(qtbot: QtBot, companion: CallCompanion) -> None:
    companion.settings.update(engineer_name="Ana", no_show_after_minutes=20)
    dialog = open_dialog(qtbot, companion)
    dialog.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).click()
    assert dialog.noShowSpin.value() == 10
    assert dialog.nameEdit.text() == "Ana"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert companion.settings.value.no_show_after_minutes == 10


def test_the_dialog_says_where_secrets_would_live(qtbot: QtBot, companion: CallCompanion) -> None:
    assert companion.keyring is None, "the keyring is not looked up at start-up"
    dialog = open_dialog(qtbot, companion)
    qtbot.waitUntil(lambda: companion.keyring is not None)
    assert companion.keyring is not None
    assert companion.keyring.secure  # the in-memory test keyring
    qtbot.waitUntil(lambda: dialog.keyringLabel.text() == companion.keyring.description)
    assert str(companion.paths.data_dir) in dialog.filesLabel.text()
    dialog.reject()
