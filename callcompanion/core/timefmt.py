"""How durations read on the timer, the tray and in the history."""

from __future__ import annotations

import math


def format_clock(seconds: float) -> str:
    """``23:41`` under an hour, ``1:02:03`` from an hour on (seconds are floored)."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def minutes_until(seconds: float) -> int:
    """Whole minutes left, rounded up, so "in 1 min" lasts until the moment itself."""
    return max(0, math.ceil(seconds / 60 - 1e-9))


def format_minutes(minutes: int) -> str:
    """``45 min``, ``1 h``, ``1 h 30 min``."""
    hours, mins = divmod(max(0, minutes), 60)
    if hours and mins:
        return f"{hours} h {mins} min"
    if hours:
        return f"{hours} h"
    return f"{mins} min"


def format_duration(seconds: float) -> str:
    """A finished call's length for the history: ``42 min``, ``1 h 05 min``, ``45 s``."""
    total = max(0, int(seconds))
    if total < 60:
        return f"{total} s"
    hours, rest = divmod(total, 3600)
    minutes = rest // 60
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min"
