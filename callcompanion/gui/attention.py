"""How the app gets the engineer's attention, whatever is in front, without taking the keyboard.

Prompts, nags, failed posts and the outbox's state reach the engineer through here, and the
first hide to the tray says where the app went. A prompt (and a nagging step, when the window
is not in front) comes as the engineer chose in Settings → Timing: the prompt card near the
tray (the default), the main window raised, or the tray's notification only; each also rings
the bell and asks the desktop to flag the window where it can. None of them takes keyboard
focus from the meeting. While the card is up the tray holds every balloon back, so nothing
covers it; what was held is shown in one balloon once the card goes.

A click on the tray icon brings a buried window in front and hides it only when it already is.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QApplication

from callcompanion.controllers.call_actions import CallActions
from callcompanion.controllers.checklist import ChecklistController
from callcompanion.controllers.outbox_counts import OutboxCounts
from callcompanion.controllers.settings import SettingsModel
from callcompanion.core.call import Prompt
from callcompanion.core.checklists import ChecklistItem
from callcompanion.core.settings import PromptAttention
from callcompanion.gui.main_window import MainWindow
from callcompanion.gui.main_window.banners import Level
from callcompanion.gui.prompt_card import PromptCard
from callcompanion.gui.tray import TrayController
from callcompanion.services.outbox import OutboxEntry

log = logging.getLogger(__name__)

NO_TRAY_NOTICE = (
    "No system tray was found (this desktop has no tray or status area), so this window stays "
    "open. Closing it quits callcompanion; a running call resumes when you start it again."
)
TRAY_HINT = "callcompanion keeps running here. Click the icon to bring the window back."
STATUS_MS = 8000
# On Windows a click on the taskbar's tray activates the taskbar before the icon hears of it:
# a window that was active a moment before the click counts as in front.
FRONT_GRACE_SECONDS = 0.5 if sys.platform == "win32" else 0.0


class Attention(QObject):
    """Slots for what must reach the engineer, said in the tray or in the main window."""

    def __init__(
        self,
        window: MainWindow,
        tray: TrayController,
        settings: SettingsModel,
        actions: CallActions,
        checklists: ChecklistController,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._tray = tray
        self._settings = settings
        self._actions = actions
        self._checklists = checklists
        self._quitting = False
        self._card: PromptCard | None = None
        self._window_focused = False
        self._left_front_at = -1.0
        tray.hide_window.connect(window.close)
        tray.hold_balloons_while(self.card_visible)
        actions.refused.connect(self.refused)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self._focus_changed)
            window.destroyed.connect(lambda: app.focusWindowChanged.disconnect(self._focus_changed))

    @property
    def card(self) -> PromptCard:
        """The prompt card (built the first time it is needed)."""
        if self._card is None:
            card = PromptCard(self._actions, self._checklists)
            card.open_window_requested.connect(lambda: self._window.bring_forward(activate=True))
            card.closed.connect(self._card_closed)
            self._card = card
        return self._card

    def card_visible(self) -> bool:
        return self._card is not None and self._card.isVisible()

    def stop(self) -> None:
        """The app is quitting: nothing comes forward by itself any more."""
        self._quitting = True
        if self._card is not None:
            self._card.hide()
            self._card.deleteLater()
            self._card = None

    def status(self, text: str) -> None:
        """Say *text* in the window's status bar for a few seconds."""
        self._window.statusbar.showMessage(text, STATUS_MS)

    def notice(self, level: Level) -> Callable[[str], None]:
        """A slot that shows a sentence as a notice of *level* in the window."""

        def show(text: str) -> None:
            self._window.add_notice(text, level)

        return show

    def prompt(self, prompt: Prompt) -> None:
        """A prompt became due: bring its answers in front of the engineer, keyboard untouched."""
        log.info("prompt %s: %s", prompt.key, prompt.title)
        if self._quitting:
            return
        way = self._way()
        if way is PromptAttention.CARD:
            self._tray.hide_balloon()
            self.card.offer_prompt(self._tray.icon_geometry())
        elif way is PromptAttention.WINDOW:
            self._window.bring_forward(activate=False)
        else:
            self._tray.announce_prompt(prompt)
        self._ring()

    def nag(self, item: ChecklistItem) -> None:
        """A checklist step nags: as a prompt, unless the window (and its banner) is in front."""
        if self._quitting:
            return
        way = self._way()
        if way is not PromptAttention.NOTIFICATION and self.window_in_front():
            return  # its banner is in front of the engineer already
        if way is PromptAttention.CARD:
            self._tray.hide_balloon()
            self.card.offer_nag(item, self._tray.icon_geometry())
        elif way is PromptAttention.WINDOW:
            self._window.bring_forward(activate=False)
        else:
            self._tray.notify(item.title, item.help)
        self._ring()

    def _way(self) -> PromptAttention:
        """The engineer's choice, or the nearest that works here (no screen, no tray)."""
        way = self._settings.value.prompt_attention
        if way is PromptAttention.CARD and not QGuiApplication.screens():
            return PromptAttention.WINDOW
        if way is PromptAttention.NOTIFICATION and not self._tray.available:
            return PromptAttention.WINDOW
        return way

    def _ring(self) -> None:
        QApplication.beep()
        QApplication.alert(self._window)

    def notify(self, title: str, message: str) -> bool:
        """A tray balloon, held back while the card is up; whether it is (or will be) shown."""
        return self._tray.notify(title, message)

    def _card_closed(self) -> None:
        self._tray.release_balloons(show=not self._quitting)

    def outbox_changed(self, counts: OutboxCounts) -> None:
        text = counts.describe()
        self._window.set_outbox_status(text, attention=bool(counts.failed))
        self._tray.set_outbox_status(text)

    def refused(self, text: str) -> None:
        """A remote's choice could not be done: said where the engineer is looking."""
        self._window.add_notice(text, Level.WARNING)
        if not self._window.isVisible():
            self.notify("callcompanion", text)

    def post_failed(self, entry: OutboxEntry) -> None:
        message = f"{entry.label}: {entry.last_error}"
        if not self.notify("A post needs your attention", message):
            self._window.bring_forward(activate=False)

    def post_sent(self, entry: OutboxEntry) -> None:
        self.status(f"{entry.label} is in Zendesk.")

    def tray_availability(self, available: bool) -> None:
        """Without a tray, closing the window quits, and the window says so."""
        self._window.keep_running_in_tray = available
        if available:
            self._window.remove_notice(NO_TRAY_NOTICE)
        else:
            self._window.add_notice(NO_TRAY_NOTICE, Level.INFO)
            if not self._window.isVisible() and not self._quitting:
                self._window.bring_forward(activate=False)

    def hidden_to_tray(self) -> None:
        """The first time the window hides to the tray, the tray says where the app went."""
        if not self._settings.value.tray_hint_shown:
            self.notify("callcompanion", TRAY_HINT)
            self._settings.update(tray_hint_shown=True)

    def window_in_front(self) -> bool:
        """Whether the main window is where the engineer is looking: shown and active."""
        window = self._window
        if not window.isVisible() or window.isMinimized():
            return False
        if window.isActiveWindow():
            return True
        return time.monotonic() - self._left_front_at < FRONT_GRACE_SECONDS

    def toggle_window(self) -> None:
        """The tray icon was clicked: a window in front hides; otherwise it comes in front."""
        if self.window_in_front():
            self._window.close()
        else:
            self._window.bring_forward(activate=True)

    def _focus_changed(self, focus: QWindow | None) -> None:
        handle = self._window.windowHandle()
        focused = handle is not None and focus is handle
        if self._window_focused and not focused:
            self._left_front_at = time.monotonic()
        self._window_focused = focused
