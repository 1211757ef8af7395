"""A call's state, on its own so the first paint can name it without the call's logic."""

from __future__ import annotations

from enum import StrEnum


class CallState(StrEnum):
    WAITING = "waiting"
    IN_PROGRESS = "in_progress"
    WRAP_UP = "wrap_up"
    OVERTIME = "overtime"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return {
            CallState.WAITING: "Waiting for the customer",
            CallState.IN_PROGRESS: "In progress",
            CallState.WRAP_UP: "Wrap-up",
            CallState.OVERTIME: "Overtime",
            CallState.ENDED: "Ended",
        }[self]


def resumed_elapsed(since_start_seconds: float, last_saved_elapsed: float) -> float:
    """A resumed call's elapsed time: from its wall-clock start, never below what was saved.

    The wall clock can be moved back while the app is closed; the saved value keeps the timer
    from running backwards.
    """
    return max(0.0, since_start_seconds, last_saved_elapsed)
