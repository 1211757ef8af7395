"""Starting the GUI process: the QApplication, the crash trace, the app, the event loop.

``__main__`` calls :func:`run` once arguments, paths, the profile's lock and logging are set;
``--smoke-test`` goes to :mod:`callcompanion.smoke` from here.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from callcompanion import APP_NAME, APP_ORG, __version__
from callcompanion.gui.crash import CrashHandler, CrashTrace, PreviousCrash
from callcompanion.gui.palette import follow_color_scheme
from callcompanion.gui.tray_icon import app_icon
from callcompanion.paths import AppPaths

if TYPE_CHECKING:
    from callcompanion.app import CallCompanion
    from callcompanion.gui.first_paint import FirstPaint
    from callcompanion.instance import InstanceLock, Request


log = logging.getLogger(__name__)


class Application(QApplication):
    """The QApplication, telling the app when the platform asks it to quit.

    Signals:
        quit_requested: A quit is about to close every window (Cmd+Q, logout, ``quit()``).
    """

    quit_requested = Signal()

    def event(self, event: QEvent) -> bool:
        # Only events sent to the application object itself pass here, not every widget's.
        if event.type() == QEvent.Type.Quit:
            self.quit_requested.emit()
        return super().event(event)


def make_qapplication(qt_args: list[str]) -> QApplication:
    """The process's QApplication (the existing one, if any), named and iconed for the app."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(APP_ORG)
    QApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APP_NAME)
    qapp = Application([APP_NAME, *qt_args])
    qapp.setQuitOnLastWindowClosed(False)
    qapp.setWindowIcon(app_icon())
    follow_color_scheme(qapp)  # light or dark, as the desktop is
    return qapp


def run(
    paths: AppPaths,
    *,
    smoke_test: bool = False,
    smoke_output: str = "-",
    check_keyring: bool = False,
    qt_args: list[str] | None = None,
    on_ready: Callable[[CallCompanion], None] | None = None,
    on_shown: Callable[[], None] | None = None,
    instance: InstanceLock | None = None,
    request: Request | None = None,
    tray: bool = False,
) -> int:
    """Start the GUI and run until quit; returns the process exit code.

    *instance* is the profile's lock when the caller already took it (``__main__`` does, before
    Qt loads); otherwise it is taken here, and when another app holds it *request* (default:
    show the window) is handed to that app instead. This launch's own *request* is done once
    the window is up. *on_shown* runs once the window is first painted, *on_ready* once the
    whole app is built after it. With *tray* (``--tray``, starting at login) only the tray icon
    shows, unless a call is still running or there is no tray.
    """
    started = time.perf_counter()
    if smoke_test:
        from callcompanion.smoke import run_smoke_test

        return run_smoke_test(paths, started, smoke_output, check_keyring, qt_args or [])
    from callcompanion.instance import NotAnsweringError, Request, claim, report_reply

    if instance is None:
        try:
            claimed = claim(paths.lock_file, paths.instance_key(), request or Request())
        except NotAnsweringError as err:
            if sys.stderr is not None:
                sys.stderr.write(f"callcompanion: {err}\n")
            return 1
        if claimed.lock is None:
            return report_reply(request or Request(), claimed.reply or {})
        instance = claimed.lock
    trace = CrashTrace(paths)
    try:
        previous_crash = trace.begin()
        qapp = make_qapplication(qt_args or [])
        crash = CrashHandler(paths.log_file)
        crash.install()
        from callcompanion.gui.first_paint import FirstPaint, when_exposed

        # The window and the tray icon first; the app itself right after they are painted (or
        # a second after showing a window the desktop does not put on screen).
        first = FirstPaint(paths, show_window=not tray)
        app = _Started()

        def build() -> None:
            try:
                app.build(qapp, paths, previous_crash, first)
            except Exception:
                # The reason in the log (and on stderr), and the process ends with an error
                # instead of leaving a window that does nothing.
                log.exception("start-up failed")
                app.failed = True
                qapp.exit(1)
                return
            companion = app.companion
            assert companion is not None
            if request is not None and request.command != "show":
                startup_request = request
                QTimer.singleShot(0, lambda: companion.handle_request(startup_request))
            if on_ready is not None:
                QTimer.singleShot(0, lambda: on_ready(companion))

        def painted() -> None:
            if on_shown is not None:
                QTimer.singleShot(0, on_shown)
            QTimer.singleShot(0, build)

        if first.window.isVisible():
            when_exposed(first.window, painted)
        else:  # in the tray only: nothing to wait for
            QTimer.singleShot(0, painted)
        try:
            code = qapp.exec()
        finally:
            app.close()
            crash.uninstall()
        if app.failed:
            return 1
        trace.end()  # a clean quit: nothing to report at the next start
        return code
    finally:
        instance.release()


class _Started:
    """The app once built after the first paint, and what closing it needs."""

    def __init__(self) -> None:
        self.companion: CallCompanion | None = None
        self.failed = False
        self._restore_signals: Callable[[], None] | None = None

    def build(
        self,
        qapp: QApplication,
        paths: AppPaths,
        previous_crash: PreviousCrash | None,
        first: FirstPaint,
    ) -> None:
        from callcompanion.app import CallCompanion
        from callcompanion.gui.unix_signals import SignalWatcher

        self.companion = companion = CallCompanion(
            qapp, paths, previous_crash=previous_crash, first_paint=first
        )
        self._restore_signals = SignalWatcher(lambda _signum: companion.quit()).restore
        companion.start(show_window=first.window.isVisible())

    def close(self) -> None:
        if self._restore_signals is not None:
            self._restore_signals()
        if self.companion is not None:
            self.companion.close()
