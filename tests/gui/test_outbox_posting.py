"""The outbox window while a post is under way, and a corrected token resuming posts."""

from __future__ import annotations

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from callcompanion.core.ticket import TicketRef
from callcompanion.gui.connection_dialog import ConnectionDialog
from callcompanion.gui.outbox_dialog import OutboxDialog
from callcompanion.services.outbox import EntryState
from tests.fakes.zendesk_server import Hang
from tests.gui.conftest import ZendeskSetup

GOOD_TOKEN = "zd-test-" + "g00d" * 5  # assembled, never a real credential


def queue_note(setup: ZendeskSetup, text: str = "Internal details") -> int:
    return setup.companion.outbox.enqueue(
        ticket=TicketRef(12345),
        text=text,
        public=False,
        kind="internal_note",
        label="Internal note for #12345",
        connection_id=setup.connection.id,
    )


def test_retry_edit_and_discard_wait_while_a_post_is_being_sent(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion, zendesk = zendesk_app.companion, zendesk_app.zendesk
    zendesk.fail("PUT", r"/tickets/12345$", Hang(1.5, apply_first=True))
    entry_id = queue_note(zendesk_app)
    qtbot.waitUntil(lambda: bool(zendesk.calls("PUT", r"/tickets/12345$")), timeout=5000)
    assert companion.outbox.outbox.get(entry_id).state is EntryState.SENDING  # type: ignore[union-attr]

    dialog = OutboxDialog(companion.outbox, companion.window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Posting…" in dialog.list.item(0).text()
    assert not dialog.retry_button.isEnabled()
    assert not dialog.save_button.isEnabled()
    assert not dialog.discard_button.isEnabled()
    assert dialog.copy_button.isEnabled(), "the text can still be copied"
    assert "Being posted now" in dialog.error.text()
    assert not companion.outbox.retry(entry_id), "no path around the buttons either"
    assert not companion.outbox.edit(entry_id, "Changed")
    assert not companion.outbox.discard(entry_id)

    # The answer never comes in time: unknown outcome, and the buttons are back.
    qtbot.waitUntil(lambda: not companion.outbox.busy, timeout=5000)
    entry = companion.outbox.outbox.get(entry_id)
    assert entry is not None
    assert entry.state is EntryState.PENDING
    assert entry.outcome_unknown
    qtbot.waitUntil(dialog.retry_button.isEnabled)
    assert dialog.discard_button.isEnabled()
    qtbot.mouseClick(dialog.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: companion.outbox.counts().total == 0, timeout=5000)
    assert len(zendesk.comments(12345)) == 1, "the marker was found: not posted again"
    assert zendesk.calls("GET", r"/tickets/12345/comments")


def test_saving_a_corrected_token_sends_the_refused_posts(
    qtbot: QtBot, zendesk_app: ZendeskSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    companion, zendesk, connection = (
        zendesk_app.companion,
        zendesk_app.zendesk,
        zendesk_app.connection,
    )
    zendesk.token = GOOD_TOKEN  # the stored token was revoked: Zendesk answers 401
    entry_id = queue_note(zendesk_app)
    qtbot.waitUntil(lambda: companion.outbox.counts().failed == 1, timeout=5000)
    entry = companion.outbox.outbox.get(entry_id)
    assert entry is not None
    assert entry.last_error is not None
    assert "refused the email and API token" in entry.last_error

    def type_new_token(self: ConnectionDialog) -> int:
        self.tokenEdit.setText(GOOD_TOKEN)
        self._save()  # the Save button's slot
        return int(self.result() == QDialog.DialogCode.Accepted)

    monkeypatch.setattr(ConnectionDialog, "exec", type_new_token)
    dialog = companion.open_settings()
    dialog.tabs.setCurrentWidget(dialog.zendeskTab)
    dialog.connectionsList.setCurrentRow(0)
    qtbot.mouseClick(dialog.editConnectionButton, Qt.MouseButton.LeftButton)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    qtbot.waitUntil(lambda: len(zendesk.comments(12345)) == 1, timeout=5000)
    qtbot.waitUntil(lambda: companion.outbox.counts().total == 0, timeout=5000)
    assert keyring.get_password("callcompanion", connection.keyring_user) == GOOD_TOKEN
