"""The summary from the end of the call to the ticket, against a loopback Zendesk."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThread, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.core.call import Outcome, Platform
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.messages import MessageKind
from callcompanion.core.summary import SummaryDraft, SummaryState
from callcompanion.core.ticket import TicketRef
from callcompanion.gui.secret_review import SecretReview
from callcompanion.gui.summary_editor import (
    AUTOSAVE_MAX_WAIT_MS,
    NOTES_TAB,
    REPLY_TAB,
    SummaryEditor,
)
from callcompanion.log import setup_logging
from callcompanion.paths import AppPaths
from callcompanion.services import summaries as summaries_service
from callcompanion.services.outbox import EntryState
from callcompanion.services.summaries import SummaryStore
from tests.fakes.clock import FakeClock
from tests.fakes.zendesk_server import TOKEN, FakeZendesk, Hang, LoseResponse, Status
from tests.gui.conftest import MakeCompanion, ZendeskSetup, settle

# Some posts here are the reply exactly as the template fills it, which asks first.
pytestmark = pytest.mark.usefixtures("confirm_posting_without_notes")

TICKET = 12345


def start_call(companion: CallCompanion, connection_id: str | None = "abcd1234") -> str:
    call = companion.controller.start_call(
        TicketRef(TICKET),
        CallTypeCatalog().get("troubleshooting"),
        Platform.ZOOM,
        customer_joined=True,
        connection_id=connection_id,
    )
    return call.id


def end_call(companion: CallCompanion, clock: FakeClock, minutes: float = 42) -> SummaryEditor:
    clock.advance(minutes=minutes)
    call_id = companion.controller.call.id  # type: ignore[union-attr]
    companion.controller.end_call()
    editor = companion.summary_windows.editor(call_id)
    assert editor is not None, "the summary editor opens by itself when the call ends"
    return editor


def type_notes(qtbot: QtBot, editor: SummaryEditor) -> None:
    editor.tabs.setCurrentIndex(NOTES_TAB)
    qtbot.keyClicks(editor.attendeesEdit, "Chris Customer")
    qtbot.keyClicks(editor.learnedEdit, "The migration stopped on a lock.")
    qtbot.keyClicks(editor.customerNextEdit, "Send the migration status output.")


def comments(zendesk: FakeZendesk) -> list[dict[str, object]]:
    return zendesk.comments(TICKET)


def test_end_of_call_to_one_comment_on_the_ticket(qtbot: QtBot, zendesk_app: ZendeskSetup) -> None:
    companion, zendesk, clock = zendesk_app.companion, zendesk_app.zendesk, zendesk_app.clock
    call_id = start_call(companion)
    companion.summary_windows.open_notes()
    editor = companion.summary_windows.editor(call_id)
    assert editor is not None
    assert not editor.postButton.isEnabled(), "posting waits for the end of the call"
    type_notes(qtbot, editor)

    editor = end_call(companion, clock)
    assert editor.tabs.currentIndex() == REPLY_TAB
    body = editor.bodyEdit.toPlainText()
    assert "Chris Customer" in body
    assert "The migration stopped on a lock." in body
    assert "Next steps for you:\nSend the migration status output." in body
    assert body.rstrip().endswith("Ana Example")
    assert editor.statusCombo.currentData() == "pending", "the default status from Settings"
    qtbot.waitUntil(lambda: "Upgrade to 17.3 fails" in editor.contextLabel.text())

    qtbot.mouseClick(editor.postButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(comments(zendesk)) == 1, timeout=5000)
    settle(qtbot, companion)
    (comment,) = comments(zendesk)
    assert str(comment["body"]).startswith(body.rstrip())
    assert comment["public"] is True
    assert zendesk.ticket(TICKET)["status"] == "pending"
    draft = SummaryStore(companion.store).get(call_id)
    assert draft is not None
    assert draft.state is SummaryState.POSTED
    assert not companion.window.outboxButton.isVisible()
    assert companion.summary_windows.editor(call_id) is None, (
        "the editor closes once the summary is queued"
    )


def test_public_and_internal_go_as_two_updates_in_order(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion, zendesk, clock = zendesk_app.companion, zendesk_app.zendesk, zendesk_app.clock
    start_call(companion)
    editor = end_call(companion, clock)
    editor.internalEdit.setPlainText("Customer is on 16.11.2, two nodes.")
    editor.statusCombo.setCurrentIndex(editor.statusCombo.findData("hold"))
    assert editor.post()
    qtbot.waitUntil(lambda: len(comments(zendesk)) == 2, timeout=5000)
    public, internal = comments(zendesk)
    assert public["public"] is True
    assert internal["public"] is False
    assert str(internal["body"]).startswith("Customer is on 16.11.2")
    assert zendesk.ticket(TICKET)["status"] == "hold"
    puts = zendesk.calls("PUT", rf"/tickets/{TICKET}$")
    assert [p.body["ticket"].get("status") for p in puts] == ["hold", None]


def test_a_secret_is_redacted_before_a_public_post(qtbot: QtBot, zendesk_app: ZendeskSetup) -> None:
    companion, zendesk, clock = zendesk_app.companion, zendesk_app.zendesk, zendesk_app.clock
    start_call(companion)
    editor = end_call(companion, clock)
    token = "glpat-" + "Ab3dE" * 4
    editor.bodyEdit.setPlainText(f"Thanks!\nThe token on screen was {token}.")
    seen: list[str] = []

    def answer() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, SecretReview))
        seen.append(dialog.list.item(0).text())
        qtbot.mouseClick(dialog.redact_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    assert editor.post()
    qtbot.waitUntil(lambda: len(comments(zendesk)) == 1, timeout=5000)
    (line,) = seen
    assert line.startswith("Line 2 · GitLab personal access token")
    assert token not in line
    body = str(comments(zendesk)[0]["body"])
    assert "glpat-[REDACTED]" in body
    assert token not in body


def test_a_secret_can_go_as_an_internal_note_instead(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion, zendesk, clock = zendesk_app.companion, zendesk_app.zendesk, zendesk_app.clock
    start_call(companion)
    editor = end_call(companion, clock)
    editor.bodyEdit.setPlainText("Key: AKIA" + "ABCDEFGHIJKLMNOP")

    def answer() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, SecretReview))
        assert not dialog.as_is_button.isEnabled(), "posting unchanged needs the box ticked"
        qtbot.mouseClick(dialog.internal_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    assert editor.post()
    qtbot.waitUntil(lambda: len(comments(zendesk)) == 1, timeout=5000)
    assert comments(zendesk)[0]["public"] is False


def test_backing_out_of_the_secret_review_posts_nothing(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion, zendesk, clock = zendesk_app.companion, zendesk_app.zendesk, zendesk_app.clock
    start_call(companion)
    editor = end_call(companion, clock)
    editor.bodyEdit.setPlainText("https://root:" + "hunter2" + "@db.example.com/")

    def answer() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, SecretReview))
        dialog.reject()

    QTimer.singleShot(0, answer)
    assert not editor.post()
    assert editor.isVisible()
    assert companion.outbox.outbox.entries() == []
    assert comments(zendesk) == []


@pytest.mark.parametrize(
    "fault",
    [Status(500, {"error": "boom"}), LoseResponse(), Hang(1.2)],
    ids=["500", "response-lost", "hang"],
)
def test_faults_while_posting_from_the_app_post_once(
    qtbot: QtBot, zendesk_app: ZendeskSetup, fault: object
) -> None:
    companion, zendesk, clock = zendesk_app.companion, zendesk_app.zendesk, zendesk_app.clock
    start_call(companion)
    editor = end_call(companion, clock)
    zendesk.fail("PUT", rf"/tickets/{TICKET}$", fault)  # type: ignore[arg-type]
    assert editor.post()
    settle(qtbot, companion)
    (entry,) = companion.outbox.outbox.entries([EntryState.PENDING, EntryState.SENT])
    if entry.state is EntryState.PENDING:
        assert "1 post waiting to go out" in companion.window.outboxButton.text()
        clock.advance(minutes=1)
        companion.outbox.kick()
        settle(qtbot, companion)
    qtbot.waitUntil(lambda: companion.outbox.counts().total == 0, timeout=5000)
    assert len(comments(zendesk)) == 1


def test_a_bad_token_stops_and_keeps_the_post(qtbot: QtBot, zendesk_app: ZendeskSetup) -> None:
    companion, zendesk, clock = zendesk_app.companion, zendesk_app.zendesk, zendesk_app.clock
    zendesk.token = "rotated"  # the stored token was revoked
    start_call(companion)
    assert end_call(companion, clock).post()
    qtbot.waitUntil(lambda: companion.outbox.counts().failed == 1, timeout=5000)
    button = companion.window.outboxButton
    assert button.isVisible()
    assert "needs your attention" in button.text()
    (entry,) = companion.outbox.outbox.entries()
    assert "refused the email and API token" in (entry.last_error or "")
    zendesk.token = TOKEN
    companion.outbox.retry(entry.id)
    qtbot.waitUntil(lambda: len(comments(zendesk)) == 1, timeout=5000)


def test_without_zendesk_the_post_waits_and_can_be_copied(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    start_call(companion, connection_id=None)
    editor = end_call(companion, clock)
    markdown = editor.copy_markdown()
    assert markdown.startswith("# Call summary for #12345\n")
    assert QGuiApplication.clipboard().text() == markdown
    assert editor.post()
    (entry,) = companion.outbox.outbox.entries()
    assert entry.state is EntryState.NOT_CONNECTED
    qtbot.waitUntil(  # the window hears of outbox changes once the event loop runs
        lambda: "waiting for a Zendesk connection" in companion.window.outboxButton.text()
    )


def test_adding_a_connection_sends_what_waited(
    qtbot: QtBot,
    make_companion: MakeCompanion,
    fake_zendesk: FakeZendesk,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dataclasses import replace

    import keyring

    from callcompanion.core.connections import make_connection

    companion = make_companion()
    start_call(companion, connection_id=None)
    assert end_call(companion, clock).post()
    connection = make_connection(
        id="feed1234", label="Loopback", address=fake_zendesk.url, email="ana@example.com"
    )
    keyring.set_password("callcompanion", connection.keyring_user, TOKEN)
    companion.settings.set(
        replace(
            companion.settings.value,
            zendesk_connections=(connection,),
            default_connection="feed1234",
        )
    )
    qtbot.waitUntil(lambda: len(fake_zendesk.comments(TICKET)) == 1, timeout=5000)


def test_drafts_are_saved_within_two_seconds_of_typing(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion = zendesk_app.companion
    call_id = start_call(companion)
    companion.summary_windows.open_notes()
    editor = companion.summary_windows.editor(call_id)
    assert editor is not None
    qtbot.keyClicks(editor.learnedEdit, "The proxy strips the header")
    store = SummaryStore(companion.store)

    def saved() -> bool:
        draft = store.get(call_id)
        return draft is not None and draft.learned == "The proxy strips the header"

    qtbot.waitUntil(saved, timeout=2000)
    assert editor.savedLabel.text().startswith("Draft saved")


@dataclass
class Write:
    at: float
    thread: threading.Thread
    learned: str


def record_writes(monkeypatch: pytest.MonkeyPatch) -> list[Write]:
    """Every typed draft as it is written to the store: when, on which thread, what text."""
    writes: list[Write] = []
    write_text = summaries_service._write_text

    def recording(conn: sqlite3.Connection, draft: SummaryDraft) -> None:
        write_text(conn, draft)
        writes.append(Write(time.monotonic(), threading.current_thread(), draft.learned))

    monkeypatch.setattr(summaries_service, "_write_text", recording)
    return writes


def test_typing_without_a_pause_is_saved_at_least_every_second(
    qtbot: QtBot, zendesk_app: ZendeskSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes = record_writes(monkeypatch)
    companion = zendesk_app.companion
    call_id = start_call(companion)
    companion.summary_windows.open_notes()
    editor = companion.summary_windows.editor(call_id)
    assert editor is not None
    keys: list[float] = []  # when each character was typed
    text = "The proxy strips the auth header before the ".ljust(30, ".")[:30]

    def type_one() -> None:
        qtbot.keyClick(editor.learnedEdit, text[len(keys)])
        keys.append(time.monotonic())
        if len(keys) == len(text):
            typist.stop()

    typist = QTimer()
    typist.setInterval(100)
    typist.timeout.connect(type_one)
    typist.start()
    qtbot.waitUntil(lambda: len(keys) == len(text), timeout=15_000)
    qtbot.waitUntil(lambda: bool(writes) and writes[-1].learned == text, timeout=2000)

    for index, typed_at in enumerate(keys):
        on_disk = [w.at for w in writes if len(w.learned) > index]
        assert on_disk, f"character {index + 1} was never saved"
        assert on_disk[0] - typed_at <= 1.0, (
            f"character {index + 1} reached the disk {on_disk[0] - typed_at:.2f} s after it "
            "was typed"
        )
    while_typing = [w.at for w in writes if w.at <= keys[-1]]
    assert len(while_typing) >= 2, "saved while typing went on, not only after a pause"
    gaps = [b - a for a, b in zip([keys[0], *while_typing], while_typing, strict=False)]
    assert max(gaps) <= 1.0
    assert SummaryStore(companion.store).get(call_id).learned == text  # type: ignore[union-attr]


def test_typed_drafts_are_written_off_the_gui_thread(
    qtbot: QtBot, zendesk_app: ZendeskSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes = record_writes(monkeypatch)
    companion = zendesk_app.companion
    call_id = start_call(companion)
    companion.summary_windows.open_notes()
    editor = companion.summary_windows.editor(call_id)
    assert editor is not None
    qtbot.keyClicks(editor.learnedEdit, "Lock held by the backup job")
    qtbot.waitUntil(lambda: editor.savedLabel.text().startswith("Draft saved"), timeout=2000)
    assert [w.learned for w in writes] == ["Lock held by the backup job"]
    assert writes[0].thread is not threading.main_thread()
    assert QThread.currentThread() is companion.thread(), "the test runs on the GUI thread"


def test_closing_writes_the_last_change_at_once_and_a_post_is_never_undone(
    qtbot: QtBot, zendesk_app: ZendeskSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes = record_writes(monkeypatch)
    companion, clock = zendesk_app.companion, zendesk_app.clock
    call_id = start_call(companion)
    companion.summary_windows.open_notes()
    editor = companion.summary_windows.editor(call_id)
    assert editor is not None
    qtbot.keyClicks(editor.learnedEdit, "First words")
    editor.close()  # no pause, no timer: the close writes it
    store = SummaryStore(companion.store)
    assert store.get(call_id).learned == "First words"  # type: ignore[union-attr]

    editor = end_call(companion, clock)
    qtbot.keyClicks(editor.bodyEdit, " Typed just before posting.")
    qtbot.wait(450)  # a pause: the snapshot is on its way to the disk as the post is made
    assert editor.post()
    count = len(writes)
    qtbot.wait(1200)
    draft = store.get(call_id)
    assert draft is not None
    assert draft.state in (SummaryState.QUEUED, SummaryState.POSTED), "no autosave undoes it"
    assert " Typed just before posting." in draft.body
    assert len(writes) == count


def test_ending_the_call_while_a_slow_disk_writes_keeps_every_word(
    qtbot: QtBot, zendesk_app: ZendeskSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_text = summaries_service._write_text
    first_write = threading.Event()

    def slow(conn: sqlite3.Connection, draft: SummaryDraft) -> None:
        if not first_write.is_set():
            first_write.set()
            time.sleep(1.0)  # the disk is busy: the next snapshot has to wait its turn
        write_text(conn, draft)

    monkeypatch.setattr(summaries_service, "_write_text", slow)
    companion, clock = zendesk_app.companion, zendesk_app.clock
    call_id = start_call(companion)
    companion.summary_windows.open_notes()
    editor = companion.summary_windows.editor(call_id)
    assert editor is not None
    qtbot.keyClicks(editor.learnedEdit, "The lock")
    qtbot.waitUntil(first_write.is_set, timeout=2000)
    qtbot.keyClicks(editor.learnedEdit, " is held by the nightly backup.")
    qtbot.wait(AUTOSAVE_MAX_WAIT_MS)  # the second snapshot waits behind the first

    end_call(companion, clock)

    store = SummaryStore(companion.store)
    qtbot.waitUntil(
        lambda: store.get(call_id).learned == "The lock is held by the nightly backup.",  # type: ignore[union-attr]
        timeout=3000,
    )


def test_a_broken_template_names_the_line_and_the_editor_still_works(
    qtbot: QtBot, zendesk_app: ZendeskSetup, tmp_path: Path
) -> None:
    companion, clock = zendesk_app.companion, zendesk_app.clock
    user_dir = companion.templates.user_dir
    assert user_dir is not None
    user_dir.mkdir(parents=True, exist_ok=True)
    (user_dir / "summary_public.md.j2").write_text("Hello\n{{ learned | nosuchfilter }}\n")
    start_call(companion)
    editor = end_call(companion, clock)
    (notice,) = editor.notices()
    assert "summary_public.md.j2, line 2" in notice
    assert editor.bodyEdit.toPlainText() == ""
    editor.bodyEdit.setPlainText("Written by hand.")
    assert editor.post()
    qtbot.waitUntil(lambda: len(comments(zendesk_app.zendesk)) == 1, timeout=5000)


def test_reminders_until_posted(qtbot: QtBot, zendesk_app: ZendeskSetup) -> None:
    companion, clock = zendesk_app.companion, zendesk_app.clock
    start_call(companion)
    editor = end_call(companion, clock)
    editor.close()
    reminded: list[object] = []
    companion.summaries.remind.connect(reminded.append)
    clock.advance(minutes=14)
    companion.summaries.check_reminders()
    assert reminded == []
    clock.advance(minutes=1)
    companion.summaries.check_reminders()
    assert len(reminded) == 1
    clock.advance(minutes=5)
    companion.summaries.check_reminders()
    assert len(reminded) == 1, "not again before the repeat interval"
    clock.advance(minutes=5)
    companion.summaries.check_reminders()
    assert len(reminded) == 2
    editor = companion.summary_windows.open(companion.controller.last_ended)  # type: ignore[arg-type]
    assert editor.post()
    clock.advance(minutes=60)
    companion.summaries.check_reminders()
    assert len(reminded) == 2, "a queued summary is not nagged about"


def test_no_summary_needed_stops_reminders(
    qtbot: QtBot, zendesk_app: ZendeskSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    companion, clock = zendesk_app.companion, zendesk_app.clock
    start_call(companion)
    editor = end_call(companion, clock)
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes
    )
    qtbot.mouseClick(editor.dismissButton, Qt.MouseButton.LeftButton)
    reminded: list[object] = []
    companion.summaries.remind.connect(reminded.append)
    clock.advance(minutes=30)
    companion.summaries.check_reminders()
    assert reminded == []


def test_ticket_context_on_the_call_page(qtbot: QtBot, zendesk_app: ZendeskSetup) -> None:
    companion = zendesk_app.companion
    start_call(companion)
    label = companion.window.ticketContext
    qtbot.waitUntil(lambda: label.isVisible() and "Upgrade to 17.3 fails" in label.text())
    assert "Chris Customer (Acme Corp)" in label.text()


def test_ticket_context_failure_never_blocks_the_timer(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion, zendesk, clock = zendesk_app.companion, zendesk_app.zendesk, zendesk_app.clock
    zendesk.fail("GET", rf"/tickets/{TICKET}$", Status(503, {"error": "busy"}))
    start_call(companion)
    qtbot.waitUntil(lambda: "Ticket details unavailable" in companion.window.ticketContext.text())
    clock.advance(minutes=2)
    companion.controller.tick_now()
    assert companion.window.elapsedLabel.text() == "02:00"


@pytest.fixture
def app_logging(profile: AppPaths) -> Iterator[Path]:
    """The app's own log set-up (debug level), undone afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    setup_logging(profile.log_file, verbose=True)
    yield profile.log_file
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


@pytest.mark.expect_log_errors(
    reason="the test closes the store to read its files; quitting then cannot note the outbox",
    match="interrupted posts",
)
def test_the_token_never_reaches_a_file(
    qtbot: QtBot, zendesk_app: ZendeskSetup, tmp_path: Path, app_logging: Path
) -> None:
    companion, zendesk, clock = zendesk_app.companion, zendesk_app.zendesk, zendesk_app.clock
    zendesk.fail("PUT", rf"/tickets/{TICKET}$", Status(401, {"error": "Couldn't authenticate"}))
    start_call(companion)
    assert end_call(companion, clock).post()
    qtbot.waitUntil(lambda: companion.outbox.counts().failed == 1, timeout=5000)
    companion.outbox.retry(companion.outbox.outbox.entries()[0].id)
    qtbot.waitUntil(lambda: len(comments(zendesk)) == 1, timeout=5000)
    qtbot.waitUntil(lambda: not companion.outbox.busy, timeout=5000)  # its answer is in too
    companion.controller.save()
    companion.store.close()  # flush SQLite's WAL into the file
    import base64

    needles = [TOKEN.encode(), base64.b64encode(f"ana@example.com/token:{TOKEN}".encode())]
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.suffix == ".sqlite3" for p in files)
    assert "zendesk PUT" in app_logging.read_text(), "the log did record the requests"
    for path in files:
        data = path.read_bytes()
        for needle in needles:
            assert needle not in data, f"the token is in {path}"


def test_the_ended_page_says_where_the_summary_stands(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion, zendesk, clock = zendesk_app.companion, zendesk_app.zendesk, zendesk_app.clock
    start_call(companion)
    editor = end_call(companion, clock)
    button = companion.window.summaryButton
    assert button.isVisible()
    assert button.text() == "Write the &summary"
    assert editor.post()
    qtbot.waitUntil(lambda: len(comments(zendesk)) == 1, timeout=5000)
    qtbot.waitUntil(lambda: button.text() == "Summary posted ✓ · &open")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    reopened = companion.summary_windows.editor(companion.controller.last_ended.id)  # type: ignore[union-attr]
    assert reopened is not None


def test_a_posted_summary_is_not_posted_again_by_accident(
    qtbot: QtBot, zendesk_app: ZendeskSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    companion, zendesk, clock = zendesk_app.companion, zendesk_app.zendesk, zendesk_app.clock
    start_call(companion)
    assert end_call(companion, clock).post()
    ended = companion.controller.last_ended
    assert ended is not None
    qtbot.waitUntil(lambda: companion.summaries.draft(ended.id).state is SummaryState.POSTED)
    editor = companion.summary_windows.open(ended)
    assert any("already posted" in n for n in editor.notices())
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert not editor.post()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert editor.post()
    qtbot.waitUntil(lambda: len(comments(zendesk)) == 2, timeout=5000)


def test_a_call_resumed_and_ended_again_gets_its_summary_editor(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion = zendesk_app.companion
    call_id = start_call(companion, zendesk_app.connection.id)
    qtbot.waitUntil(lambda: companion.ticket_context.cached(call_id) is not None, timeout=5000)
    companion.controller.end_call(Outcome.CANCELLED)
    assert companion.summary_windows.editor(call_id) is None, "a cancelled call owes no summary"
    companion.controller.reopen_last()
    zendesk_app.clock.advance(minutes=20)
    companion.controller.end_call()
    assert companion.summary_windows.editor(call_id) is not None


def test_another_post_of_the_call_does_not_mark_its_summary_posted(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion = zendesk_app.companion
    call_id = start_call(companion, zendesk_app.connection.id)
    companion.summary_windows.open_notes()
    editor = companion.summary_windows.editor(call_id)
    assert editor is not None
    editor.learnedEdit.setPlainText("The migration stopped on a lock.")
    editor.save_now()
    record = companion.store.call(call_id)
    message = companion.messages.open_message(
        MessageKind.EMERGENCY_FOLLOW_UP, TicketRef(TICKET), record=record
    )
    qtbot.waitUntil(message.postButton.isEnabled)
    assert message.post_anyway()  # no meeting link set up: "[bridge link]" is left in
    qtbot.waitUntil(lambda: len(comments(zendesk_app.zendesk)) == 1, timeout=5000)
    settle(qtbot, companion)
    draft = SummaryStore(companion.store).get(call_id)
    assert draft is not None
    assert draft.state is SummaryState.DRAFT


def test_a_summary_with_nothing_written_asks_before_it_reaches_the_customer(
    qtbot: QtBot, zendesk_app: ZendeskSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    companion, zendesk, clock = zendesk_app.companion, zendesk_app.zendesk, zendesk_app.clock
    start_call(companion)
    editor = end_call(companion, clock)  # Ctrl+E: the reply is the template's alone
    asked: list[str] = []
    answer = QMessageBox.StandardButton.No

    def question(_parent: object, title: str, *_args: object, **_kwargs: object) -> object:
        asked.append(title)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    editor.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is editor.windowHandle())
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Post a summary without your notes?"]
    assert companion.outbox.outbox.entries() == [], "nothing queued"
    assert editor.isVisible()
    assert editor.tabs.currentIndex() == NOTES_TAB, "back to the notes to write them"

    answer = QMessageBox.StandardButton.Yes
    assert editor.post(), "posted when the engineer says so"
    qtbot.waitUntil(lambda: len(comments(zendesk)) == 1, timeout=5000)


def test_notes_written_post_without_a_question(
    qtbot: QtBot, zendesk_app: ZendeskSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    companion, clock = zendesk_app.companion, zendesk_app.clock
    start_call(companion)
    editor = end_call(companion, clock)
    type_notes(qtbot, editor)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: pytest.fail("asked"))
    assert editor.post()


def test_the_customer_never_reads_a_reference_and_a_lost_answer_posts_once(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion, zendesk, clock = zendesk_app.companion, zendesk_app.zendesk, zendesk_app.clock
    call_id = start_call(companion)
    companion.summary_windows.open_notes()
    notes = companion.summary_windows.editor(call_id)
    assert notes is not None
    type_notes(qtbot, notes)
    editor = end_call(companion, clock)
    editor.internalEdit.setPlainText("Customer is on 16.11.2, two nodes.")
    zendesk.fail("PUT", rf"/tickets/{TICKET}$", LoseResponse())
    assert editor.post()
    settle(qtbot, companion)
    clock.advance(minutes=1)
    companion.outbox.kick()
    qtbot.waitUntil(lambda: companion.outbox.counts().total == 0, timeout=10_000)
    public, internal = comments(zendesk)  # exactly two: the lost reply was not sent again
    assert public["public"] is True
    assert internal["public"] is False
    assert "(ref:" not in str(public["body"]), "no machine reference in the customer's reply"
    assert "The migration stopped on a lock." in str(public["body"])
    assert "(ref: cc-" in str(internal["body"]), "a note keeps the reference for agents"


def test_a_no_show_closes_the_notes_and_is_never_reminded(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion, clock = zendesk_app.companion, zendesk_app.clock
    call = companion.controller.start_call(
        TicketRef(TICKET),
        CallTypeCatalog().get("troubleshooting"),
        Platform.ZOOM,
        customer_joined=False,
        connection_id="abcd1234",
    )
    companion.summary_windows.open_notes()
    editor = companion.summary_windows.editor(call.id)
    assert editor is not None
    qtbot.keyClicks(editor.learnedEdit, "Waited; sent the link again.")
    reminded: list[object] = []
    companion.summaries.remind.connect(reminded.append)
    clock.advance(minutes=10)
    companion.controller.mark_no_show()
    assert companion.summary_windows.editor(call.id) is None, "no summary editor with a Post"
    kept = SummaryStore(companion.store).get(call.id)
    assert kept is not None
    assert kept.learned == "Waited; sent the link again."
    clock.advance(minutes=60)
    companion.summaries.check_reminders()
    assert reminded == [], "no 'summary not posted' about a call that never happened"
