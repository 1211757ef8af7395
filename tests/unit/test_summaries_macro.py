"""A macro applied to a summary draft is kept with it: saved, typed over, rescued, removed."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from callcompanion.core.macro_actions import AppliedMacro
from callcompanion.core.summary import SummaryDraft
from callcompanion.core.ticket_changes import TicketChanges
from callcompanion.services.outbox_rows import changes_json, read_changes
from callcompanion.services.storage import StoreError, open_store
from callcompanion.services.summaries import DraftWriter, SummaryStore, macro_json, read_macro
from tests.fakes.clock import FakeClock
from tests.fakes.store_damage import damage_leaves, fill_store
from tests.unit.test_summaries import ended_call

NOW = datetime(2026, 11, 27, 10, 30, tzinfo=UTC)
MACRO = AppliedMacro(
    changes=TicketChanges(
        status="hold",
        priority="high",
        add_tags=("call_held", "foo"),
        remove_tags=("bar",),
        custom_fields=((360012345, "call_completed"), (360099, ("a", "b"))),
        assignee_id=7001,
        group_id=42,
        not_applied=("Sets the subject to “Call done”.",),
    ),
    assigns_me=True,
    status_before="pending",
)


def test_the_macro_is_stored_with_the_draft_and_typing_keeps_it(
    tmp_path: Path, clock: FakeClock
) -> None:
    store = open_store(tmp_path / "db.sqlite3").store
    call = ended_call(clock)
    store.save_call(call.record)
    summaries = SummaryStore(store)
    draft = SummaryDraft(call_id=call.id, updated_at=NOW, body="Hi Chris.", macro=MACRO)
    summaries.save(draft)
    assert summaries.get(call.id) == draft
    typed = draft.with_changes(NOW, learned="The proxy strips the header.")
    summaries.save_text(typed)
    stored = summaries.get(call.id)
    assert stored is not None
    assert stored.macro == MACRO
    assert stored.learned == "The proxy strips the header."
    summaries.save_text(typed.with_changes(NOW, macro=None))  # Remove
    stored = summaries.get(call.id)
    assert stored is not None
    assert stored.macro is None
    store.close()


def test_the_writer_thread_writes_the_macro(tmp_path: Path, clock: FakeClock) -> None:
    store = open_store(tmp_path / "db.sqlite3").store
    call = ended_call(clock)
    store.save_call(call.record)
    writer = DraftWriter(store)
    written = threading.Event()
    errors: list[StoreError | None] = []

    def done(_draft: SummaryDraft, error: StoreError | None) -> None:
        errors.append(error)
        written.set()

    writer.submit(SummaryDraft(call_id=call.id, updated_at=NOW, macro=MACRO), done)
    assert written.wait(10)
    assert errors == [None]
    stored = SummaryStore(store).get(call.id)
    assert stored is not None
    assert stored.macro == MACRO
    store.close()


def test_the_macro_is_kept_in_the_outbox_form_of_ticket_changes() -> None:
    stored = macro_json(MACRO)
    assert stored is not None
    data = json.loads(stored)
    assert data["changes"] == {
        "status": "hold",
        "priority": "high",
        "add_tags": ["call_held", "foo"],
        "remove_tags": ["bar"],
        "custom_fields": [[360012345, "call_completed"], [360099, ["a", "b"]]],
        "assignee_id": 7001,
        "group_id": 42,
        "not_applied": ["Sets the subject to “Call done”."],
    }
    assert data["assigns_me"] is True
    assert data["status_before"] == "pending"
    assert read_macro(stored) == MACRO
    assert read_macro(None) is None
    # The outbox's own form is unchanged: its status, priority and tags are in columns.
    outbox = json.loads(changes_json(MACRO.changes))
    assert not {"status", "priority", "add_tags", "not_applied"} & outbox.keys()
    assert read_changes(changes_json(MACRO.changes), "hold", "high", ("call_held", "foo")) == (
        TicketChanges(**{**MACRO.changes.__dict__, "not_applied": ()})
    )


@pytest.mark.parametrize(
    ("stored", "said"),
    [
        ("[1, 2]", "the macro is not a table"),
        ('{"changes": {"add_tags": "call_held"}}', "add_tags is not a list of words"),
        ('{"changes": {"status": 3}}', "status is not a word"),
        ('{"changes": {}, "assigns_me": "yes"}', "assignee or earlier status"),
        ('{"changes": {}, "status_before": 5}', "assignee or earlier status"),
        ('{"changes": []}', "the changes are not a table"),
        ("{not json", "Expecting property name"),
    ],
)
def test_a_macro_that_cannot_be_read_says_so(stored: str, said: str) -> None:
    with pytest.raises(ValueError, match=said):
        read_macro(stored)


def test_a_rescued_store_keeps_the_macro_of_a_draft(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "db.sqlite3"
    filled = fill_store(path, clock)
    call_id = next(iter(filled.drafts))
    store = open_store(path).store
    summaries = SummaryStore(store)
    draft = summaries.get(call_id)
    assert draft is not None
    summaries.save(draft.with_changes(NOW, macro=MACRO))
    store.close()
    damage_leaves(path, "outbox", (4, 5, 9))

    opened = open_store(path, now=NOW)
    (notice,) = opened.notices
    assert "could not be read" in notice
    rescued = {d.call_id: d for d in SummaryStore(opened.store).drafts()}
    assert rescued[call_id].macro == MACRO
    assert rescued[call_id].learned == filled.drafts[call_id]
    assert all(d.macro is None for cid, d in rescued.items() if cid != call_id)
    opened.store.close()
