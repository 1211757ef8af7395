"""State colours, shared by the tray icon, the window and the mini timer.

Each is dark enough for white text (contrast ratio of at least 4.5:1) and distinct in hue; the
tray icon also varies its shape by state, so colour is never the only signal.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from callcompanion.core.call_state import CallState

IDLE = "#4b5563"
ERROR = "#b91c1c"
WARNING = "#b45309"
# For a label's text: a problem to fix, or something to be aware of.
ERROR_STYLE = f"color: {ERROR};"
WARN_STYLE = f"color: {WARNING};"
STATE_COLOURS: dict[CallState, str] = {
    CallState.WAITING: WARNING,  # amber: the customer is not here yet
    CallState.IN_PROGRESS: "#15803d",  # green: on track
    CallState.WRAP_UP: "#1d4ed8",  # blue: wind down
    CallState.OVERTIME: ERROR,  # red: past the planned length
    CallState.ENDED: IDLE,
}


def state_colour(state: CallState | None) -> QColor:
    return QColor(STATE_COLOURS.get(state, IDLE) if state else IDLE)


def chip_style(state: CallState | None) -> str:
    """A stylesheet for a rounded label showing *state*."""
    return (
        f"background-color: {state_colour(state).name()}; color: white; "
        "border-radius: 9px; padding: 2px 10px; font-weight: 600;"
    )
