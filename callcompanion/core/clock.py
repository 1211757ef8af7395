"""Clocks: a suspend-aware monotonic clock plus the wall clock, injectable for tests.

The call timer needs a clock that never jumps when the user or NTP changes the wall clock, but
that *does* keep counting while a laptop sleeps (a call that spans a lid-close is still going).
``time.monotonic()`` does not count suspended time on Linux or macOS, so each platform gets the
clock that does.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """What the call needs to know about time."""

    def monotonic(self) -> float:
        """Seconds on a clock that only moves forward and counts suspended time."""

    def now(self) -> datetime:
        """The current wall-clock time, timezone-aware (UTC)."""


def _pick_monotonic() -> Callable[[], float]:
    if sys.platform.startswith("linux") and hasattr(time, "CLOCK_BOOTTIME"):
        boottime = time.CLOCK_BOOTTIME  # CLOCK_MONOTONIC plus time spent in suspend

        def linux_boottime() -> float:
            return time.clock_gettime(boottime)

        return linux_boottime
    if sys.platform == "darwin":
        # On macOS CLOCK_MONOTONIC keeps counting while asleep (time.monotonic() does not).
        darwin_clock = time.CLOCK_MONOTONIC

        def darwin_monotonic() -> float:
            return time.clock_gettime(darwin_clock)

        return darwin_monotonic
    if sys.platform == "win32":
        import ctypes

        tick64 = ctypes.windll.kernel32.GetTickCount64  # includes sleep and hibernation
        tick64.restype = ctypes.c_uint64

        def windows_ticks() -> float:
            return float(tick64()) / 1000.0

        return windows_ticks
    return time.monotonic


suspend_aware_monotonic: Callable[[], float] = _pick_monotonic()


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        return suspend_aware_monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)


def to_utc_iso(moment: datetime) -> str:
    """Serialise an aware datetime as ISO 8601 in UTC (what the store keeps)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; pass an aware one")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_utc_iso(text: str) -> datetime:
    """Parse what :func:`to_utc_iso` wrote (naive values are taken as UTC)."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
