"""An unexpected error shows a copyable report and the call keeps running."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.core.call import Platform
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.ticket import TicketRef
from callcompanion.gui.crash import CrashHandler
from tests.fakes.clock import FakeClock


@pytest.fixture
def crash_handler(companion: CallCompanion) -> Iterator[CrashHandler]:
    handler = CrashHandler(companion.paths.log_file)
    handler.install()
    yield handler
    handler.uninstall()
    if handler.dialog is not None:
        handler.dialog.close()


@pytest.mark.qt_no_exception_capture
@pytest.mark.expect_log_errors(
    reason="an exception in a slot is logged as critical with the crash report",
    match="unexpected error",
)
def test_an_error_in_a_slot_shows_the_report_and_the_call_runs_on(
    qtbot: QtBot,
    companion: CallCompanion,
    clock: FakeClock,
    crash_handler: CrashHandler,
    caplog: pytest.LogCaptureFixture,
) -> None:
    companion.controller.start_call(
        TicketRef(12345), CallTypeCatalog().get("troubleshooting"), Platform.ZOOM
    )

    def broken_slot() -> None:
        raise ValueError("something unexpected")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: crash_handler.dialog is not None and crash_handler.dialog.isVisible())
    dialog = crash_handler.dialog
    assert dialog is not None
    report = dialog.report.toPlainText()
    assert "ValueError: something unexpected" in report
    assert "callcompanion" in report.splitlines()[0]
    dialog.copy_report()
    assert QGuiApplication.clipboard().text() == report

    QTimer.singleShot(0, broken_slot)  # a second error joins the same dialog
    qtbot.waitUntil(
        lambda: dialog.report.toPlainText().count("ValueError: something unexpected") == 2
    )

    clock.advance(minutes=1)
    companion.controller.tick_now()
    assert companion.controller.call is not None
    assert companion.window.elapsedLabel.text() == "01:00"
    logged = [r.exc_info for r in caplog.records if r.levelname == "CRITICAL"]
    assert [str(info[1]) for info in logged if info] == ["something unexpected"] * 2
