"""The first paint: the window, at its place and with a running call's line, before the app."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from callcompanion import bootstrap
from callcompanion.app import CallCompanion
from callcompanion.core.call import Call, Platform
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.clock import SystemClock
from callcompanion.core.ticket import TicketRef
from callcompanion.gui.first_paint import EXPOSE_FALLBACK_MS, FirstPaint, when_exposed
from callcompanion.gui.main_window import CALL_PAGE, SETUP_PAGE
from callcompanion.paths import AppPaths
from callcompanion.services.storage import open_store
from tests.fakes.clock import FakeClock


def _running_call(profile: AppPaths) -> Call:
    call = Call.start(
        ticket=TicketRef(4321),
        call_type=CallTypeCatalog().get("upgrade_assistance"),
        platform=Platform.ZOOM,
        clock=SystemClock(),
        default_wrapup_lead_minutes=10,
        customer_joined=True,
    )
    opened = open_store(profile.store_file)
    try:
        opened.store.save_call(call.record)
    finally:
        opened.store.close()
    return call


def test_a_running_call_is_on_the_first_paint_with_the_looks_it_keeps(
    qtbot: QtBot, profile: AppPaths
) -> None:
    _running_call(profile)

    first = FirstPaint(profile)
    qtbot.addWidget(first.window)

    window = first.window
    assert window.isVisible()
    assert window.pages.currentIndex() == CALL_PAGE
    assert "#4321" in window.callTitle.text()
    assert "Upgrade Assistance" in window.callTitle.text()
    assert window.elapsedLabel.text().startswith("00:0")
    assert window.elapsedLabel.font().pixelSize() == 60  # the big timer from the first paint on
    assert window.callTitle.font().bold()
    assert not window.stateLabel.isVisible()  # not known before the app is built
    assert not window.attached


def test_an_empty_profile_paints_the_setup_page(qtbot: QtBot, profile: AppPaths) -> None:
    first = FirstPaint(profile)
    qtbot.addWidget(first.window)
    assert first.window.pages.currentIndex() == SETUP_PAGE
    assert first.window.windowTitle() == "callcompanion"


def test_the_app_takes_the_painted_window_over(
    qtbot: QtBot, qapp: QApplication, profile: AppPaths, clock: FakeClock
) -> None:
    _running_call(profile)
    first = FirstPaint(profile)
    window = first.window

    companion = CallCompanion(qapp, profile, clock=clock, single_instance=False, first_paint=first)
    try:
        companion.start()
        assert companion.window is window
        assert window.attached
        assert window.stateLabel.isVisible()
        assert window.pages.currentIndex() == CALL_PAGE
        assert companion.controller.call is not None
        assert str(companion.controller.call.ticket) == "#4321"
        assert window.stateLabel.text()  # the state follows with the app
    finally:
        companion.close()


def test_the_app_is_built_after_the_window_is_painted(
    qapp: QApplication, profile: AppPaths
) -> None:
    events: list[str] = []

    def shown() -> None:
        window = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "MainWindow")
        handle = window.windowHandle()
        exposed = handle is not None and handle.isExposed()
        events.append(f"shown, exposed={exposed}, attached={getattr(window, 'attached', None)}")

    def ready(companion: CallCompanion) -> None:
        events.append(f"ready, attached={companion.window.attached}")
        companion.quit()

    code = bootstrap.run(profile, on_shown=shown, on_ready=ready)

    assert code == 0
    assert events == ["shown, exposed=True, attached=False", "ready, attached=True"]


class _NeverOnScreen(QObject):
    """A desktop that shows windows without ever putting them on screen: no expose event
    reaches a window (started minimised on Windows, covered on macOS, or opened on another
    workspace by a window manager rule)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return event.type() == QEvent.Type.Expose and isinstance(watched, QWindow)


def test_a_window_never_put_on_screen_still_gets_its_app(
    qapp: QApplication, profile: AppPaths
) -> None:
    hidden = _NeverOnScreen()
    qapp.installEventFilter(hidden)
    events: list[str] = []

    def ready(companion: CallCompanion) -> None:
        events.append(f"ready, attached={companion.window.attached}")
        companion.quit()

    def give_up() -> None:  # the deadline: a start-up that stalls ends the test, not the run
        if not events:
            events.append("stalled")
            qapp.exit(2)

    QTimer.singleShot(15_000, give_up)
    try:
        code = bootstrap.run(profile, on_ready=ready)
    finally:
        qapp.removeEventFilter(hidden)

    assert events == ["ready, attached=True"]
    assert code == 0


def test_the_app_is_built_once_whether_the_expose_or_the_fallback_comes_first(
    qtbot: QtBot, qapp: QApplication, profile: AppPaths
) -> None:
    first = FirstPaint(profile)
    qtbot.addWidget(first.window)
    first.window.hide()
    first.window.showMinimized()  # shown, not on screen yet
    handle = first.window.windowHandle()
    assert handle is not None
    assert not handle.isExposed()
    calls: list[str] = []
    when_exposed(first.window, lambda: calls.append("built"))

    qtbot.waitUntil(lambda: calls == ["built"], timeout=5000)  # the expose, on this platform
    qtbot.wait(EXPOSE_FALLBACK_MS + 200)  # and the fallback after it: nothing more
    assert calls == ["built"]
