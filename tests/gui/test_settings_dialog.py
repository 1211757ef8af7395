"""Editing call types and timing in the settings dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QSpinBox
from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.gui.settings import SettingsDialog
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
    at_start = companion.credentials_controller.keyring
    assert at_start is None, "the keyring is not looked up at start-up"
    dialog = open_dialog(qtbot, companion)
    qtbot.waitUntil(lambda: companion.credentials_controller.keyring is not None)
    found = companion.credentials_controller.keyring
    assert found is not None
    assert found.secure  # the in-memory test keyring
    qtbot.waitUntil(lambda: dialog.keyringLabel.text() == found.description)
    assert str(companion.paths.data_dir) in dialog.filesLabel.text()
    dialog.reject()


def open_template(qtbot: QtBot, companion: CallCompanion, name: str) -> SettingsDialog:
    dialog = open_dialog(qtbot, companion)
    dialog.tabs.setCurrentWidget(dialog.templatesTab)
    dialog.templateCombo.setCurrentIndex(dialog.templateCombo.findData(name))
    assert dialog.templateOrigin.text() == "shipped default"
    assert not dialog.resetTemplateButton.isEnabled()
    return dialog


def test_a_template_is_checked_saved_and_reset(qtbot: QtBot, companion: CallCompanion) -> None:
    dialog = open_template(qtbot, companion, "pre_call.md.j2")
    shipped = dialog.templateEdit.toPlainText()
    dialog.templateEdit.setPlainText("Hello {{ nobody_knows_me }}")
    assert not dialog.templates.check()
    assert "pre_call.md.j2, line 1" in dialog.templateProblem.text()

    dialog.templateEdit.setPlainText("See you soon about ticket {{ ticket }}.")
    qtbot.mouseClick(dialog.saveTemplateButton, Qt.MouseButton.LeftButton)
    saved = companion.paths.templates_dir / "pre_call.md.j2"
    assert saved.read_text(encoding="utf-8") == "See you soon about ticket {{ ticket }}."
    assert dialog.templateProblem.text() == f"Saved to {saved}."
    assert dialog.templateOrigin.text() == "your version"
    assert companion.templates.source("pre_call.md.j2").built_in is False

    qtbot.mouseClick(dialog.resetTemplateButton, Qt.MouseButton.LeftButton)
    assert not saved.exists()
    assert dialog.templateEdit.toPlainText() == shipped
    assert dialog.templateProblem.text() == "Back to the shipped template."
    assert dialog.templateOrigin.text() == "shipped default"
    dialog.reject()


def test_a_template_that_cannot_be_saved_says_why(qtbot: QtBot, companion: CallCompanion) -> None:
    folder = companion.paths.templates_dir
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the templates folder should be", encoding="utf-8")
    dialog = open_template(qtbot, companion, "pre_call.md.j2")
    dialog.templateEdit.setPlainText("See you soon.")
    qtbot.mouseClick(dialog.saveTemplateButton, Qt.MouseButton.LeftButton)
    assert dialog.templateProblem.text().startswith("The template could not be saved (")
    assert dialog.templateOrigin.text() == "shipped default", "nothing was saved"
    assert not dialog.resetTemplateButton.isEnabled()
    assert folder.read_text(encoding="utf-8") == "a file where the templates folder should be"
    dialog.reject()


def test_every_tab_name_is_in_sight(qtbot: QtBot, companion: CallCompanion) -> None:
    dialog = open_dialog(qtbot, companion)
    bar = dialog.tabs.tabBar()
    last = bar.tabRect(bar.count() - 1)
    assert bar.mapTo(dialog, last.topRight()).x() <= dialog.width()
    assert not dialog.tabs.usesScrollButtons()
