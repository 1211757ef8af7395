"""What a damaged store, or one written by a newer version, still holds, carried into a new one.

The old file is read table by table and row by row, skipping what cannot be read; rows are
copied by column name, and only rows this version understands are kept. Posts keep their markers
and their "outcome unknown" flags, so a rescued post is checked for in the ticket before it is
sent again.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from callcompanion.core.clock import from_utc_iso
from callcompanion.core.followups import FollowUpKind, FollowUpStatus

log = logging.getLogger(__name__)

# Calls first: the other tables point at them.
_RESCUED_TABLES = ("calls", "follow_ups", "summaries", "outbox", "checklist_results")
_SMALLEST_ROWID = -(2**63)
_LARGEST_ROWID = 2**63 - 1


@dataclass
class Rescued:
    """What :func:`rescue` carried from the old file into the new store.

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


def rescue(backup: Path, target: sqlite3.Connection) -> Rescued:
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
    from callcompanion.services import summaries  # it builds on the store
    from callcompanion.services.outbox_rows import entry_from_row
    from callcompanion.services.storage import call_record

    def call(row: sqlite3.Row) -> bool:
        return call_record(row) is not None

    def entry(row: sqlite3.Row) -> bool:
        try:
            entry_from_row(row)  # the outbox's own reader
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
