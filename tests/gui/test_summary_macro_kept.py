"""A macro applied in the summary editor is part of the draft: a restart keeps it for the post.

The app is closed and built again on the same profile (as a quit and a new start would), against
the loopback Zendesk (tests/fakes/zendesk_server.py).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from callcompanion.core.ticket_changes import TicketChanges
from callcompanion.gui.macro_dialog import MacroDialog
from callcompanion.gui.summary_editor import SummaryEditor
from callcompanion.services.summaries import SummaryStore
from tests.gui.conftest import MakeCompanion, ZendeskSetup, settle
from tests.gui.test_macro_whole import (
    FIELD_ID,
    NOT_APPLIED,
    add_macro,
    ended_call_editor,
    in_dialog,
    pick_macro,
)

LINE = "With the post: status On-hold · tags +call_held +foo −bar · 1 field"


def apply_macro(qtbot: QtBot, editor: SummaryEditor) -> None:
    def choose(dialog: MacroDialog) -> None:
        pick_macro(qtbot, dialog, "call completed")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    failures = in_dialog(qtbot, choose)
    editor.use_macro()
    assert failures == []
    assert editor.macroBar.label.text() == LINE


def test_a_restart_keeps_the_macro_and_the_post_applies_it(
    qtbot: QtBot, zendesk_app: ZendeskSetup, make_companion: MakeCompanion
) -> None:
    zendesk = zendesk_app.zendesk
    add_macro(zendesk)
    with zendesk._lock:  # the ticket carries a tag the macro removes, and one of its own
        zendesk._tickets[12345].tags = ["bar", "vip"]
    editor = ended_call_editor(zendesk_app)
    call_id = editor.call_id
    apply_macro(qtbot, editor)
    store = SummaryStore(zendesk_app.companion.store)

    def stored_macro() -> bool:
        draft = store.get(call_id)
        return draft is not None and draft.macro is not None

    qtbot.waitUntil(stored_macro, timeout=1000)  # written at once, not after a pause
    qtbot.waitUntil(lambda: editor.savedLabel.text().startswith("Draft saved"))
    zendesk_app.companion.close()

    again = make_companion()
    reopened = again.summary_windows.editor(call_id)
    assert reopened is not None, "the draft with its macro opens again"
    assert reopened is not editor
    assert reopened.macroBar.isVisible()
    assert reopened.macroBar.label.text() == LINE
    assert reopened.macroBar.notApplied.isVisible()
    assert NOT_APPLIED in reopened.macroBar.notApplied.text()
    assert reopened.statusCombo.currentData() == "hold"
    assert reopened.internalRadio.isChecked()
    assert reopened.bodyEdit.toPlainText() == "Hi Chris, thanks."
    assert reopened.macro_changes == TicketChanges(
        add_tags=("call_held", "foo"),
        remove_tags=("bar",),
        custom_fields=((FIELD_ID, "call_completed"),),
        not_applied=(NOT_APPLIED,),
    )

    assert reopened.post()
    settle(qtbot, again)
    ticket = zendesk.ticket(12345)
    assert ticket["status"] == "hold"
    assert "bar" not in ticket["tags"]
    assert {"call_held", "foo", "vip"} <= set(ticket["tags"])
    (update,) = [r for r in zendesk.requests if r.method == "PUT" and r.path.endswith("/12345")]
    sent = update.body["ticket"]
    assert sent["comment"]["body"].startswith("Hi Chris, thanks.")
    assert sent["comment"]["public"] is False
    assert {"id": FIELD_ID, "value": "call_completed"} in sent["custom_fields"]
    assert "subject" not in sent


def test_remove_is_kept_too(
    qtbot: QtBot, zendesk_app: ZendeskSetup, make_companion: MakeCompanion
) -> None:
    add_macro(zendesk_app.zendesk)
    editor = ended_call_editor(zendesk_app)
    call_id = editor.call_id
    apply_macro(qtbot, editor)
    editor.macroBar.removeButton.click()
    assert editor.statusCombo.currentData() == "pending"
    store = SummaryStore(zendesk_app.companion.store)

    def removed() -> bool:
        draft = store.get(call_id)
        return draft is not None and draft.macro is None and draft.status == "pending"

    qtbot.waitUntil(removed, timeout=1000)
    qtbot.waitUntil(lambda: editor.savedLabel.text().startswith("Draft saved"))
    zendesk_app.companion.close()

    again = make_companion()
    reopened = again.summary_windows.editor(call_id)
    assert reopened is not None
    assert not reopened.macroBar.isVisible()
    assert reopened.macro_changes == TicketChanges()
    assert reopened.statusCombo.currentData() == "pending"
    assert reopened.bodyEdit.toPlainText() == "Hi Chris, thanks.", "the reply stays"


def test_a_draft_written_as_the_app_closes_is_not_read_from_the_closed_store(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    """The writer thread's answer can come in after the app closed its store (a quit while
    the event loop still turns): the draft is on the disk and nothing reads the closed store
    (that would log an error and show a notice while quitting)."""
    companion = zendesk_app.companion
    editor = ended_call_editor(zendesk_app)
    draft = companion.summaries.draft(editor.call_id)
    written: list[str] = []
    companion.summaries.draft_written.connect(lambda _draft, error: written.append(error))
    companion.summaries.save_in_background(draft.with_changes(draft.updated_at, learned="x"))
    companion.summaries.wait_for_writes(editor.call_id)  # on the disk; its answer is queued
    companion.close()
    qtbot.wait(50)  # the queued answer is delivered: it must find nobody to tell
    assert written == [], "nothing was told after the store closed"
