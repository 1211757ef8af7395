"""The outbox: every post is written down before it is sent, and sent exactly once.

A post is an :class:`OutboxEntry` in SQLite before the first attempt. :func:`deliver` (run on a
worker thread) sends it with the Zendesk client and returns a :class:`Delivery` that the owner
applies to the store. The rules (apis.md §1.11):

- 2xx: sent. Tags are added afterwards (adding is idempotent), so a comment is never re-sent
  because of its tags.
- 409: re-read the ticket and retry with its fresh ``updated_at``.
- 429: wait ``Retry-After``. Timeouts, 5xx, no network: retry with backoff.
- 401, 403, 404, 400/422: stop, keep the post, tell the engineer what to fix.
- When an attempt may have reached Zendesk without an answer (a timeout after sending, a broken
  connection, a 5xx, or the app killed mid-post), the next attempt first looks for the post's
  marker in the ticket's newest comments and does not post again if it is there.
- Posts to one ticket go out in order: one waits until the one before it is sent.

This module keeps the entries; :mod:`callcompanion.services.delivery` makes the attempts (it
loads httpx, so only the worker thread imports it).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from callcompanion.core.clock import from_utc_iso, to_utc_iso
from callcompanion.core.summary import parse_tags, with_marker, without_marker
from callcompanion.services.storage import Store

log = logging.getLogger(__name__)

ORG_NOTES = "org_notes"  # an entry that appends to an organization's notes, not a comment
BACKOFF_BASE_SECONDS = 5.0
BACKOFF_MAX_SECONDS = 15 * 60.0


class EntryState(StrEnum):
    PENDING = "pending"  # waiting for its turn or its next attempt
    SENDING = "sending"  # an attempt is under way (found at start-up: the app stopped mid-post)
    SENT = "sent"
    FAILED = "failed"  # needs the engineer: fix, retry, edit or copy
    NOT_CONNECTED = "not_connected"  # no Zendesk connection (or token) for it yet

    @property
    def label(self) -> str:
        return {
            EntryState.PENDING: "Waiting to post",
            EntryState.SENDING: "Posting…",
            EntryState.SENT: "Posted",
            EntryState.FAILED: "Needs attention",
            EntryState.NOT_CONNECTED: "Not connected",
        }[self]


OPEN_STATES = (
    EntryState.PENDING,
    EntryState.SENDING,
    EntryState.FAILED,
    EntryState.NOT_CONNECTED,
)


@dataclass(frozen=True)
class OutboxEntry:
    """One comment for one ticket.

    Attributes:
        id: Store id.
        ticket: Ticket number.
        body: The exact text posted, its marker included.
        public: Public reply or internal note (always sent explicitly).
        status: Ticket status to set with it, ``None`` to leave it.
        tags: Tags to add once the comment is in.
        marker: The token that finds the comment again.
        kind: What it is (``summary``, ``internal_note``, ``no_show``…).
        label: How the window names it ("Summary for #12345").
        call_id: The call it came from.
        connection_id: The Zendesk connection it goes to.
        state: Where it stands.
        comment_sent: The comment is in (only the tags may be left).
        outcome_unknown: An attempt may have reached Zendesk without an answer.
        attempts: Attempts so far.
        next_attempt_at: Not before this moment.
        last_error: What went wrong last, as a sentence.
        updated_stamp: The ticket's ``updated_at`` as last seen, for ``safe_update``.
        created_at: When the engineer pressed Post.
        sent_at: When Zendesk confirmed it.
        priority: Ticket priority to set with it, ``None`` to leave it.
        organization_id: For ``org_notes`` entries: the organization whose notes get the text.
    """

    id: int
    ticket: int
    body: str
    public: bool
    status: str | None
    tags: tuple[str, ...]
    marker: str
    kind: str
    label: str
    call_id: str | None
    connection_id: str | None
    state: EntryState
    created_at: datetime
    comment_sent: bool = False
    outcome_unknown: bool = False
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    updated_stamp: str | None = None
    sent_at: datetime | None = None
    priority: str | None = None
    organization_id: int | None = None


@dataclass(frozen=True)
class NewPost:
    """What to enqueue (the store assigns the rest)."""

    ticket: int
    body: str
    public: bool
    marker: str
    kind: str
    label: str
    call_id: str | None
    connection_id: str | None
    status: str | None = None
    tags: tuple[str, ...] = ()
    updated_stamp: str | None = None
    priority: str | None = None
    organization_id: int | None = None


@dataclass(frozen=True)
class Delivery:
    """The result of one attempt, to apply to the entry.

    Attributes:
        state: SENT, PENDING (try again at ``retry_in``) or FAILED.
        comment_sent: The comment is in Zendesk.
        outcome_unknown: Whether the next attempt must look for the marker first.
        retry_in: Seconds until the next attempt (PENDING only).
        error: What went wrong, as a sentence.
        updated_stamp: The ticket's latest ``updated_at``, passed to the next post.
    """

    state: EntryState
    comment_sent: bool
    outcome_unknown: bool
    retry_in: float | None = None
    error: str | None = None
    updated_stamp: str | None = None


def backoff_seconds(attempts: int) -> float:
    """5 s, 15 s, 45 s … at most 15 minutes."""
    return float(min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 3 ** max(0, attempts - 1)))


_COLUMNS = (
    "call_id",
    "connection_id",
    "ticket",
    "kind",
    "label",
    "body",
    "public",
    "status",
    "tags",
    "marker",
    "state",
    "comment_sent",
    "outcome_unknown",
    "attempts",
    "next_attempt_at",
    "last_error",
    "updated_stamp",
    "created_at",
    "sent_at",
    "priority",
    "organization_id",
)


class Outbox:
    """Outbox entries in the store; methods raise ``StoreError`` on I/O failure."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def add(
        self,
        posts: Iterable[NewPost],
        now: datetime,
        *,
        connected: bool,
        conn: sqlite3.Connection | None = None,
    ) -> list[int]:
        """Write *posts* (inside the caller's transaction when *conn* is given)."""
        state = EntryState.PENDING if connected else EntryState.NOT_CONNECTED
        sql = (
            f"INSERT INTO outbox ({', '.join(_COLUMNS)}) "
            f"VALUES ({', '.join('?' for _ in _COLUMNS)})"
        )
        ids = []

        def write(tx: sqlite3.Connection) -> None:
            for post in posts:
                cursor = tx.execute(
                    sql,
                    (
                        post.call_id,
                        post.connection_id,
                        post.ticket,
                        post.kind,
                        post.label,
                        post.body,
                        int(post.public),
                        post.status,
                        " ".join(post.tags),
                        post.marker,
                        state.value,
                        0,
                        0,
                        0,
                        to_utc_iso(now),
                        None,
                        post.updated_stamp,
                        to_utc_iso(now),
                        None,
                        post.priority,
                        post.organization_id,
                    ),
                )
                ids.append(int(cursor.lastrowid or 0))

        if conn is not None:
            write(conn)
        else:
            with self._store.transaction("save the post") as tx:
                write(tx)
        return ids

    def get(self, entry_id: int) -> OutboxEntry | None:
        rows = self._store.query(
            "read the outbox", "SELECT * FROM outbox WHERE id = ?", (entry_id,)
        )
        return _entry(rows[0]) if rows else None

    def entries(self, states: Iterable[EntryState] = OPEN_STATES) -> list[OutboxEntry]:
        wanted = [s.value for s in states]
        rows = self._store.query(
            "read the outbox",
            f"SELECT * FROM outbox WHERE state IN ({', '.join('?' for _ in wanted)}) ORDER BY id",
            tuple(wanted),
        )
        return [_entry(row) for row in rows]

    def for_call(self, call_id: str) -> list[OutboxEntry]:
        rows = self._store.query(
            "read the outbox", "SELECT * FROM outbox WHERE call_id = ? ORDER BY id", (call_id,)
        )
        return [_entry(row) for row in rows]

    def next_due(self, now: datetime) -> OutboxEntry | None:
        """The first pending entry whose time has come and whose ticket has nothing before it."""
        for entry in self._heads():
            if entry.state is EntryState.PENDING and (
                entry.next_attempt_at is None or entry.next_attempt_at <= now
            ):
                return entry
        return None

    def next_wake(self) -> datetime | None:
        """When the earliest waiting entry is due (to arm a timer)."""
        times = [
            e.next_attempt_at
            for e in self._heads()
            if e.state is EntryState.PENDING and e.next_attempt_at is not None
        ]
        return min(times) if times else None

    def _heads(self) -> list[OutboxEntry]:
        # Per ticket of one Zendesk: #123 on another instance is another ticket.
        heads: dict[tuple[str | None, int], OutboxEntry] = {}
        for entry in self.entries():
            heads.setdefault((entry.connection_id, entry.ticket), entry)
        return sorted(heads.values(), key=lambda e: e.id)

    def mark_sending(self, entry: OutboxEntry) -> OutboxEntry:
        """Record that an attempt starts: if the app dies now, the next start checks first."""
        updated = replace(entry, state=EntryState.SENDING, attempts=entry.attempts + 1)
        self._update(updated, "note the post attempt")
        return updated

    def apply(self, entry: OutboxEntry, result: Delivery, now: datetime) -> OutboxEntry:
        """Store the outcome of an attempt; passes a fresh stamp on to the ticket's next post."""
        updated = replace(
            entry,
            state=result.state,
            # Once Zendesk has the comment, no later attempt's report can take that back.
            comment_sent=entry.comment_sent or result.comment_sent,
            outcome_unknown=result.outcome_unknown,
            last_error=result.error,
            updated_stamp=result.updated_stamp,
            next_attempt_at=now + timedelta(seconds=result.retry_in)
            if result.retry_in is not None
            else None,
            sent_at=now if result.state is EntryState.SENT else None,
        )
        with self._store.transaction("save the post's outcome") as tx:
            self._write(tx, updated)
            if result.state is EntryState.SENT and result.updated_stamp:
                tx.execute(
                    "UPDATE outbox SET updated_stamp = ? WHERE ticket = ? AND connection_id IS ? "
                    "AND state = ? AND id > ?",
                    (
                        result.updated_stamp,
                        entry.ticket,
                        entry.connection_id,
                        EntryState.PENDING.value,
                        entry.id,
                    ),
                )
        return updated

    def recover(self) -> int:
        """At start-up: attempts cut short by a crash become unknown outcomes, checked first."""
        with self._store.transaction("recover the outbox") as tx:
            cursor = tx.execute(
                "UPDATE outbox SET state = ?, outcome_unknown = CASE WHEN comment_sent "
                "THEN outcome_unknown ELSE 1 END, next_attempt_at = NULL WHERE state = ?",
                (EntryState.PENDING.value, EntryState.SENDING.value),
            )
            return int(cursor.rowcount)

    def retry(self, entry_id: int, *, connected: bool = True) -> None:
        """The engineer asks for another attempt now."""
        state = EntryState.PENDING if connected else EntryState.NOT_CONNECTED
        with self._store.transaction("retry the post") as tx:
            tx.execute(
                "UPDATE outbox SET state = ?, next_attempt_at = NULL WHERE id = ? AND state != ?",
                (state.value, entry_id, EntryState.SENT.value),
            )

    def connect(self, connection_id: str | None, entry_id: int | None = None) -> int:
        """Entries that waited for a connection can go now; returns how many.

        With *entry_id*, that entry alone, sent through *connection_id*; without, every
        waiting entry, each through its own connection or else *connection_id*.
        """
        with self._store.transaction("resume the waiting posts") as tx:
            if entry_id is not None:
                cursor = tx.execute(
                    "UPDATE outbox SET state = ?, connection_id = ?, next_attempt_at = NULL "
                    "WHERE id = ? AND state = ?",
                    (
                        EntryState.PENDING.value,
                        connection_id,
                        entry_id,
                        EntryState.NOT_CONNECTED.value,
                    ),
                )
            else:
                cursor = tx.execute(
                    "UPDATE outbox SET state = ?, connection_id = COALESCE(connection_id, ?), "
                    "next_attempt_at = NULL WHERE state = ?",
                    (EntryState.PENDING.value, connection_id, EntryState.NOT_CONNECTED.value),
                )
            return int(cursor.rowcount)

    def disconnect(self, entry: OutboxEntry, reason: str) -> OutboxEntry:
        updated = replace(entry, state=EntryState.NOT_CONNECTED, last_error=reason)
        self._update(updated, "save the post")
        return updated

    def edit(self, entry_id: int, body: str) -> None:
        """Change the text of a post that has not gone out (its marker stays at the end).

        *body* may come with the marker line or without it.
        """
        entry = self.get(entry_id)
        if entry is None or entry.comment_sent or entry.state is EntryState.SENT:
            return
        text = with_marker(without_marker(body, entry.marker), entry.marker)
        self._update(replace(entry, body=text), "save the edited post")

    def discard(self, entry_id: int) -> None:
        with self._store.transaction("discard the post") as tx:
            tx.execute(
                "DELETE FROM outbox WHERE id = ? AND state != ?", (entry_id, EntryState.SENT.value)
            )

    def _update(self, entry: OutboxEntry, action: str) -> None:
        with self._store.transaction(action) as tx:
            self._write(tx, entry)

    @staticmethod
    def _write(tx: sqlite3.Connection, entry: OutboxEntry) -> None:
        tx.execute(
            "UPDATE outbox SET body = ?, state = ?, comment_sent = ?, outcome_unknown = ?, "
            "attempts = ?, next_attempt_at = ?, last_error = ?, updated_stamp = ?, sent_at = ?, "
            "connection_id = ? WHERE id = ?",
            (
                entry.body,
                entry.state.value,
                int(entry.comment_sent),
                int(entry.outcome_unknown),
                entry.attempts,
                to_utc_iso(entry.next_attempt_at) if entry.next_attempt_at else None,
                entry.last_error,
                entry.updated_stamp,
                to_utc_iso(entry.sent_at) if entry.sent_at else None,
                entry.connection_id,
                entry.id,
            ),
        )


def _entry(row: sqlite3.Row) -> OutboxEntry:
    return OutboxEntry(
        id=row["id"],
        ticket=row["ticket"],
        body=row["body"],
        public=bool(row["public"]),
        status=row["status"],
        tags=parse_tags(row["tags"]),
        marker=row["marker"],
        kind=row["kind"],
        label=row["label"],
        call_id=row["call_id"],
        connection_id=row["connection_id"],
        state=EntryState(row["state"]),
        created_at=from_utc_iso(row["created_at"]),
        comment_sent=bool(row["comment_sent"]),
        outcome_unknown=bool(row["outcome_unknown"]),
        attempts=row["attempts"],
        next_attempt_at=from_utc_iso(row["next_attempt_at"]) if row["next_attempt_at"] else None,
        last_error=row["last_error"],
        updated_stamp=row["updated_stamp"],
        sent_at=from_utc_iso(row["sent_at"]) if row["sent_at"] else None,
        priority=row["priority"],
        organization_id=row["organization_id"],
    )
