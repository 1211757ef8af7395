"""The outbox window while a post is under way, and a corrected token resuming posts."""

from __future__ import annotations

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.core.ticket import TicketRef
from callcompanion.core.ticket_changes import TicketChanges
from callcompanion.gui.connection_dialog import ConnectionDialog
from callcompanion.gui.outbox_dialog import OutboxDialog
from callcompanion.services.outbox import EntryState, OutboxEntry
from tests.fakes.posts import internal_notes
from tests.fakes.zendesk_server import TOKEN, Hang, Status
from tests.gui.conftest import ZendeskSetup
from tests.gui.test_summary import end_call, start_call

# Some posts here are the reply exactly as the template fills it, which asks first.
pytestmark = pytest.mark.usefixtures("confirm_posting_without_notes")

GOOD_TOKEN = "zd-test-" + "g00d" * 5  # assembled, never a real credential


def queue_note(setup: ZendeskSetup, text: str = "Internal details") -> int:
    return setup.companion.outbox.enqueue(
        ticket=TicketRef(12345),
        text=text,
        public=False,
        kind=OutboxKind.UPGRADE_NOTE,
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


def test_a_new_token_alone_sends_the_posts_that_waited_for_it(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion = zendesk_app.companion
    keyring.delete_password("callcompanion", zendesk_app.connection.keyring_user)
    queue_note(zendesk_app)
    qtbot.waitUntil(
        lambda: [e.state for e in companion.outbox.outbox.entries()] == [EntryState.NOT_CONNECTED],
        timeout=5000,
    )
    dialog = companion.open_settings()
    dialog.tokens[zendesk_app.connection.keyring_user] = TOKEN  # as the connection dialog does
    dialog.accept()
    qtbot.waitUntil(lambda: len(zendesk_app.zendesk.comments(12345)) == 1, timeout=5000)


def test_the_outbox_keeps_an_edit_in_progress_when_something_else_changes(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion = zendesk_app.companion
    zendesk_app.zendesk.fail("PUT", r"/tickets/12345$", Status(422, {"error": "RecordInvalid"}))
    queue_note(zendesk_app, "First version")
    qtbot.waitUntil(lambda: companion.outbox.counts().failed == 1, timeout=5000)
    companion.open_outbox()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, OutboxDialog))
    dialog.text.selectAll()
    dialog.text.insertPlainText("Half-typed correction")
    queue_note(zendesk_app, "Another note")  # it waits behind the first: a new row
    qtbot.waitUntil(lambda: dialog.list.count() == 2)
    assert dialog.text.toPlainText() == "Half-typed correction"
    dialog.close()


def queue_in_store(setup: ZendeskSetup, count: int) -> list[int]:
    """*count* posts to ticket #12345 written straight into the store, not yet kicked."""
    posts = internal_notes([12345] * count, setup.connection.id, text=lambda i, _t: f"Note {i}")
    return setup.companion.outbox.outbox.add(posts, setup.clock.now(), connected=True)


def test_a_draining_queue_tells_the_views_once_per_post_and_the_outbox_window_reads_no_list(
    qtbot: QtBot, zendesk_app: ZendeskSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    companion, zendesk = zendesk_app.companion, zendesk_app.zendesk
    count = 12
    ids = queue_in_store(zendesk_app, count)
    dialog = OutboxDialog(companion.outbox, companion.window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.list.count() == count
    lists_read: list[object] = []
    read_list = companion.outbox.outbox.entries

    def counted(*args: object) -> list[OutboxEntry]:
        lists_read.append(args)
        return read_list(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(companion.outbox.outbox, "entries", counted)
    changed: list[None] = []
    told: list[frozenset[int] | None] = []
    sent: list[OutboxEntry] = []
    companion.outbox.changed.connect(lambda: changed.append(None))
    companion.outbox.entries_changed.connect(told.append)
    companion.outbox.sent.connect(sent.append)

    companion.outbox.kick()
    qtbot.waitUntil(lambda: len(sent) == count and dialog.list.count() == 0, timeout=10_000)
    qtbot.waitUntil(lambda: not companion.outbox.busy)
    assert [e.id for e in sent] == ids, "in order, each once"
    assert len(zendesk.comments(12345)) == count
    # One update as the batch is claimed, then one as outcomes are stored (with the next
    # batch's claim): never one for a claim and another for its outcome, never more than one
    # a post, and each names the posts that changed.
    assert len(changed) <= count + 1, f"{len(changed)} updates for {count} posts"
    assert len(told) == len(changed)
    assert all(ids is not None for ids in told), told
    assert set().union(*told) == set(ids)  # type: ignore[arg-type]
    assert lists_read == [], "the outbox window updated the rows that changed, nothing more"
    assert companion.window.outboxButton.text() == ""


def test_changes_are_told_once_control_is_back_in_the_event_loop(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion = zendesk_app.companion
    zendesk_app.zendesk.fail("PUT", r"/tickets/12345$", Hang(1.0, apply_first=True))
    changed: list[None] = []
    told: list[frozenset[int] | None] = []
    companion.outbox.changed.connect(lambda: changed.append(None))
    companion.outbox.entries_changed.connect(told.append)
    entry_id = queue_note(zendesk_app)
    assert companion.outbox.busy, "written and claimed at once"
    assert changed == [], "the views are told after this turn of the event loop"
    qtbot.waitUntil(lambda: len(changed) == 1)
    assert told == [frozenset({entry_id})], "written and claimed: one update"
    qtbot.waitUntil(lambda: not companion.outbox.busy, timeout=5000)
    qtbot.waitUntil(lambda: len(changed) == 2)


def test_posting_a_summary_tells_the_outbox_listeners_through_the_outbox_itself(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion = zendesk_app.companion
    told: list[frozenset[int] | None] = []
    companion.outbox.entries_changed.connect(told.append)
    call_id = start_call(companion, connection_id=zendesk_app.connection.id)
    editor = end_call(companion, zendesk_app.clock)
    editor.bodyEdit.setPlainText("What we did on the call.")
    assert editor.post()
    qtbot.waitUntil(lambda: bool(told))
    (entry,) = companion.outbox.outbox.for_call(call_id)
    assert entry.kind is OutboxKind.SUMMARY
    assert told[0] is not None
    assert entry.id in told[0]
    qtbot.waitUntil(lambda: len(zendesk_app.zendesk.comments(12345)) == 1, timeout=5000)


def test_a_post_whose_ticket_changes_zendesk_refuses_can_go_without_them(
    qtbot: QtBot, zendesk_app: ZendeskSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    companion, zendesk = zendesk_app.companion, zendesk_app.zendesk
    zendesk.fail("PUT", r"/tickets/12345$", Status(422, {"error": "RecordInvalid"}))
    entry_id = companion.outbox.enqueue(
        ticket=TicketRef(12345),
        text="Internal details",
        public=False,
        kind=OutboxKind.SUMMARY_NOTE,
        label="Internal note for #12345",
        connection_id=zendesk_app.connection.id,
        changes=TicketChanges(status="hold", custom_fields=((360001, "area_x"),)),
    )
    qtbot.waitUntil(lambda: companion.outbox.counts().failed == 1, timeout=5000)
    dialog = OutboxDialog(companion.outbox, companion.window)
    qtbot.addWidget(dialog)
    dialog.show()
    said = "status On-hold, field 360001 “area_x”"
    assert dialog.changes.text() == f"Also changes the ticket: {said}."
    assert said in dialog.error.text()
    assert dialog.alone_button.isVisible()
    assert dialog.alone_button.isEnabled()
    asked: list[str] = []

    def yes(_parent: object, _title: str, text: str, *_a: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    qtbot.mouseClick(dialog.alone_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1
    assert said in asked[0]
    qtbot.waitUntil(lambda: companion.outbox.counts().total == 0, timeout=5000)
    (comment,) = zendesk.comments(12345)
    assert str(comment["body"]).startswith("Internal details")
    assert zendesk.ticket(12345)["status"] == "open", "posted without the ticket changes"
    sent = companion.outbox.outbox.get(entry_id)
    assert sent is not None
    assert sent.state is EntryState.SENT
    assert sent.changes == TicketChanges()
