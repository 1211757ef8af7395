"""The app puts each ended call on its ticket: the outcome's tag and the time, with the post."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.core.call import Platform
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.ticket import TicketRef
from callcompanion.gui.settings.dialog import SettingsDialog
from callcompanion.gui.summary_editor import SummaryEditor
from tests.gui.conftest import ZendeskSetup, settle

pytestmark = pytest.mark.usefixtures("confirm_posting_without_notes")

TICKET = 12345
TOTAL, LAST = 360010, 360011


def start(companion: CallCompanion, *, joined: bool, call_type: str = "troubleshooting") -> str:
    call = companion.controller.start_call(
        TicketRef(TICKET),
        CallTypeCatalog().get(call_type),
        Platform.ZOOM,
        customer_joined=joined,
        connection_id="abcd1234",
    )
    return call.id


def time_fields(setup: ZendeskSetup) -> dict[int, object]:
    return {f["id"]: f["value"] for f in setup.zendesk.ticket(TICKET)["custom_fields"]}


def test_the_posted_summary_tags_the_call_held_and_adds_its_time(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion, clock = zendesk_app.companion, zendesk_app.clock
    zendesk_app.zendesk.add_time_tracking_fields(TOTAL, LAST)
    call_id = start(companion, joined=True)
    clock.advance(minutes=42)
    companion.controller.end_call()
    editor = companion.summary_windows.editor(call_id)
    assert isinstance(editor, SummaryEditor)
    qtbot.mouseClick(editor.postButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(zendesk_app.zendesk.comments(TICKET)) == 1, timeout=5000)
    settle(qtbot, companion)
    assert "call_held" in zendesk_app.zendesk.ticket(TICKET)["tags"]
    assert time_fields(zendesk_app) == {TOTAL: 42 * 60, LAST: 42 * 60}
    assert zendesk_app.zendesk.calls("PUT", "/tags$") == [], "one update"


def test_the_no_show_reply_tags_it_and_adds_the_time_waited(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion, clock = zendesk_app.companion, zendesk_app.clock
    zendesk_app.zendesk.add_time_tracking_fields(TOTAL, LAST)
    start(companion, joined=False)
    clock.advance(minutes=12)
    companion.controller.mark_no_show()
    qtbot.waitUntil(lambda: bool(companion.messages.open_dialogs()), timeout=5000)
    (dialog,) = companion.messages.open_dialogs()
    assert dialog.post_anyway()
    qtbot.waitUntil(lambda: len(zendesk_app.zendesk.comments(TICKET)) == 1, timeout=5000)
    settle(qtbot, companion)
    assert "call_no_show" in zendesk_app.zendesk.ticket(TICKET)["tags"]
    assert time_fields(zendesk_app) == {TOTAL: 12 * 60, LAST: 12 * 60}


def test_settings_turn_time_tracking_off_and_rename_the_tags(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion = zendesk_app.companion
    dialog = SettingsDialog(
        companion.settings.value,
        companion.paths,
        None,
        companion.credentials,
        companion.templates,
        {},
        companion.window,
    )
    qtbot.addWidget(dialog)
    assert dialog.trackTimeCheck.isChecked(), "on unless turned off"
    assert dialog.heldTagEdit.text() == "call_held"
    dialog.trackTimeCheck.setChecked(False)
    dialog.heldTagEdit.setText("Customer Call Held")
    dialog.noShowTagEdit.clear()
    chosen = dialog.summaries.apply(companion.settings.value)
    assert chosen.track_time is False
    assert chosen.outcome_tag_held == "customer_call_held"
    assert chosen.outcome_tag_no_show == ""

    companion.settings.update(track_time=False, outcome_tag_held="customer_call_held")
    zendesk_app.zendesk.add_time_tracking_fields(TOTAL, LAST)
    call_id = start(companion, joined=True)
    zendesk_app.clock.advance(minutes=30)
    companion.controller.end_call()
    editor = companion.summary_windows.editor(call_id)
    assert isinstance(editor, SummaryEditor)
    qtbot.mouseClick(editor.postButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(zendesk_app.zendesk.comments(TICKET)) == 1, timeout=5000)
    settle(qtbot, companion)
    assert "customer_call_held" in zendesk_app.zendesk.ticket(TICKET)["tags"]
    assert time_fields(zendesk_app) == {}, "time tracking is off"
