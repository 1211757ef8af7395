"""The embedded store (SQLite): the active call, the call history and pending follow-ups.

Opening never fails: a damaged file, or one written by a newer version, is moved aside with a
timestamped name and a fresh store takes its place; if even that is impossible (read-only disk,
no permission) the app runs on an in-memory store. Each case comes back as a plain sentence for
the engineer, so the app starts, says what happened, and never loops on a crash.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from callcompanion.core.call import Answer, CallRecord, Outcome, Platform
from callcompanion.core.clock import from_utc_iso, to_utc_iso
from callcompanion.core.followups import FollowUp, FollowUpKind, FollowUpStatus
from callcompanion.core.ticket import TicketRef

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3

# Each entry brings the schema from the version before it to its own number.
_MIGRATIONS: dict[int, str] = {}
_MIGRATIONS[1] = """
CREATE TABLE calls (
    id                    TEXT PRIMARY KEY,
    ticket_number         INTEGER NOT NULL,
    ticket_subdomain      TEXT,
    call_type             TEXT NOT NULL,
    call_type_name        TEXT NOT NULL,
    platform              TEXT NOT NULL,
    started_at            TEXT NOT NULL,
    planned_seconds       INTEGER,
    wrapup_lead_seconds   INTEGER,
    no_show_after_seconds INTEGER,
    joined_at             REAL,
    no_show_due           REAL,
    wrapup_answered       INTEGER NOT NULL DEFAULT 0,
    times_up_answer       TEXT,
    continue_until        REAL,
    ended_at              REAL,
    outcome               TEXT,
    last_elapsed          REAL NOT NULL DEFAULT 0
);
-- At most one call is running at any time.
CREATE UNIQUE INDEX calls_one_active ON calls ((outcome IS NULL)) WHERE outcome IS NULL;
CREATE INDEX calls_started ON calls (started_at);
CREATE TABLE follow_ups (
    id          INTEGER PRIMARY KEY,
    call_id     TEXT NOT NULL REFERENCES calls (id),
    kind        TEXT NOT NULL,
    ticket      INTEGER NOT NULL,
    subdomain   TEXT,
    created_at  TEXT NOT NULL,
    status      TEXT NOT NULL
);
"""
_MIGRATIONS[2] = """
ALTER TABLE calls ADD COLUMN connection_id TEXT;
CREATE TABLE summaries (
    call_id         TEXT PRIMARY KEY REFERENCES calls (id),
    attendees       TEXT NOT NULL DEFAULT '',
    learned         TEXT NOT NULL DEFAULT '',
    engineer_next   TEXT NOT NULL DEFAULT '',
    customer_next   TEXT NOT NULL DEFAULT '',
    next_call       TEXT NOT NULL DEFAULT '',
    body            TEXT NOT NULL DEFAULT '',
    body_edited     INTEGER NOT NULL DEFAULT 0,
    public          INTEGER NOT NULL DEFAULT 1,
    internal_note   TEXT NOT NULL DEFAULT '',
    status          TEXT,
    tags            TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL DEFAULT 'draft',
    updated_at      TEXT NOT NULL,
    reminded_at     TEXT
);
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    call_id         TEXT REFERENCES calls (id),
    connection_id   TEXT,
    ticket          INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    label           TEXT NOT NULL,
    body            TEXT NOT NULL,
    public          INTEGER NOT NULL,
    status          TEXT,
    tags            TEXT NOT NULL DEFAULT '',
    marker          TEXT NOT NULL UNIQUE,
    state           TEXT NOT NULL,
    comment_sent    INTEGER NOT NULL DEFAULT 0,
    outcome_unknown INTEGER NOT NULL DEFAULT 0,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error      TEXT,
    updated_stamp   TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX outbox_state ON outbox (state, next_attempt_at);
"""
_MIGRATIONS[3] = """
CREATE TABLE checklist_results (
    call_id     TEXT NOT NULL REFERENCES calls (id),
    item_id     TEXT NOT NULL,
    state       TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    choice      TEXT NOT NULL DEFAULT '',
    "values"    TEXT NOT NULL DEFAULT '{}',
    at          TEXT,
    PRIMARY KEY (call_id, item_id)
);
ALTER TABLE outbox ADD COLUMN priority TEXT;
ALTER TABLE calls ADD COLUMN response_minutes TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN responses_answered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN organization_id INTEGER;
"""

_CALL_COLUMNS = (
    "id",
    "ticket_number",
    "ticket_subdomain",
    "call_type",
    "call_type_name",
    "platform",
    "started_at",
    "planned_seconds",
    "wrapup_lead_seconds",
    "no_show_after_seconds",
    "joined_at",
    "no_show_due",
    "wrapup_answered",
    "times_up_answer",
    "continue_until",
    "ended_at",
    "outcome",
    "last_elapsed",
    "connection_id",
    "response_minutes",
    "responses_answered",
)


class StoreError(Exception):
    """A read or write failed; ``str(err)`` is a sentence for the engineer."""


@dataclass
class OpenedStore:
    """What :func:`open_store` returns: the store plus anything the engineer should be told."""

    store: Store
    notices: list[str] = field(default_factory=list)


def open_store(path: Path, *, now: datetime | None = None) -> OpenedStore:
    """Open (or create) the store at *path*, recovering from damage instead of failing."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return OpenedStore(Store(_connect(path), path))
    except _NewerStoreError as newer:
        backup = _move_aside(path, f"newer-v{newer.version}-{stamp}")
        notice = (
            f"The call history was written by a newer callcompanion (store version "
            f"{newer.version}; this version reads {SCHEMA_VERSION}). It was kept unchanged at "
            f"{backup} and a new history was started. Update callcompanion to see the old one."
        )
    except sqlite3.OperationalError as err:  # locked, no permission, I/O error: not damage
        return _in_memory(f"The call history at {path} cannot be opened ({err}).")
    except sqlite3.DatabaseError as err:
        log.warning("store %s is unreadable: %s", path, err)
        try:
            backup = _move_aside(path, f"damaged-{stamp}")
        except OSError as move_err:
            return _in_memory(
                f"The call history at {path} is damaged ({err}) and could not be "
                f"moved aside ({move_err.strerror})."
            )
        notice = (
            f"The call history could not be read ({err}). The damaged file was kept at "
            f"{backup} and a new history was started."
        )
    except (OSError, sqlite3.Error) as err:
        return _in_memory(f"The call history at {path} cannot be opened ({err}).")
    try:
        return OpenedStore(Store(_connect(path), path), [notice])
    except (OSError, sqlite3.Error) as err:
        return _in_memory(f"{notice} The new history could not be created either ({err}).")


def _in_memory(reason: str) -> OpenedStore:
    log.error("running on an in-memory store: %s", reason)
    store = Store(_connect(None), None)
    return OpenedStore(store, [f"{reason} Calls are not being saved until this is fixed."])


class _NewerStoreError(Exception):
    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


def _connect(path: Path | None) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:" if path is None else str(path), isolation_level=None)
    try:
        conn.row_factory = sqlite3.Row
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise _NewerStoreError(version)
        if path is not None:
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(f"integrity check failed: {check}")
        if version == 0:
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables:
                raise sqlite3.DatabaseError("the file holds tables of another program")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            # executescript() commits first, so each step's transaction lives in its script.
            conn.executescript(
                f"BEGIN IMMEDIATE;\n{_MIGRATIONS[target]}\nPRAGMA user_version = {target};\nCOMMIT;"
            )
            log.info("store upgraded to version %d", target)
        return conn
    except BaseException:
        conn.close()
        raise


def _move_aside(path: Path, label: str) -> Path:
    backup = path.with_name(f"{path.name}.{label}.bak")
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(path) + suffix)
        if source.exists():
            source.replace(Path(str(backup) + suffix))
    return backup


class Store:
    """Calls and follow-ups in SQLite. Methods raise :class:`StoreError` on I/O failure."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self._conn = conn
        self.path = path

    @property
    def persistent(self) -> bool:
        return self.path is not None

    # -- for the other stores on this connection (summaries, outbox) ----------------------------

    @contextmanager
    def transaction(self, action: str) -> Iterator[sqlite3.Connection]:
        """One atomic write; raises :class:`StoreError` saying what could not be done."""
        with self._errors(action):
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def query(self, action: str, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        with self._errors(action):
            return self._conn.execute(sql, params).fetchall()

    def close(self) -> None:
        self._conn.close()

    # -- calls --------------------------------------------------------------------------------

    def save_call(self, record: CallRecord) -> None:
        """Insert or update *record* (the whole row: the record is the truth)."""
        values = _call_row(record)
        placeholders = ", ".join("?" for _ in _CALL_COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in _CALL_COLUMNS[1:])
        sql = (
            f"INSERT INTO calls ({', '.join(_CALL_COLUMNS)}) VALUES ({placeholders}) "
            f"ON CONFLICT (id) DO UPDATE SET {updates}"
        )
        with self._errors("save the call"):
            self._conn.execute(sql, values)

    def active_call(self) -> CallRecord | None:
        with self._errors("read the running call"):
            rows = self._conn.execute("SELECT * FROM calls WHERE outcome IS NULL").fetchall()
        for row in rows:
            record = _call_record(row)
            if record is not None:
                return record
        return None

    def call(self, call_id: str) -> CallRecord | None:
        with self._errors("read the call"):
            row = self._conn.execute("SELECT * FROM calls WHERE id = ?", (call_id,)).fetchone()
        return None if row is None else _call_record(row)

    def history(self, limit: int = 1000) -> list[CallRecord]:
        """Ended calls, newest first."""
        with self._errors("read the call history"):
            rows = self._conn.execute(
                "SELECT * FROM calls WHERE outcome IS NOT NULL ORDER BY started_at DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [record for row in rows if (record := _call_record(row)) is not None]

    # -- follow-ups ---------------------------------------------------------------------------

    def add_follow_up(self, follow_up: FollowUp) -> FollowUp:
        with self._errors("save the follow-up"):
            cursor = self._conn.execute(
                "INSERT INTO follow_ups (call_id, kind, ticket, subdomain, created_at, status) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    follow_up.call_id,
                    follow_up.kind.value,
                    follow_up.ticket.number,
                    follow_up.ticket.subdomain,
                    to_utc_iso(follow_up.created_at),
                    follow_up.status.value,
                ),
            )
        return FollowUp(
            kind=follow_up.kind,
            call_id=follow_up.call_id,
            ticket=follow_up.ticket,
            created_at=follow_up.created_at,
            status=follow_up.status,
            id=int(cursor.lastrowid or 0),
        )

    def follow_ups(self, status: FollowUpStatus = FollowUpStatus.PENDING) -> list[FollowUp]:
        with self._errors("read the follow-ups"):
            rows = self._conn.execute(
                "SELECT * FROM follow_ups WHERE status = ? ORDER BY id", (status.value,)
            ).fetchall()
        result = []
        for row in rows:
            try:
                result.append(
                    FollowUp(
                        kind=FollowUpKind(row["kind"]),
                        call_id=row["call_id"],
                        ticket=TicketRef(row["ticket"], row["subdomain"]),
                        created_at=from_utc_iso(row["created_at"]),
                        status=FollowUpStatus(row["status"]),
                        id=row["id"],
                    )
                )
            except ValueError as err:
                log.warning("skipping unreadable follow-up %s: %s", row["id"], err)
        return result

    def set_follow_up_status(self, follow_up_id: int, status: FollowUpStatus) -> None:
        with self._errors("update the follow-up"):
            self._conn.execute(
                "UPDATE follow_ups SET status = ? WHERE id = ?", (status.value, follow_up_id)
            )

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as err:
            log.exception("store: could not %s", action)
            raise StoreError(f"Could not {action}: {err}.") from err


def _call_row(record: CallRecord) -> tuple[object, ...]:
    return (
        record.id,
        record.ticket.number,
        record.ticket.subdomain,
        record.call_type_key,
        record.call_type_name,
        record.platform.value,
        to_utc_iso(record.started_at),
        record.planned_seconds,
        record.wrapup_lead_seconds,
        record.no_show_after_seconds,
        record.joined_at,
        record.no_show_due,
        int(record.wrapup_answered),
        record.times_up_answer.value if record.times_up_answer else None,
        record.continue_until,
        record.ended_at,
        record.outcome.value if record.outcome else None,
        record.last_elapsed,
        record.connection_id,
        ",".join(str(m) for m in record.response_minutes),
        record.responses_answered,
    )


def _call_record(row: sqlite3.Row) -> CallRecord | None:
    try:
        return CallRecord(
            id=row["id"],
            ticket=TicketRef(row["ticket_number"], row["ticket_subdomain"]),
            call_type_key=row["call_type"],
            call_type_name=row["call_type_name"],
            platform=Platform(row["platform"]),
            started_at=from_utc_iso(row["started_at"]),
            planned_seconds=row["planned_seconds"],
            wrapup_lead_seconds=row["wrapup_lead_seconds"],
            no_show_after_seconds=row["no_show_after_seconds"],
            joined_at=row["joined_at"],
            no_show_due=row["no_show_due"],
            wrapup_answered=bool(row["wrapup_answered"]),
            times_up_answer=Answer(row["times_up_answer"]) if row["times_up_answer"] else None,
            continue_until=row["continue_until"],
            ended_at=row["ended_at"],
            outcome=Outcome(row["outcome"]) if row["outcome"] else None,
            last_elapsed=row["last_elapsed"],
            connection_id=row["connection_id"],
            response_minutes=tuple(int(m) for m in row["response_minutes"].split(",") if m),
            responses_answered=row["responses_answered"],
        )
    except (ValueError, TypeError) as err:
        log.warning("skipping unreadable call %s: %s", row["id"], err)
        return None
