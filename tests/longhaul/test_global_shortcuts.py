"""A global shortcut answers the prompt while another application has the keyboard focus.

The installed app runs as its own process on the display of ``.ci/longhaul.sh`` (Xvfb, openbox,
trayer) on a fast clock; another X client (xmessage, standing in for the meeting app) has the
focus when the no-show prompt comes, and the shortcut is pressed with real X input.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest

from callcompanion.core.hotkeys import DEFAULT_BINDINGS
from tests.longhaul.conftest import LaunchApp, cannot_run
from tests.longhaul.driver import (
    activate,
    active_window_name,
    call_of,
    key,
    wait_for,
    wait_window,
)

pytestmark = [pytest.mark.longhaul, pytest.mark.skipif(os.name != "posix", reason="X11")]

MEETING = "Meeting in progress"


@pytest.fixture
def meeting() -> Iterator[str]:
    """Another application's window, focused: the meeting the engineer is in."""
    if shutil.which("xmessage") is None:
        cannot_run("needs xmessage: apt-get install --no-install-recommends x11-utils")
    process = subprocess.Popen(
        ["xmessage", "-title", MEETING, "-center", "The customer is sharing their screen."],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        window = wait_window(f"^{MEETING}$")
        activate(window)
        yield window
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_answer_shortcut_answers_the_prompt_while_the_meeting_has_the_focus(
    launch_app: LaunchApp, meeting: str
) -> None:
    app = launch_app(speed=60)
    app.start_call("4242", call_type="troubleshooting", platform="zoom")
    activate(meeting)  # the engineer goes back to the meeting
    wait_for(
        lambda: (call_of(app.status()) or {}).get("due_prompts") == ["no_show@600"],
        timeout=60,
        what="the no-show prompt",
        interval=0.2,
    )
    assert active_window_name() == MEETING
    call = app.call()
    assert call is not None
    assert call["customer_joined"] is False

    key(DEFAULT_BINDINGS["answer_prompt"].lower())  # ctrl+alt+shift+a
    wait_for(
        lambda: (call_of(app.status()) or {}).get("customer_joined") is True,
        timeout=20,
        what="the prompt to be answered with Customer joined",
        interval=0.2,
    )
    call = app.call()
    assert call is not None
    assert call["due_prompts"] == []
    assert call["state"] == "in_progress"
    # The meeting kept the keyboard focus all along.
    assert active_window_name() == MEETING
    assert "global shortcut: answer_prompt" in app.log_text()
    app.assert_healthy()
    assert app.quit() == 0, app.stderr()
