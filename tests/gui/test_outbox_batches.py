"""A draining queue is claimed in batches: few writes to the disk, each ticket in its order."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from callcompanion.services.outbox import EntryState, OutboxEntry
from tests.fakes.posts import internal_notes
from tests.fakes.zendesk_server import RateLimit, Status
from tests.gui.conftest import ZendeskSetup


def queue(setup: ZendeskSetup, tickets: list[int]) -> list[int]:
    """One post per item of *tickets* (to that ticket), written straight into the store."""
    posts = internal_notes(tickets, setup.connection.id)
    return setup.companion.outbox.outbox.add(posts, setup.clock.now(), connected=True)


def test_draining_a_queue_writes_to_the_disk_once_a_batch_not_once_a_post(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion = zendesk_app.companion
    count = 40
    ids = queue(zendesk_app, [12345] * count)
    commits: list[str] = []
    conn = companion.store._conn  # the store's own connection: every commit it makes
    conn.set_trace_callback(
        lambda sql: commits.append(sql) if sql.strip().upper() == "COMMIT" else None
    )
    sent: list[OutboxEntry] = []
    companion.outbox.sent.connect(sent.append)
    try:
        companion.outbox.kick()
        qtbot.waitUntil(lambda: len(sent) == count, timeout=20_000)
        qtbot.waitUntil(lambda: not companion.outbox.busy)
    finally:
        conn.set_trace_callback(None)
    assert [e.id for e in sent] == ids, "in order, each once"
    assert len(zendesk_app.zendesk.comments(12345)) == count
    # Two batches (32 + 8): their claims, their outcomes, and an outcome store now and then
    # while a batch runs long. One commit a post would be 40.
    assert len(commits) <= count // 5, f"{len(commits)} commits for {count} posts"


def test_a_429_a_409_and_a_5xx_inside_a_batch_keep_each_ticket_in_order(
    qtbot: QtBot, zendesk_app: ZendeskSetup
) -> None:
    companion, zendesk, clock = zendesk_app.companion, zendesk_app.zendesk, zendesk_app.clock
    conflict, failing, limited = 12345, 12346, 12347
    for ticket in (failing, limited):
        zendesk.add_ticket(ticket, subject=f"Ticket {ticket}")
    zendesk.fail("PUT", rf"/tickets/{failing}$", Status(503, {"error": "busy"}))
    zendesk.fail("PUT", rf"/tickets/{limited}$", RateLimit(retry_after=30))
    tickets = [conflict, failing, limited] * 3
    ids = queue(zendesk_app, tickets)
    # The first post carries a stamp the ticket has moved past: 409, re-read, sent.
    companion.store._conn.execute(
        "UPDATE outbox SET updated_stamp = '2026-11-27T08:00:00Z' WHERE id = ?", (ids[0],)
    )

    companion.outbox.kick()
    qtbot.waitUntil(lambda: len(zendesk.comments(conflict)) == 3, timeout=10_000)
    qtbot.waitUntil(lambda: not companion.outbox.busy, timeout=10_000)
    outbox = companion.outbox.outbox
    entries = {entry_id: outbox.get(entry_id) for entry_id in ids}
    by_ticket = {
        ticket: [entries[i] for i, t in zip(ids, tickets, strict=True) if t == ticket]
        for ticket in (conflict, failing, limited)
    }
    assert all(e.state is EntryState.SENT for e in by_ticket[conflict])  # type: ignore[union-attr]
    assert len(zendesk.calls("PUT", rf"/tickets/{conflict}$")) == 4, "one 409, then each once"
    for ticket in (failing, limited):
        first, *rest = by_ticket[ticket]
        assert first is not None
        assert first.state is EntryState.PENDING
        assert first.next_attempt_at is not None
        for later in rest:
            assert later is not None
            assert later.state is EntryState.PENDING, "given back, not attempted"
            assert later.attempts == 0
            assert later.claim_owner is None
    assert len(zendesk.calls("PUT", rf"/tickets/{failing}$")) == 1, "its later posts waited"
    assert len(zendesk.calls("PUT", rf"/tickets/{limited}$")) == 1
    assert not zendesk.comments(limited)

    clock.advance(60)  # past the backoff and Retry-After
    companion.outbox.kick()
    qtbot.waitUntil(lambda: companion.outbox.counts().total == 0, timeout=10_000)
    for ticket in (conflict, failing, limited):
        bodies = [str(c["body"]) for c in zendesk.comments(ticket)]
        wanted = [f"Note {i} for #{ticket}" for i, t in enumerate(tickets) if t == ticket]
        assert [b.split("\n")[0] for b in bodies] == wanted, "each once, in the order queued"
    # The 5xx may have reached Zendesk: its marker was looked for before it went again.
    assert zendesk.calls("GET", rf"/tickets/{failing}/comments")
