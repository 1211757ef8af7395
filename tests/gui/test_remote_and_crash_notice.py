"""The command line's requests in the running app, and the notice after a crash."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QPushButton

from callcompanion.core.call import CallState
from callcompanion.gui.crash import CrashTrace, PreviousCrash, crash_notice
from callcompanion.instance import Request
from callcompanion.paths import AppPaths
from tests.fakes.clock import FakeClock
from tests.gui.conftest import MakeCompanion


def test_status_follows_the_call_and_its_prompts(
    make_companion: MakeCompanion, clock: FakeClock
) -> None:
    companion = make_companion()
    remote = companion.remote
    reply = remote.handle(
        Request("start_call", {"ticket": "https://acme.zendesk.com/agent/tickets/777"})
    )
    assert reply["ok"] is True, reply
    assert reply["ticket_number"] == 777
    assert reply["state"] == CallState.WAITING.value
    assert reply["due_prompts"] == []

    clock.advance(minutes=11)
    companion.controller.tick_now()
    status = remote.handle(Request("status"))
    assert status["elapsed_seconds"] == 660
    (due,) = status["due_prompts"]
    assert due.startswith("no_show@")
    assert due == companion.controller.due_prompts()[0].key

    assert remote.handle(Request("end_call"))["call_running"] is False
    assert companion.summary_windows.editor(companion.controller.last_ended.id) is not None, (  # type: ignore[union-attr]
        "the summary editor opens, as after the End call button"
    )


def test_a_gated_start_is_refused_with_the_windows_own_sentence(
    make_companion: MakeCompanion,
) -> None:
    companion = make_companion()
    reply = companion.remote.handle(
        Request("start_call", {"ticket": "12345", "call_type": "upgrade_assistance"})
    )
    assert reply["ok"] is False
    assert reply["error"] == companion.window.gateLabel.text()
    assert "backup" in reply["error"].lower()
    assert companion.controller.call is None
    assert any(reply["error"] in notice for notice in companion.window.notices())
    assert companion.window.ticketEdit.text() == "12345", "the form is ready to finish by hand"


def test_the_crash_notice_says_what_happened_and_opens_the_log_folder(
    make_companion: MakeCompanion, profile: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    when = datetime.now().astimezone().replace(hour=14, minute=32)
    crash = PreviousCrash(
        when=when,
        exact=True,
        fault="Fatal Python error: Segmentation fault",
        trace_file=profile.fault_file.with_name("faults.log.previous"),
    )
    companion = make_companion(previous_crash=crash)
    notices = [n for n in companion.window.notices() if "closed unexpectedly" in n]
    assert notices == [
        "callcompanion closed unexpectedly at 14:32 (Fatal Python error: Segmentation fault). "
        "If you report it, attach faults.log.previous and callcompanion.log from the log folder "
        f"({profile.log_dir})."
    ]
    (button,) = [
        b
        for b in companion.window.noticeArea.findChildren(QPushButton)
        if b.text() == "Open the log folder"
    ]
    button.click()
    assert opened == [str(profile.log_dir)]


def test_the_notice_says_when_it_was_last_seen_and_what_was_kept() -> None:
    now = datetime(2026, 3, 12, 9, 0).astimezone()
    text = crash_notice(
        PreviousCrash(when=now - timedelta(days=1), exact=False),
        resumed_ticket="#12345",
        drafts_open=True,
        log_dir=Path("/logs"),
        now=now,
    )
    assert text.startswith("callcompanion closed unexpectedly last time (last seen at 11 March")
    assert "The call on #12345 was resumed with its time." in text
    assert "drafts you were writing were kept" in text
    assert "attach callcompanion.log from the log folder (/logs)" in text


def test_the_trace_tells_a_clean_quit_from_a_crash(profile: AppPaths) -> None:
    first = CrashTrace(profile)
    assert first.begin() is None, "a fresh profile"
    assert profile.running_marker.exists()
    first.end()
    assert not profile.running_marker.exists()

    second = CrashTrace(profile)
    assert second.begin() is None, "after a clean quit"
    # ... and this run "crashes": the marker stays, a native trace was written
    second.end()
    profile.running_marker.write_text("4242")
    profile.fault_file.write_text("Fatal Python error: Aborted\n\nCurrent thread 0x1:\n")
    stamp = datetime(2026, 3, 12, 14, 32).timestamp()
    os.utime(profile.fault_file, (stamp, stamp))
    nxt = CrashTrace(profile)
    previous = nxt.begin()
    nxt.end()
    assert previous is not None
    assert previous.exact is True
    assert previous.fault == "Fatal Python error: Aborted"
    assert previous.when.strftime("%H:%M") == "14:32"
    assert previous.trace_file is not None
    assert previous.trace_file.read_text().startswith("Fatal Python error: Aborted")
    assert profile.fault_file.read_text() == "", "a fresh fault log for this run"
