"""Checklist results, saved with the call."""

from __future__ import annotations

import json
from collections.abc import Iterable

from callcompanion.core.checklists import ItemResult, ItemState
from callcompanion.core.clock import from_utc_iso, to_utc_iso
from callcompanion.services.storage import Store


class ChecklistStore:
    """Results by call; methods raise ``StoreError`` on I/O failure."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def save(self, call_id: str, results: Iterable[ItemResult]) -> None:
        with self._store.transaction("save the checklist") as tx:
            for result in results:
                tx.execute(
                    "INSERT INTO checklist_results "
                    '(call_id, item_id, state, reason, choice, "values", at) VALUES'
                    "  (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (call_id, item_id) DO UPDATE SET "
                    "state = excluded.state, reason = excluded.reason, choice = excluded.choice, "
                    '"values" = excluded."values", at = excluded.at',
                    (
                        call_id,
                        result.item_id,
                        result.state.value,
                        result.reason,
                        result.choice,
                        json.dumps(dict(result.values), sort_keys=True),
                        to_utc_iso(result.at) if result.at else None,
                    ),
                )

    def results(self, call_id: str) -> dict[str, ItemResult]:
        rows = self._store.query(
            "read the checklist",
            "SELECT * FROM checklist_results WHERE call_id = ? ORDER BY rowid",
            (call_id,),
        )
        found = {}
        for row in rows:
            try:
                values = json.loads(row["values"])
                state = ItemState(row["state"])
            except ValueError:
                continue
            found[row["item_id"]] = ItemResult(
                item_id=row["item_id"],
                state=state,
                reason=row["reason"],
                choice=row["choice"],
                values={str(k): str(v) for k, v in values.items()}
                if isinstance(values, dict)
                else {},
                at=from_utc_iso(row["at"]) if row["at"] else None,
            )
        return found
