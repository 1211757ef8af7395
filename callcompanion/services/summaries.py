"""Summary drafts in the store: saved as they are typed, so a crash never costs a word.

While the engineer types, drafts go to the disk on a background thread (:class:`DraftWriter`):
the window only takes a snapshot of the text, one thread writes the snapshots in order, and a
newer snapshot of a draft replaces one still waiting, so the newest text always wins.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from callcompanion.core.clock import from_utc_iso, to_utc_iso
from callcompanion.core.macro_actions import AppliedMacro
from callcompanion.core.summary import SummaryDraft, SummaryState, parse_tags
from callcompanion.core.ticket_changes import from_data, to_data
from callcompanion.services.storage import Store, StoreError

log = logging.getLogger(__name__)

_COLUMNS = (
    "call_id",
    "attendees",
    "learned",
    "engineer_next",
    "customer_next",
    "next_call",
    "body",
    "body_edited",
    "public",
    "internal_note",
    "status",
    "tags",
    "state",
    "updated_at",
    "reminded_at",
    "macro",
)
# What typing changes: a typed save never touches where the summary stands (queued, posted,
# dismissed) or when it was last reminded, which other parts of the app decide.
_TEXT_COLUMNS = tuple(c for c in _COLUMNS if c not in ("call_id", "state", "reminded_at"))
_UPSERT = (
    f"INSERT INTO summaries ({', '.join(_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _COLUMNS)}) "
    f"ON CONFLICT (call_id) DO UPDATE SET "
)
_SAVE_SQL = _UPSERT + ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS[1:])
_SAVE_TEXT_SQL = _UPSERT + ", ".join(f"{c} = excluded.{c}" for c in _TEXT_COLUMNS)
# How long the writer thread waits for more work before it closes its connection and ends.
WRITER_IDLE_SECONDS = 5.0
# How long a synchronous save waits for the writer thread to finish a draft's write.
WRITER_WAIT_SECONDS = 10.0

WriteDone = Callable[[SummaryDraft, StoreError | None], None]


class SummaryStore:
    """Drafts by call id. Methods raise :class:`~callcompanion.services.storage.StoreError`."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, call_id: str) -> SummaryDraft | None:
        rows = self._store.query(
            "read the summary draft", "SELECT * FROM summaries WHERE call_id = ?", (call_id,)
        )
        return _draft(rows[0]) if rows else None

    def save(self, draft: SummaryDraft, conn: sqlite3.Connection | None = None) -> None:
        """Write *draft* whole (inside the caller's transaction when *conn* is given)."""
        if conn is not None:
            conn.execute(_SAVE_SQL, _row(draft))
            return
        with self._store.transaction("save the summary draft") as tx:
            tx.execute(_SAVE_SQL, _row(draft))

    def create(self, draft: SummaryDraft, conn: sqlite3.Connection | None = None) -> None:
        """Write *draft* unless the call has one already (which is then left as it is)."""
        sql = _UPSERT.replace("DO UPDATE SET ", "DO NOTHING")
        if conn is not None:
            conn.execute(sql, _row(draft))
            return
        with self._store.transaction("save the summary draft") as tx:
            tx.execute(sql, _row(draft))

    def save_text(self, draft: SummaryDraft) -> None:
        """Write what was typed in *draft*, leaving its stored state and reminder as they are."""
        with self._store.transaction("save the summary draft") as tx:
            _write_text(tx, draft)

    def set_state(
        self, call_id: str, state: SummaryState, conn: sqlite3.Connection | None = None
    ) -> None:
        sql = "UPDATE summaries SET state = ? WHERE call_id = ?"
        if conn is not None:
            conn.execute(sql, (state.value, call_id))
            return
        with self._store.transaction("update the summary") as tx:
            tx.execute(sql, (state.value, call_id))

    def mark_reminded(self, call_id: str, when: datetime) -> None:
        with self._store.transaction("note the reminder") as tx:
            tx.execute(
                "UPDATE summaries SET reminded_at = ? WHERE call_id = ?",
                (to_utc_iso(when), call_id),
            )

    def drafts(self) -> list[SummaryDraft]:
        """Summaries not yet handed over (state draft), oldest first."""
        rows = self._store.query(
            "read the summary drafts",
            "SELECT * FROM summaries WHERE state = ? ORDER BY updated_at",
            (SummaryState.DRAFT.value,),
        )
        return [_draft(row) for row in rows]


class DraftWriter:
    """Writes typed drafts on one background thread, in order; the newest snapshot wins.

    :meth:`submit` returns at once. The thread has its own connection to the store file and
    ends (closing it) after a few idle seconds; the next :meth:`submit` starts it again. A store
    in memory has no file to share, so its drafts are written at once on the caller's thread.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._path: Path | None = store.path
        self._cond = threading.Condition()
        self._pending: dict[str, tuple[SummaryDraft, WriteDone]] = {}
        self._writing: str | None = None  # the call id whose draft is being written
        self._thread: threading.Thread | None = None

    def submit(self, draft: SummaryDraft, done: WriteDone) -> None:
        """Write *draft* soon; *done* is called (on the writer thread) with the error, if any."""
        if self._path is None:
            error: StoreError | None = None
            try:
                SummaryStore(self._store).save_text(draft)
            except StoreError as err:
                error = err
            done(draft, error)
            return
        with self._cond:
            # A snapshot still waiting is older than this one: it is replaced, not written.
            self._pending.pop(draft.call_id, None)
            self._pending[draft.call_id] = (draft, done)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="draft-writer", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def discard(self, call_id: str) -> None:
        """Forget the draft of *call_id* still waiting (a newer one is about to be written)."""
        with self._cond:
            self._pending.pop(call_id, None)

    def wait(self, call_id: str, timeout: float = WRITER_WAIT_SECONDS) -> bool:
        """Block until the draft of *call_id* is written (or *timeout*); ``False`` on timeout."""
        with self._cond:
            return self._cond.wait_for(
                lambda: call_id not in self._pending and self._writing != call_id, timeout
            )

    def _run(self) -> None:
        assert self._path is not None
        conn: sqlite3.Connection | None = None
        try:
            while True:
                with self._cond:
                    if not self._cond.wait_for(lambda: bool(self._pending), WRITER_IDLE_SECONDS):
                        self._thread = None
                        return
                    call_id = next(iter(self._pending))
                    draft, done = self._pending.pop(call_id)
                    self._writing = call_id
                error: StoreError | None = None
                try:
                    if conn is None:
                        conn = _writer_connection(self._path)
                    conn.execute("BEGIN IMMEDIATE")
                    try:
                        _write_text(conn, draft)
                    except BaseException:
                        conn.execute("ROLLBACK")
                        raise
                    conn.execute("COMMIT")
                except Exception as err:  # reported to the window, never fatal
                    log.exception("store: could not save the summary draft")
                    error = StoreError(f"Could not save the summary draft: {err}.")
                    if conn is not None:
                        conn.close()
                        conn = None
                with self._cond:
                    self._writing = None
                    self._cond.notify_all()
                try:
                    done(draft, error)
                except Exception:  # a report that cannot be delivered never stops the writer
                    log.exception("the draft writer could not report a save")
        finally:
            if conn is not None:
                conn.close()
            with self._cond:
                if self._thread is threading.current_thread():
                    self._thread = None


def _writer_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=WRITER_WAIT_SECONDS)
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def _write_text(conn: sqlite3.Connection, draft: SummaryDraft) -> None:
    conn.execute(_SAVE_TEXT_SQL, _row(draft))


def _row(draft: SummaryDraft) -> tuple[object, ...]:
    return (
        draft.call_id,
        draft.attendees,
        draft.learned,
        draft.engineer_next,
        draft.customer_next,
        draft.next_call,
        draft.body,
        int(draft.body_edited),
        int(draft.public),
        draft.internal_note,
        draft.status,
        " ".join(draft.tags),
        draft.state.value,
        to_utc_iso(draft.updated_at),
        to_utc_iso(draft.reminded_at) if draft.reminded_at else None,
        macro_json(draft.macro),
    )


def _draft(row: sqlite3.Row) -> SummaryDraft:
    return SummaryDraft(
        call_id=row["call_id"],
        attendees=row["attendees"],
        learned=row["learned"],
        engineer_next=row["engineer_next"],
        customer_next=row["customer_next"],
        next_call=row["next_call"],
        body=row["body"],
        body_edited=bool(row["body_edited"]),
        public=bool(row["public"]),
        internal_note=row["internal_note"],
        status=row["status"],
        tags=parse_tags(row["tags"]),
        state=SummaryState(row["state"]),
        updated_at=from_utc_iso(row["updated_at"]),
        reminded_at=from_utc_iso(row["reminded_at"]) if row["reminded_at"] else None,
        macro=read_macro(row["macro"]),
    )


def macro_json(macro: AppliedMacro | None) -> str | None:
    """What the ``macro`` column keeps: the changes (``ticket_changes.to_data``), and the rest."""
    if macro is None:
        return None
    data: dict[str, object] = {"changes": to_data(macro.changes)}
    if macro.assigns_me:
        data["assigns_me"] = True
    if macro.status_before is not None:
        data["status_before"] = macro.status_before
    return json.dumps(data, sort_keys=True)


def read_macro(stored: str | None) -> AppliedMacro | None:
    """The macro of a stored draft (raises ``ValueError`` for a value it cannot be)."""
    if not stored:
        return None
    data = json.loads(stored)
    if not isinstance(data, dict):
        raise ValueError("the macro is not a table")
    assigns_me = data.get("assigns_me", False)
    before = data.get("status_before")
    if not isinstance(assigns_me, bool) or not (before is None or isinstance(before, str)):
        raise ValueError("the macro's assignee or earlier status cannot be read")
    return AppliedMacro(
        changes=from_data(data.get("changes", {})),
        assigns_me=assigns_me,
        status_before=before,
    )
