"""The outbox: every post is written down before it is sent, and sent exactly once.

A post is an :class:`OutboxEntry` in SQLite before the first attempt. :func:`deliver` (run on a
worker thread) sends it with the Zendesk client and returns a :class:`Delivery` that the owner
applies to the store. The rules (docs/apis.md, "Posting exactly once"):

- 2xx: sent, with everything the post changes on its ticket (one update: see
  :mod:`callcompanion.services.ticket_update`). Tags that go separately are added or removed
  afterwards (both may be repeated), so a comment is never re-sent because of its tags.
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
- A sender may claim several entries in one transaction (a batch, sent one after another in
  id order) and store their outcomes together. Every entry it claimed is on the disk as being
  sent before the first request leaves, and whoever takes over a claim from a sender that is
  gone looks for the marker first, whether or not that sender got to the entry: so no write
  is needed between two attempts, and an outcome not yet stored when the app dies is found
  again by its marker. An entry of the batch that was not attempted (the post before it in
  its ticket did not go out, or the app quits) is given back as it was.

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
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta

from callcompanion.core.clock import from_utc_iso, to_utc_iso
from callcompanion.core.summary import as_posted, without_marker
from callcompanion.services import outbox_rows as rows_sql
from callcompanion.services.outbox_rows import (
    OPEN_STATES,
    Delivery,
    EntryState,
    NewPost,
    OutboxEntry,
    entry_from_row,
    insert_values,
    moment_param,
    update_values,
)
from callcompanion.services.storage import Store, StoreError

__all__ = [
    "BACKOFF_BASE_SECONDS",
    "BACKOFF_MAX_SECONDS",
    "LEASE_RENEW_SECONDS",
    "LEASE_SECONDS",
    "OPEN_STATES",
    "WITHOUT_CHANGES",
    "Delivery",
    "EntryState",
    "NewPost",
    "Outbox",
    "OutboxEntry",
    "backoff_seconds",
    "new_owner_id",
    "owner_alive",
]

log = logging.getLogger(__name__)

BACKOFF_BASE_SECONDS = 5.0
BACKOFF_MAX_SECONDS = 15 * 60.0
# How long a claim holds without renewal. Longer than one request may take (the clients'
# 20-second deadline) plus a wide margin, so a live sender renewing every
# LEASE_RENEW_SECONDS never loses its claim; a killed sender's claim is free a minute later.
LEASE_SECONDS = 60.0
LEASE_RENEW_SECONDS = 15.0
# What the engineer chooses when Zendesk refuses a post's ticket changes (the outbox window).
WITHOUT_CHANGES = "Post without the ticket changes"


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


def editable(entry: OutboxEntry) -> bool:
    """Whether the engineer may still change what *entry* says (see :meth:`Outbox.edit`)."""
    if entry.comment_sent or entry.state in (EntryState.SENT, EntryState.SENDING):
        return False
    return not (entry.public and entry.outcome_unknown)


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
        self._ensure_indexes()

    def _ensure_indexes(self) -> None:
        try:
            with self._store.transaction("prepare the outbox") as tx:
                rows_sql.ensure_indexes(tx)
        except StoreError as err:  # the queries still work, only slower
            log.warning("outbox indexes not created: %s", err)

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
        ids = []

        def write(tx: sqlite3.Connection) -> None:
            for post in posts:
                cursor = tx.execute(rows_sql.INSERT, insert_values(post, state, now))
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
        return entry_from_row(rows[0]) if rows else None

    def entries(self, states: Iterable[EntryState] = OPEN_STATES) -> list[OutboxEntry]:
        wanted = [s.value for s in states]
        rows = self._store.query(
            "read the outbox",
            f"SELECT * FROM outbox WHERE state IN ({', '.join('?' for _ in wanted)}) ORDER BY id",
            tuple(wanted),
        )
        return [entry_from_row(row) for row in rows]

    def for_call(self, call_id: str) -> list[OutboxEntry]:
        rows = self._store.query(
            "read the outbox", "SELECT * FROM outbox WHERE call_id = ? ORDER BY id", (call_id,)
        )
        return [entry_from_row(row) for row in rows]

    def counts(self) -> dict[EntryState, int]:
        """How many entries are in each open state (counted in SQL, none read)."""
        rows = self._store.query("read the outbox", rows_sql.COUNT_BY_STATE)
        found = {EntryState(row["state"]): int(row["n"]) for row in rows}
        return {state: found.get(state, 0) for state in OPEN_STATES}

    def next_due(self, now: datetime, *, after_own_claims: bool = False) -> OutboxEntry | None:
        """The first entry to attempt now, or ``None``.

        Pending with its time come, its ticket with nothing before it, and claimed by nobody
        (or by a sender whose claim has lapsed, or whose process is gone). With
        *after_own_claims*, what this sender has claimed does not hold its ticket's next post
        back: the next entry for the batch it is claiming (a batch goes out in order).
        """
        params = (moment_param(now), self.owner)
        first_free, held_by_others = (
            (rows_sql.FIRST_FREE_AFTER_OURS, rows_sql.HELD_BY_OTHERS_AFTER_OURS)
            if after_own_claims
            else (rows_sql.FIRST_FREE, rows_sql.HELD_BY_OTHERS)
        )
        free = self._store.query("read the outbox", first_free, params)
        candidates = [entry_from_row(row) for row in free]
        held = self._store.query("read the outbox", held_by_others, params)
        candidates += [
            entry
            for entry in map(entry_from_row, held)
            if not self._is_alive(entry.claim_owner or "")
        ]
        # A SENDING head among them: its sender is gone, so it is taken over (the marker is
        # checked first).
        return min(candidates, key=lambda e: e.id, default=None)

    def next_wake(self) -> datetime | None:
        """When the earliest waiting entry is due, or another sender's claim lapses."""
        times = [
            from_utc_iso(row[0])
            for sql, params in ((rows_sql.NEXT_RETRY, ()), (rows_sql.NEXT_LAPSE, (self.owner,)))
            for row in self._store.query("read the outbox", sql, params)
        ]
        return min(times, default=None)

    def _claim_free(self, entry: OutboxEntry, now: datetime) -> bool:
        if entry.claim_owner is None:
            return True
        if entry.claim_owner == self.owner:
            return False  # our own attempt is under way
        if entry.claim_until is None or entry.claim_until <= now:
            return True
        return not self._is_alive(entry.claim_owner)

    @contextmanager
    def _writing(
        self, action: str, conn: sqlite3.Connection | None
    ) -> Iterator[sqlite3.Connection]:
        """The caller's transaction *conn*, or one of our own."""
        if conn is not None:
            yield conn
        else:
            with self._store.transaction(action) as tx:
                yield tx

    def claim(
        self, entry: OutboxEntry, now: datetime, *, conn: sqlite3.Connection | None = None
    ) -> OutboxEntry | None:
        """Claim *entry* for one attempt by this sender; ``None`` if another sender has it.

        Checked and written in one transaction, so two senders can never both hold it. The
        attempt is counted and the entry marked as being sent: if the app dies now, whoever
        takes the entry over looks for the marker first. Inside the caller's transaction when
        *conn* is given (it must be committed before the attempt starts).
        """
        with self._writing("note the post attempt", conn) as tx:
            rows = tx.execute("SELECT * FROM outbox WHERE id = ?", (entry.id,)).fetchall()
            current = entry_from_row(rows[0]) if rows else None
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

    def renew_all(self, now: datetime) -> int:
        """Extend every claim this sender holds (its batch); returns how many it still holds."""
        with self._store.transaction("note the post attempt") as tx:
            cursor = tx.execute(
                "UPDATE outbox SET claim_until = ? WHERE claim_owner = ?",
                (to_utc_iso(now + self._lease), self.owner),
            )
            return int(cursor.rowcount)

    def give_back(
        self, claimed: OutboxEntry, *, conn: sqlite3.Connection | None = None
    ) -> OutboxEntry:
        """Release the claim of an entry this sender claimed but never attempted.

        It waits again as it was: its attempt is not counted, and an outcome that was unknown
        when it was claimed (or taken over) stays unknown, so its marker is still looked for.
        """
        given = replace(
            claimed,
            state=EntryState.PENDING,
            attempts=max(0, claimed.attempts - 1),
            claim_owner=None,
            claim_until=None,
        )
        with self._writing("save the post", conn) as tx:
            tx.execute(
                "UPDATE outbox SET state = ?, attempts = ?, outcome_unknown = ?, "
                "updated_stamp = ?, claim_owner = NULL, claim_until = NULL "
                "WHERE id = ? AND claim_owner = ?",
                (
                    given.state.value,
                    given.attempts,
                    int(given.outcome_unknown),
                    given.updated_stamp,
                    claimed.id,
                    self.owner,
                ),
            )
        return given

    def apply(
        self,
        entry: OutboxEntry,
        result: Delivery,
        now: datetime,
        *,
        conn: sqlite3.Connection | None = None,
    ) -> OutboxEntry:
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
        with self._writing("save the post's outcome", conn) as tx:
            rows = tx.execute(
                "SELECT * FROM outbox WHERE id = ? AND claim_owner = ?", (entry.id, self.owner)
            ).fetchall()
            if not rows:
                log.warning("outbox %d: outcome dropped, no longer ours to send", entry.id)
                current = tx.execute("SELECT * FROM outbox WHERE id = ?", (entry.id,)).fetchall()
                return entry_from_row(current[0]) if current else updated
            # Kept from the store: an attempt never reports less than was already known.
            stored = entry_from_row(rows[0])
            updated = replace(updated, comment_sent=updated.comment_sent or stored.comment_sent)
            self._write(tx, updated)
            if result.state is EntryState.SENT and result.updated_stamp:
                # To the ticket's next post (it passes its own on when it is sent): one row,
                # however long the queue behind it.
                tx.execute(
                    "UPDATE outbox SET updated_stamp = ?1 WHERE state = 'pending' AND id = "
                    "(SELECT id FROM outbox WHERE ticket = ?2 AND connection_id IS ?3 "
                    "AND state <> 'sent' AND id > ?4 ORDER BY id LIMIT 1)",
                    (result.updated_stamp, entry.ticket, entry.connection_id, entry.id),
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
            stale = [e.id for e in map(entry_from_row, rows) if self._claim_free(e, now)]
            for entry_id in stale:
                self._interrupt(tx, entry_id)
            return len(stale)

    def release(self, *, conn: sqlite3.Connection | None = None) -> int:
        """At quit: this sender's attempts under way are given up, their outcome unknown.

        The next start (of this app or another) looks for their markers before sending.
        """
        with self._writing("note the interrupted posts", conn) as tx:
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

    def disconnect(
        self, entry: OutboxEntry, reason: str, *, conn: sqlite3.Connection | None = None
    ) -> OutboxEntry:
        """A pending entry waits for a connection (unless another sender has just claimed it)."""
        updated = replace(entry, state=EntryState.NOT_CONNECTED, last_error=reason)
        with self._writing("save the post", conn) as tx:
            tx.execute(
                "UPDATE outbox SET state = ?, last_error = ? "
                "WHERE id = ? AND state = ? AND claim_owner IS NULL",
                (updated.state.value, reason, entry.id, EntryState.PENDING.value),
            )
        return updated

    def edit(self, entry_id: int, body: str) -> bool:
        """Change the text of a post that has not gone out (a note keeps its marker at the end).

        *body* may come with the marker line or without it. False when the post is sent or
        being sent, or when it is a public reply that may already be on the ticket: such a
        reply is recognised by its text (it carries no marker), so new text would be posted
        as a second reply.
        """
        entry = self.get(entry_id)
        if entry is None or not editable(entry):
            return False
        text = as_posted(without_marker(body, entry.marker), entry.marker, public=entry.public)
        with self._store.transaction("save the edited post") as tx:
            cursor = tx.execute(
                "UPDATE outbox SET body = ? WHERE id = ? AND comment_sent = 0 "
                "AND NOT (public = 1 AND outcome_unknown = 1) "
                "AND state NOT IN (?, ?) AND claim_owner IS NULL",
                (text, entry_id, EntryState.SENT.value, EntryState.SENDING.value),
            )
            return cursor.rowcount == 1

    def without_changes(self, entry_id: int) -> bool:
        """The post goes with its comment alone (Zendesk refused what it changes on the ticket).

        False when it is sent or being sent. Retry it afterwards.
        """
        with self._store.transaction("save the post") as tx:
            cursor = tx.execute(
                "UPDATE outbox SET changes = '{}', status = NULL, priority = NULL, tags = '' "
                "WHERE id = ? AND state NOT IN (?, ?) AND claim_owner IS NULL",
                (entry_id, EntryState.SENT.value, EntryState.SENDING.value),
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
        tx.execute(rows_sql.UPDATE, update_values(entry))
