"""How the app gets the engineer's attention: the tray, or the window where there is no tray.

Prompts, nags, failed posts and the outbox's state reach the engineer through here, and the
first hide to the tray says where the app went.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from callcompanion.controllers.outbox_counts import OutboxCounts
from callcompanion.controllers.settings import SettingsModel
from callcompanion.core.call import Prompt
from callcompanion.core.checklists import ChecklistItem
from callcompanion.gui.main_window import MainWindow
from callcompanion.gui.main_window.banners import Level
from callcompanion.gui.tray import TrayController
from callcompanion.services.outbox import OutboxEntry

log = logging.getLogger(__name__)

NO_TRAY_NOTICE = (
    "No system tray was found (this desktop has no tray or status area), so this window stays "
    "open. Closing it quits callcompanion; a running call resumes when you start it again."
)
TRAY_HINT = "callcompanion keeps running here. Click the icon to bring the window back."
STATUS_MS = 8000


class Attention(QObject):
    """Slots for what must reach the engineer, said in the tray or in the main window."""

    def __init__(
        self,
        window: MainWindow,
        tray: TrayController,
        settings: SettingsModel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._tray = tray
        self._settings = settings
        self._quitting = False

    def stop(self) -> None:
        """The app is quitting: the window no longer comes forward by itself."""
        self._quitting = True

    def status(self, text: str) -> None:
        """Say *text* in the window's status bar for a few seconds."""
        self._window.statusbar.showMessage(text, STATUS_MS)

    def notice(self, level: Level) -> Callable[[str], None]:
        """A slot that shows a sentence as a notice of *level* in the window."""

        def show(text: str) -> None:
            self._window.add_notice(text, level)

        return show

    def prompt(self, prompt: Prompt) -> None:
        if self._settings.value.show_window_on_prompt and not self._window.isVisible():
            self._window.bring_forward(activate=False)
        QApplication.alert(self._window)
        log.info("prompt %s: %s", prompt.key, prompt.title)

    def nag(self, item: ChecklistItem) -> None:
        self._tray.notify(item.title, item.help)

    def outbox_changed(self, counts: OutboxCounts) -> None:
        text = counts.describe()
        self._window.set_outbox_status(text, attention=bool(counts.failed))
        self._tray.set_outbox_status(text)

    def post_failed(self, entry: OutboxEntry) -> None:
        message = f"{entry.label}: {entry.last_error}"
        if not self._tray.notify("A post needs your attention", message):
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
            self._tray.notify("callcompanion", TRAY_HINT)
            self._settings.update(tray_hint_shown=True)

    def toggle_window(self) -> None:
        if self._window.isVisible() and not self._window.isMinimized():
            self._window.close()
        else:
            self._window.bring_forward(activate=True)
