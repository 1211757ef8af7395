"""Stores full of work in progress, then damaged the way disks and crashes damage them."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from callcompanion.core.call import Call, Platform
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.core.summary import SummaryDraft, new_marker, with_marker
from callcompanion.core.ticket import TicketRef
from callcompanion.services.outbox import EntryState, NewPost, Outbox
from callcompanion.services.storage import open_store
from callcompanion.services.summaries import SummaryStore
from tests.fakes.clock import FakeClock

TICKETS = (12345, 12346, 12347)


@dataclass
class Filled:
    """What :func:`fill_store` wrote."""

    markers: list[str] = field(default_factory=list)  # unsent posts, in order
    unknown_marker: str = ""  # a post whose last attempt may have reached Zendesk
    sent_marker: str = ""  # a post already sent
    drafts: dict[str, str] = field(default_factory=dict)  # call id → notes typed
    running_call: str = ""
    ended_calls: list[str] = field(default_factory=list)


def _call(clock: FakeClock, number: int) -> Call:
    return Call.start(
        ticket=TicketRef(number),
        call_type=CallTypeCatalog().get("troubleshooting"),
        platform=Platform.ZOOM,
        clock=clock,
        default_wrapup_lead_minutes=10,
    )


def fill_store(
    path: Path, clock: FakeClock, *, posts: int = 300, connection_id: str | None = "abcd1234"
) -> Filled:
    """Calls, two summary drafts, *posts* queued posts (one of unknown outcome), one sent."""
    filled = Filled()
    store = open_store(path).store
    summaries = SummaryStore(store)
    outbox = Outbox(store)
    for number, notes in ((TICKETS[0], "The proxy strips the header"), (TICKETS[1], "Lock held")):
        call = _call(clock, number)
        clock.advance(minutes=30)
        call.end()
        store.save_call(call.record)
        filled.ended_calls.append(call.id)
        summaries.save(SummaryDraft(call_id=call.id, updated_at=clock.now(), learned=notes))
        filled.drafts[call.id] = notes
    for _ in range(3):
        call = _call(clock, TICKETS[2])
        call.end()
        store.save_call(call.record)
        filled.ended_calls.append(call.id)
    running = _call(clock, TICKETS[0])
    store.save_call(running.record)
    filled.running_call = running.id

    new_posts = []
    for index in range(posts):
        marker = new_marker()
        new_posts.append(
            NewPost(
                ticket=TICKETS[index % len(TICKETS)],
                body=with_marker(f"Post {index}: the upgrade was checked again.", marker),
                public=False,
                marker=marker,
                kind=OutboxKind.PRE_CALL,
                label=f"Message {index}",
                call_id=filled.ended_calls[index % 2],
                connection_id=connection_id,
            )
        )
        filled.markers.append(marker)
    ids = outbox.add(new_posts, clock.now(), connected=connection_id is not None)
    filled.unknown_marker = filled.markers[7]
    sent = outbox.add(
        [
            NewPost(
                ticket=TICKETS[0],
                body=with_marker("Already in Zendesk.", marker := new_marker()),
                public=False,
                marker=marker,
                kind=OutboxKind.PRE_CALL,
                label="Sent message",
                call_id=None,
                connection_id=connection_id,
            )
        ],
        clock.now(),
        connected=True,
    )
    filled.sent_marker = marker
    with store.transaction("mark") as tx:
        tx.execute("UPDATE outbox SET outcome_unknown = 1, attempts = 1 WHERE id = ?", (ids[7],))
        tx.execute("UPDATE outbox SET state = ? WHERE id = ?", (EntryState.SENT.value, sent[0]))
    store.close()
    assert not Path(f"{path}-wal").exists(), "everything is in the main file"
    return filled


def damage_leaves(path: Path, table: str, leaves: tuple[int, ...]) -> str:
    """Break the page header of some of *table*'s leaf pages; returns the damaged bytes' text.

    The file still opens, but its integrity check fails and the rows on those pages cannot be
    read; the text returned tells which rows were there.
    """
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = [
        row[0]
        for row in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
            (table,),
        )
    ]
    conn.close()
    assert len(pages) > max(leaves), f"{table} has only {len(pages)} leaf pages"
    data = bytearray(path.read_bytes())
    lost = []
    for leaf in leaves:
        offset = (pages[leaf] - 1) * page_size
        lost.append(bytes(data[offset : offset + page_size]).decode("utf-8", "replace"))
        data[offset] = 0x00  # not a b-tree page type
        data[offset + 3 : offset + 5] = b"\xff\xff"  # and an impossible cell count
    path.write_bytes(bytes(data))
    return "\n".join(lost)
