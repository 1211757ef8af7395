"""The outbox: every post is written down before it is sent, and sent exactly once.

A post is an :class:`OutboxEntry` in SQLite before the first attempt. :func:`deliver` (run on a
worker thread) sends it with the Zendesk client and returns a :class:`Delivery` that the owner
applies to the store. The rules (docs/apis.md, "Posting exactly once"):

- 2xx: sent. Tags are added afterwards (adding is idempotent), so a comment is never re-sent
  because of its tags.
- 409: re-read the ticket and retry with its fresh ``updated_at``.
- 429: wait ``Retry-After``. Timeouts, 5xx, no network: retry with backoff.
- 401, 403, 404, 400/422: stop, keep the post, tell the engineer what to fix.
- When an attempt may have reached Zendesk without an answer (a timeout after sending, a broken
  connection, a 5xx, or the app killed mid-post), the next attempt first looks for the post's
  marker in the ticket's newest comments and does not post again if it is there.
- Posts to one ticket go out in order: one waits until the one before it is sent.
- One sender per post, even with two apps on one store (two windows of one profile, a synced
  data folder): before an attempt the entry is **claimed** in one SQLite transaction, by an owner
  id that is random per process, with a lease until :data:`LEASE_SECONDS` from now. A claim is
  taken only from an entry that is unclaimed or whose lease has expired; the owner renews it
  while the attempt runs and releases it when it stores the outcome. A lease left behind by a
  killed app expires (or is freed at once when its owner is provably gone from this machine),
  and whoever takes the entry over looks for its marker before sending anything.
- An entry being sent cannot be retried, edited or discarded: the outcome decides first.

This module keeps the entries; :mod:`callcompanion.services.delivery` makes the attempts (it
loads httpx, so only the worker thread imports it).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import sqlite3
import sys
from collections.abc import Callable, Iterable
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
# How long a claim holds without renewal. Longer than one request may take (the clients'
# 20-second deadline) plus a wide margin, so a live sender renewing every
# LEASE_RENEW_SECONDS never loses its claim; a killed sender's claim is free a minute later.
LEASE_SECONDS = 60.0
LEASE_RENEW_SECONDS = 15.0


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
        auth_failed: Zendesk refused the token: the post goes as soon as a token is saved.
        claim_owner: The app sending it now (an attempt is under way), if any.
        claim_until: When that claim lapses unless renewed.
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
    auth_failed: bool = False
    claim_owner: str | None = None
    claim_until: datetime | None = None


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
        auth_failed: Zendesk refused the credentials (FAILED until a token is saved).
    """

    state: EntryState
    comment_sent: bool
    outcome_unknown: bool
    retry_in: float | None = None
    error: str | None = None
    updated_stamp: str | None = None
    auth_failed: bool = False


def new_owner_id() -> str:
    """This process as a claim owner: host, process id and a random part."""
    return f"{socket.gethostname()}/{os.getpid()}/{secrets.token_hex(6)}"


def owner_alive(owner: str) -> bool:
    """False only when *owner*'s process is certainly gone (it ran on this machine).

    Anything that cannot be told (another machine, Windows, a foreign id) counts as alive: its
    claim then lapses with its lease.
    """
    host, _, rest = owner.partition("/")
    pid_text = rest.partition("/")[0]
    if host != socket.gethostname() or not pid_text.isdigit() or sys.platform == "win32":
        return True
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


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
    """Outbox entries in the store; methods raise ``StoreError`` on I/O failure.

    Args:
        store: The store.
        owner: This sender's claim owner id (random per process unless given).
        is_alive: Tells whether another owner's process still runs (see :func:`owner_alive`).
        lease_seconds: How long a claim holds without renewal.
    """

    def __init__(
        self,
        store: Store,
        *,
        owner: str | None = None,
        is_alive: Callable[[str], bool] = owner_alive,
        lease_seconds: float = LEASE_SECONDS,
    ) -> None:
        self._store = store
        self.owner = owner or new_owner_id()
        self._is_alive = is_alive
        self._lease = timedelta(seconds=lease_seconds)

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
        """The first entry to attempt now, or ``None``.

        Pending with its time come, its ticket with nothing before it, and claimed by nobody
        (or by a sender whose claim has lapsed).
        """
        for entry in self._heads():
            if entry.state is EntryState.PENDING and (
                entry.next_attempt_at is None or entry.next_attempt_at <= now
            ):
                if self._claim_free(entry, now):
                    return entry
            elif entry.state is EntryState.SENDING and self._claim_free(entry, now):
                return entry  # its sender is gone: take it over (the marker is checked first)
        return None

    def next_wake(self) -> datetime | None:
        """When the earliest waiting entry is due, or another sender's claim lapses."""
        times = [
            e.next_attempt_at
            for e in self._heads()
            if e.state is EntryState.PENDING and e.next_attempt_at is not None
        ]
        times += [
            e.claim_until
            for e in self._heads()
            if e.state is EntryState.SENDING
            and e.claim_owner != self.owner
            and e.claim_until is not None
        ]
        return min(times) if times else None

    def _claim_free(self, entry: OutboxEntry, now: datetime) -> bool:
        if entry.claim_owner is None:
            return True
        if entry.claim_owner == self.owner:
            return False  # our own attempt is under way
        if entry.claim_until is None or entry.claim_until <= now:
            return True
        return not self._is_alive(entry.claim_owner)

    def _heads(self) -> list[OutboxEntry]:
        # Per ticket of one Zendesk: #123 on another instance is another ticket.
        heads: dict[tuple[str | None, int], OutboxEntry] = {}
        for entry in self.entries():
            heads.setdefault((entry.connection_id, entry.ticket), entry)
        return sorted(heads.values(), key=lambda e: e.id)

    def claim(self, entry: OutboxEntry, now: datetime) -> OutboxEntry | None:
        """Claim *entry* for one attempt by this sender; ``None`` if another sender has it.

        Checked and written in one transaction, so two senders can never both hold it. The
        attempt is counted and the entry marked as being sent: if the app dies now, whoever
        takes the entry over looks for the marker first.
        """
        with self._store.transaction("note the post attempt") as tx:
            rows = tx.execute("SELECT * FROM outbox WHERE id = ?", (entry.id,)).fetchall()
            current = _entry(rows[0]) if rows else None
            if current is None or not self._claim_free(current, now):
                return None
            if current.state is EntryState.PENDING:
                if current.next_attempt_at is not None and current.next_attempt_at > now:
                    return None
                unknown = current.outcome_unknown
            elif current.state is EntryState.SENDING:
                # Taken over from a sender that stopped mid-attempt: it may have posted.
                unknown = current.outcome_unknown or not current.comment_sent
                log.info("outbox %d: taking over from %s", current.id, current.claim_owner)
            else:
                return None
            claimed = replace(
                current,
                state=EntryState.SENDING,
                attempts=current.attempts + 1,
                outcome_unknown=unknown,
                claim_owner=self.owner,
                claim_until=now + self._lease,
            )
            self._write(tx, claimed)
            return claimed

    def renew(self, entry_id: int, now: datetime) -> bool:
        """Extend this sender's claim on *entry_id*; False if it no longer holds it."""
        with self._store.transaction("note the post attempt") as tx:
            cursor = tx.execute(
                "UPDATE outbox SET claim_until = ? WHERE id = ? AND claim_owner = ?",
                (to_utc_iso(now + self._lease), entry_id, self.owner),
            )
            return cursor.rowcount == 1

    def apply(self, entry: OutboxEntry, result: Delivery, now: datetime) -> OutboxEntry:
        """Store the outcome of this sender's attempt and release the claim.

        Passes a fresh stamp on to the ticket's next post. An outcome for an entry this sender
        no longer holds (discarded, or taken over after a lapsed claim) is not stored.
        """
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
            auth_failed=result.auth_failed,
            claim_owner=None,
            claim_until=None,
        )
        with self._store.transaction("save the post's outcome") as tx:
            rows = tx.execute(
                "SELECT * FROM outbox WHERE id = ? AND claim_owner = ?", (entry.id, self.owner)
            ).fetchall()
            if not rows:
                log.warning("outbox %d: outcome dropped, no longer ours to send", entry.id)
                current = tx.execute("SELECT * FROM outbox WHERE id = ?", (entry.id,)).fetchall()
                return _entry(current[0]) if current else updated
            # Kept from the store: an attempt never reports less than was already known.
            stored = _entry(rows[0])
            updated = replace(updated, comment_sent=updated.comment_sent or stored.comment_sent)
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

    def recover(self, now: datetime) -> int:
        """At start-up: attempts cut short by a crash become unknown outcomes, checked first.

        Only attempts whose sender is gone (its claim lapsed, or its process no longer runs):
        an attempt another running app holds is left to it.
        """
        with self._store.transaction("recover the outbox") as tx:
            rows = tx.execute(
                "SELECT * FROM outbox WHERE state = ?", (EntryState.SENDING.value,)
            ).fetchall()
            stale = [e.id for e in map(_entry, rows) if self._claim_free(e, now)]
            for entry_id in stale:
                self._interrupt(tx, entry_id)
            return len(stale)

    def release(self) -> int:
        """At quit: this sender's attempts under way are given up, their outcome unknown.

        The next start (of this app or another) looks for their markers before sending.
        """
        with self._store.transaction("note the interrupted posts") as tx:
            rows = tx.execute(
                "SELECT id FROM outbox WHERE state = ? AND claim_owner = ?",
                (EntryState.SENDING.value, self.owner),
            ).fetchall()
            for row in rows:
                self._interrupt(tx, int(row["id"]))
            return len(rows)

    @staticmethod
    def _interrupt(tx: sqlite3.Connection, entry_id: int) -> None:
        tx.execute(
            "UPDATE outbox SET state = ?, outcome_unknown = CASE WHEN comment_sent "
            "THEN outcome_unknown ELSE 1 END, next_attempt_at = NULL, claim_owner = NULL, "
            "claim_until = NULL WHERE id = ?",
            (EntryState.PENDING.value, entry_id),
        )

    def retry(self, entry_id: int, *, connected: bool = True) -> bool:
        """The engineer asks for another attempt now; False if it is being sent (or sent).

        An entry whose last outcome is unknown stays unknown: its marker is looked for first.
        """
        state = EntryState.PENDING if connected else EntryState.NOT_CONNECTED
        with self._store.transaction("retry the post") as tx:
            cursor = tx.execute(
                "UPDATE outbox SET state = ?, next_attempt_at = NULL, auth_failed = 0 "
                "WHERE id = ? AND state NOT IN (?, ?) AND claim_owner IS NULL",
                (state.value, entry_id, EntryState.SENT.value, EntryState.SENDING.value),
            )
            return cursor.rowcount == 1

    def resume_auth(self, connection_ids: Iterable[str]) -> int:
        """Posts refused for their token go again now (a token for them was saved)."""
        ids = list(connection_ids)
        if not ids:
            return 0
        with self._store.transaction("resume the waiting posts") as tx:
            cursor = tx.execute(
                "UPDATE outbox SET state = ?, next_attempt_at = NULL, auth_failed = 0 "
                f"WHERE state = ? AND auth_failed = 1 AND claim_owner IS NULL "
                f"AND connection_id IN ({', '.join('?' for _ in ids)})",
                (EntryState.PENDING.value, EntryState.FAILED.value, *ids),
            )
            return int(cursor.rowcount)

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
        """A pending entry waits for a connection (unless another sender has just claimed it)."""
        updated = replace(entry, state=EntryState.NOT_CONNECTED, last_error=reason)
        with self._store.transaction("save the post") as tx:
            tx.execute(
                "UPDATE outbox SET state = ?, last_error = ? "
                "WHERE id = ? AND state = ? AND claim_owner IS NULL",
                (updated.state.value, reason, entry.id, EntryState.PENDING.value),
            )
        return updated

    def edit(self, entry_id: int, body: str) -> bool:
        """Change the text of a post that has not gone out (its marker stays at the end).

        *body* may come with the marker line or without it. False when the post is sent or
        being sent: its text can no longer change.
        """
        entry = self.get(entry_id)
        if entry is None or entry.comment_sent or entry.state is EntryState.SENT:
            return False
        text = with_marker(without_marker(body, entry.marker), entry.marker)
        with self._store.transaction("save the edited post") as tx:
            cursor = tx.execute(
                "UPDATE outbox SET body = ? WHERE id = ? AND comment_sent = 0 "
                "AND state NOT IN (?, ?) AND claim_owner IS NULL",
                (text, entry_id, EntryState.SENT.value, EntryState.SENDING.value),
            )
            return cursor.rowcount == 1

    def discard(self, entry_id: int) -> bool:
        """Remove a post that is neither sent nor being sent; False if it stays."""
        with self._store.transaction("discard the post") as tx:
            cursor = tx.execute(
                "DELETE FROM outbox WHERE id = ? AND state NOT IN (?, ?) AND claim_owner IS NULL",
                (entry_id, EntryState.SENT.value, EntryState.SENDING.value),
            )
            return cursor.rowcount == 1

    @staticmethod
    def _write(tx: sqlite3.Connection, entry: OutboxEntry) -> None:
        tx.execute(
            "UPDATE outbox SET body = ?, state = ?, comment_sent = ?, outcome_unknown = ?, "
            "attempts = ?, next_attempt_at = ?, last_error = ?, updated_stamp = ?, sent_at = ?, "
            "connection_id = ?, auth_failed = ?, claim_owner = ?, claim_until = ? WHERE id = ?",
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
                int(entry.auth_failed),
                entry.claim_owner,
                to_utc_iso(entry.claim_until) if entry.claim_until else None,
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
        auth_failed=bool(row["auth_failed"]),
        claim_owner=row["claim_owner"],
        claim_until=from_utc_iso(row["claim_until"]) if row["claim_until"] else None,
    )
