"""Global shortcuts: keys that act on the call while the meeting app has the focus.

``manager.GlobalShortcuts`` turns presses into call actions; one backend per desktop grabs the
keys (``x11``, ``windows``, ``macos``), chosen by :func:`desktop_backend`.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication

from callcompanion.gui.global_shortcuts.backend import HotkeyBackend, UnavailableBackend
from callcompanion.gui.global_shortcuts.manager import GlobalShortcuts

log = logging.getLogger(__name__)

WAYLAND = (
    "Global shortcuts are not available on this desktop: Wayland lets only the desktop itself "
    "listen to keys pressed in other applications. Use the tray menu or the mini timer instead."
)
NO_DESKTOP = "Global shortcuts need a desktop session; none was found."


def desktop_backend(parent: QObject | None = None) -> HotkeyBackend:
    """The backend for this desktop, or one that says plainly why there is none."""
    try:
        if sys.platform == "win32":
            from callcompanion.gui.global_shortcuts.windows import WindowsBackend

            return WindowsBackend(parent)
        if sys.platform == "darwin":
            from callcompanion.gui.global_shortcuts.macos import MacBackend

            return MacBackend(parent)
        platform = QGuiApplication.platformName()
        if platform == "xcb":
            from callcompanion.gui.global_shortcuts.x11 import X11Backend

            return X11Backend(parent=parent)
        if platform.startswith("wayland"):
            return UnavailableBackend(WAYLAND, parent)
    except OSError as err:  # a system library missing or refusing
        log.warning("global shortcuts unavailable: %s", err)
        return UnavailableBackend(f"Global shortcuts could not be set up: {err}", parent)
    return UnavailableBackend(NO_DESKTOP, parent)


__all__ = ["GlobalShortcuts", "HotkeyBackend", "UnavailableBackend", "desktop_backend"]
