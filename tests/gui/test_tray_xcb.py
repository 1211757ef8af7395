"""The tray for real: X11 (xcb) on Xvfb, with trayer as the tray host (docs/TESTING.md).

Run through ``.ci/tray-tests.sh``, which ``tests/test_tray_host.py`` calls from the normal run.
On any other platform (offscreen included) every test here skips.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QSystemTrayIcon, QWidget
from pytestqt.qtbot import QtBot

from callcompanion.app import NO_TRAY_NOTICE, TRAY_HINT, CallCompanion
from callcompanion.core.call import Platform
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.settings import PromptAttention
from callcompanion.core.ticket import TicketRef
from callcompanion.gui.tray import FAST_RETRY_MS
from tests.fakes.clock import FakeClock
from tests.gui.conftest import MakeCompanion, menu_texts

pytestmark = pytest.mark.tray

# The tray host and screen of .ci/tray-tests.sh.
TRAYER = "trayer --edge top --align right --widthtype request --height 24"
SCREEN = QRect(0, 0, 1280, 800)
# trayer's panel: 24 px high at the top edge, aligned right, as wide as its icons.
TRAY_AREA = QRect(SCREEN.width() // 2, 0, SCREEN.width() // 2, 24)
IDLE_TOOLTIP = "callcompanion · no call running"


@pytest.fixture(autouse=True)
def xcb_tray(qapp: QApplication, qtbot: QtBot) -> Iterator[None]:
    """Skip unless on X11; wait for the tray host; leave no balloon behind."""
    if QGuiApplication.platformName() != "xcb":
        pytest.skip("needs X11 (xcb) and a tray host: run .ci/tray-tests.sh")
    qtbot.waitUntil(QSystemTrayIcon.isSystemTrayAvailable, timeout=10_000)
    close_balloons(qtbot)
    yield
    close_balloons(qtbot)


# -- helpers -------------------------------------------------------------------------------------


def balloons() -> list[QWidget]:
    """The tray balloons on screen (Qt draws them itself on X11)."""
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if widget.isVisible() and widget.metaObject().className() == "QBalloonTip"
    ]


def balloon_texts(balloon: QWidget) -> list[str]:
    return [label.text() for label in balloon.findChildren(QLabel)]


def close_balloons(qtbot: QtBot) -> None:
    for balloon in balloons():
        balloon.close()
    qtbot.waitUntil(lambda: not balloons(), timeout=2000)


def wait_for_balloon(qtbot: QtBot, text: str) -> QWidget:
    """The visible balloon showing *text* as its title or message."""
    found: list[QWidget] = []

    def shown() -> bool:
        found[:] = [balloon for balloon in balloons() if text in balloon_texts(balloon)]
        return bool(found)

    qtbot.waitUntil(shown, timeout=5000)
    return found[0]


def placed(geometry: QRect) -> bool:
    """Whether *geometry* is where trayer puts icons: in its panel, top right of the screen.

    Before the host has reparented and moved the icon, Qt reports the icon window's own
    geometry, (0, 0, 22, 22): a size, but not a place on the panel.
    """
    return geometry.width() > 0 and TRAY_AREA.contains(geometry)


def wait_embedded(qtbot: QtBot, companion: CallCompanion) -> QRect:
    """Wait until the tray host has embedded and placed the icon; returns its place on screen."""
    qtbot.waitUntil(lambda: placed(companion.tray.icon.geometry()), timeout=10_000)
    return companion.tray.icon.geometry()


def start_call(companion: CallCompanion) -> None:
    companion.controller.start_call(
        TicketRef(12345), CallTypeCatalog().get("discovery"), Platform.ZOOM
    )


def pass_time(companion: CallCompanion, clock: FakeClock, **kwargs: float) -> None:
    """Move the fake clock and let the controller notice, as its timer would."""
    clock.advance(**kwargs)
    companion.controller.tick_now()


def xdotool() -> str:
    path = shutil.which("xdotool")
    if path is None:
        message = "needs xdotool: apt-get install --no-install-recommends xdotool"
        if os.environ.get("CALLCOMPANION_REQUIRE_TRAY") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


def click_icon(qtbot: QtBot, companion: CallCompanion, button: int = 1) -> None:
    """Click the embedded icon with the real pointer (1 left, 3 right)."""
    centre = wait_embedded(qtbot, companion).center()
    subprocess.run(
        [xdotool(), "mousemove", "--sync", str(centre.x()), str(centre.y()), "click", str(button)]
        # Move away again: a later "mousemove --sync" to where the pointer is never returns.
        + ["mousemove", str(SCREEN.width() // 2), str(SCREEN.height() - 1)],
        check=True,
        timeout=10,
    )


def no_double_click(qtbot: QtBot) -> None:
    """Let the double-click interval pass, so the next click is a click (Trigger)."""
    qtbot.wait(QApplication.doubleClickInterval() + 100)


# -- the icon, the window, balloons, tooltip and menu ----------------------------------------------


def test_tray_is_available_and_the_icon_is_embedded(companion: CallCompanion, qtbot: QtBot) -> None:
    assert companion.tray.available
    geometry = wait_embedded(qtbot, companion)
    assert companion.tray.icon.isVisible()
    assert SCREEN.contains(geometry), geometry
    assert 16 <= geometry.height() <= 32, geometry
    assert not companion.tray.icon.icon().isNull()


def test_closing_the_window_keeps_the_app_in_the_tray(
    companion: CallCompanion, qtbot: QtBot
) -> None:
    window = companion.window
    assert window.isVisible()
    assert window.keep_running_in_tray
    assert NO_TRAY_NOTICE not in window.notices()
    wait_embedded(qtbot, companion)

    with (
        qtbot.assertNotEmitted(window.quit_requested),
        qtbot.assertNotEmitted(companion.tray.quit_requested),
        qtbot.waitSignal(window.hidden_to_tray, timeout=2000),
    ):
        window.close()

    assert not window.isVisible()
    assert not companion._quitting
    assert companion.tray.icon.isVisible()
    assert companion.tray.icon.geometry().width() > 0
    hint = wait_for_balloon(qtbot, TRAY_HINT)
    assert "callcompanion" in balloon_texts(hint)
    assert companion.settings.value.tray_hint_shown

    # The hint is shown once only.
    close_balloons(qtbot)
    window.bring_forward(activate=False)
    with qtbot.waitSignal(window.hidden_to_tray, timeout=2000):
        window.close()
    qtbot.wait(300)
    assert not balloons()
    assert not window.isVisible()


def test_no_show_prompt_shows_a_balloon_at_ten_minutes(
    companion: CallCompanion, clock: FakeClock, qtbot: QtBot
) -> None:
    companion.settings.update(prompt_attention=PromptAttention.NOTIFICATION)
    icon = wait_embedded(qtbot, companion)
    start_call(companion)
    companion.window.close()  # working in another app; the window is in the tray
    close_balloons(qtbot)
    pass_time(companion, clock, minutes=9, seconds=59)
    qtbot.wait(200)
    assert not balloons()
    assert not companion.window.isVisible()

    with qtbot.waitSignal(companion.controller.prompt_raised, timeout=2000) as raised:
        pass_time(companion, clock, seconds=1)
    prompt = raised.args[0]
    assert prompt.title == "#12345: customer not here after 10 min"

    balloon = wait_for_balloon(qtbot, prompt.title)
    assert prompt.message in balloon_texts(balloon)
    assert SCREEN.contains(balloon.geometry()), balloon.geometry()
    # It points at the icon: under the panel, spanning the icon's centre.
    area = balloon.geometry()
    assert area.top() >= icon.top()
    assert area.left() <= icon.center().x() <= area.right()
    # "Notification only": neither the window nor the card comes forward.
    assert not companion.window.isVisible()
    assert not companion.attention.card_visible()


def test_tooltip_follows_the_call(companion: CallCompanion, clock: FakeClock) -> None:
    icon = companion.tray.icon
    assert icon.toolTip() == IDLE_TOOLTIP
    start_call(companion)
    assert icon.toolTip() == "#12345 · Discovery · 00:00"
    pass_time(companion, clock, seconds=59)
    assert icon.toolTip() == "#12345 · Discovery · 00:59"
    pass_time(companion, clock, minutes=9, seconds=1)
    assert icon.toolTip() == "#12345 · Discovery · 10:00"
    companion.controller.end_call()
    assert icon.toolTip() == IDLE_TOOLTIP


def test_menu_is_rebuilt_from_live_state(companion: CallCompanion, clock: FakeClock) -> None:
    assert menu_texts(companion) == [
        "No call running",
        "Start call…",
        "Outbox",
        "Hide window" if companion.attention.window_in_front() else "Show window",
        "Mini timer",
        "Quit callcompanion",
    ]

    start_call(companion)
    pass_time(companion, clock, minutes=3, seconds=7)
    texts = menu_texts(companion)
    assert texts[0] == "Waiting 03:07 – #12345 Discovery"
    assert "Customer joined" in texts
    assert "End call" in texts
    assert texts[-1] == "Quit callcompanion"

    companion.window.close()
    assert not companion.window.isVisible()
    assert "Show window" in menu_texts(companion)

    joined = next(a for a in companion.tray.menu.actions() if a.text() == "Customer joined")
    joined.trigger()
    call = companion.controller.call
    assert call is not None
    assert call.customer_joined
    texts = menu_texts(companion)
    assert texts[0] == "In call 03:07 – #12345 Discovery"
    assert "Customer joined" not in texts
    assert "End call" in texts

    end = next(a for a in companion.tray.menu.actions() if a.text() == "End call")
    end.trigger()
    assert companion.controller.call is None
    assert menu_texts(companion)[:2] == ["No call running", "Start call…"]


def test_icon_is_redrawn_only_when_the_minute_or_state_changes(
    companion: CallCompanion, clock: FakeClock, qtbot: QtBot
) -> None:
    tray = companion.tray
    wait_embedded(qtbot, companion)
    start_call(companion)
    renders = tray.icon_renders
    key = tray.icon.icon().cacheKey()
    for _ in range(59):
        pass_time(companion, clock, seconds=1)
    assert tray.icon_renders == renders
    assert tray.icon.icon().cacheKey() == key

    pass_time(companion, clock, seconds=1)  # 01:00
    assert tray.icon_renders == renders + 1
    assert tray.icon.icon().cacheKey() != key
    key = tray.icon.icon().cacheKey()

    pass_time(companion, clock, seconds=30)
    assert tray.icon_renders == renders + 1
    companion.controller.mark_joined()  # waiting -> in progress, same minute
    assert tray.icon_renders == renders + 2
    assert tray.icon.icon().cacheKey() != key
    assert tray.icon.geometry().width() > 0


# -- clicks with the real pointer (xdotool) -----------------------------------------------------


def test_clicking_the_icon_toggles_the_window(companion: CallCompanion, qtbot: QtBot) -> None:
    window = companion.window
    assert window.isVisible()
    window.activateWindow()  # in front: a click hides it
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    with qtbot.waitSignal(companion.tray.toggle_window, timeout=3000):
        click_icon(qtbot, companion)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=3000)

    close_balloons(qtbot)  # the "still running in the tray" hint
    no_double_click(qtbot)
    with qtbot.waitSignal(companion.tray.toggle_window, timeout=3000):
        click_icon(qtbot, companion)
    qtbot.waitUntil(window.isVisible, timeout=3000)

    # A right click pops the menu up, built from the live state.
    no_double_click(qtbot)
    menu = companion.tray.menu
    with qtbot.waitSignal(menu.aboutToShow, timeout=3000):
        click_icon(qtbot, companion, button=3)
    qtbot.waitUntil(menu.isVisible, timeout=3000)
    texts = [action.text() for action in menu.actions() if not action.isSeparator()]
    assert texts[:4] == ["No call running", "Start call…", "Outbox", "Hide window"]
    menu.hide()
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=3000)
    assert window.isVisible()


def test_clicking_the_icon_while_the_hint_shows_brings_the_window_back(
    companion: CallCompanion, qtbot: QtBot
) -> None:
    window = companion.window
    wait_embedded(qtbot, companion)
    window.close()
    wait_for_balloon(qtbot, TRAY_HINT)  # "... Click the icon to bring the window back."
    no_double_click(qtbot)
    click_icon(qtbot, companion)
    qtbot.waitUntil(lambda: not balloons(), timeout=3000)
    qtbot.waitUntil(window.isVisible, timeout=3000)
    qtbot.wait(300)  # and the click did not hide it again right after
    assert window.isVisible()


# -- the tray host comes and goes (these stop the host of .ci/tray-tests.sh) ----------------------


class TrayHost:
    """Stops and starts the tray host of .ci/tray-tests.sh, whose PID is kept in a file."""

    def __init__(self, pidfile: Path, qtbot: QtBot) -> None:
        self.pidfile = pidfile
        self.qtbot = qtbot

    def stop(self) -> None:
        pid = int(self.pidfile.read_text().strip())
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        self.qtbot.waitUntil(lambda: not QSystemTrayIcon.isSystemTrayAvailable(), timeout=5000)

    def start(self, *, wait: bool = True) -> None:
        # Started through sh, so it is not our child; the script stops it by the PID in the file.
        out = subprocess.run(
            ["sh", "-c", f"{TRAYER} >/dev/null 2>&1 & echo $!"],
            check=True,
            capture_output=True,
            text=True,
            timeout=10,
        )
        self.pidfile.write_text(out.stdout.strip() + "\n")
        if wait:
            self.qtbot.waitUntil(QSystemTrayIcon.isSystemTrayAvailable, timeout=10_000)


@pytest.fixture
def tray_host(qtbot: QtBot) -> Iterator[TrayHost]:
    """Control over the tray host; a stopped host is started again afterwards."""
    pidfile = os.environ.get("CALLCOMPANION_TRAYER_PIDFILE")
    if not pidfile:
        pytest.skip("stops and restarts the tray host: run through .ci/tray-tests.sh")
    host = TrayHost(Path(pidfile), qtbot)
    yield host
    if not QSystemTrayIcon.isSystemTrayAvailable():
        host.start()


def test_a_tray_that_appears_later_is_picked_up(
    make_companion: MakeCompanion, tray_host: TrayHost, qtbot: QtBot
) -> None:
    tray_host.stop()
    companion = make_companion()
    window = companion.window
    available_at_start = companion.tray.available  # locals: the tray comes up below
    assert not available_at_start
    assert NO_TRAY_NOTICE in window.notices()
    kept_in_tray = window.keep_running_in_tray
    assert not kept_in_tray
    assert not companion.tray.notify("callcompanion", "no tray, no balloon")

    with qtbot.waitSignal(companion.tray.availability_changed, timeout=10_000) as changed:
        tray_host.start(wait=False)
    assert changed.args == [True]
    assert companion.tray.available
    wait_embedded(qtbot, companion)
    assert NO_TRAY_NOTICE not in window.notices()
    assert window.keep_running_in_tray
    assert companion.tray.notify("callcompanion", "now with a tray")
    wait_for_balloon(qtbot, "now with a tray")


def test_a_restarted_tray_host_embeds_the_icon_again(
    companion: CallCompanion, clock: FakeClock, tray_host: TrayHost, qtbot: QtBot
) -> None:
    wait_embedded(qtbot, companion)
    start_call(companion)
    pass_time(companion, clock, minutes=4)
    tray_host.stop()
    qtbot.waitUntil(lambda: companion.tray.icon.geometry().width() == 0, timeout=5000)
    tray_host.start()
    wait_embedded(qtbot, companion)
    assert companion.tray.icon.toolTip() == "#12345 · Discovery · 04:00"


def test_a_tray_that_goes_away_brings_the_window_back(
    companion: CallCompanion, tray_host: TrayHost, qtbot: QtBot
) -> None:
    window = companion.window
    wait_embedded(qtbot, companion)
    window.close()
    assert not window.isVisible()
    with qtbot.waitSignal(companion.tray.availability_changed, timeout=3 * FAST_RETRY_MS) as gone:
        tray_host.stop()
    assert gone.args == [False]
    assert not companion.tray.available
    assert window.isVisible()
    assert NO_TRAY_NOTICE in window.notices()
    assert not window.keep_running_in_tray
