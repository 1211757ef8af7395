"""The outbox at a thousand posts: counted and picked in SQL, and every kind read back."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from callcompanion.core.clock import to_utc_iso
from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.core.summary import new_marker, with_marker
from callcompanion.services import outbox as outbox_module
from callcompanion.services import outbox_rows
from callcompanion.services.delivery import UNKNOWN_KIND, deliver
from callcompanion.services.outbox import EntryState, NewPost, Outbox, OutboxEntry
from callcompanion.services.storage import Store, open_store
from callcompanion.services.zendesk import ZendeskClient
from tests.fakes.zendesk_server import EMAIL, TOKEN, FakeZendesk

T0 = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
MANY = 1000


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.sqlite3")
    yield opened.store
    opened.store.close()


def post(ticket: int, kind: OutboxKind = OutboxKind.SUMMARY, **changes: object) -> NewPost:
    marker = new_marker()
    fields: dict[str, object] = {
        "ticket": ticket,
        "body": with_marker("Summary of our call", marker),
        "public": True,
        "marker": marker,
        "kind": kind,
        "label": f"Summary for #{ticket}",
        "call_id": None,
        "connection_id": "abcd1234",
    }
    fields.update(changes)
    return NewPost(**fields)  # type: ignore[arg-type]


class Reads:
    """Counts the entries the outbox builds from rows, and the SQL statements it runs."""

    def __init__(self, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
        self.entries = 0
        self.statements: list[str] = []
        real = outbox_rows.entry_from_row

        def counting(row: sqlite3.Row) -> OutboxEntry:
            self.entries += 1
            return real(row)

        monkeypatch.setattr(outbox_module, "entry_from_row", counting)
        self._conn = store._conn  # the store's own connection, to trace what runs on it
        self._conn.set_trace_callback(self.statements.append)

    def reset(self) -> None:
        self.entries = 0
        self.statements.clear()

    def close(self) -> None:
        self._conn.set_trace_callback(None)

    def full_scans(self) -> list[str]:
        """The traced statements whose plan reads the whole outbox table."""
        scans = []
        for sql in {s for s in self.statements if s.lstrip().upper().startswith("SELECT")}:
            # The trace shows the statement with its values bound in.
            for row in self._conn.execute(f"EXPLAIN QUERY PLAN {sql}"):
                if re.fullmatch(r"SCAN (o|before|outbox)", row["detail"]):
                    scans.append(f"{row['detail']}: {sql}")
        return scans


@pytest.fixture
def reads(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[Reads]:
    counter = Reads(store, monkeypatch)
    yield counter
    counter.close()


def fill(outbox: Outbox, *, tickets: int) -> None:
    """MANY posts spread over *tickets* tickets, plus as many already sent (the history)."""
    posts = [post(10_000 + i % tickets) for i in range(2 * MANY)]
    ids = outbox.add(posts, T0, connected=True)
    for entry_id in ids[:MANY]:  # the first half went out long ago
        claim = outbox.claim(outbox_module_entry(outbox, entry_id), T0)
        assert claim is not None
        outbox.apply(claim, outbox_module.Delivery(EntryState.SENT, True, False), T0)


def outbox_module_entry(outbox: Outbox, entry_id: int) -> OutboxEntry:
    entry = outbox.get(entry_id)
    assert entry is not None
    return entry


@pytest.mark.parametrize("tickets", [1, MANY])
def test_counting_and_picking_among_a_thousand_posts_reads_no_row_it_does_not_return(
    store: Store, reads: Reads, tickets: int
) -> None:
    outbox = Outbox(store)
    fill(outbox, tickets=tickets)

    reads.reset()
    counts = outbox.counts()
    assert counts[EntryState.PENDING] == MANY
    assert counts[EntryState.SENDING] == counts[EntryState.FAILED] == 0
    assert reads.entries == 0, "counted in SQL, not by reading every post"
    assert len(reads.statements) == 1

    reads.reset()
    first = outbox.next_due(T0)
    assert first is not None
    assert first.id == MANY + 1, "the oldest post waiting goes first"
    assert reads.entries <= 1, "only the post picked is read"
    assert len(reads.statements) <= 2
    assert reads.full_scans() == []

    reads.reset()
    claim = outbox.claim(first, T0)
    assert claim is not None
    outbox.apply(claim, outbox_module.Delivery(EntryState.PENDING, False, False, 30.0), T0)
    assert reads.entries <= 3, "the claim and its outcome read that post alone"
    reads.reset()
    wake = outbox.next_wake()
    assert reads.entries == 0
    assert reads.full_scans() == []
    if tickets == 1:
        # The ticket's queue waits behind its first post: nothing else may go before it.
        assert outbox.next_due(T0) is None
        assert wake == T0 + timedelta(seconds=30)
    else:
        following = outbox.next_due(T0)
        assert following is not None
        assert following.id == MANY + 2
        assert wake is not None
        assert wake <= T0


def test_the_head_of_each_ticket_goes_in_id_order_and_waits_wake_for_heads_only(
    store: Store,
) -> None:
    outbox = Outbox(store)
    a1, b1, a2, b2 = outbox.add([post(1), post(2), post(1), post(2)], T0, connected=True)
    # b1 waits a minute; a2 (behind a1) is due now, but may not go before a1.
    first = outbox.next_due(T0)
    assert first is not None
    assert first.id == a1
    claim = outbox.claim(first, T0)
    assert claim is not None
    second = outbox.next_due(T0)
    assert second is not None
    assert second.id == b1, "another ticket's post is not held up by the one being sent"
    claim_b = outbox.claim(second, T0)
    assert claim_b is not None
    outbox.apply(claim_b, outbox_module.Delivery(EntryState.PENDING, False, False, 60.0), T0)
    assert outbox.next_due(T0) is None, "a2 waits for a1, b2 for b1"
    with store.transaction("test") as tx:  # b2's own time would come earlier than b1's
        tx.execute(
            "UPDATE outbox SET next_attempt_at = ? WHERE id = ?",
            (to_utc_iso(T0 - timedelta(hours=1)), b2),
        )
    assert outbox.next_wake() == T0 + timedelta(seconds=60), "only a ticket's head wakes us"
    outbox.apply(claim, outbox_module.Delivery(EntryState.SENT, True, False), T0)
    following = outbox.next_due(T0)
    assert following is not None
    assert following.id == a2


def test_a_lapsing_claim_of_another_sender_wakes_us_and_a_gone_sender_is_taken_over(
    store: Store,
) -> None:
    alive = {"other": True}
    other = Outbox(store, owner="other")
    me = Outbox(store, owner="me", is_alive=lambda owner: alive.get(owner, False))
    (entry_id,) = other.add([post(5)], T0, connected=True)
    held = other.claim(outbox_module_entry(other, entry_id), T0)
    assert held is not None
    assert held.claim_until is not None
    assert me.next_due(T0) is None, "held by a running sender"
    assert me.next_wake() == held.claim_until
    assert other.next_wake() is None, "its own claim wakes nobody"
    alive["other"] = False
    taken = me.next_due(T0)
    assert taken is not None
    assert taken.id == entry_id


def legacy_row(store: Store, kind: str, call_id: str | None) -> int:
    """A post as an earlier (or a newer) version wrote it, straight into the table."""
    with store.transaction("test") as tx:
        if call_id is not None:
            tx.execute(
                "INSERT OR IGNORE INTO calls (id, ticket_number, call_type, call_type_name, "
                "platform, started_at, outcome) "
                "VALUES (?, 12345, 'troubleshooting', 'Troubleshooting', 'zoom', ?, 'completed')",
                (call_id, to_utc_iso(T0)),
            )
        cursor = tx.execute(
            "INSERT INTO outbox (call_id, connection_id, ticket, kind, label, body, public, "
            "marker, state, created_at, next_attempt_at) "
            "VALUES (?, 'abcd1234', 12345, ?, 'A post', 'Text', 0, ?, 'pending', ?, ?)",
            (call_id, kind, new_marker(), to_utc_iso(T0), to_utc_iso(T0)),
        )
        return int(cursor.lastrowid or 0)


def test_an_internal_note_without_a_call_is_an_upgrade_note_written_by_an_earlier_version(
    store: Store,
) -> None:
    outbox = Outbox(store)
    upgrade = legacy_row(store, "internal_note", None)
    summary_note = legacy_row(store, "internal_note", "call-1")
    summary = legacy_row(store, "summary", "call-1")
    assert outbox_module_entry(outbox, upgrade).kind is OutboxKind.UPGRADE_NOTE
    assert outbox_module_entry(outbox, summary_note).kind is OutboxKind.SUMMARY_NOTE
    assert outbox_module_entry(outbox, summary).kind is OutboxKind.SUMMARY
    assert [e.kind is not None and e.kind.is_summary for e in outbox.entries()] == [
        False,
        True,
        True,
    ]
    (new_upgrade,) = outbox.add([post(7, OutboxKind.UPGRADE_NOTE)], T0, connected=True)
    assert outbox_module_entry(outbox, new_upgrade).kind is OutboxKind.UPGRADE_NOTE


def test_a_kind_this_version_does_not_know_is_read_kept_and_not_sent(store: Store) -> None:
    outbox = Outbox(store)
    entry_id = legacy_row(store, "meeting_invite_v9", None)
    (entry,) = outbox.entries()
    assert entry.id == entry_id
    assert entry.kind is None
    with FakeZendesk() as zendesk:
        zendesk.add_ticket(12345, subject="Upgrade fails")
        claim = outbox.claim(entry, T0)
        assert claim is not None
        with ZendeskClient(zendesk.url, EMAIL, TOKEN) as client:
            result = deliver(claim, client)
        assert zendesk.requests == [], "nothing was sent"
    stored = outbox.apply(claim, result, T0)
    assert stored.state is EntryState.FAILED
    assert stored.last_error == UNKNOWN_KIND
    assert "newer version" in UNKNOWN_KIND
    assert "discard" in UNKNOWN_KIND
    assert outbox.discard(entry_id), "the engineer can discard it once the text is copied"
