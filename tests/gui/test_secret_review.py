"""Every text that goes to Zendesk passes the same secret scan, and the review says what and where.

The reply, the internal note, the no-show apology, a post edited in the outbox and the upgrade
information are each posted with a generated token in them; the review dialog must name the
finding in words with its line and field, and *Redact* must be what reaches the server.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from callcompanion.core.messages import MessageKind
from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.core.secrets_scan import REDACTED
from callcompanion.core.ticket import TicketRef
from callcompanion.gui.outbox_dialog import OutboxDialog
from callcompanion.gui.secret_review import BIG_TEXT, SecretReview, find_secrets, review
from callcompanion.services.outbox import EntryState
from tests.fakes.zendesk_server import Status
from tests.gui.conftest import ZendeskSetup, settle
from tests.gui.test_summary import TICKET, comments, end_call, start_call
from tests.gui.test_workflows import prepare
from tests.secrets_corpus import Gen

# Some posts here are the reply exactly as the template fills it, which asks first.
pytestmark = pytest.mark.usefixtures("confirm_posting_without_notes")


def token() -> str:
    return Gen(11).routable("glpat-", 40)


def answer_review(
    qtbot: QtBot, seen: list[tuple[str, list[str]]], button: str = "redact_button"
) -> Callable[[], None]:
    """When the review opens: note its intro and items, then press *button*."""

    def answer() -> None:
        dialog = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, SecretReview)), None
        )
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(10, answer)
            return
        texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        seen.append((dialog_intro(dialog), texts))
        qtbot.mouseClick(getattr(dialog, button), Qt.MouseButton.LeftButton)

    return answer


def dialog_intro(dialog: SecretReview) -> str:
    return " ".join(label.text() for label in dialog.findChildren(QLabel))


def test_the_internal_note_is_reviewed_and_redacted_too(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion, zendesk, clock = zendesk_app.companion, zendesk_app.zendesk, zendesk_app.clock
    start_call(companion)
    editor = end_call(companion, clock)
    secret = token()
    editor.internalEdit.setPlainText(f"Customer is on 16.11.2.\nRunner clone URL used {secret}")
    seen: list[tuple[str, list[str]]] = []
    QTimer.singleShot(0, answer_review(qtbot, seen))
    assert editor.post()
    qtbot.waitUntil(lambda: len(comments(zendesk)) == 2, timeout=5000)
    ((intro, items),) = seen
    assert "The internal note looks like it holds 1 password or token" in intro
    assert items[0].startswith("Line 2 · GitLab personal access token in the internal note")
    assert secret[6:] not in items[0]
    internal = comments(zendesk)[1]
    assert internal["public"] is False
    assert f"glpat-{REDACTED}" in str(internal["body"])
    assert secret[6:20] not in str(internal["body"])


def test_the_no_show_apology_is_reviewed_before_it_is_posted(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion, zendesk = zendesk_app.companion, zendesk_app.zendesk
    dialog = companion.messages.open_message(MessageKind.NO_SHOW, TicketRef(TICKET))
    secret = Gen(12).b64(40)
    dialog.textEdit.setPlainText(
        "Sorry we missed you today.\nFor the backup job: aws_secret_access_key = " + secret
    )
    seen: list[tuple[str, list[str]]] = []
    QTimer.singleShot(0, answer_review(qtbot, seen))
    assert dialog.post_anyway()
    qtbot.waitUntil(lambda: len(comments(zendesk)) == 1, timeout=5000)
    ((intro, items),) = seen
    assert "The no-show reply looks like it holds" in intro
    assert "public reply" in intro
    assert items[0].startswith("Line 2 · AWS secret access key in the no-show reply")
    body = str(comments(zendesk)[0]["body"])
    assert f"aws_secret_access_key = {REDACTED}" in body
    assert secret not in body


def test_a_post_edited_in_the_outbox_is_reviewed_before_it_is_saved(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion, zendesk = zendesk_app.companion, zendesk_app.zendesk
    zendesk.fail("PUT", rf"/tickets/{TICKET}$", Status(500, {"error": "boom"}))
    entry_id = companion.outbox.enqueue(
        ticket=TicketRef(TICKET),
        text="Internal details",
        public=False,
        kind=OutboxKind.UPGRADE_NOTE,
        label=f"Internal note for #{TICKET}",
        connection_id=zendesk_app.connection.id,
    )
    settle(qtbot, companion)
    entry = companion.outbox.outbox.get(entry_id)
    assert entry is not None
    assert entry.state is not EntryState.SENDING
    dialog = OutboxDialog(companion.outbox, companion.window)
    qtbot.addWidget(dialog)
    dialog.show()
    secret = "ghp_" + Gen(13).alnum(36)
    dialog.text.setPlainText(f"Internal details\nThe mirror used {secret}")
    dialog.text.document().setModified(True)
    seen: list[tuple[str, list[str]]] = []
    QTimer.singleShot(0, answer_review(qtbot, seen))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    ((intro, items),) = seen
    assert "The edited post looks like it holds" in intro
    assert items[0].startswith("Line 2 · GitHub token in the edited post")
    stored = companion.outbox.outbox.get(entry_id)
    assert stored is not None
    assert stored.body.startswith(f"Internal details\nThe mirror used ghp_{REDACTED}")
    settle(qtbot, companion)
    for comment in comments(zendesk):
        assert secret not in str(comment["body"])


def test_upgrade_information_is_reviewed_before_it_goes_to_the_ticket(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion, zendesk = zendesk_app.companion, zendesk_app.zendesk
    prepare(qtbot, companion, "upgrade_assistance")
    row = companion.window.before_panel.rows["upgrade_info"]
    secret = "glrt-" + Gen(14).b64url(20)
    qtbot.keyClicks(row.fields["current_version"], f"16.11.2 (runner {secret})")
    buttons = {b.text(): b for b in row.findChildren(QPushButton)}
    seen: list[tuple[str, list[str]]] = []
    QTimer.singleShot(0, answer_review(qtbot, seen))
    qtbot.mouseClick(buttons["Post as internal note"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(comments(zendesk)) == 1, timeout=5000)
    ((intro, items),) = seen
    assert "The upgrade information looks like it holds" in intro
    assert "GitLab runner authentication token in the upgrade information" in items[0]
    body = str(comments(zendesk)[0]["body"])
    assert f"glrt-{REDACTED}" in body
    assert secret not in body


def test_a_big_text_is_scanned_while_the_window_keeps_running(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    line = "2024-06-13T09:12:44Z INFO  Sidekiq job finished in 0.42 s, jid 5f0c3a9e11d2\n"
    secret = "npm_" + Gen(15).alnum(36)
    text = line * (3_000_000 // len(line)) + f"npmrc: //registry.npmjs.org/:_authToken={secret}\n"
    assert len(text) > BIG_TEXT
    events: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: events.append(time.monotonic()))
    timer.start()
    started = time.monotonic()
    findings = find_secrets(parent, text, where="reply")
    finished = time.monotonic()
    timer.stop()
    assert [f.rule.id for f in findings] == ["npm-token"]
    assert any(started < t < finished for t in events), "the event loop ran during the scan"
    # And the whole review of it: redacted at the end, the rest of the text unchanged.
    seen: list[tuple[str, list[str]]] = []
    QTimer.singleShot(0, answer_review(qtbot, seen))
    result = review(parent, text, public=True, where="reply")
    assert result is not None
    cleaned, public = result
    assert public
    assert cleaned.endswith(f"_authToken=npm_{REDACTED}\n")
    assert cleaned[:1000] == text[:1000]
