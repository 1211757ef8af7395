"""Edges found in review: late answers, token-only changes, edits in the outbox, double posts."""

from __future__ import annotations

import keyring
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from callcompanion.core.call import Outcome, Platform
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.messages import MessageKind
from callcompanion.core.summary import SummaryState
from callcompanion.core.ticket import TicketRef
from callcompanion.gui.outbox_dialog import OutboxDialog
from callcompanion.gui.settings_dialog import SettingsDialog
from callcompanion.services.outbox import EntryState
from callcompanion.services.summaries import SummaryStore
from tests.fakes.zendesk_server import TOKEN, Status
from tests.gui.conftest import ZendeskSetup

TICKET = 12345


def start(setup: ZendeskSetup) -> str:
    call = setup.companion.controller.start_call(
        TicketRef(TICKET),
        CallTypeCatalog().get("troubleshooting"),
        Platform.ZOOM,
        customer_joined=True,
        connection_id=setup.connection.id,
    )
    return call.id


def test_a_call_resumed_and_ended_again_gets_its_summary_editor(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion = zendesk_app.companion
    call_id = start(zendesk_app)
    qtbot.waitUntil(lambda: companion.ticket_context.cached(call_id) is not None, timeout=5000)
    companion.controller.end_call(Outcome.CANCELLED)
    assert companion.editor(call_id) is None, "a cancelled call owes no summary"
    companion.controller.reopen_last()
    zendesk_app.clock.advance(minutes=20)
    companion.controller.end_call()
    assert companion.editor(call_id) is not None


def test_an_answer_for_a_closed_settings_window_is_dropped(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    zendesk_app.zendesk.latency = 0.3
    dialog = zendesk_app.companion.open_settings()
    assert isinstance(dialog, SettingsDialog)
    dialog.connectionsList.setCurrentRow(0)
    dialog.testConnectionButton.click()
    dialog.reject()  # deleted on close, before Zendesk answers
    qtbot.waitUntil(lambda: not dialog.isVisible())
    # qt_default_raising: a callback into the deleted dialog would fail the test here.
    qtbot.wait(600)
    assert len(zendesk_app.zendesk.calls("GET", r"/users/me")) == 1


def test_a_new_token_alone_sends_the_posts_that_waited_for_it(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion = zendesk_app.companion
    keyring.delete_password("callcompanion", zendesk_app.connection.keyring_user)
    start(zendesk_app)
    zendesk_app.clock.advance(minutes=30)
    companion.controller.end_call()
    editor = companion.editor(companion.controller.last_ended.id)  # type: ignore[union-attr]
    assert editor is not None
    assert editor.post()
    qtbot.waitUntil(
        lambda: [e.state for e in companion.outbox.outbox.entries()] == [EntryState.NOT_CONNECTED],
        timeout=5000,
    )
    dialog = companion.open_settings()
    dialog.tokens[zendesk_app.connection.keyring_user] = TOKEN  # as the connection dialog does
    dialog.accept()
    qtbot.waitUntil(lambda: len(zendesk_app.zendesk.comments(TICKET)) == 1, timeout=5000)


def test_the_outbox_keeps_an_edit_in_progress_when_something_else_changes(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion = zendesk_app.companion
    zendesk_app.zendesk.fail("PUT", rf"/tickets/{TICKET}$", Status(422, {"error": "RecordInvalid"}))
    start(zendesk_app)
    zendesk_app.clock.advance(minutes=30)
    companion.controller.end_call()
    editor = companion.editor(companion.controller.last_ended.id)  # type: ignore[union-attr]
    assert editor is not None
    editor.bodyEdit.setPlainText("First version")
    assert editor.post()
    qtbot.waitUntil(lambda: companion.outbox.counts().failed == 1, timeout=5000)
    companion.open_outbox()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, OutboxDialog))
    dialog.text.selectAll()
    dialog.text.insertPlainText("Half-typed correction")
    companion.outbox.changed.emit()  # e.g. another post went out meanwhile
    assert dialog.text.toPlainText() == "Half-typed correction"
    dialog.close()


def test_posting_a_message_twice_queues_it_once(qtbot: QtBot, zendesk_app: ZendeskSetup) -> None:
    companion = zendesk_app.companion
    dialog = companion.open_message(MessageKind.PRE_CALL, TicketRef(TICKET))
    dialog.textEdit.setPlainText("See you on Friday.")
    assert dialog.post()
    assert not dialog.post()
    assert len(companion.outbox.outbox.entries()) + len(zendesk_app.zendesk.comments(TICKET)) <= 1
    qtbot.waitUntil(lambda: len(zendesk_app.zendesk.comments(TICKET)) == 1, timeout=5000)
    qtbot.wait(200)
    assert len(zendesk_app.zendesk.comments(TICKET)) == 1


def test_another_post_of_the_call_does_not_mark_its_summary_posted(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion = zendesk_app.companion
    call_id = start(zendesk_app)
    companion.open_notes()
    editor = companion.editor(call_id)
    assert editor is not None
    editor.learnedEdit.setPlainText("The migration stopped on a lock.")
    editor.save_now()
    record = companion.store.call(call_id)
    message = companion.open_message(
        MessageKind.EMERGENCY_FOLLOW_UP, TicketRef(TICKET), record=record
    )
    qtbot.waitUntil(message.postButton.isEnabled)
    assert message.post_anyway()  # no meeting link set up: "[bridge link]" is left in
    qtbot.waitUntil(lambda: len(zendesk_app.zendesk.comments(TICKET)) == 1, timeout=5000)
    qtbot.wait(100)
    draft = SummaryStore(companion.store).get(call_id)
    assert draft is not None
    assert draft.state is SummaryState.DRAFT
