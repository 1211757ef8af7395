"""The outbox's changes, told to the views once per turn of the event loop."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class ChangeNotes(QObject):
    """Collects the ids of changed entries and tells them once control is back in the loop.

    *tell* gets the ids (a ``frozenset``), or ``None`` when any entry may have changed.
    """

    def __init__(
        self, tell: Callable[[frozenset[int] | None], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._tell = tell
        self._ids: set[int] | None = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tell_now)

    def touch(self, *entry_ids: int) -> None:
        """These entries changed."""
        if self._ids is not None:
            self._ids.update(entry_ids)
        if not self._timer.isActive():
            self._timer.start()

    def touch_all(self) -> None:
        """Any entry may have changed (connections changed, a restart)."""
        self._ids = None
        if not self._timer.isActive():
            self._timer.start()

    def _tell_now(self) -> None:
        ids, self._ids = self._ids, set()
        self._tell(None if ids is None else frozenset(ids))
