"""The embedded store (SQLite): the active call, the call history and pending follow-ups.

Opening never fails: a damaged file, or one written by a newer version, is moved aside with a
timestamped name and a fresh store takes its place; if even that is impossible (read-only disk,
no permission) the app runs on an in-memory store. Each case comes back as a plain sentence for
the engineer, so the app starts, says what happened, and never loops on a crash.

Before a fresh store takes over, whatever can still be read from the old file is carried into it
(:func:`_rescue`): posts not yet sent, summary drafts, the running call, the history. A damaged
file is read table by table and row by row, skipping what cannot be read; rows are copied by
column name, and only rows this version understands are kept. Posts keep their markers and their
"outcome unknown" flags, so a rescued post is checked for in the ticket before it is sent again.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from callcompanion.core.call import Answer, CallRecord, Outcome, Platform
from callcompanion.core.clock import from_utc_iso, to_utc_iso
from callcompanion.core.followups import FollowUp, FollowUpKind, FollowUpStatus
from callcompanion.core.ticket import TicketRef

log = logging.getLogger(__name__)

SCHEMA_VERSION = 4

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
# An outbox entry is claimed by one running app before it is sent (see services/outbox.py);
# auth_failed marks a post that waits for a working token.
_MIGRATIONS[4] = """
ALTER TABLE outbox ADD COLUMN claim_owner TEXT;
ALTER TABLE outbox ADD COLUMN claim_until TEXT;
ALTER TABLE outbox ADD COLUMN auth_failed INTEGER NOT NULL DEFAULT 0;
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
        try:
            backup = _move_aside(path, f"newer-v{newer.version}-{stamp}")
        except OSError as move_err:
            return _in_memory(
                f"The call history at {path} was written by a newer callcompanion and could "
                f"not be moved aside ({move_err.strerror}); it was left as it is."
            )
        damaged = False
        notice = (
            f"The call history was written by a newer callcompanion (store version "
            f"{newer.version}; this version reads {SCHEMA_VERSION}). It was kept unchanged at "
            f"{backup} and a new history was started."
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
        damaged = True
        notice = (
            f"The call history could not be read ({err}). A copy of the damaged file was kept "
            f"at {backup} and a new history was started."
        )
    except (OSError, sqlite3.Error) as err:
        return _in_memory(f"The call history at {path} cannot be opened ({err}).")
    try:
        store = Store(_connect(path), path)
    except (OSError, sqlite3.Error) as err:
        return _in_memory(f"{notice} The new history could not be created either ({err}).")
    rescued = _rescue(backup, store._conn)  # the store's own module
    return OpenedStore(store, [f"{notice} {rescued.describe(damaged=damaged)}"])


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


# -- rescue: what a damaged or newer store still holds -----------------------------------------

# Calls first: the other tables point at them.
_RESCUED_TABLES = ("calls", "follow_ups", "summaries", "outbox", "checklist_results")
_SMALLEST_ROWID = -(2**63)
_LARGEST_ROWID = 2**63 - 1


@dataclass
class Rescued:
    """What :func:`_rescue` carried from the old file into the new store.

    Attributes:
        unsent_posts: Posts not yet sent (they go out from the new store, markers checked).
        drafts: Summary drafts not yet posted or dismissed.
        running_call: The call that was running.
        earlier_calls: Ended calls of the history.
        follow_ups: Follow-ups still owed.
        incomplete: Something could not be read, or was written in a way this version does not
            understand: it is only in the copy.
    """

    unsent_posts: int = 0
    drafts: int = 0
    running_call: bool = False
    earlier_calls: int = 0
    follow_ups: int = 0
    incomplete: bool = False

    def describe(self, *, damaged: bool) -> str:
        """What was kept, as sentences following the notice that the file was moved aside."""
        kept = [
            _count(self.unsent_posts, "unsent post"),
            _count(self.drafts, "summary draft"),
            "the running call" if self.running_call else "",
            _count(self.follow_ups, "follow-up still owed", "follow-ups still owed"),
            _count(self.earlier_calls, "earlier call"),
        ]
        kept = [k for k in kept if k]
        if kept:
            one = len(kept) == 1 and (kept[0].startswith("1 ") or not kept[0][0].isdigit())
            text = f"{_join(kept)} from it {'was' if one else 'were'} kept in the new history."
            text = text[0].upper() + text[1:]
            if self.unsent_posts:
                text += (
                    " Unsent posts are sent from here; anything that may already have reached "
                    "Zendesk is looked for in the ticket first, so nothing is posted twice."
                )
        elif self.incomplete:
            text = "Nothing in it could be read."
        else:
            text = "It held no calls, posts or drafts."
        if self.incomplete and kept:
            text += (
                " Some entries could not be read and are only in the copy."
                if damaged
                else " Some entries this version does not understand are only in the copy."
            )
        if not damaged:
            text += " Update callcompanion to see everything in the copy"
            text += (
                "; do not put the copy back in place, or its posts may be sent twice."
                if self.unsent_posts
                else "."
            )
        return text


def _count(n: int, singular: str, plural: str | None = None) -> str:
    if n <= 0:
        return ""
    return f"1 {singular}" if n == 1 else f"{n} {plural or singular + 's'}"


def _join(parts: list[str]) -> str:
    text = ", ".join(parts[:-1])
    return f"{text} and {parts[-1]}" if text else parts[0]


def _rescue(backup: Path, target: sqlite3.Connection) -> Rescued:
    """Copy what can be read from *backup* into *target*, a fresh store; never raises.

    *backup* itself is left unchanged: a copy is read (opening a file can rewrite it, for
    instance to fold in its write-ahead log), and deleted afterwards.
    """
    rescued = Rescued()
    reading = backup.with_name(f"{backup.name}.reading")
    try:
        for suffix in ("", "-wal"):
            source = Path(str(backup) + suffix)
            if source.exists():
                shutil.copyfile(source, Path(str(reading) + suffix))
        source_conn = sqlite3.connect(str(reading), isolation_level=None)
        try:
            _copy_tables(source_conn, target, rescued)
        finally:
            source_conn.close()
    except (OSError, sqlite3.Error) as err:
        log.warning("nothing more could be rescued from %s: %s", backup, err)
        rescued.incomplete = True
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(reading) + suffix).unlink(missing_ok=True)
    log.info("rescued from %s: %s", backup, rescued)
    return rescued


def _copy_tables(source: sqlite3.Connection, target: sqlite3.Connection, rescued: Rescued) -> None:
    source.execute("PRAGMA cell_size_check=ON")
    try:
        version = source.execute("PRAGMA user_version").fetchone()[0]
        tables = {
            row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    except sqlite3.DatabaseError as err:
        log.warning("the old store's list of tables cannot be read: %s", err)
        rescued.incomplete = True
        return
    if version < 1:
        return  # not a callcompanion store (or its header is unreadable): nothing to take
    understood = _understood_rows()
    target.execute("PRAGMA foreign_keys=OFF")  # a draft is kept even if its call is lost
    try:
        target.execute("BEGIN IMMEDIATE")
        try:
            for table in _RESCUED_TABLES:
                if table not in tables:
                    continue  # an older store, or a newer one without it
                wanted = [row[1] for row in target.execute(f"PRAGMA table_info({_quoted(table)})")]
                try:
                    present = {
                        row[1] for row in source.execute(f"PRAGMA table_info({_quoted(table)})")
                    }
                except sqlite3.DatabaseError:
                    rescued.incomplete = True
                    continue
                columns = [c for c in wanted if c in present]
                rows, complete = _read_rows(source, table, columns)
                rescued.incomplete |= not complete
                insert = (
                    f"INSERT INTO {_quoted(table)} ({', '.join(map(_quoted, columns))}) "
                    f"VALUES ({', '.join('?' for _ in columns)})"
                )
                for values in rows:
                    try:
                        target.execute("SAVEPOINT row")
                        target.execute(insert, values)
                        check = target.execute(
                            f"SELECT * FROM {_quoted(table)} WHERE rowid = last_insert_rowid()"
                        ).fetchone()
                        keep = understood.get(table, _any_row)(check)
                    except sqlite3.Error as err:
                        log.warning("a row of %s could not be kept: %s", table, err)
                        keep = False
                    if keep:
                        target.execute("RELEASE row")
                        _tally(rescued, table, check)
                    else:
                        rescued.incomplete = True
                        target.execute("ROLLBACK TO row")
                        target.execute("RELEASE row")
        except BaseException:
            target.execute("ROLLBACK")
            raise
        target.execute("COMMIT")
    finally:
        target.execute("PRAGMA foreign_keys=ON")


def _read_rows(
    source: sqlite3.Connection, table: str, columns: list[str]
) -> tuple[list[tuple[object, ...]], bool]:
    """Every row of *table* that can be read, in rowid order, and whether that was all of them.

    A damaged page fails the read of its rows only: reading resumes at the first rowid past it
    that can be read again (found by probing ahead, then narrowing down).
    """
    select = (
        f"SELECT rowid, {', '.join(map(_quoted, columns))} FROM {_quoted(table)} NOT INDEXED "
        "WHERE rowid >= ? ORDER BY rowid"
    )
    rows: list[tuple[object, ...]] = []
    complete = True
    start = _SMALLEST_ROWID
    while True:
        try:
            for row in source.execute(select, (start,)):
                rows.append(tuple(row[1:]))
                start = row[0] + 1
            return rows, complete
        except sqlite3.DatabaseError as err:
            complete = False
            log.warning("rows of %s from rowid %d on cannot be read: %s", table, start, err)
        if start > _LARGEST_ROWID:
            return rows, complete
        # A cursor reads one row ahead, so the last row before a damaged page fails with it:
        # it may well be readable on its own.
        try:
            single = source.execute(select + " LIMIT 1", (start,)).fetchone()
        except sqlite3.DatabaseError:
            single = ()
        if single is None:
            return rows, complete
        if single:
            rows.append(tuple(single[1:]))
            start = single[0] + 1
            continue
        resume = _next_readable(source, select, start)
        if resume is None:
            return rows, complete
        start = resume


def _next_readable(source: sqlite3.Connection, select: str, failed: int) -> int | None:
    """The smallest rowid after *failed* from which rows can be read, ``None`` if none."""

    def readable(start: int) -> bool | None:
        # True: a row can be read from there; None: there is none left; False: unreadable.
        try:
            return True if source.execute(select + " LIMIT 1", (start,)).fetchone() else None
        except sqlite3.DatabaseError:
            return False

    step = 1
    low = failed
    while failed + step <= _LARGEST_ROWID:
        probe = failed + step
        found = readable(probe)
        if found is None:
            return None
        if found:
            high = probe
            while high - low > 1:
                middle = (low + high) // 2
                if readable(middle):
                    high = middle
                else:
                    low = middle
            return high
        low = probe
        step *= 2
    return None


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _any_row(_row: sqlite3.Row) -> bool:
    return True


def _understood_rows() -> dict[str, Callable[[sqlite3.Row], bool]]:
    """Per table: whether a rescued row reads back as this version reads it."""
    from callcompanion.services import outbox, summaries  # they build on this module

    def call(row: sqlite3.Row) -> bool:
        return _call_record(row) is not None

    def entry(row: sqlite3.Row) -> bool:
        try:
            outbox._entry(row)  # the outbox's own reader
        except (ValueError, TypeError, KeyError) as err:
            log.warning("a rescued post cannot be read: %s", err)
            return False
        return True

    def draft(row: sqlite3.Row) -> bool:
        try:
            summaries._draft(row)  # the summaries' own reader
        except (ValueError, TypeError, KeyError) as err:
            log.warning("a rescued summary cannot be read: %s", err)
            return False
        return True

    def follow_up(row: sqlite3.Row) -> bool:
        try:
            FollowUpKind(row["kind"])
            FollowUpStatus(row["status"])
            from_utc_iso(row["created_at"])
        except (ValueError, TypeError) as err:
            log.warning("a rescued follow-up cannot be read: %s", err)
            return False
        return True

    return {"calls": call, "outbox": entry, "summaries": draft, "follow_ups": follow_up}


def _tally(rescued: Rescued, table: str, row: sqlite3.Row) -> None:
    if table == "calls":
        if row["outcome"] is None:
            rescued.running_call = True
        else:
            rescued.earlier_calls += 1
    elif table == "outbox" and row["state"] != "sent":
        rescued.unsent_posts += 1
    elif table == "summaries" and row["state"] == "draft":
        rescued.drafts += 1
    elif table == "follow_ups" and row["status"] == FollowUpStatus.PENDING.value:
        rescued.follow_ups += 1


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
