"""Prompts reach the engineer while another app has the keyboard: X11, a window manager, a tray.

Run through ``.ci/tray-tests.sh`` (Xvfb + trayer). Focus and stacking need a window manager:
when none runs on the display, openbox is started for this module and stopped after it. The
meeting the engineer types in is another process (a line edit that writes what it receives to a
file), kept active with ``xdotool``; which window has the keyboard is read from the window
manager (``_NET_ACTIVE_WINDOW``) and proven by typing into it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.core.call import Platform
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.settings import PromptAttention
from callcompanion.core.ticket import TicketRef
from callcompanion.gui.prompt_card import PromptCard
from tests.fakes.clock import FakeClock
from tests.gui.test_tray_xcb import SCREEN, balloons, close_balloons, wait_embedded, xdotool

pytestmark = pytest.mark.tray

IN_FRONT_WITHIN_MS = 1000

MEETING_SCRIPT = r"""
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication, QLineEdit

app = QApplication(sys.argv)
out = Path(sys.argv[1])
edit = QLineEdit()
edit.setWindowTitle("Meeting")
edit.textChanged.connect(lambda text: out.write_text(text))
edit.setGeometry(0, 0, 1280, 800)
edit.show()
app.exec()
"""


def run(*args: str) -> str:
    return subprocess.run(
        list(args), check=True, capture_output=True, text=True, timeout=10
    ).stdout.strip()


def window_manager_running() -> bool:
    out = subprocess.run(
        ["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"], capture_output=True, text=True, timeout=10
    ).stdout
    return "window id" in out


@pytest.fixture(scope="module", autouse=True)
def window_manager() -> Iterator[None]:
    """A window manager on the display (openbox, started here when none runs)."""
    if QGuiApplication.platformName() != "xcb":
        pytest.skip("needs X11 (xcb) and a tray host: run .ci/tray-tests.sh")
    missing = [tool for tool in ("openbox", "xprop", "xdotool") if shutil.which(tool) is None]
    if missing:
        message = f"needs {', '.join(missing)}: apt-get install openbox x11-utils xdotool"
        if os.environ.get("CALLCOMPANION_REQUIRE_TRAY") == "1":
            pytest.fail(message)
        pytest.skip(message)
    if window_manager_running():
        yield
        return
    with tempfile.TemporaryDirectory() as config:
        # A private config home keeps a developer's openbox settings out of the test.
        openbox = subprocess.Popen(
            ["openbox"],
            env=dict(os.environ, XDG_CONFIG_HOME=config),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 10
            while not window_manager_running():
                assert openbox.poll() is None, "openbox exited"
                assert time.monotonic() < deadline, "openbox did not start"
                time.sleep(0.05)
            yield
        finally:
            openbox.terminate()
            openbox.wait(timeout=10)


# -- the meeting: another process with the keyboard -------------------------------------------


class Meeting:
    """Another app's window (a process of its own) that the engineer types into."""

    def __init__(self, qtbot: QtBot, tmp: Path) -> None:
        self.qtbot = qtbot
        self.typed = tmp / "typed.txt"
        self.process = subprocess.Popen(
            [sys.executable, "-c", MEETING_SCRIPT, str(self.typed)],
            env=dict(os.environ, QT_QPA_PLATFORM="xcb"),
        )
        self.id = int(run(xdotool(), "search", "--sync", "--pid", str(self.process.pid)).split()[0])

    def activate(self) -> None:
        run(xdotool(), "windowactivate", "--sync", str(self.id))
        self.qtbot.waitUntil(lambda: active_window() == self.id, timeout=5000)

    def text(self) -> str:
        return self.typed.read_text() if self.typed.exists() else ""

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def meeting(qtbot: QtBot, tmp_path: Path) -> Iterator[Meeting]:
    found = Meeting(qtbot, tmp_path)
    yield found
    found.close()


def active_window() -> int:
    """The window the window manager gave the keyboard to (``_NET_ACTIVE_WINDOW``)."""
    out = run("xprop", "-root", "-notype", "_NET_ACTIVE_WINDOW")
    return int(out.rsplit(" ", 1)[-1], 16)


def stacking() -> list[int]:
    """Managed windows from bottom to top (``_NET_CLIENT_LIST_STACKING``)."""
    out = run("xprop", "-root", "-notype", "_NET_CLIENT_LIST_STACKING")
    return [int(part.strip(), 16) for part in out.split("#", 1)[1].split(",")]


def above(widget: QWidget, other: int) -> bool:
    """Whether *widget*'s window is stacked above the window *other*."""
    order = stacking()
    mine = int(widget.winId())
    return mine in order and other in order and order.index(mine) > order.index(other)


def on_screen(widget: QWidget) -> bool:
    """Whether the screen shows *widget*'s pixels where it is (nothing covers it)."""
    geometry = widget.geometry()
    screen = QGuiApplication.primaryScreen().grabWindow(
        0, geometry.x(), geometry.y(), geometry.width(), geometry.height()
    )
    shown = screen.toImage().convertToFormat(QImage.Format.Format_RGB32)
    own = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    if shown.size() != own.size():
        return False
    step = 4
    same = total = 0
    for y in range(0, own.height(), step):
        for x in range(0, own.width(), step):
            total += 1
            same += shown.pixel(x, y) == own.pixel(x, y)
    return total > 0 and same / total > 0.95


def start_call(companion: CallCompanion) -> None:
    companion.controller.start_call(
        TicketRef(12345), CallTypeCatalog().get("troubleshooting"), Platform.ZOOM
    )


def pass_time(companion: CallCompanion, clock: FakeClock, **kwargs: float) -> None:
    clock.advance(**kwargs)
    companion.controller.tick_now()


def click_at(widget: QWidget) -> None:
    """A real pointer click in the middle of *widget*."""
    centre = widget.mapToGlobal(widget.rect().center())
    subprocess.run(
        [xdotool(), "mousemove", "--sync", str(centre.x()), str(centre.y()), "click", "1"]
        + ["mousemove", str(SCREEN.width() // 2), str(SCREEN.height() - 1)],
        check=True,
        timeout=10,
    )


def bury(companion: CallCompanion, meeting: Meeting, qtbot: QtBot) -> None:
    """The window is open, the meeting in front of it with the keyboard."""
    window = companion.window
    qtbot.waitUntil(lambda: int(window.winId()) in stacking(), timeout=5000)
    meeting.activate()
    qtbot.waitUntil(lambda: above_window(meeting.id, window), timeout=5000)
    assert window.isVisible()


def above_window(window_id: int, widget: QWidget) -> bool:
    order = stacking()
    mine = int(widget.winId())
    return mine in order and window_id in order and order.index(window_id) > order.index(mine)


# -- the tests ----------------------------------------------------------------------------------


def test_a_prompt_is_in_front_within_a_second_and_the_meeting_keeps_the_keyboard(
    companion: CallCompanion, clock: FakeClock, meeting: Meeting, qtbot: QtBot
) -> None:
    start_call(companion)
    bury(companion, meeting, qtbot)
    run(xdotool(), "type", "--delay", "20", "notes ")
    qtbot.waitUntil(lambda: meeting.text() == "notes ", timeout=5000)

    pass_time(companion, clock, minutes=10)  # the no-show prompt is due
    arrived = time.monotonic()
    card: PromptCard = companion.attention.card
    qtbot.waitUntil(
        lambda: card.isVisible() and above(card, meeting.id) and on_screen(card),
        timeout=IN_FRONT_WITHIN_MS,
    )
    in_front_after = time.monotonic() - arrived
    assert in_front_after < IN_FRONT_WITHIN_MS / 1000
    assert active_window() == meeting.id
    assert not card.isActiveWindow()
    assert not balloons(), "the card replaces the balloon that covered the mini timer"

    # Typing goes on in the meeting while the card is up...
    run(xdotool(), "type", "--delay", "20", "still typing")
    qtbot.waitUntil(lambda: meeting.text() == "notes still typing", timeout=5000)
    assert active_window() == meeting.id

    # ...and one click on the card answers the prompt, keyboard still in the meeting.
    (wait,) = [b for b in card.buttons if b.text() == "Wait 5 more minutes"]
    click_at(wait)
    qtbot.waitUntil(lambda: not card.isVisible(), timeout=3000)
    assert companion.controller.due_prompts() == []
    assert active_window() == meeting.id
    run(xdotool(), "type", "--delay", "20", "!")
    qtbot.waitUntil(lambda: meeting.text() == "notes still typing!", timeout=5000)


def test_window_mode_raises_the_buried_window_without_the_keyboard(
    companion: CallCompanion, clock: FakeClock, meeting: Meeting, qtbot: QtBot
) -> None:
    companion.settings.update(prompt_attention=PromptAttention.WINDOW)
    start_call(companion)
    bury(companion, meeting, qtbot)

    pass_time(companion, clock, minutes=10)
    window = companion.window
    qtbot.waitUntil(lambda: above(window, meeting.id), timeout=IN_FRONT_WITHIN_MS)
    assert active_window() == meeting.id
    assert not companion.attention.card_visible()
    run(xdotool(), "type", "--delay", "20", "abc")
    qtbot.waitUntil(lambda: meeting.text() == "abc", timeout=5000)


def test_a_tray_click_brings_a_buried_window_in_front_and_a_second_hides_it(
    companion: CallCompanion, meeting: Meeting, qtbot: QtBot
) -> None:
    window = companion.window
    icon = wait_embedded(qtbot, companion)
    bury(companion, meeting, qtbot)

    click_at_rect(icon)
    qtbot.waitUntil(lambda: above(window, meeting.id), timeout=3000)
    qtbot.waitUntil(lambda: active_window() == int(window.winId()), timeout=3000)
    assert window.isVisible(), "a buried window comes in front rather than vanishing"

    QApplication.processEvents()
    qtbot.wait(QApplication.doubleClickInterval() + 100)  # the next click is a click, not a double
    click_at_rect(icon)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=3000)


def click_at_rect(rect: QRect) -> None:
    centre = rect.center()
    subprocess.run(
        [xdotool(), "mousemove", "--sync", str(centre.x()), str(centre.y()), "click", "1"]
        + ["mousemove", str(SCREEN.width() // 2), str(SCREEN.height() - 1)],
        check=True,
        timeout=10,
    )


def test_the_card_clears_the_mini_timer_and_no_balloon_covers_it(
    companion: CallCompanion, clock: FakeClock, meeting: Meeting, qtbot: QtBot
) -> None:
    wait_embedded(qtbot, companion)
    companion.mini_timer.set_wanted(True)
    start_call(companion)
    mini = companion.mini_timer.widget
    qtbot.waitUntil(lambda: int(mini.winId()) in stacking(), timeout=5000)
    bury(companion, meeting, qtbot)
    companion.tray.notify("callcompanion", "a balloon already up")
    qtbot.waitUntil(lambda: bool(balloons()), timeout=3000)

    pass_time(companion, clock, minutes=10)
    card = companion.attention.card
    qtbot.waitUntil(lambda: card.isVisible() and on_screen(card), timeout=IN_FRONT_WITHIN_MS)
    assert not balloons(), "the balloon is closed so it covers neither the card nor the timer"
    assert not card.frameGeometry().intersects(mini.frameGeometry())
    assert on_screen(mini)

    # A post that fails while the card is up waits for the card to go.
    companion.attention.hidden_to_tray()  # the first hide to the tray: a hint balloon
    qtbot.wait(300)
    assert not balloons()
    (joined,) = [b for b in card.buttons if b.text() == "Customer joined"]
    click_at(joined)
    qtbot.waitUntil(lambda: not card.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: bool(balloons()), timeout=3000)
    close_balloons(qtbot)
    assert active_window() == meeting.id
