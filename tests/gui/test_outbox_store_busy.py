"""A store busy for a moment (another app on the same store writing) does not stop sending."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from callcompanion.controllers import outbox as outbox_controller
from callcompanion.paths import AppPaths
from callcompanion.services.outbox import OutboxEntry
from tests.fakes.posts import internal_notes
from tests.gui.conftest import ZendeskSetup

RETRY_MS = 200

pytestmark = pytest.mark.expect_log_errors(
    reason="a store write that finds the file locked by another app is logged as an error",
    match=r"^store: could not (note the post attempt|save the post's outcome)$"
    r"|^outbox: .*database is locked",
)


class OtherApp:
    """Another app on the same store, holding its write lock while it writes."""

    def __init__(self, paths: AppPaths) -> None:
        self._conn = sqlite3.connect(str(paths.store_file), isolation_level=None)

    def hold(self) -> None:
        self._conn.execute("BEGIN IMMEDIATE")

    def let_go(self) -> None:
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def state(self, entry_id: int) -> str:
        (row,) = self._conn.execute("SELECT state FROM outbox WHERE id = ?", (entry_id,))
        return str(row[0])

    def close(self) -> None:
        self.let_go()
        self._conn.close()


@pytest.fixture
def other_app(
    zendesk_app: ZendeskSetup, profile: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> Iterator[OtherApp]:
    monkeypatch.setattr(outbox_controller, "STORE_RETRY_MS", RETRY_MS)
    # The app's own wait for a busy store, short: the lock here is held until let go.
    zendesk_app.companion.store._conn.execute("PRAGMA busy_timeout = 50")
    other = OtherApp(profile)
    yield other
    other.close()


def queue(setup: ZendeskSetup) -> int:
    (entry_id,) = setup.companion.outbox.outbox.add(
        internal_notes([12345], setup.connection.id), setup.clock.now(), connected=True
    )
    return entry_id


def test_a_claim_that_finds_the_store_locked_is_tried_again(
    qtbot: QtBot, zendesk_app: ZendeskSetup, other_app: OtherApp
) -> None:
    companion, zendesk = zendesk_app.companion, zendesk_app.zendesk
    entry_id = queue(zendesk_app)
    other_app.hold()
    companion.outbox.kick()  # the claim cannot be written
    assert not zendesk.comments(12345)
    assert other_app.state(entry_id) == "pending"

    other_app.let_go()  # the other app's write is done; nobody kicks the outbox
    qtbot.waitUntil(lambda: other_app.state(entry_id) == "sent", timeout=10_000)
    assert len(zendesk.comments(12345)) == 1


def test_an_outcome_that_finds_the_store_locked_is_written_on_the_next_try(
    qtbot: QtBot,
    zendesk_app: ZendeskSetup,
    other_app: OtherApp,
    caplog: pytest.LogCaptureFixture,
) -> None:
    companion, zendesk = zendesk_app.companion, zendesk_app.zendesk
    entry_id = queue(zendesk_app)
    sent: list[OutboxEntry] = []
    companion.outbox.sent.connect(sent.append)

    companion.outbox.kick()  # claimed and handed to the sender
    other_app.hold()  # before its outcome comes back to be stored
    qtbot.waitUntil(
        lambda: any("could not record the outcome" in r.getMessage() for r in caplog.records),
        timeout=10_000,
    )
    assert len(zendesk.comments(12345)) == 1
    assert other_app.state(entry_id) == "sending"
    assert not sent

    other_app.let_go()
    qtbot.waitUntil(lambda: other_app.state(entry_id) == "sent", timeout=10_000)
    qtbot.waitUntil(lambda: len(sent) == 1, timeout=5000)
    assert sent[0].id == entry_id
    assert len(zendesk.comments(12345)) == 1, "posted once: the outcome was kept, not guessed"
    assert not companion.outbox.busy
