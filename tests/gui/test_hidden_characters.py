"""A pasted address with a line break or an invisible character is refused, not joined up."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.gui.connection_dialog import ConnectionDialog
from callcompanion.gui.settings import SettingsDialog
from callcompanion.services.credentials import CredentialStore
from callcompanion.services.zendesk_auth import ZendeskAuth


@pytest.mark.parametrize(
    ("address", "named"),
    [("acme.zendesk.com\n.evil.com", "a line break"), ("acme\u200b.zendesk.com", "U+200B")],
)
def test_the_connection_dialog_refuses_an_address_with_a_hidden_character(
    qtbot: QtBot, address: str, named: str
) -> None:
    dialog = ConnectionDialog(ZendeskAuth(CredentialStore()))
    qtbot.addWidget(dialog)
    dialog.labelEdit.setText("Global")
    dialog.addressEdit.setText(address)
    dialog.emailEdit.setText("ana@example.com")
    dialog.tokenEdit.setText("token")
    dialog.buttons.accepted.emit()
    assert dialog.connection() is None
    assert not dialog.result()
    assert "The Zendesk address contains" in dialog.problem.text()
    assert named in dialog.problem.text()
    assert "acme.zendesk.com.evil.com" not in dialog.problem.text()


def test_the_connection_dialog_refuses_an_email_with_a_hidden_character(qtbot: QtBot) -> None:
    dialog = ConnectionDialog(ZendeskAuth(CredentialStore()))
    qtbot.addWidget(dialog)
    dialog.tokenRadio.setChecked(True)
    dialog.addressEdit.setText("acme")
    dialog.emailEdit.setText("ana@example.com\u202e")
    dialog.tokenEdit.setText("token")
    dialog.test()
    assert "The agent email contains" in dialog.problem.text()


def test_a_pasted_address_keeps_its_line_break_and_is_refused(qtbot: QtBot) -> None:
    dialog = ConnectionDialog(ZendeskAuth(CredentialStore()))
    qtbot.addWidget(dialog)
    QGuiApplication.clipboard().setText("acme.zendesk.com\n.evil.com")
    dialog.addressEdit.paste()
    dialog.emailEdit.setText("ana@example.com")
    dialog.tokenEdit.setText("token")
    dialog.buttons.accepted.emit()
    assert "\n" in dialog.addressEdit.text(), "a line edit keeps a pasted line break"
    assert dialog.connection() is None
    assert "line break" in dialog.problem.text()


def test_the_settings_dialog_refuses_a_scheduling_link_with_a_hidden_character(
    qtbot: QtBot, companion: CallCompanion
) -> None:
    companion.open_settings()
    (dialog,) = companion.window.findChildren(SettingsDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.schedulingEdit.setText("https://calendly.com/ana\u2066-support")
    dialog.buttons.accepted.emit()
    assert dialog.isVisible(), "not accepted"
    assert "The personal scheduling link contains" in dialog.settingsProblem.text()
    assert "U+2066" in dialog.settingsProblem.text()
    assert companion.settings.value.scheduling_link == ""
    dialog.schedulingEdit.setText("  https://calendly.com/ana-support \n")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert companion.settings.value.scheduling_link == "https://calendly.com/ana-support"
