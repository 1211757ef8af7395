"""The X11 backend against a real X server: XGrabKey, BadAccess, presses from xdotool.

Each test starts a private Xvfb (the Qt platform stays offscreen: the backend opens its own
connection to the display it is given). Without Xvfb or xdotool the tests skip, naming the
packages; ``CALLCOMPANION_REQUIRE_TRAY=1`` (as ``.ci/run`` sets) makes them fail instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from callcompanion.core.hotkeys import parse_combo
from callcompanion.gui.global_shortcuts.x11 import X11Backend

pytestmark = pytest.mark.skipif(os.name != "posix", reason="X11")


@pytest.fixture
def display() -> Iterator[str]:
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if missing:
        message = (
            f"needs {', '.join(missing)}: apt-get install --no-install-recommends xvfb xdotool"
        )
        if os.environ.get("CALLCOMPANION_REQUIRE_TRAY") == "1":
            pytest.fail(message)
        pytest.skip(message)
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "640x480x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as numbers:
            number = numbers.readline().strip()  # written once the server accepts clients
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def press(display: str, keys: str) -> None:
    subprocess.run(
        ["xdotool", "key", keys],
        env={**os.environ, "DISPLAY": display},
        check=True,
        timeout=30,
    )


def test_a_grabbed_combination_pressed_anywhere_is_reported_once(
    qtbot: QtBot, display: str
) -> None:
    backend = X11Backend(display.encode())
    try:
        assert backend.unavailable() is None
        assert backend.grab("answer_prompt", parse_combo("Ctrl+Alt+Shift+A")) is None
        assert backend.grab("notes", parse_combo("Alt+F9")) is None
        pressed: list[str] = []
        backend.activated.connect(pressed.append)

        press(display, "ctrl+alt+shift+a")
        qtbot.waitUntil(lambda: pressed == ["answer_prompt"])
        press(display, "alt+F9")
        press(display, "ctrl+alt+shift+a")
        qtbot.waitUntil(lambda: pressed == ["answer_prompt", "notes", "answer_prompt"])
        # Without all its modifiers the combination is not ours.
        press(display, "ctrl+alt+a")
        press(display, "alt+F9")
        qtbot.waitUntil(lambda: len(pressed) == 4)
        assert pressed[-1] == "notes"

        # Released: the keys go to whoever has the focus again.
        backend.release("notes")
        press(display, "alt+F9")
        press(display, "ctrl+alt+shift+a")
        qtbot.waitUntil(lambda: len(pressed) == 5)
        assert pressed[-1] == "answer_prompt"
    finally:
        backend.close()


def test_a_combination_another_application_holds_is_refused_in_a_sentence(
    qtbot: QtBot, display: str
) -> None:
    other = X11Backend(display.encode())  # another X client, as another application is
    mine = X11Backend(display.encode())
    try:
        assert other.grab("theirs", parse_combo("Ctrl+Alt+Shift+N")) is None
        assert mine.grab("notes", parse_combo("Ctrl+Alt+Shift+N")) == (
            "Ctrl+Alt+Shift+N is already used by another application: choose other keys."
        )
        assert mine.probe(parse_combo("Ctrl+Alt+Shift+N")) is not None
        assert mine.probe(parse_combo("Ctrl+Alt+Shift+J")) is None
        assert mine.grab("joined", parse_combo("Ctrl+Alt+Shift+J")) is None

        other.close()  # quitting gives the keys back: now they can be had
        assert mine.grab("notes", parse_combo("Ctrl+Alt+Shift+N")) is None
        pressed: list[str] = []
        mine.activated.connect(pressed.append)
        press(display, "ctrl+alt+shift+n")
        qtbot.waitUntil(lambda: pressed == ["notes"])
    finally:
        other.close()
        mine.close()
