"""Whole calls with the installed app as its own process, driven from outside.

Each test starts ``callcompanion --profile DIR`` on the display of ``.ci/longhaul.sh`` (Xvfb,
openbox, trayer), most on a fast clock (libfaketime), and drives it as an engineer would: the
command line to start and end calls and read ``--status``, the keyboard for everything done in
the window. Nothing inside the app exists for these tests.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from callcompanion.core.followups import FollowUpKind, FollowUpStatus
from callcompanion.paths import AppPaths
from callcompanion.services.storage import open_store
from callcompanion.services.summaries import SummaryStore
from tests.fakes.processes import profile_connected_to
from tests.fakes.zendesk_server import TOKEN, FakeZendesk
from tests.longhaul.conftest import LaunchApp
from tests.longhaul.driver import (
    LiveApp,
    Sample,
    activate,
    active_window_name,
    click_in,
    key,
    type_text,
    visible_windows,
    wait_for,
    wait_window,
)

pytestmark = [pytest.mark.longhaul, pytest.mark.skipif(os.name != "posix", reason="X11")]

# The fast clock: one real second is SPEED seconds for the app, which then ticks SPEED times a
# real second; docs/TESTING.md has the measurements behind the default.
SPEED = int(os.environ.get("CALLCOMPANION_LONGHAUL_SPEED", "240"))
# Elapsed time may be off by at most this much per fake minute of call.
DRIFT_PER_MINUTE = 1.0

# xdotool takes POSIX extended regular expressions, byte-wise: ".+" stands for the " · ".
MAIN_WINDOW = r"^(#[0-9]+ .+ )?callcompanion$"


def summary_window(ticket: int) -> str:
    return rf"^Summary for #{ticket} .+ callcompanion$"


def wait_gone(name_regex: str) -> None:
    wait_for(lambda: not visible_windows(name_regex), timeout=20, what=f"'{name_regex}' to close")


def prompt_keys(call: dict[str, Any]) -> list[str]:
    """The due prompts of a ``--status`` call, as their keys (``wrap_up@3000``)."""
    keys: list[str] = []
    for prompt in call.get("due_prompts") or []:
        keys.append(str(prompt["key"]) if isinstance(prompt, dict) else str(prompt))
    return keys


@dataclass
class Reading:
    """A --status sample of a running call with the fake-clock bracket it must fall in."""

    elapsed: float
    low: float  # the smallest true elapsed time possible at that moment (fake seconds)
    high: float  # the largest
    state: str
    prompts: list[str]


def read_call(app: LiveApp, started: tuple[float, float]) -> Reading:
    """Read the running call; the bracket allows for the start and status round trips."""
    before_start, after_start = started
    sample: Sample = app.sample(since_real=after_start)
    call = sample.call
    assert call is not None, f"no call running: {sample.status}"
    latency = (after_start - before_start) * app.speed
    return Reading(
        elapsed=float(call["elapsed_seconds"]),
        low=sample.fake_low,
        high=sample.fake_high + latency,
        state=str(call["state"]),
        prompts=prompt_keys(call),
    )


def check_elapsed(reading: Reading) -> None:
    allowed = DRIFT_PER_MINUTE * reading.high / 60 + 1
    assert reading.low - allowed <= reading.elapsed <= reading.high + allowed, (
        f"the call shows {reading.elapsed:.0f} s; the fast clock says "
        f"{reading.low:.0f}–{reading.high:.0f} s (± {allowed:.0f} s)"
    )


def start(app: LiveApp, ticket: int, call_type: str, *, joined: bool) -> tuple[float, float]:
    before = app.start_call(str(ticket), call_type=call_type, platform="zoom", joined=joined)
    after = time.monotonic()
    call = app.call()
    assert call is not None
    assert str(call["ticket"]).lstrip("#") == str(ticket)
    assert call["call_type"] == call_type
    return before, after


def run_until(
    app: LiveApp,
    started: tuple[float, float],
    fake_seconds: float,
    *,
    also_at: tuple[float, ...] = (),
) -> list[Reading]:
    """Let the call run to *fake_seconds*, reading --status every few fake minutes.

    *also_at* names moments (fake seconds) to read at as well, such as the middle of a prompt's
    window, so a slow round trip on a busy machine cannot skip over it.
    """
    readings: list[Reading] = []
    step = 180.0  # three fake minutes
    while True:
        reading = read_call(app, started)
        check_elapsed(reading)
        readings.append(reading)
        if reading.elapsed >= fake_seconds:
            return readings
        targets = [t for t in (*also_at, fake_seconds) if t > reading.elapsed]
        wait = min(step, min(targets) - reading.elapsed)
        time.sleep(max(0.02, wait / app.speed))


# -- 1. a three-hour call ------------------------------------------------------------------------


def test_a_three_hour_call_keeps_time_and_prompts_in_order(launch_app: LaunchApp) -> None:
    app = launch_app(speed=SPEED)
    started = start(app, 12345, "troubleshooting", joined=True)  # 60 min, wrap-up 10 min before
    # Read in the middle of the wrap-up window and just after each boundary too.
    readings = run_until(app, started, 3 * 3600, also_at=(3000 + 30, 3300, 3600 + 30))
    app.assert_healthy()
    real = time.monotonic() - started[1]
    print(f"three fake hours in {real:.0f} real s; app CPU {app.cpu_seconds() / real:.0%}")

    # Every three fake minutes, fewer when --status is slow on a busy machine.
    assert len(readings) >= 3 * 60 / 10, f"only {len(readings)} readings in three fake hours"
    # The states only move forward, each at its moment (a second of slack for the tick).
    order = ["in_progress", "wrap_up", "overtime"]
    seen = [r.state for r in readings]
    assert [s for i, s in enumerate(seen) if i == 0 or seen[i - 1] != s] == order, seen
    for r in readings:
        if r.elapsed < 50 * 60 - 1:
            assert (r.state, r.prompts) == ("in_progress", []), r
        elif 50 * 60 + 1 < r.elapsed < 60 * 60 - 1:
            assert (r.state, r.prompts) == ("wrap_up", ["wrap_up@3000"]), r
        elif r.elapsed > 60 * 60 + 1:
            # Time's up supersedes the unanswered wrap-up prompt and stays until answered.
            assert (r.state, r.prompts) == ("overtime", ["times_up@3600"]), r
    assert any(r.prompts == ["wrap_up@3000"] for r in readings)

    assert app.quit() == 0, app.stderr()
    log = app.log_text()
    assert "started troubleshooting call on #12345" in log


# -- 2. a day of six calls -----------------------------------------------------------------------

DAY = (
    # ticket, call type, minutes to run it (planned length, or 30 for the open-ended emergency)
    (1001, "discovery", 15),
    (1002, "unscheduled", 20),
    (1003, "reset_review", 30),
    (1004, "troubleshooting", 60),
    (1005, "installation", 60),
    (1006, "emergency", 30),
)


def test_a_day_of_six_calls_back_to_back(launch_app: LaunchApp) -> None:
    app = launch_app(speed=SPEED)
    for ticket, call_type, minutes in DAY:
        started = start(app, ticket, call_type, joined=True)
        readings = run_until(app, started, minutes * 60)
        assert readings[-1].state != "ended"
        app.end_call()
        assert app.call() is None
        # The summary editor opens for the call just ended; the engineer closes it for later.
        editor = wait_window(summary_window(ticket))
        activate(editor)
        key("alt+F4")
        wait_gone(summary_window(ticket))
        app.assert_healthy()

    assert app.quit() == 0, app.stderr()
    store = open_store(AppPaths.for_profile(app.profile).store_file).store
    try:
        history = store.history()
        drafts = SummaryStore(store)
        by_ticket = {record.ticket.number: record for record in history}
        assert sorted(by_ticket) == [ticket for ticket, _, _ in DAY]
        for ticket, call_type, minutes in DAY:
            record = by_ticket[ticket]
            assert record.call_type_key == call_type
            assert record.ended
            # Ended within a few fake minutes of its length (the end goes through a launch).
            assert minutes * 60 <= record.duration <= minutes * 60 + 5 * 60, record
            assert drafts.get(record.id) is not None, "the closed summary was kept as a draft"
    finally:
        store.close()


# -- 3. the no-show path -------------------------------------------------------------------------


def test_no_show_prompt_at_ten_minutes_then_the_no_show_reply(launch_app: LaunchApp) -> None:
    app = launch_app(speed=60)
    started = start(app, 4242, "troubleshooting", joined=False)
    readings = run_until(app, started, 10 * 60 + 30, also_at=(9 * 60,))
    for r in readings:
        assert r.state == "waiting"
        if r.elapsed < 10 * 60 - 1:
            assert r.prompts == [], r
        elif r.elapsed > 10 * 60 + 1:
            assert r.prompts == ["no_show@600"], r

    # Answer it as the engineer does: Call menu (Alt+A) → Customer didn't show (D).
    window = wait_window(MAIN_WINDOW)
    activate(window)
    key("alt+a", "d")
    reply = wait_window(r"^No-show reply for #4242 .+ callcompanion$")
    wait_for(
        lambda: active_window_name() == "No-show reply for #4242 · callcompanion",
        timeout=10,
        what="the no-show reply to have the focus",
    )
    assert reply
    assert app.call() is None
    app.assert_healthy()
    assert app.quit() == 0, app.stderr()

    store = open_store(AppPaths.for_profile(app.profile).store_file).store
    try:
        (record,) = store.history()
        assert record.outcome is not None
        assert record.outcome.value == "no_show"
        (follow_up,) = store.follow_ups(FollowUpStatus.PENDING)
        assert follow_up.kind is FollowUpKind.NO_SHOW
        assert follow_up.call_id == record.id
    finally:
        store.close()


# -- 4. end and post to Zendesk ------------------------------------------------------------------

SUMMARY_TEXT = "Checked the proxy logs together and the upgrade now passes"


def test_end_type_the_summary_and_post_it_once(
    launch_app: LaunchApp, zendesk: FakeZendesk, tmp_path: Path
) -> None:
    profile = tmp_path / "profile"
    keyring_file = tmp_path / "keyring.json"
    profile_connected_to(profile, zendesk, {"CALLCOMPANION_TEST_KEYRING": str(keyring_file)})
    app = launch_app(speed=SPEED, profile=profile, keyring_file=keyring_file)
    started = start(app, 12345, "discovery", joined=True)
    run_until(app, started, 12 * 60)
    app.end_call()

    # The editor opens on the reply, filled in from the template; click into it, add a line
    # at the end and post with the keyboard.
    editor = wait_window(summary_window(12345))
    activate(editor)
    click_in(editor, 0.5, 0.45)
    key("ctrl+End", "Return")
    type_text(SUMMARY_TEXT)
    key("ctrl+Return")

    comments = wait_for(
        lambda: zendesk.comments(12345), timeout=30, what="the summary to reach Zendesk"
    )

    def outbox_empty() -> bool:
        outbox = app.status().get("outbox") or {}
        return not any(int(v) for v in outbox.values() if isinstance(v, int | float))

    wait_for(outbox_empty, timeout=30, what="the outbox to empty", interval=0.3)
    comments = zendesk.comments(12345)
    assert len(comments) == 1, comments
    assert SUMMARY_TEXT in str(comments[0].get("body", comments[0])), comments[0]
    assert len(zendesk.calls("PUT", r"/tickets/12345$")) == 1
    app.assert_healthy()
    assert app.quit() == 0, app.stderr()
    assert len(zendesk.comments(12345)) == 1
    # The token went to the keyring and the Authorization header, never to a file or the log.
    for path in profile.rglob("*"):
        if path.is_file():
            assert TOKEN.encode() not in path.read_bytes(), path


# -- 5. SIGKILL while typing, then relaunch ------------------------------------------------------

WORDS = ("the", "proxy", "strips", "the", "auth", "header", "before", "the", "upgrade", "check")
LOST_AT_MOST = 1.0  # seconds of typing a kill may lose
GRACE = 0.5  # X delivery and the write itself, on busy cores


def test_sigkill_while_typing_loses_at_most_a_second(launch_app: LaunchApp, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    app = launch_app(speed=1, profile=profile)
    start(app, 777, "troubleshooting", joined=True)
    activate(wait_window(MAIN_WINDOW))
    key("ctrl+n")  # the notes, during the call
    editor = wait_window(summary_window(777))
    activate(editor)
    key("alt+l")  # "What we learned and did"

    # Type without a pause for four seconds, remembering what had been sent when.
    typed = ""
    sent: list[tuple[float, str]] = []
    began = time.monotonic()
    index = 0
    while time.monotonic() - began < 4.0:
        word = WORDS[index % len(WORDS)] + " "
        index += 1
        type_text(word, delay_ms=15)
        typed += word
        sent.append((time.monotonic(), typed))
    killed_at = time.monotonic()
    app.kill()

    cutoff = killed_at - LOST_AT_MOST - GRACE
    must_have = max((text for moment, text in sent if moment <= cutoff), key=len, default="")
    assert len(must_have) > 20, "typing was too slow to tell anything"
    store = open_store(AppPaths.for_profile(profile).store_file).store
    try:
        (record,) = [r for r in [store.active_call()] if r is not None]
        draft = SummaryStore(store).get(record.id)
    finally:
        store.close()
    assert draft is not None, "nothing of the notes was saved"
    saved = max(
        (draft.attendees, draft.learned, draft.engineer_next, draft.customer_next, draft.next_call),
        key=len,
    )
    assert typed.startswith(saved), f"saved text is not what was typed: {saved!r}"
    assert saved.startswith(must_have), (
        f"lost more than {LOST_AT_MOST} s of typing: saved {len(saved)} of the "
        f"{len(must_have)} characters typed over a second before the kill"
    )

    # Relaunch: the call is still running and its notes come back in the editor.
    again = launch_app(speed=1, profile=profile)
    call = again.call()
    assert call is not None
    assert str(call["ticket"]).lstrip("#") == "777"
    wait_window(summary_window(777))
    again.assert_healthy()
    assert again.quit() == 0, again.stderr()
