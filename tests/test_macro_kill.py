"""SIGKILL after a macro is applied to the summary: the relaunched app still has it for the post.

The real app runs in its own process against the loopback Zendesk and applies the macro through
its dialog; the test kills it without warning once the store file holds the macro (it must,
within a second), then relaunches the app and reads what its summary editor shows.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

import pytest

from callcompanion.core.ticket_changes import TicketChanges
from callcompanion.services.storage import open_store
from callcompanion.services.summaries import SummaryStore
from tests.fakes.processes import TIMEOUT, driver, first_line, kill, profile_connected_to, spawn
from tests.fakes.zendesk_server import FakeZendesk
from tests.gui.test_macro_whole import FIELD_ID, NOT_APPLIED, add_macro

LINE = "With the post: status On-hold · tags +call_held +foo −bar · 1 field"
SAVED_WITHIN_SECONDS = 1.0

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def stored_macro(store_file: Path, call_id: str) -> str | None:
    conn = sqlite3.connect(f"file:{store_file}?mode=ro", uri=True, timeout=5)
    try:
        row = conn.execute("SELECT macro FROM summaries WHERE call_id = ?", (call_id,)).fetchone()
    finally:
        conn.close()
    return None if row is None else row[0]


def test_sigkill_after_applying_a_macro_keeps_it_for_the_post(
    tmp_path: Path, env: dict[str, str], zendesk: FakeZendesk
) -> None:
    profile = tmp_path / "profile"
    paths = profile_connected_to(profile, zendesk, env)
    add_macro(zendesk)

    applying = spawn("tests.fakes.macro_driver", str(profile), "call completed", env=env)
    said = first_line(applying)
    assert "applied" in said, said
    assert said["line"] == LINE
    call_id = str(said["applied"])
    deadline = time.monotonic() + SAVED_WITHIN_SECONDS
    while stored_macro(paths.store_file, call_id) is None:
        assert time.monotonic() < deadline, "the macro was not on the disk within a second"
        time.sleep(0.02)
    kill(applying)

    store = open_store(paths.store_file).store
    draft = SummaryStore(store).get(call_id)
    store.close()
    assert draft is not None
    assert draft.macro is not None
    assert draft.macro.changes == TicketChanges(
        status="hold",
        add_tags=("call_held", "foo"),
        remove_tags=("bar",),
        custom_fields=((FIELD_ID, "call_completed"),),
        not_applied=(NOT_APPLIED,),
    )
    assert draft.macro.status_before is None, "the profile sets no summary status"

    again = driver(profile, "report", env)
    report = first_line(again)
    again.communicate(timeout=TIMEOUT)
    assert report["macro_lines"] == {call_id: LINE}, "the relaunched editor shows it again"
