"""Messages to the ticket (pre-call email, invites, follow-ups) from their dialog."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from callcompanion.core.messages import MessageKind
from callcompanion.core.ticket import TicketRef
from tests.gui.conftest import ZendeskSetup, settle

TICKET = 12345


def test_posting_a_message_twice_queues_it_once(qtbot: QtBot, zendesk_app: ZendeskSetup) -> None:
    companion = zendesk_app.companion
    dialog = companion.messages.open_message(MessageKind.PRE_CALL, TicketRef(TICKET))
    dialog.textEdit.setPlainText("See you on Friday.")
    assert dialog.post()
    assert not dialog.post()
    assert len(companion.outbox.outbox.entries()) + len(zendesk_app.zendesk.comments(TICKET)) <= 1
    qtbot.waitUntil(lambda: len(zendesk_app.zendesk.comments(TICKET)) == 1, timeout=5000)
    settle(qtbot, companion)
    assert companion.outbox.counts().total == 0
    assert len(zendesk_app.zendesk.comments(TICKET)) == 1


def test_an_unfilled_placeholder_says_what_is_missing_and_is_not_posted(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion = zendesk_app.companion
    dialog = companion.messages.open_message(MessageKind.PRE_CALL, TicketRef(TICKET))
    qtbot.waitUntil(dialog.postButton.isEnabled)
    assert "[what we want to achieve on the call]" in dialog.text()
    assert not dialog.post()
    assert "“[what we want to achieve on the call]”" in dialog.problem.text()
    assert dialog.missingLabel.isVisible()
    assert companion.outbox.outbox.entries() == []
    assert dialog.post_anyway(), "or explicitly confirmed"
    qtbot.waitUntil(lambda: len(zendesk_app.zendesk.comments(TICKET)) == 1, timeout=5000)
    settle(qtbot, companion)
