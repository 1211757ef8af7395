"""The first paint: the main window's form and the tray icon, before the app is built.

A person looking for the window in the first second needs to see it, at its place, with the
call that is still running and its time; the services, checklists, history and outbox follow
on the next turn of the event loop (:class:`callcompanion.app.CallCompanion` takes the window
and the icon over). Until then the window's controls are disabled, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QSystemTrayIcon

from callcompanion.gui.main_window.window import MainWindow
from callcompanion.gui.tray_icon import app_icon
from callcompanion.paths import AppPaths
from callcompanion.services import first_paint as saved


class FirstPaint:
    """The window and the tray icon shown first.

    Attributes:
        window: The main window with its form only (``attach`` comes later).
        tray_icon: The tray icon with the app's face, or ``None`` when no tray is available
            yet (the tray controller keeps looking).
    """

    def __init__(self, paths: AppPaths, *, show_window: bool = True) -> None:
        """Show the window (see *show_window*) and the tray icon.

        *show_window* ``False`` (``--tray``): the window stays hidden unless a call is still
        running or there is no tray to reach it from.
        """
        self.window = MainWindow()
        self.tray_icon: QSystemTrayIcon | None = None
        running = saved.running_call(paths.store_file)
        tray = QSystemTrayIcon.isSystemTrayAvailable()
        self.window.show_first(
            saved.window_geometry(paths.settings_file),
            running,
            show=show_window or running is not None or not tray,
        )
        if tray:
            self.tray_icon = QSystemTrayIcon(app_icon())
            self.tray_icon.setToolTip("callcompanion")
            self.tray_icon.show()


# A window the desktop shows but never puts on screen (started minimised, covered, opened on
# another workspace) gets no expose event: the app is built this long after showing it anyway.
EXPOSE_FALLBACK_MS = 1000


class _ExposeWatch(QObject):
    def __init__(self, handle: QWindow, callback: Callable[[], None]) -> None:
        super().__init__(handle)
        self._handle = handle
        self._callback: Callable[[], None] | None = callback
        handle.installEventFilter(self)
        QTimer.singleShot(EXPOSE_FALLBACK_MS, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Expose
            and isinstance(watched, QWindow)
            and watched.isExposed()
        ):
            self._fire()
        return False

    def _fire(self) -> None:
        """The first of the expose event and the fallback timer: the callback, once."""
        if self._callback is None:
            return
        callback, self._callback = self._callback, None
        self._handle.removeEventFilter(self)
        callback()


def when_exposed(window: MainWindow, callback: Callable[[], None]) -> None:
    """Call *callback* once *window* is on screen (at once if it already is).

    Painting an exposed window happens while the expose event is handled, so a callback that
    queues work with a zero timer runs it after the first paint. A window that is not on
    screen :data:`EXPOSE_FALLBACK_MS` after this call (minimised, covered, on another
    workspace) does not wait any longer: *callback* is called then, once either way.
    """
    handle = window.windowHandle()
    if handle is None or handle.isExposed():
        callback()
        return
    _ExposeWatch(handle, callback)
