"""What the window shows before the rest of the app is built.

The first paint needs only two things from the profile: where the window was, and the line of
a call that is still running (ticket, type, platform, elapsed time). Both are read here with
the standard library alone, read-only and forgivingly: anything missing or unreadable gives
``None``, and the full start-up that follows reads the same files properly and says what is
wrong with them.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from callcompanion.core.call_state import resumed_elapsed
from callcompanion.core.clock import from_utc_iso
from callcompanion.core.filelimits import read_limited

_PLATFORMS = {"zoom": "Zoom", "webex": "WebEx"}
_SETTINGS_LIMIT = 1_000_000


class RunningCallLine(NamedTuple):
    """A running call as the first paint shows it."""

    ticket_number: int
    call_type_name: str
    platform_label: str
    elapsed_seconds: float

    @property
    def title(self) -> str:
        return f"#{self.ticket_number} · {self.call_type_name} · {self.platform_label}"


def window_geometry(settings_file: Path) -> str:
    """The saved window geometry (base64), or ``""``."""
    try:
        data = json.loads(read_limited(settings_file, _SETTINGS_LIMIT))
    except (OSError, ValueError, RecursionError, MemoryError):
        return ""
    value = data.get("window_geometry", "") if isinstance(data, dict) else ""
    return value if isinstance(value, str) else ""


def running_call(store_file: Path, now: datetime | None = None) -> RunningCallLine | None:
    """The running call's line, or ``None`` (no call, no store, or nothing readable)."""
    if not store_file.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{store_file.as_uri()}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute(
            "SELECT ticket_number, call_type_name, platform, started_at, last_elapsed "
            "FROM calls WHERE outcome IS NULL LIMIT 1"
        ).fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    if row is None:
        return None
    try:
        number, type_name, platform, started_at, last_elapsed = row
        since_start = ((now or datetime.now(UTC)) - from_utc_iso(started_at)).total_seconds()
        return RunningCallLine(
            int(number),
            str(type_name),
            _PLATFORMS.get(str(platform), str(platform)),
            resumed_elapsed(since_start, float(last_elapsed or 0.0)),
        )
    except (TypeError, ValueError):
        return None
