"""Reminders before each booked call, as Settings → Timing says (0 minutes: none).

Each booking is reminded of once, from the chosen minutes before its start until its no-show
check would be over (the app started late still says so); never a cancelled one, nor one
already started as a call. One single-shot timer waits for the next reminder, at most a minute
at a time, so a wall clock that jumps (a suspend, a time zone change) is caught within a minute.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection

from PySide6.QtCore import QObject, QTimer, Signal

from callcompanion.controllers.settings import SettingsModel
from callcompanion.core.booking_calls import next_reminder_at, reminders_due
from callcompanion.core.bookings import Booking
from callcompanion.core.clock import Clock

log = logging.getLogger(__name__)

MAX_WAIT_MS = 60_000


class BookingReminders(QObject):
    """Says when a booking is about to start.

    Signals:
        due: A booking is about to start (or just started); carries the
            :class:`~callcompanion.core.booking_calls.Reminder`.
    """

    due = Signal(object)

    def __init__(
        self,
        bookings: Callable[[], list[Booking]],
        started: Callable[[], Collection[str]],
        settings: SettingsModel,
        clock: Clock,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bookings = bookings
        self._started = started
        self._settings = settings
        self._clock = clock
        self._reminded: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check)
        settings.changed.connect(self.check)

    def check(self) -> None:
        """Remind of what is due now, then wait for the next one (bookings or settings changed)."""
        settings = self._settings.value
        minutes = settings.booking_reminder_minutes
        now = self._clock.now()
        bookings = self._bookings()
        for reminder in reminders_due(
            bookings,
            now,
            minutes,
            self._reminded,
            self._started(),
            no_show_after_minutes=settings.no_show_after_minutes,
        ):
            self._reminded.add(reminder.booking.uri)
            log.info("reminder: booking at %s %s", reminder.booking.start, reminder.describe())
            self.due.emit(reminder)
        self._timer.stop()
        at = next_reminder_at(bookings, now, minutes, self._reminded)
        if at is not None:
            wait = (at - now).total_seconds() * 1000
            self._timer.start(int(max(1000, min(MAX_WAIT_MS, wait + 500))))

    def stop(self) -> None:
        self._timer.stop()
