"""Checklist results for the call being prepared and the call running, and the nags."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from callcompanion.controllers.call import CallController
from callcompanion.core.call import CallRecord
from callcompanion.core.checklists import (
    ChecklistItem,
    Checklists,
    ItemResult,
    ItemState,
    Stage,
    due_nags,
    gate_problems,
    outcomes,
    snooze,
)
from callcompanion.services.checklist_store import ChecklistStore
from callcompanion.services.storage import StoreError

log = logging.getLogger(__name__)


class ChecklistController(QObject):
    """Owns checklist state.

    Signals:
        changed: Results changed (panels refresh).
        nags_changed: The nagging items due now changed; carries ``list[ChecklistItem]``.
        nag_raised: An item started nagging (tray notification); carries the item.
        problem: Results could not be saved; carries a sentence.
    """

    changed = Signal()
    nags_changed = Signal(list)
    nag_raised = Signal(object)
    problem = Signal(str)

    def __init__(
        self,
        checklists: Checklists,
        store: ChecklistStore,
        calls: CallController,
        now: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.checklists = checklists
        self._store = store
        self._calls = calls
        self._now = now
        self.pending: dict[str, ItemResult] = {}
        self._results: dict[str, ItemResult] = {}
        self._call_id: str | None = None
        self._nag_keys: list[str] = []
        calls.call_changed.connect(self._on_call_changed)
        calls.ticked.connect(self.check_nags)

    # -- before the call --------------------------------------------------------------------------

    def before_items(self, call_type: str, platform: str) -> list[ChecklistItem]:
        return self.checklists.for_call(call_type, platform, Stage.BEFORE)

    def set_pending(self, result: ItemResult) -> None:
        self.pending[result.item_id] = replace(result, at=self._now())
        self.changed.emit()

    def gate(self, call_type: str, platform: str) -> list[ChecklistItem]:
        """Items that keep this call from starting."""
        return gate_problems(self.before_items(call_type, platform), self.pending)

    # -- the call ---------------------------------------------------------------------------------

    def results(self) -> dict[str, ItemResult]:
        return dict(self._results)

    def items(self, record: CallRecord, stage: Stage | None = None) -> list[ChecklistItem]:
        return self.checklists.for_call(record.call_type_key, record.platform.value, stage)

    def set_result(self, result: ItemResult) -> None:
        if self._call_id is None:
            self.set_pending(result)
            return
        stamped = replace(result, at=self._now())
        self._results[result.item_id] = stamped
        try:
            self._store.save(self._call_id, [stamped])
        except StoreError as err:
            self.problem.emit(str(err))
        self.changed.emit()
        self.check_nags()

    def snooze(self, item_id: str) -> None:
        call = self._calls.call
        if call is None:
            return
        current = self._results.get(item_id, ItemResult(item_id))
        self._results[item_id] = snooze(current, call.elapsed())
        self.check_nags()

    def outcomes_for(self, record: CallRecord) -> list[str]:
        """What the summary says the checklist came to."""
        try:
            results = self._store.results(record.id)
        except StoreError as err:
            self.problem.emit(str(err))
            return []
        return outcomes(self.items(record), results)

    def _on_call_changed(self) -> None:
        call = self._calls.call
        if call is None:
            if self._call_id is not None:
                self._call_id = None
                self._set_nags([])
            return
        if call.id == self._call_id:
            self.check_nags()
            return
        self._call_id = call.id
        record = call.record
        try:
            stored = self._store.results(call.id)
            applicable = {i.id for i in self.items(record)}
            fresh = [
                r for key, r in self.pending.items() if key in applicable and key not in stored
            ]
            if fresh:
                self._store.save(call.id, fresh)
                stored = self._store.results(call.id)
        except StoreError as err:
            self.problem.emit(str(err))
            stored = {}
        self.pending = {}
        self._results = stored
        self.changed.emit()
        self.check_nags()

    def check_nags(self) -> None:
        call = self._calls.call
        if call is None or self._call_id is None:
            return
        items = self.items(call.record, Stage.START)
        due = due_nags(items, self._results, call.elapsed())
        self._set_nags(due)

    def _set_nags(self, due: list[ChecklistItem]) -> None:
        keys = [item.id for item in due]
        if keys == self._nag_keys:
            return
        new = [item for item in due if item.id not in self._nag_keys]
        self._nag_keys = keys
        self.nags_changed.emit(due)
        for item in new:
            self.nag_raised.emit(item)

    def done(self, item_id: str) -> None:
        self.set_result(ItemResult(item_id, ItemState.DONE))
