"""The embedded store (SQLite): the active call, the call history and pending follow-ups.

Opening never fails: a damaged file, or one written by a newer version, is moved aside with a
timestamped name and a fresh store takes its place; if even that is impossible (read-only disk,
no permission) the app runs on an in-memory store. Each case comes back as a plain sentence for
the engineer, so the app starts, says what happened, and never loops on a crash.

Before a fresh store takes over, whatever can still be read from the old file is carried into it
(:mod:`callcompanion.services.store_rescue`): posts not yet sent, summary drafts, the running
call, the history. The schema and its upgrades are in :mod:`callcompanion.services.migrations`.

SQLite's integrity check reads the whole file, so opening runs it only when damage is likely:
after the last run ended without a clean quit (the caller says so), or when damage was seen
during an earlier run (:func:`request_check` leaves a note beside the file). Otherwise the app
checks the file on a worker thread with a connection of its own (:func:`integrity_problem`),
after the window is on screen.

The call history is read a page at a time (:meth:`Store.history_page`), in the order the
History tab shows, so opening it costs the same with 100 calls or 100,000.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from callcompanion.core.call import Answer, CallRecord, Outcome, Platform
from callcompanion.core.clock import from_utc_iso, to_utc_iso
from callcompanion.core.followups import FollowUp, FollowUpKind, FollowUpStatus
from callcompanion.core.ticket import TicketRef
from callcompanion.services.migrations import SCHEMA_VERSION, migrate
from callcompanion.services.store_rescue import Rescued, rescue

__all__ = [
    "SCHEMA_VERSION",
    "HistoryCursor",
    "HistorySort",
    "OpenedStore",
    "Rescued",
    "Store",
    "StoreError",
    "integrity_problem",
    "open_store",
    "request_check",
]

log = logging.getLogger(__name__)

# Beside the store: damage was seen, so the next start checks the whole file before using it.
CHECK_NOTE_SUFFIX = ".check-at-start"

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
    "booking_uri",
    "booked_start",
)


class StoreError(Exception):
    """A read or write failed; ``str(err)`` is a sentence for the engineer."""


class HistorySort(StrEnum):
    """What the call history can be ordered by (one per column of the History tab)."""

    TICKET = "ticket"
    CALL = "call"
    STARTED = "started"
    LENGTH = "length"
    OUTCOME = "outcome"


# Each order's key; rowid breaks ties, so a page always ends at a definite place. Started (the
# usual order) reads the calls_started index, which holds the rowid too: no sorting at all.
_HISTORY_KEYS: dict[HistorySort, str] = {
    HistorySort.TICKET: "ticket_number",
    HistorySort.CALL: "lower(call_type_name) || ' ' || platform",
    HistorySort.STARTED: "started_at",
    HistorySort.LENGTH: "coalesce(ended_at, last_elapsed)",
    HistorySort.OUTCOME: "outcome",
}


@dataclass(frozen=True)
class HistoryCursor:
    """Where a page of the history ended: the next page starts just after it."""

    sort: HistorySort
    descending: bool
    key: object
    rowid: int


@dataclass
class OpenedStore:
    """What :func:`open_store` returns: the store plus anything the engineer should be told."""

    store: Store
    notices: list[str] = field(default_factory=list)
    checked: bool = False  # the whole file was checked (or is new): no need to check it again


def open_store(
    path: Path, *, now: datetime | None = None, check_integrity: bool = True
) -> OpenedStore:
    """Open (or create) the store at *path*, recovering from damage instead of failing.

    *check_integrity*: read the whole file first (SQLite's quick check), as after a run that
    ended without a clean quit. A note left by :func:`request_check` makes it check anyway.
    """
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    note = _check_note(path)
    check = check_integrity or note.exists()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        opened = OpenedStore(Store(_connect(path, check=check), path), checked=check)
        if check:
            note.unlink(missing_ok=True)
        return opened
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
        note.unlink(missing_ok=True)  # the damaged file is gone from its place
        store = Store(_connect(path, check=False), path)
    except (OSError, sqlite3.Error) as err:
        return _in_memory(f"{notice} The new history could not be created either ({err}).")
    rescued = rescue(backup, store._conn)  # the store's own module
    return OpenedStore(store, [f"{notice} {rescued.describe(damaged=damaged)}"], checked=True)


def _in_memory(reason: str) -> OpenedStore:
    log.error("running on an in-memory store: %s", reason)
    store = Store(_connect(None, check=False), None)
    notice = f"{reason} Calls are not being saved until this is fixed."
    return OpenedStore(store, [notice], checked=True)


class _NewerStoreError(Exception):
    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


def _connect(path: Path | None, *, check: bool) -> sqlite3.Connection:
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
        if check:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                log.warning("the integrity check of %s failed: %s", path, result)
                raise sqlite3.DatabaseError("its integrity check found damage")
        if version == 0:
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables:
                raise sqlite3.DatabaseError("the file holds tables of another program")
        migrate(conn, version)
        return conn
    except BaseException:
        conn.close()
        raise


def _check_note(path: Path) -> Path:
    return path.with_name(path.name + CHECK_NOTE_SUFFIX)


def request_check(path: Path) -> None:
    """Have the next start check the store at *path* whole before using it (damage was seen)."""
    try:
        _check_note(path).write_text(
            "callcompanion found damage in the call history; the next start checks it.\n",
            encoding="utf-8",
        )
    except OSError as err:
        log.warning("cannot leave a note to check %s at the next start: %s", path, err)


# What the window says when the check on a worker thread finds damage.
DAMAGE_FOUND = (
    "The call history file is damaged. callcompanion keeps working with what it can read. "
    "Restart callcompanion when convenient (a running call resumes with its time): it then "
    "keeps a copy of the damaged file and carries what can still be read into a new history."
)


def integrity_problem(path: Path) -> str | None:
    """Check the store at *path* whole, on a connection of its own (for a worker thread).

    Returns ``None`` when it is sound (or cannot be checked now, for instance while another
    program holds it), otherwise a sentence for the engineer; the next start then moves the
    file aside and carries what can still be read into a new one.
    """
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as err:
        log.warning("the call history could not be checked: %s", err)
        return None
    try:
        result = str(conn.execute("PRAGMA quick_check").fetchone()[0])
    except sqlite3.OperationalError as err:  # busy, locked, gone: not damage
        log.warning("the call history could not be checked: %s", err)
        return None
    except sqlite3.DatabaseError as err:
        result = str(err)
    finally:
        conn.close()
    if result == "ok":
        log.info("the call history was checked and is sound")
        return None
    log.error("the call history at %s is damaged: %s", path, result)
    request_check(path)
    return DAMAGE_FOUND


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
        self._closed = False
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
        self._closed = True
        self._conn.close()

    @property
    def closed(self) -> bool:
        """The app has closed the store (it is quitting): nothing more is read or written."""
        return self._closed

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
            record = call_record(row)
            if record is not None:
                return record
        return None

    def call(self, call_id: str) -> CallRecord | None:
        with self._errors("read the call"):
            row = self._conn.execute("SELECT * FROM calls WHERE id = ?", (call_id,)).fetchone()
        return None if row is None else call_record(row)

    def history_page(
        self,
        after: HistoryCursor | None = None,
        *,
        sort: HistorySort = HistorySort.STARTED,
        descending: bool = True,
        limit: int = 200,
    ) -> tuple[list[CallRecord], HistoryCursor | None]:
        """Up to *limit* ended calls in the given order, after *after* (from the start if None).

        Returns the calls and where to go on from (``None`` when there are no more). A row that
        cannot be read is left out but still moves the page on.
        """
        if after is not None:
            sort, descending = after.sort, after.descending
        key = _HISTORY_KEYS[sort]
        direction = "DESC" if descending else "ASC"
        where = "outcome IS NOT NULL"
        params: tuple[object, ...] = ()
        if after is not None:
            where += f" AND ({key}, rowid) {'<' if descending else '>'} (?, ?)"
            params = (after.key, after.rowid)
        sql = (
            f"SELECT *, rowid AS page_rowid, {key} AS page_key FROM calls WHERE {where} "
            f"ORDER BY {key} {direction}, rowid {direction} LIMIT ?"
        )
        with self._errors("read the call history"):
            rows = self._conn.execute(sql, (*params, limit)).fetchall()
        records = [record for row in rows if (record := call_record(row)) is not None]
        if len(rows) < limit:
            return records, None
        last = rows[-1]
        return records, HistoryCursor(sort, descending, last["page_key"], last["page_rowid"])

    def history_count(self) -> int:
        """How many ended calls the history holds (without reading them)."""
        with self._errors("count the calls in the history"):
            row = self._conn.execute(
                "SELECT (SELECT count(*) FROM calls) - "
                "(SELECT count(*) FROM calls WHERE outcome IS NULL)"
            ).fetchone()
        return int(row[0])

    def integrity_problem(self) -> str | None:
        """:func:`integrity_problem` for this store's file (``None`` for one in memory)."""
        return None if self.path is None else integrity_problem(self.path)

    def history(self, limit: int = 1000) -> list[CallRecord]:
        """Ended calls, newest first."""
        with self._errors("read the call history"):
            rows = self._conn.execute(
                "SELECT * FROM calls WHERE outcome IS NOT NULL ORDER BY started_at DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [record for row in rows if (record := call_record(row)) is not None]

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
            if type(err) is sqlite3.DatabaseError and self.path is not None:
                request_check(self.path)  # "malformed" and the like: damage, not a busy file
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
        record.booking_uri,
        to_utc_iso(record.booked_start) if record.booked_start else None,
    )


def call_record(row: sqlite3.Row) -> CallRecord | None:
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
            booking_uri=row["booking_uri"],
            booked_start=from_utc_iso(row["booked_start"]) if row["booked_start"] else None,
        )
    except (ValueError, TypeError) as err:
        log.warning("skipping unreadable call %s: %s", row["id"], err)
        return None
