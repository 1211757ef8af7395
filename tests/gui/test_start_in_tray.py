"""``--tray`` (how the app starts at login): only the tray icon, unless the window is needed."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.core.call import Call, Platform
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.clock import SystemClock
from callcompanion.core.ticket import TicketRef
from callcompanion.gui.first_paint import FirstPaint
from callcompanion.paths import AppPaths
from callcompanion.services.storage import open_store
from tests.fakes.clock import FakeClock


@pytest.fixture
def tray_available(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))


def build(
    qapp: QApplication, profile: AppPaths, clock: FakeClock, first: FirstPaint
) -> CallCompanion:
    companion = CallCompanion(qapp, profile, clock=clock, single_instance=False, first_paint=first)
    companion.start(show_window=first.window.isVisible())
    return companion


def test_in_the_tray_the_window_is_built_but_not_shown(
    qtbot: QtBot, qapp: QApplication, profile: AppPaths, clock: FakeClock, tray_available: None
) -> None:
    first = FirstPaint(profile, show_window=False)
    assert not first.window.isVisible()
    companion = build(qapp, profile, clock, first)
    try:
        assert companion.window.attached
        assert not companion.window.isVisible()
        companion.window.bring_forward(activate=True)  # the tray icon's click
        assert companion.window.isVisible()
    finally:
        companion.close()


def test_a_call_still_running_opens_the_window_anyway(
    qtbot: QtBot, qapp: QApplication, profile: AppPaths, clock: FakeClock, tray_available: None
) -> None:
    call = Call.start(
        ticket=TicketRef(4321),
        call_type=CallTypeCatalog().get("troubleshooting"),
        platform=Platform.ZOOM,
        clock=SystemClock(),
        default_wrapup_lead_minutes=10,
    )
    opened = open_store(profile.store_file)
    opened.store.save_call(call.record)
    opened.store.close()
    first = FirstPaint(profile, show_window=False)
    qtbot.addWidget(first.window)
    assert first.window.isVisible()


def test_without_a_tray_the_window_opens_anyway(qtbot: QtBot, profile: AppPaths) -> None:
    if QSystemTrayIcon.isSystemTrayAvailable():
        pytest.skip("this desktop has a tray")
    first = FirstPaint(profile, show_window=False)
    qtbot.addWidget(first.window)
    assert first.window.isVisible()
