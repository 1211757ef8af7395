"""A Zendesk macro applied whole: previewed in full, its changes kept with the post.

Against the loopback Zendesk (tests/fakes/zendesk_server.py), whose macros carry actions like
Zendesk's (``GET macros/{id}``) and whose ticket-specific apply renders the comment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from callcompanion.core.call import Platform
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.ticket import TicketRef
from callcompanion.core.ticket_changes import TicketChanges
from callcompanion.gui.macro_dialog import MacroDialog
from callcompanion.gui.summary_editor import SummaryEditor
from callcompanion.services.credentials import CredentialStore
from callcompanion.services.zendesk_auth import ZendeskAuth
from tests.fakes.zendesk_server import FakeZendesk
from tests.gui.conftest import ZendeskSetup, settle

MACRO_ID = 360028010274
FIELD_ID = 360012345
WHOLE_MACRO: dict[str, Any] = {
    "id": MACRO_ID,
    "title": "Support::Customer Calls::Call completed",
    "actions": [
        {"field": "comment_value", "value": "Hi {{ticket.requester.first_name}}, thanks."},
        {"field": "comment_mode_is_public", "value": "false"},
        {"field": "status", "value": "hold"},
        {"field": "current_tags", "value": "call_held foo"},
        {"field": "remove_tags", "value": "bar"},
        {"field": f"custom_fields_{FIELD_ID}", "value": "call_completed"},
        {"field": "subject", "value": "Call done"},
    ],
}
NOT_APPLIED = "Sets the subject to “Call done”."


def add_macro(zendesk: FakeZendesk) -> None:
    """The whole macro, and its custom field among the account's ticket fields."""
    zendesk.macros[MACRO_ID] = WHOLE_MACRO
    zendesk.ticket_fields.append(
        {"id": FIELD_ID, "title": "Call outcome", "type": "tagger", "active": True}
    )


def pick_macro(qtbot: QtBot, dialog: MacroDialog, words: str) -> None:
    qtbot.keyClicks(dialog.search, words)
    qtbot.waitUntil(lambda: dialog.results.count() == 1, timeout=3000)
    dialog.results.setCurrentRow(0)
    qtbot.waitUntil(lambda: dialog.effect is not None, timeout=3000)


def test_the_preview_shows_everything_the_macro_would_do(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    zendesk = zendesk_app.zendesk
    add_macro(zendesk)
    dialog = MacroDialog(ZendeskAuth(CredentialStore()), zendesk_app.connection, 12345)
    qtbot.addWidget(dialog)
    dialog.show()
    pick_macro(qtbot, dialog, "call completed")
    assert dialog.preview.toPlainText() == "Hi Chris, thanks.", "rendered for this ticket"
    assert "internal note" in dialog.replyHeading.text()
    changes = dialog.changesLabel.text()
    for line in (
        "Status: On-hold",
        "Adds tags: call_held foo",
        "Removes tags: bar",
        "Call outcome: call_completed",  # the field's title, read from Zendesk
    ):
        assert line in changes
    assert dialog.notAppliedLabel.isVisible()
    assert "Not applied by callcompanion" in dialog.notAppliedLabel.text()
    assert NOT_APPLIED in dialog.notAppliedLabel.text()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    asked = [(r.method, r.path) for r in zendesk.requests if "search" not in r.path]
    assert asked[:2] == [
        ("GET", f"/api/v2/macros/{MACRO_ID}"),
        ("GET", f"/api/v2/tickets/12345/macros/{MACRO_ID}/apply"),
    ]
    assert all(method == "GET" for method, _path in asked)
    assert zendesk.ticket(12345)["status"] == "open", "previewing never changes the ticket"


def in_dialog(qtbot: QtBot, steps: Callable[[MacroDialog], None]) -> list[BaseException]:
    """Run *steps* in the macro dialog once it is open (modal); a failure closes it."""
    failures: list[BaseException] = []

    def drive() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, MacroDialog)]
        if not any(d.isVisible() for d in dialogs):
            QTimer.singleShot(20, drive)
            return
        dialog = next(d for d in dialogs if d.isVisible())
        try:
            steps(dialog)
        except BaseException as err:  # reported after exec() returns
            failures.append(err)
            dialog.reject()

    QTimer.singleShot(0, drive)
    return failures


def ended_call_editor(zendesk_app: ZendeskSetup) -> SummaryEditor:
    companion, clock = zendesk_app.companion, zendesk_app.clock
    companion.controller.start_call(
        TicketRef(12345),
        CallTypeCatalog().get("discovery"),
        Platform.ZOOM,
        connection_id="abcd1234",
    )
    clock.advance(minutes=10)
    companion.controller.end_call()
    record = companion.controller.last_ended
    assert record is not None
    editor = companion.summary_windows.editor(record.id)
    assert editor is not None
    return editor


def test_applying_the_macro_keeps_its_changes_with_the_post(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    zendesk = zendesk_app.zendesk
    add_macro(zendesk)
    editor = ended_call_editor(zendesk_app)
    assert editor.statusCombo.currentData() == "pending"  # the profile's summary status
    assert not editor.macroBar.isVisible()

    def choose(dialog: MacroDialog) -> None:
        pick_macro(qtbot, dialog, "call completed")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    failures = in_dialog(qtbot, choose)
    editor.use_macro()
    assert failures == []
    assert editor.bodyEdit.toPlainText() == "Hi Chris, thanks."
    assert editor.internalRadio.isChecked()
    assert editor.statusCombo.currentData() == "hold"
    assert editor.macroBar.isVisible()
    assert editor.macroBar.label.text() == (
        "With the post: status On-hold · tags +call_held +foo −bar · 1 field"
    )
    assert editor.macroBar.notApplied.isVisible()
    assert NOT_APPLIED in editor.macroBar.notApplied.text()
    assert editor.macro_changes == TicketChanges(
        add_tags=("call_held", "foo"),
        remove_tags=("bar",),
        custom_fields=((FIELD_ID, "call_completed"),),
        not_applied=(NOT_APPLIED,),
    ), "the status goes with the post through the status box"
    editor.save_now()
    assert zendesk_app.companion.summaries.draft(editor.call_id).status == "hold"

    editor.statusCombo.setCurrentIndex(editor.statusCombo.findData("solved"))
    assert editor.macroBar.label.text() == "With the post: tags +call_held +foo −bar · 1 field"
    editor.statusCombo.setCurrentIndex(editor.statusCombo.findData("hold"))

    editor.macroBar.removeButton.click()
    assert not editor.macroBar.isVisible()
    assert editor.macro_changes == TicketChanges()
    assert editor.statusCombo.currentData() == "pending", "the status before the macro is back"
    assert editor.bodyEdit.toPlainText() == "Hi Chris, thanks.", "the reply stays"
    editor.close()


def test_the_post_applies_the_macro_whole_on_the_ticket(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    zendesk = zendesk_app.zendesk
    add_macro(zendesk)
    with zendesk._lock:  # the ticket carries a tag the macro removes, and one of its own
        zendesk._tickets[12345].tags = ["bar", "vip"]
    editor = ended_call_editor(zendesk_app)

    def choose(dialog: MacroDialog) -> None:
        pick_macro(qtbot, dialog, "call completed")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    failures = in_dialog(qtbot, choose)
    editor.use_macro()
    assert failures == []
    assert editor.post()
    settle(qtbot, zendesk_app.companion)
    ticket = zendesk.ticket(12345)
    assert ticket["status"] == "hold"
    assert "bar" not in ticket["tags"]
    assert {"call_held", "foo", "vip"} <= set(ticket["tags"])
    (update,) = [r for r in zendesk.requests if r.method == "PUT" and r.path.endswith("/12345")]
    sent = update.body["ticket"]
    assert sent["comment"]["public"] is False
    assert sent["comment"]["body"].startswith("Hi Chris, thanks.")
    assert {"id": FIELD_ID, "value": "call_completed"} in sent["custom_fields"]
    assert "subject" not in sent, "what the app cannot apply is named, never sent"


UNFLAG_MACRO: dict[str, Any] = {
    "id": 360028010275,
    "title": "Support::Unflag",
    "actions": [{"field": "remove_tags", "value": "foo"}],
}


def apply_macro(qtbot: QtBot, editor: SummaryEditor, words: str) -> None:
    def choose(dialog: MacroDialog) -> None:
        pick_macro(qtbot, dialog, words)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    failures = in_dialog(qtbot, choose)
    editor.use_macro()
    assert failures == []


def test_a_second_macro_replaces_the_first_and_remove_restores_the_status(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    add_macro(zendesk_app.zendesk)
    zendesk_app.zendesk.macros[UNFLAG_MACRO["id"]] = UNFLAG_MACRO
    editor = ended_call_editor(zendesk_app)
    apply_macro(qtbot, editor, "call completed")
    assert editor.statusCombo.currentData() == "hold"

    apply_macro(qtbot, editor, "unflag")
    assert editor.statusCombo.currentData() == "pending", "the first macro's status is undone"
    assert editor.macroBar.label.text() == "With the post: tags −foo"
    editor.macroBar.removeButton.click()
    assert editor.statusCombo.currentData() == "pending"

    # A status the engineer chose after the first macro stays when the second one comes.
    apply_macro(qtbot, editor, "call completed")
    editor.statusCombo.setCurrentIndex(editor.statusCombo.findData("solved"))
    apply_macro(qtbot, editor, "unflag")
    assert editor.statusCombo.currentData() == "solved"
    editor.macroBar.removeButton.click()
    assert editor.statusCombo.currentData() == "solved"
    editor.close()


def test_the_macro_of_the_draft_goes_on_top_of_the_drafts_own_changes(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    zendesk, companion = zendesk_app.zendesk, zendesk_app.companion
    zendesk.macros[UNFLAG_MACRO["id"]] = UNFLAG_MACRO
    with zendesk._lock:
        zendesk._tickets[12345].tags = ["foo", "vip"]
    editor = ended_call_editor(zendesk_app)
    editor.tagsEdit.setText("foo customer_call")
    apply_macro(qtbot, editor, "unflag")
    editor.bodyEdit.setPlainText("Thanks for the call.")
    assert editor.post()
    (entry,) = companion.outbox.outbox.for_call(editor.call_id)
    assert "foo" not in entry.changes.add_tags, "the macro removes what the draft adds"
    assert entry.changes.remove_tags == ("foo",)
    assert entry.changes.status == "pending"
    assert "customer_call" in entry.changes.add_tags
    settle(qtbot, companion)
    assert "foo" not in zendesk.ticket(12345)["tags"]
    assert {"vip", "customer_call"} <= set(zendesk.ticket(12345)["tags"])
