"""Connections in Settings, the macro picker and the outbox window."""

from __future__ import annotations

import logging

import keyring
import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.controllers.connection_check import ConnectionCheck
from callcompanion.core.call import Platform
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.connections import ZendeskConnection, make_connection
from callcompanion.core.ticket import TicketRef
from callcompanion.gui.connection_dialog import ConnectionDialog
from callcompanion.gui.macro_dialog import MacroDialog
from callcompanion.gui.outbox_dialog import OutboxDialog
from callcompanion.gui.settings import SettingsDialog
from callcompanion.services.credentials import CredentialStore
from callcompanion.services.zendesk import Me
from callcompanion.services.zendesk_auth import ZendeskAuth
from tests.fakes.zendesk_server import EMAIL, TOKEN, FakeZendesk, Status
from tests.gui.conftest import ZendeskSetup

# Some posts here are the reply exactly as the template fills it, which asks first.
pytestmark = pytest.mark.usefixtures("confirm_posting_without_notes")


def fill(dialog: ConnectionDialog, address: str, token: str) -> None:
    dialog.tokenRadio.setChecked(True)
    dialog.labelEdit.setText("Loopback")
    dialog.addressEdit.setText(address)
    dialog.emailEdit.setText(EMAIL)
    dialog.tokenEdit.setText(token)


def test_the_connection_test_turns_failures_into_sentences(
    qtbot: QtBot, fake_zendesk: FakeZendesk
) -> None:
    dialog = ConnectionDialog(ZendeskAuth(CredentialStore()))
    qtbot.addWidget(dialog)
    fill(dialog, fake_zendesk.url, "wrong-token")
    dialog.test()
    qtbot.waitUntil(lambda: "refused the email and API token" in dialog.problem.text())
    fill(dialog, fake_zendesk.url, TOKEN)
    dialog.test()
    qtbot.waitUntil(lambda: dialog.problem.text() == "Connected as Ana Example (agent).")
    fake_zendesk.fail("GET", "/users/me", Status(403, {"error": "Forbidden"}))
    dialog.test()
    qtbot.waitUntil(lambda: "403" in dialog.problem.text())
    fill(dialog, "http://acme.zendesk.com", TOKEN)
    dialog.test()
    assert "plain http is only for a server on this computer" in dialog.problem.text()


def test_the_connection_check_names_the_agent_or_says_why_not(
    qtbot: QtBot, fake_zendesk: FakeZendesk
) -> None:
    connection = make_connection(
        id="abcd1234", label="Loopback", address=fake_zendesk.url, email=EMAIL
    )
    owner = QObject()
    check = ConnectionCheck(ZendeskAuth(CredentialStore()), owner)
    passed: list[tuple[ZendeskConnection, Me]] = []
    failed: list[tuple[ZendeskConnection, str]] = []
    check.passed.connect(lambda tested, me: passed.append((tested, me)))
    check.failed.connect(lambda tested, text: failed.append((tested, text)))

    check.test(connection)
    qtbot.waitUntil(lambda: len(failed) == 1)
    assert failed[0] == (
        connection,
        f"No API token is stored for {connection.describe()}. Add it in Settings.",
    )
    assert fake_zendesk.calls("GET", r"/users/me") == [], "nothing is asked without a token"

    keyring.set_password("callcompanion", connection.keyring_user, TOKEN)
    check.test(connection)
    qtbot.waitUntil(lambda: len(passed) == 1)
    assert passed[0][0] == connection
    assert passed[0][1].name == "Ana Example"

    check.test(connection, "wrong-token")  # a typed token is tested instead of the stored one
    qtbot.waitUntil(lambda: len(failed) == 2)
    assert "refused the email and API token" in failed[1][1]
    owner.deleteLater()


def test_adding_a_connection_stores_the_token_in_the_keyring_only(
    qtbot: QtBot,
    companion: CallCompanion,
    fake_zendesk: FakeZendesk,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fill_and_accept(self: ConnectionDialog) -> int:
        fill(self, fake_zendesk.url, TOKEN)
        self._save()  # the Save button's slot
        return int(self.result() == QDialog.DialogCode.Accepted)

    monkeypatch.setattr(ConnectionDialog, "exec", fill_and_accept)
    dialog = companion.open_settings()
    assert isinstance(dialog, SettingsDialog)
    dialog.tabs.setCurrentWidget(dialog.zendeskTab)
    qtbot.mouseClick(dialog.addConnectionButton, Qt.MouseButton.LeftButton)
    assert dialog.connectionsList.count() == 1
    assert "default" in dialog.connectionsList.item(0).text()
    qtbot.mouseClick(dialog.testConnectionButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "connected as Ana Example" in dialog.connectionResult.text())
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    def saved() -> bool:
        return bool(companion.settings.value.zendesk_connections)

    qtbot.waitUntil(saved)
    (connection,) = companion.settings.value.zendesk_connections
    assert connection.base_url == fake_zendesk.url
    assert companion.settings.value.default_connection == connection.id
    assert keyring.get_password("callcompanion", connection.keyring_user) == TOKEN
    assert TOKEN not in companion.paths.settings_file.read_text()


def test_removing_a_connection_forgets_its_token(qtbot: QtBot, zendesk_app: ZendeskSetup) -> None:
    companion = zendesk_app.companion
    dialog = companion.open_settings()
    dialog.connectionsList.setCurrentRow(0)
    qtbot.mouseClick(dialog.removeConnectionButton, Qt.MouseButton.LeftButton)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: companion.settings.value.zendesk_connections == ())
    qtbot.waitUntil(
        lambda: keyring.get_password("callcompanion", zendesk_app.connection.keyring_user) is None
    )


def test_a_macro_fills_the_reply(qtbot: QtBot, zendesk_app: ZendeskSetup) -> None:
    zendesk = zendesk_app.zendesk
    zendesk.macros[360028010274] = {
        "id": 360028010274,
        "title": "Support::Customer Calls::Call completed - Summary",
        "body": "Thanks for the call. Summary: …",
    }
    dialog = MacroDialog(ZendeskAuth(CredentialStore()), zendesk_app.connection, 12345)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.search, "call completed")
    qtbot.waitUntil(lambda: dialog.results.count() == 1, timeout=3000)
    dialog.results.setCurrentRow(0)
    qtbot.waitUntil(lambda: dialog.preview.toPlainText() == "Thanks for the call. Summary: …")
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert zendesk.comments(12345) == [], "previewing a macro never changes the ticket"


def test_the_outbox_window_retries_edits_and_discards(
    qtbot: QtBot, zendesk_app: ZendeskSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    companion, zendesk, clock = zendesk_app.companion, zendesk_app.zendesk, zendesk_app.clock
    zendesk.fail("PUT", r"/tickets/12345$", Status(422, {"error": "RecordInvalid"}))
    companion.controller.start_call(
        TicketRef(12345),
        CallTypeCatalog().get("discovery"),
        Platform.ZOOM,
        connection_id="abcd1234",
    )
    clock.advance(minutes=10)
    companion.controller.end_call()
    editor = companion.summary_windows.editor(companion.controller.last_ended.id)  # type: ignore[union-attr]
    assert editor is not None
    editor.bodyEdit.setPlainText("First version")
    assert editor.post()
    qtbot.waitUntil(lambda: companion.outbox.counts().failed == 1, timeout=5000)

    qtbot.mouseClick(companion.window.outboxButton, Qt.MouseButton.LeftButton)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, OutboxDialog))
    assert dialog.list.count() == 1
    assert "Needs attention" in dialog.list.item(0).text()
    assert "refused the update (422)" in dialog.error.text()
    assert dialog.text.toPlainText().startswith("First version")
    dialog.text.setPlainText("Second version")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(zendesk.comments(12345)) == 1, timeout=5000)
    body = str(zendesk.comments(12345)[0]["body"])
    assert body == "Second version", "the public reply as edited, with no reference in it"
    qtbot.waitUntil(lambda: dialog.list.count() == 0)

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    companion.controller.start_call(
        TicketRef(12345),
        CallTypeCatalog().get("discovery"),
        Platform.ZOOM,
        connection_id="abcd1234",
    )
    companion.controller.end_call()
    zendesk.fail("PUT", r"/tickets/12345$", Status(404, {"error": "RecordNotFound"}))
    editor = companion.summary_windows.editor(companion.controller.last_ended.id)  # type: ignore[union-attr]
    assert editor is not None
    editor.bodyEdit.setPlainText("Wrong ticket")
    assert editor.post()
    qtbot.waitUntil(lambda: companion.outbox.counts().failed == 1, timeout=5000)
    assert dialog.list.count() == 1
    dialog.list.setCurrentRow(0)
    qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    assert dialog.list.count() == 0
    assert companion.outbox.counts().total == 0
    assert len(zendesk.comments(12345)) == 1
    dialog.close()


def test_an_answer_for_a_closed_settings_window_is_dropped(
    qtbot: QtBot, zendesk_app: ZendeskSetup, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="callcompanion.controllers.workers")
    zendesk_app.zendesk.latency = 0.3
    dialog = zendesk_app.companion.open_settings()
    assert isinstance(dialog, SettingsDialog)
    dialog.connectionsList.setCurrentRow(0)
    dialog.testConnectionButton.click()
    dialog.reject()  # deleted on close, before Zendesk answers
    qtbot.waitUntil(lambda: not dialog.isVisible())
    # qt_default_raising: a callback into the deleted dialog would fail the test here.
    qtbot.waitUntil(lambda: "answer for a closed window dropped" in caplog.messages, timeout=5000)
    assert len(zendesk_app.zendesk.calls("GET", r"/users/me")) == 1
