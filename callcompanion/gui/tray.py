"""The system tray (menu bar on macOS): live minutes on the icon, a tooltip, a menu, balloons.

The icon is rebuilt only when what it shows changes (once a minute, or on a state change), and
the tooltip only when its text changes. The menu is a remote for the call: built each time it
opens, it offers the due prompt's answers and the call's next steps (``CallActions``). Where no
tray exists, the controller says so and keeps looking, because panels often start after the
apps of a session.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, QRect, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from callcompanion.controllers.call import CallController
from callcompanion.controllers.call_actions import CallActions
from callcompanion.core.call import CallState, Prompt
from callcompanion.core.timefmt import format_clock
from callcompanion.gui.remote_menu import add_call_actions
from callcompanion.gui.tray_icon import IconCache, face_for

log = logging.getLogger(__name__)

APP_TITLE = "callcompanion"

FAST_RETRY_MS = 2000
FAST_RETRY_COUNT = 30
SLOW_RETRY_MS = 60_000
RECHECK_MS = 5000
BALLOON_MS = 15_000
# Balloons held back (while the prompt card is up) are kept up to this many, newest last.
MAX_HELD_BALLOONS = 3


def tooltip_text(controller: CallController) -> str:
    call = controller.call
    if call is None:
        return "callcompanion · no call running"
    record = call.record
    return f"{record.ticket} · {record.call_type_name} · {format_clock(call.elapsed())}"


def status_line(controller: CallController) -> str:
    call = controller.call
    if call is None:
        return "No call running"
    state = call.state()
    prefix = "Waiting" if state is CallState.WAITING else "In call"
    return f"{prefix} {format_clock(call.elapsed())} – {call.ticket} {call.record.call_type_name}"


class TrayController(QObject):
    """Owns the :class:`QSystemTrayIcon`.

    Signals:
        toggle_window: The icon was clicked: bring the window in front, or hide it when it
            already is.
        show_window: Bring the main window forward.
        hide_window: Hide the main window to the tray.
        start_call: Start a call (or show the form).
        mini_timer_toggled: Switch the mini timer on or off.
        quit_requested: Quit the app.
        availability_changed: A tray appeared or disappeared; carries the new availability.
    """

    toggle_window = Signal()
    show_window = Signal()
    hide_window = Signal()
    start_call = Signal()
    mini_timer_toggled = Signal(bool)
    quit_requested = Signal()
    availability_changed = Signal(bool)

    def __init__(
        self,
        controller: CallController,
        actions: CallActions,
        *,
        window_in_front: Callable[[], bool],
        mini_timer_visible: Callable[[], bool],
        mask_icon: bool = sys.platform == "darwin",
        icon: QSystemTrayIcon | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._actions = actions
        self._window_in_front = window_in_front
        self._mini_timer_visible = mini_timer_visible
        self._mask = mask_icon
        self._cache = IconCache()
        self._tooltip = ""
        self._outbox_status = ""
        self._available = QSystemTrayIcon.isSystemTrayAvailable()
        self._retries = 0
        self._holding: Callable[[], bool] = lambda: False
        self._held: list[tuple[str, str]] = []

        # *icon*: the one shown with the first paint, taken over rather than shown twice.
        self.icon = icon if icon is not None else QSystemTrayIcon(self)
        self.icon.setParent(self)
        self.menu = QMenu()
        self.menu.aboutToShow.connect(self._rebuild_menu)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_activated)
        self.icon.messageClicked.connect(self._on_message_clicked)
        self._message_click = False
        controller.ticked.connect(self.update)
        controller.call_changed.connect(self.update)

        self._watch = QTimer(self)
        self._watch.timeout.connect(self._check_availability)
        self.update()
        if self._available:
            self.icon.show()
            self.icon.setToolTip(self._tooltip)  # again after show(): some platforms drop it
            self._watch.start(RECHECK_MS)
        else:
            log.info("no system tray yet; will keep looking")
            self._watch.start(FAST_RETRY_MS)

    @property
    def available(self) -> bool:
        return self._available

    @property
    def icon_renders(self) -> int:
        """How many times the icon was drawn (for tests and benchmarks)."""
        return self._cache.renders

    def update(self) -> None:
        call = self._controller.call
        state = call.state() if call else None
        face = face_for(state, call.elapsed() if call else 0.0, mask=self._mask)
        icon, changed = self._cache.icon_for(face)
        if changed:
            self.icon.setIcon(icon)
        tooltip = tooltip_text(self._controller)
        if self._outbox_status:
            tooltip += f"\n{self._outbox_status}"
        if tooltip != self._tooltip:
            self._tooltip = tooltip
            self.icon.setToolTip(tooltip)

    def set_outbox_status(self, text: str) -> None:
        """What waits in the outbox (a line in the menu and the tooltip), or empty."""
        self._outbox_status = text
        self._tooltip = ""
        self.update()

    def notify(self, title: str, message: str) -> bool:
        """Show a balloon where a tray exists; returns whether it is (or will be) shown.

        While balloons are held (:meth:`hold_balloons_while`) it waits for
        :meth:`release_balloons`, with the others held.
        """
        if not self._available:
            return False
        if self._holding():
            # One per title, the newest: a second post that fails says the latest reason.
            self._held = [held for held in self._held if held[0] != title]
            self._held.append((title, message))
            del self._held[:-MAX_HELD_BALLOONS]
            return True
        self._show_balloon(title, message)
        return True

    def hold_balloons_while(self, holding: Callable[[], bool]) -> None:
        """Hold every balloon back while *holding* says so (nothing covers the prompt card)."""
        self._holding = holding

    def release_balloons(self, *, show: bool = True) -> None:
        """What was held back, in one balloon (none is lost to the next); *show* False drops it."""
        held, self._held = self._held, []
        if not held or not show or not self._available:
            return
        if len(held) == 1:
            self._show_balloon(*held[0])
            return
        lines = [text if title == APP_TITLE else f"{title}: {text}" for title, text in held]
        self._show_balloon(APP_TITLE, "\n".join(lines))

    def _show_balloon(self, title: str, message: str) -> None:
        self.icon.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, BALLOON_MS)

    def announce_prompt(self, prompt: Prompt) -> None:
        self.notify(prompt.title, prompt.message)

    def hide_balloon(self) -> None:
        """Close a balloon Qt draws itself (X11), so it covers nothing shown in its place."""
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and widget.metaObject().className() == "QBalloonTip":
                widget.close()

    def icon_geometry(self) -> QRect | None:
        """Where the icon is on screen, when the tray host has placed it."""
        geometry = self.icon.geometry()
        return geometry if self._available and not geometry.isEmpty() else None

    def _check_availability(self) -> None:
        available = QSystemTrayIcon.isSystemTrayAvailable()
        if not available:
            self._retries += 1
            if self._retries == FAST_RETRY_COUNT:
                self._watch.setInterval(SLOW_RETRY_MS)
        if available == self._available:
            return
        self._available = available
        log.info("system tray %s", "appeared" if available else "disappeared")
        if available:
            self._watch.start(RECHECK_MS)
            self.icon.show()
            self.icon.setToolTip(self._tooltip)
        else:
            self._retries = 0
            self._watch.start(FAST_RETRY_MS)
        self.availability_changed.emit(available)

    def _on_message_clicked(self) -> None:
        # On X11 a click on the icon while a balloon shows emits messageClicked and then
        # activated(Trigger) for the same click: show the window, do not toggle it away again.
        self._message_click = True
        QTimer.singleShot(0, self._clear_message_click)
        self.show_window.emit()

    def _clear_message_click(self) -> None:
        self._message_click = False

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if sys.platform == "darwin":  # a click opens the menu there
            return
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            if self._message_click:
                self._message_click = False
                return
            self.toggle_window.emit()
        elif reason == QSystemTrayIcon.ActivationReason.DoubleClick:
            # The first click of a double-click already toggled; a double-click means "show".
            self.show_window.emit()

    def _rebuild_menu(self) -> None:
        """Fill the menu from the live state each time it opens."""
        menu = self.menu
        menu.clear()
        status = QAction(status_line(self._controller), menu)
        status.setEnabled(False)
        menu.addAction(status)
        if self._outbox_status:
            outbox = QAction(self._outbox_status, menu)
            outbox.setEnabled(False)
            menu.addAction(outbox)
        menu.addSeparator()
        if self._controller.call is None:
            start = QAction("Start call…", menu)
            start.triggered.connect(self.start_call)
            menu.addAction(start)
        add_call_actions(menu, self._actions, heading_as_section=False)
        menu.addSeparator()
        if self._window_in_front():
            window = QAction("Hide window", menu)
            window.triggered.connect(self.hide_window)
        else:
            window = QAction("Show window", menu)
            window.triggered.connect(self.show_window)
        menu.addAction(window)
        mini = QAction("Mini timer", menu)
        mini.setCheckable(True)
        mini.setChecked(self._mini_timer_visible())
        mini.toggled.connect(self.mini_timer_toggled)
        menu.addAction(mini)
        menu.addSeparator()
        quit_action = QAction("Quit callcompanion", menu)
        quit_action.triggered.connect(self.quit_requested)
        menu.addAction(quit_action)

    def hide(self) -> None:
        self._watch.stop()
        self.icon.hide()
