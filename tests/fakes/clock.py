"""A clock the tests move by hand: ten minutes pass in a microsecond."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class FakeClock:
    """Implements :class:`callcompanion.core.clock.Clock`.

    ``advance`` moves both clocks (time passing); ``set_wall`` moves only the wall clock
    (someone changed the system time); ``restart`` starts a new monotonic epoch (a reboot).
    """

    def __init__(self, wall: datetime | None = None, mono: float = 5_000.0) -> None:
        self.mono = mono
        self.wall = wall or datetime(2026, 11, 27, 10, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return self.mono

    def now(self) -> datetime:
        return self.wall

    def advance(self, seconds: float = 0.0, *, minutes: float = 0.0) -> None:
        delta = seconds + minutes * 60
        self.mono += delta
        self.wall += timedelta(seconds=delta)

    def set_wall(self, wall: datetime) -> None:
        self.wall = wall

    def restart(self, mono: float = 100.0) -> None:
        self.mono = mono
