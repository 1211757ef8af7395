"""The store's file checked whole, on a worker thread, soon after the window is on screen.

Opening the store checks the whole file only when damage is likely (the last run did not quit
cleanly, or damage was seen before); every other start checks it here instead, off the GUI
thread and on a connection of its own, so the window never waits for a read of the whole file.
Damage found here is said plainly; the app keeps working with what it can read, and the next
start moves the file aside and carries what can still be read into a new one.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from callcompanion.controllers.workers import run_in_pool
from callcompanion.services.storage import Store

log = logging.getLogger(__name__)

# Long enough after the window shows that start-up has settled on a busy machine.
CHECK_DELAY_MS = 2000


class StoreCheck(QObject):
    """One check of the store's file per run, unless opening it checked it already.

    Signals:
        damaged: The file is damaged; carries a sentence for the engineer.
        checked: The check is over (damaged or not, or it could not run).
    """

    damaged = Signal(str)
    checked = Signal()

    def __init__(
        self, store: Store, *, checked_at_open: bool, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._needed = store.persistent and not checked_at_open
        self._started = False

    @property
    def needed(self) -> bool:
        """Whether this run still has to check the file (it was not checked when opened)."""
        return self._needed

    def start_later(self) -> None:
        """Check the file on a worker thread once the window has had time to show."""
        if self._needed and not self._started:
            self._started = True
            QTimer.singleShot(CHECK_DELAY_MS, self._start)

    def _start(self) -> None:
        run_in_pool(
            self._store.integrity_problem,
            on_result=self._done,
            on_error=self._failed,
            owner=self,
        )

    def _done(self, problem: str | None) -> None:
        self._needed = False
        if problem:
            self.damaged.emit(problem)
        self.checked.emit()

    def _failed(self, err: Exception) -> None:
        log.warning("the call history could not be checked: %s", err)
        self.checked.emit()
