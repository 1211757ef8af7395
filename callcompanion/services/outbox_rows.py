"""How outbox entries are kept in SQLite: what an entry is, the row mapping, the queries.

The outbox keeps every post ever made (sent ones too), so nothing here reads the whole table:
counting is ``COUNT … GROUP BY state`` over an index, and the next entry to send, the next
moment to wake up and the head of each ticket's queue are indexed queries that stop at the
first row that qualifies. :func:`ensure_indexes` creates the indexes they use; an index is no
part of the stored format, so a store without them (an earlier version wrote it) reads the
same, only slower.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from callcompanion.core.clock import from_utc_iso, to_utc_iso
from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.core.summary import parse_tags
from callcompanion.core.ticket_changes import TicketChanges, from_data, to_data

log = logging.getLogger(__name__)


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
        marker: The token that finds the comment again.
        kind: What it is; ``None`` for a kind this version does not know (a newer version
            queued it): it is not sent, and the engineer is told what to do with it.
        label: How the window names it ("Summary for #12345").
        call_id: The call it came from.
        connection_id: The Zendesk connection it goes to.
        state: Where it stands.
        comment_sent: The comment is in (only tags that go separately may be left).
        outcome_unknown: An attempt may have reached Zendesk without an answer.
        attempts: Attempts so far.
        next_attempt_at: Not before this moment.
        last_error: What went wrong last, as a sentence.
        updated_stamp: The ticket's ``updated_at`` as last seen, for ``safe_update``.
        created_at: When the engineer pressed Post.
        sent_at: When Zendesk confirmed it.
        organization_id: For ``org_notes`` entries: the organization whose notes get the text.
        auth_failed: Zendesk refused the token: the post goes as soon as a token is saved.
        claim_owner: The app sending it now (an attempt is under way), if any.
        claim_until: When that claim lapses unless renewed.
        changes: Everything the post changes on the ticket with its comment, sent in the
            same update.
        tags_after_comment: Queued by an earlier version: its tags are added after the
            comment (``PUT tickets/{id}/tags``), as that version did.
    """

    id: int
    ticket: int
    body: str
    public: bool
    marker: str
    kind: OutboxKind | None
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
    organization_id: int | None = None
    auth_failed: bool = False
    claim_owner: str | None = None
    claim_until: datetime | None = None
    changes: TicketChanges = field(default_factory=TicketChanges)
    tags_after_comment: bool = False


@dataclass(frozen=True)
class NewPost:
    """What to enqueue (the store assigns the rest).

    *changes* is everything the post changes on its ticket: a caller with changes from several
    places (the draft, the call, a macro) combines them with ``call_changes.merged``.
    """

    ticket: int
    body: str
    public: bool
    marker: str
    kind: OutboxKind
    label: str
    call_id: str | None
    connection_id: str | None
    updated_stamp: str | None = None
    organization_id: int | None = None
    changes: TicketChanges = field(default_factory=TicketChanges)


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


# -- the row mapping ------------------------------------------------------------------------------

COLUMNS = (
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
    "changes",
)
INSERT = f"INSERT INTO outbox ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})"
UPDATE = (
    "UPDATE outbox SET body = ?, state = ?, comment_sent = ?, outcome_unknown = ?, "
    "attempts = ?, next_attempt_at = ?, last_error = ?, updated_stamp = ?, sent_at = ?, "
    "connection_id = ?, auth_failed = ?, claim_owner = ?, claim_until = ? WHERE id = ?"
)


def insert_values(post: NewPost, state: EntryState, now: datetime) -> tuple[object, ...]:
    """The values of :data:`INSERT` for a new entry."""
    changes = post.changes
    return (
        post.call_id,
        post.connection_id,
        post.ticket,
        str(post.kind),
        post.label,
        post.body,
        int(post.public),
        changes.status,
        " ".join(changes.add_tags),
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
        changes.priority,
        post.organization_id,
        changes_json(changes),
    )


# What the outbox keeps in columns of their own (so earlier versions read them), or not at all
# (the sentences of what is not applied were shown before posting).
_NOT_IN_TABLE = ("status", "priority", "add_tags", "not_applied")


def changes_json(changes: TicketChanges) -> str:
    """What the ``changes`` column keeps: the rest is in the status, priority and tags columns."""
    data = {k: v for k, v in to_data(changes).items() if k not in _NOT_IN_TABLE}
    return json.dumps(data, sort_keys=True)


def read_changes(
    stored: str | None, status: str | None, priority: str | None, tags: tuple[str, ...]
) -> TicketChanges:
    """The changes of a stored entry (raises ``ValueError`` for a value it cannot be).

    *status*, *priority* and *tags* are the entry's own columns; a row written before the
    ``changes`` column existed has them alone.
    """
    data = json.loads(stored) if stored else {}
    if isinstance(data, dict):
        columns: dict[str, object] = {"add_tags": list(tags)}
        if status is not None:
            columns["status"] = status
        if priority is not None:
            columns["priority"] = priority
        data = {**columns, **data}
    return from_data(data)


def update_values(entry: OutboxEntry) -> tuple[object, ...]:
    """The values of :data:`UPDATE` for what an attempt changes."""
    return (
        entry.body,
        entry.state.value,
        int(entry.comment_sent),
        int(entry.outcome_unknown),
        entry.attempts,
        _iso(entry.next_attempt_at),
        entry.last_error,
        entry.updated_stamp,
        _iso(entry.sent_at),
        entry.connection_id,
        int(entry.auth_failed),
        entry.claim_owner,
        _iso(entry.claim_until),
        entry.id,
    )


def read_kind(stored: str, call_id: str | None) -> OutboxKind | None:
    """The kind of a stored entry; ``None`` for one this version does not know.

    Earlier versions stored the upgrade information's internal note as ``internal_note``, the
    value of the summary's note; only the summary's note belongs to a call.
    """
    if stored == OutboxKind.SUMMARY_NOTE.value and call_id is None:
        return OutboxKind.UPGRADE_NOTE
    try:
        return OutboxKind(stored)
    except ValueError:
        return None


def entry_from_row(row: sqlite3.Row) -> OutboxEntry:
    """The entry a row holds; raises ``ValueError``/``KeyError`` for a row it cannot be."""
    tags = parse_tags(row["tags"])
    stored_changes = row["changes"]
    return OutboxEntry(
        id=row["id"],
        ticket=row["ticket"],
        body=row["body"],
        public=bool(row["public"]),
        marker=row["marker"],
        kind=read_kind(row["kind"], row["call_id"]),
        label=row["label"],
        call_id=row["call_id"],
        connection_id=row["connection_id"],
        state=EntryState(row["state"]),
        created_at=from_utc_iso(row["created_at"]),
        comment_sent=bool(row["comment_sent"]),
        outcome_unknown=bool(row["outcome_unknown"]),
        attempts=row["attempts"],
        next_attempt_at=_moment(row["next_attempt_at"]),
        last_error=row["last_error"],
        updated_stamp=row["updated_stamp"],
        sent_at=_moment(row["sent_at"]),
        organization_id=row["organization_id"],
        auth_failed=bool(row["auth_failed"]),
        claim_owner=row["claim_owner"],
        claim_until=_moment(row["claim_until"]),
        changes=read_changes(stored_changes, row["status"], row["priority"], tags),
        tags_after_comment=stored_changes is None,
    )


def _iso(moment: datetime | None) -> str | None:
    return to_utc_iso(moment) if moment is not None else None


def _moment(text: str | None) -> datetime | None:
    return from_utc_iso(text) if text else None


# -- the queries that pick and count entries -------------------------------------------------------
#
# Moments are compared as the text to_utc_iso() writes (UTC, whole seconds, one fixed width), so
# the comparison is the one the datetimes would give. "Open" is spelt ``state <> 'sent'`` with a
# literal, the condition of the partial indexes, so that SQLite uses them. Parameters: ?1 is
# now (moment_param), ?2 this sender's owner id; NEXT_LAPSE takes the owner id alone. A unary
# ``+`` keeps SQLite from choosing the state index where another one gives the rows in order and
# lets the query stop at the first that qualifies.

INDEXES = (
    # The open entries of one ticket in order: who is at the head of each ticket's queue.
    "CREATE INDEX IF NOT EXISTS outbox_open_ticket "
    "ON outbox (ticket, connection_id, id) WHERE state <> 'sent'",
    # The open entries in order: the first one to send.
    "CREATE INDEX IF NOT EXISTS outbox_open_order ON outbox (id) WHERE state <> 'sent'",
    # The entries some sender holds (one per running app at most): leases that lapse.
    "CREATE INDEX IF NOT EXISTS outbox_claimed ON outbox (claim_until) "
    "WHERE claim_owner IS NOT NULL",
)

# Nothing before it in its ticket's queue (per Zendesk: #123 on another instance is another
# ticket).
_HEAD = (
    "NOT EXISTS (SELECT 1 FROM outbox AS before WHERE before.ticket = o.ticket "
    "AND before.connection_id IS o.connection_id AND before.state <> 'sent' "
    "AND before.id < o.id)"
)
# The same, except that what this sender (?2) has claimed does not hold it back: a batch claims
# a ticket's posts one after another, and sends them in that order (a post that does not go out
# gives the rest of its ticket's batch back). The claims this sender holds are all in its batch.
_HEAD_AFTER_OURS = (
    "NOT EXISTS (SELECT 1 FROM outbox AS before WHERE before.ticket = o.ticket "
    "AND before.connection_id IS o.connection_id AND before.state <> 'sent' "
    "AND before.id < o.id AND before.claim_owner IS NOT ?2)"
)
# Its time has come: pending and due, or found mid-attempt (its sender may be gone).
_DUE = (
    "((+o.state = 'pending' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?1)) "
    "OR +o.state = 'sending')"
)


def _first_free(head: str) -> str:
    """The first due head that no sender holds: unclaimed, or another's whose lease lapsed."""
    return (
        f"SELECT o.* FROM outbox AS o "
        f"WHERE o.state <> 'sent' AND {_DUE} AND {head} AND (o.claim_owner IS NULL OR "
        f"(o.claim_owner <> ?2 AND (o.claim_until IS NULL OR o.claim_until <= ?1))) "
        f"ORDER BY o.id LIMIT 1"
    )


def _held_by_others(head: str) -> str:
    """Due heads another sender holds under a running lease: free at once if it is gone."""
    return (
        f"SELECT o.* FROM outbox AS o WHERE o.claim_owner IS NOT NULL AND o.claim_owner <> ?2 "
        f"AND o.claim_until > ?1 AND {_DUE} AND {head}"
    )


FIRST_FREE = _first_free(_HEAD)
HELD_BY_OTHERS = _held_by_others(_HEAD)
# The same for the next entry of this sender's batch.
FIRST_FREE_AFTER_OURS = _first_free(_HEAD_AFTER_OURS)
HELD_BY_OTHERS_AFTER_OURS = _held_by_others(_HEAD_AFTER_OURS)
# The earliest retry of a waiting head.
NEXT_RETRY = (
    f"SELECT o.next_attempt_at FROM outbox AS o "
    f"WHERE o.state = 'pending' AND o.next_attempt_at IS NOT NULL AND {_HEAD} "
    f"ORDER BY o.next_attempt_at LIMIT 1"
)
# The earliest lapse of another sender's claim on a head.
NEXT_LAPSE = (
    f"SELECT o.claim_until FROM outbox AS o WHERE o.claim_owner IS NOT NULL "
    f"AND o.claim_owner <> ?1 AND o.claim_until IS NOT NULL AND +o.state = 'sending' "
    f"AND {_HEAD} ORDER BY o.claim_until LIMIT 1"
)
COUNT_BY_STATE = (
    "SELECT state, COUNT(*) AS n FROM outbox "
    f"WHERE state IN ({', '.join(repr(s.value) for s in OPEN_STATES)}) GROUP BY state"
)


def ensure_indexes(conn: sqlite3.Connection) -> None:
    """Create the indexes the queries above use (no change to the stored format)."""
    for sql in INDEXES:
        conn.execute(sql)


def moment_param(moment: datetime) -> str:
    """A moment as the queries above compare it."""
    return to_utc_iso(moment)
