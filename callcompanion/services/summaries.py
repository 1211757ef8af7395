"""Summary drafts in the store: saved as they are typed, so a crash never costs a word."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from callcompanion.core.clock import from_utc_iso, to_utc_iso
from callcompanion.core.summary import SummaryDraft, SummaryState, parse_tags
from callcompanion.services.storage import Store

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
)


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
        sql = (
            f"INSERT INTO summaries ({', '.join(_COLUMNS)}) "
            f"VALUES ({', '.join('?' for _ in _COLUMNS)}) "
            f"ON CONFLICT (call_id) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS[1:])
        )
        if conn is not None:
            conn.execute(sql, _row(draft))
            return
        with self._store.transaction("save the summary draft") as tx:
            tx.execute(sql, _row(draft))

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
    )
