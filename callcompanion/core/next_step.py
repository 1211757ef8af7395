"""What comes next in a call, worded for the line under the timer and for the mini timer.

Derived from the stored :class:`~callcompanion.core.call.CallRecord` and the elapsed seconds
only, like the state and the due prompts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from callcompanion.core.prompts import Answer
from callcompanion.core.timefmt import format_clock, format_minutes, minutes_until

if TYPE_CHECKING:
    from callcompanion.core.call import CallRecord


class StepKind(StrEnum):
    """The next thing a call waits for."""

    ENDED = "ended"
    RESPONSE = "response"  # an emergency's response timer
    WAITING = "waiting"  # for the customer, with no check to come
    NO_SHOW = "no_show"
    OPEN = "open"  # an open-ended call, nothing timed
    WRAP_UP = "wrap_up"
    TIMES_UP = "times_up"
    OVER = "over"  # past the planned length


@dataclass(frozen=True)
class NextStep:
    """The next thing in a call: its kind, seconds left (if timed) and, for responses, which."""

    kind: StepKind
    left: float | None = None
    what: str = ""

    @property
    def counting(self) -> bool:
        """Whether time is still left before it (as opposed to being due now)."""
        return self.left is not None and self.left > 0

    @property
    def left_text(self) -> str:
        return format_minutes(minutes_until(self.left)) if self.left is not None else ""


def upcoming(record: CallRecord, elapsed: float) -> NextStep:
    """What comes next in the call *record*, *elapsed* seconds in."""
    if record.ended:
        return NextStep(StepKind.ENDED)
    if record.joined_at is None:
        step = record.responses_answered
        if record.no_show_due is None and step < len(record.response_minutes):
            what = "follow-up" if step == 0 else "closing the bridge"
            return NextStep(StepKind.RESPONSE, record.response_minutes[step] * 60 - elapsed, what)
        if record.no_show_due is None:
            return NextStep(StepKind.WAITING)
        return NextStep(StepKind.NO_SHOW, record.no_show_due - elapsed)
    if record.planned_seconds is None:
        return NextStep(StepKind.OPEN)
    wrapup_due = record.wrapup_due
    if wrapup_due is not None and elapsed < wrapup_due:
        return NextStep(StepKind.WRAP_UP, wrapup_due - elapsed)
    if elapsed < record.planned_seconds:
        return NextStep(StepKind.TIMES_UP, record.planned_seconds - elapsed)
    extension = None
    if record.times_up_answer is Answer.CONTINUE and record.continue_until is not None:
        extension = record.continue_until - elapsed
    return NextStep(StepKind.OVER, extension)


def describe(record: CallRecord, elapsed: float) -> str:
    """The line under the timer (e.g. "Wrap-up in 6 min")."""
    step = upcoming(record, elapsed)
    left = step.left_text
    match step.kind:
        case StepKind.ENDED:
            outcome = record.outcome.label if record.outcome else "Ended"
            return f"{outcome} · {format_clock(elapsed)}"
        case StepKind.RESPONSE:
            if step.counting:
                return f"{step.what.capitalize()} in {left} without a response"
            return f"No response: {step.what} is due"
        case StepKind.WAITING:
            return "Waiting for the customer to join"
        case StepKind.NO_SHOW:
            if step.counting:
                return f"No-show check in {left}"
            return "Customer hasn't joined: end the call or keep waiting"
        case StepKind.OPEN:
            return "Open-ended call"
        case StepKind.WRAP_UP:
            return f"Wrap-up in {left}"
        case StepKind.TIMES_UP:
            return f"Time's up in {left}"
        case StepKind.OVER:
            over = over_text(overtime(record, elapsed))
            if step.counting:
                return f"{over} · extension ends in {left}"
            return f"{over} · planned {format_minutes((record.planned_seconds or 0) // 60)}"


def describe_short(record: CallRecord, elapsed: float) -> str:
    """A few words for the mini timer (e.g. "wrap-up in 6 min")."""
    step = upcoming(record, elapsed)
    left = step.left_text
    match step.kind:
        case StepKind.ENDED:
            return record.outcome.label.lower() if record.outcome else "ended"
        case StepKind.RESPONSE:
            return f"{step.what} in {left}" if step.counting else f"{step.what} due"
        case StepKind.WAITING:
            return "waiting"
        case StepKind.NO_SHOW:
            return f"no-show check in {left}" if step.counting else "customer not here"
        case StepKind.OPEN:
            return "open-ended"
        case StepKind.WRAP_UP:
            return f"wrap-up in {left}"
        case StepKind.TIMES_UP:
            return f"time's up in {left}"
        case StepKind.OVER:
            return over_text(overtime(record, elapsed)).lower()


def overtime(record: CallRecord, elapsed: float) -> float:
    """Seconds past the planned length (0 when not over, or open-ended)."""
    if record.planned_seconds is None:
        return 0.0
    return max(0.0, elapsed - record.planned_seconds)


def over_text(overtime: float) -> str:
    """Minute steps, so the line changes once a minute (the big timer shows the seconds)."""
    minutes = int(overtime // 60)
    return "Over by under a minute" if minutes < 1 else f"Over by {format_minutes(minutes)}"
