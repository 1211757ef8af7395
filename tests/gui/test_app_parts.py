"""The parts the composition root wires together: call ends, upgrade posts, message dialogs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.core.call import CallRecord, Outcome
from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.services.outbox import OutboxEntry
from tests.gui.conftest import ZendeskSetup

TICKET = 12345


def start_call(companion: CallCompanion) -> None:
    window = companion.window
    window.ticketEdit.setText(str(TICKET))
    window.typeCombo.setCurrentIndex(window.typeCombo.findData("troubleshooting"))
    window.joinedCheck.setChecked(False)
    assert window.start_call()


def test_each_end_of_a_call_is_announced_once(qtbot: QtBot, companion: CallCompanion) -> None:
    ended: list[CallRecord] = []
    companion.controller.ended.connect(ended.append)
    start_call(companion)
    call = companion.controller.call
    assert call is not None
    companion.controller.mark_joined()  # a change, not an end
    assert ended == []
    companion.controller.end_call()
    assert [record.id for record in ended] == [call.id]
    assert ended[0].outcome is Outcome.COMPLETED
    editor = companion.summary_windows.editor(call.id)
    assert editor is not None, "a completed call opens its summary"

    companion.controller.reopen_last()  # ended by mistake: resumed, then ended again
    assert len(ended) == 1
    companion.controller.end_call(Outcome.CANCELLED)
    assert [record.id for record in ended] == [call.id, call.id]
    assert ended[1].outcome is Outcome.CANCELLED
    assert companion.summary_windows.editor(call.id) is editor, "one editor per call"
    assert editor.record.outcome is Outcome.CANCELLED


def test_upgrade_information_posts_as_its_own_kinds(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion, zendesk = zendesk_app.companion, zendesk_app.zendesk
    window = companion.window
    window.ticketEdit.setText(str(TICKET))
    window.typeCombo.setCurrentIndex(window.typeCombo.findData("upgrade_assistance"))
    row = window.before_panel.rows["upgrade_info"]
    qtbot.keyClicks(row.fields["current_version"], "16.11.2")
    qtbot.keyClicks(row.fields["target_version"], "17.3.1")
    buttons = {b.text(): b for b in row.findChildren(QPushButton)}
    sent: list[OutboxEntry] = []
    companion.outbox.sent.connect(sent.append)

    qtbot.mouseClick(buttons["Post as internal note"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(sent) == 1, timeout=5000)
    assert sent[0].kind == OutboxKind.UPGRADE_NOTE, "not the summary's internal note"
    assert window.statusbar.currentMessage() == f"Upgrade information for #{TICKET} is in Zendesk."

    qtbot.mouseClick(buttons["Add to the organization's notes"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(sent) == 2, timeout=5000)
    assert sent[1].kind == OutboxKind.ORG_NOTES
    assert "17.3.1" in zendesk.organizations[77]["notes"]
    rows = companion.store.query("read the posts", "SELECT kind FROM outbox ORDER BY id")
    assert [row["kind"] for row in rows] == ["upgrade_note", "org_notes"], (
        "stored apart from the summary's internal note"
    )


def test_the_organization_s_notes_need_a_connection(qtbot: QtBot, companion: CallCompanion) -> None:
    window = companion.window
    window.ticketEdit.setText(str(TICKET))
    window.typeCombo.setCurrentIndex(window.typeCombo.findData("upgrade_assistance"))
    row = window.before_panel.rows["upgrade_info"]
    qtbot.keyClicks(row.fields["target_version"], "17.3.1")
    buttons = {b.text(): b for b in row.findChildren(QPushButton)}
    qtbot.mouseClick(buttons["Add to the organization's notes"], Qt.MouseButton.LeftButton)
    assert any("need a Zendesk connection" in notice for notice in window.notices())
    assert companion.outbox.counts().total == 0
