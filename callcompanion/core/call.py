"""The call: its timer, its states and the prompts that follow the workflow (docs/workflow.md).

Elapsed time is never counted in ticks. A running call keeps an *anchor* on the injected
suspend-aware monotonic clock plus the elapsed seconds at that anchor; a call read back from the
store after a restart re-anchors from the persisted wall-clock start (and never goes below the
last elapsed value it saved, in case the wall clock moved back while the app was closed).

Everything the call remembers is in one immutable :class:`CallRecord`, which is what the store
keeps; the state and the due prompts are derived from it and the elapsed time.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from callcompanion.core import next_step as steps
from callcompanion.core.call_state import CallState, resumed_elapsed
from callcompanion.core.calltypes import CallType, preset
from callcompanion.core.clock import Clock
from callcompanion.core.followups import FollowUp, FollowUpKind
from callcompanion.core.prompts import (
    NO_SHOW_WAIT_MINUTES,
    Answer,
    Prompt,
    PromptKind,
    no_show_prompt,
    response_prompt,
    times_up_prompt,
    wrap_up_prompt,
)
from callcompanion.core.ticket import TicketRef

__all__ = [
    "CONTINUE_MINUTES_CHOICES",
    "DEFAULT_CONTINUE_MINUTES",
    "NO_SHOW_AFTER_MINUTES",
    "NO_SHOW_WAIT_MINUTES",
    "REOPEN_MINUTES",
    "Answer",
    "Call",
    "CallError",
    "CallRecord",
    "CallState",
    "Outcome",
    "Platform",
    "Prompt",
    "PromptKind",
]

NO_SHOW_AFTER_MINUTES = 10
REOPEN_MINUTES = 15
CONTINUE_MINUTES_CHOICES = (5, 10, 15)
# What *Continue* means without a choice: remind again after this many minutes.
DEFAULT_CONTINUE_MINUTES = 10


class Platform(StrEnum):
    ZOOM = "zoom"
    WEBEX = "webex"

    @property
    def label(self) -> str:
        return {Platform.ZOOM: "Zoom", Platform.WEBEX: "WebEx"}[self]


class Outcome(StrEnum):
    COMPLETED = "completed"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {
            Outcome.COMPLETED: "Completed",
            Outcome.NO_SHOW: "No-show",
            Outcome.CANCELLED: "Cancelled",
        }[self]


class CallError(RuntimeError):
    """An action that does not fit the call's state (e.g. answering after the call ended)."""


@dataclass(frozen=True)
class CallRecord:
    """Everything a call remembers; elapsed values are seconds since the start.

    Attributes:
        id: Unique id.
        ticket: The ticket the call is about.
        call_type_key: The call type's key.
        call_type_name: The call type's name when the call started.
        platform: Zoom or WebEx.
        started_at: Wall-clock start (UTC).
        planned_seconds: Planned length, ``None`` for open-ended calls.
        wrapup_lead_seconds: How long before the planned end wrap-up starts.
        no_show_after_seconds: When the no-show prompt first appears, ``None`` for no check.
        joined_at: When the customer was marked as joined.
        no_show_due: When the no-show prompt is (next) due.
        wrapup_answered: Whether the wrap-up prompt was answered.
        times_up_answer: The answer to the latest time's-up prompt.
        continue_until: When a *Continue* extension runs out (a new time's-up prompt).
        ended_at: Elapsed seconds at the end.
        outcome: How the call ended.
        last_elapsed: The latest elapsed value saved (a floor for resuming).
        connection_id: The Zendesk connection the call's ticket lives in.
        response_minutes: Response timers (Emergency), from the call type.
        responses_answered: How many response prompts were answered.
        booking_uri: The Calendly booking the call was started from, if any.
        booked_start: When that booking was for (UTC): the no-show check counts from it.
    """

    id: str
    ticket: TicketRef
    call_type_key: str
    call_type_name: str
    platform: Platform
    started_at: datetime
    planned_seconds: int | None
    wrapup_lead_seconds: int | None
    no_show_after_seconds: int | None
    joined_at: float | None = None
    no_show_due: float | None = None
    wrapup_answered: bool = False
    times_up_answer: Answer | None = None
    continue_until: float | None = None
    ended_at: float | None = None
    outcome: Outcome | None = None
    last_elapsed: float = 0.0
    connection_id: str | None = None
    response_minutes: tuple[int, ...] = ()
    responses_answered: int = 0
    booking_uri: str | None = None
    booked_start: datetime | None = None

    @property
    def ended(self) -> bool:
        return self.ended_at is not None

    @property
    def duration(self) -> float:
        """Length of an ended call (or the last saved elapsed time of a running one)."""
        return self.ended_at if self.ended_at is not None else self.last_elapsed

    @property
    def ended_wall(self) -> datetime | None:
        """The wall-clock moment the call ended."""
        if self.ended_at is None:
            return None
        return self.started_at + timedelta(seconds=self.ended_at)

    @property
    def wrapup_due(self) -> float | None:
        if self.planned_seconds is None or self.wrapup_lead_seconds is None:
            return None
        return float(max(0, self.planned_seconds - self.wrapup_lead_seconds))

    @property
    def times_up_due(self) -> float | None:
        """When the next time's-up prompt is due, if one is still to come."""
        if self.planned_seconds is None:
            return None
        if self.times_up_answer is None:
            return float(self.planned_seconds)
        if self.times_up_answer is Answer.CONTINUE:
            return self.continue_until
        return None


class Call:
    """A running or ended call, driven by an injected clock.

    Each action replaces :attr:`record`; the owner persists it afterwards. *call_type* is the
    type it was started as; a call read back from the store finds it among the presets by key
    (what the record does not keep, such as whether it continues only at the engineer's
    discretion, is not editable).
    """

    def __init__(self, record: CallRecord, clock: Clock, call_type: CallType | None = None) -> None:
        self._record = record
        self._clock = clock
        self._call_type = call_type or preset(record.call_type_key)
        self._anchor = clock.monotonic()
        since_start = (clock.now() - record.started_at).total_seconds()
        self._base = resumed_elapsed(since_start, record.last_elapsed)

    @classmethod
    def start(
        cls,
        *,
        ticket: TicketRef,
        call_type: CallType,
        platform: Platform,
        clock: Clock,
        default_wrapup_lead_minutes: int,
        no_show_after_minutes: int = NO_SHOW_AFTER_MINUTES,
        customer_joined: bool = False,
        connection_id: str | None = None,
        booked_start: datetime | None = None,
        booking_uri: str | None = None,
        new_id: Callable[[], str] = lambda: os.urandom(16).hex(),
    ) -> Call:
        """Start a call now.

        A call booked for *booked_start* counts the no-show check from the booked time: joined
        3 minutes late, the prompt still comes 10 minutes after the booked start (at once when
        that has passed); joined early, it waits for the booked start plus 10 minutes.
        """
        lead = call_type.effective_wrapup_lead(default_wrapup_lead_minutes)
        no_show_after = no_show_after_minutes * 60 if call_type.no_show_check else None
        now = clock.now()
        no_show_due = None if customer_joined or no_show_after is None else float(no_show_after)
        if no_show_due is not None and booked_start is not None:
            no_show_due = max(0.0, no_show_due - (now - booked_start).total_seconds())
        record = CallRecord(
            id=new_id(),
            ticket=ticket,
            call_type_key=call_type.key,
            call_type_name=call_type.name,
            platform=platform,
            started_at=now,
            planned_seconds=None
            if call_type.planned_minutes is None
            else call_type.planned_minutes * 60,
            wrapup_lead_seconds=None if lead is None else lead * 60,
            no_show_after_seconds=no_show_after,
            joined_at=0.0 if customer_joined else None,
            no_show_due=no_show_due,
            connection_id=connection_id,
            response_minutes=call_type.response_minutes,
            booking_uri=booking_uri,
            booked_start=booked_start,
        )
        call = cls(record, clock, call_type)
        call._base = 0.0
        return call

    # -- reading -----------------------------------------------------------------------------

    @property
    def record(self) -> CallRecord:
        """The record to persist, with the current elapsed time as its floor."""
        return replace(self._record, last_elapsed=self.elapsed())

    @property
    def id(self) -> str:
        return self._record.id

    @property
    def ticket(self) -> TicketRef:
        return self._record.ticket

    @property
    def ended(self) -> bool:
        return self._record.ended

    @property
    def customer_joined(self) -> bool:
        return self._record.joined_at is not None

    def elapsed(self) -> float:
        if self._record.ended_at is not None:
            return self._record.ended_at
        return self._base + max(0.0, self._clock.monotonic() - self._anchor)

    def state(self) -> CallState:
        record = self._record
        if record.ended:
            return CallState.ENDED
        if record.joined_at is None:
            return CallState.WAITING
        elapsed = self.elapsed()
        if record.planned_seconds is not None and elapsed >= record.planned_seconds:
            return CallState.OVERTIME
        wrapup_due = record.wrapup_due
        if wrapup_due is not None and elapsed >= wrapup_due:
            return CallState.WRAP_UP
        return CallState.IN_PROGRESS

    def overtime(self) -> float:
        """Seconds past the planned length (0 when not over)."""
        return steps.overtime(self._record, self.elapsed())

    def due_prompts(self) -> list[Prompt]:
        """The prompts due now and not yet answered, oldest first.

        While the customer has not joined only the no-show prompt can be due. A due time's-up
        prompt supersedes an unanswered wrap-up prompt.
        """
        record = self._record
        if record.ended:
            return []
        elapsed = self.elapsed()
        if record.joined_at is None:
            if record.no_show_due is not None and elapsed >= record.no_show_due:
                return [no_show_prompt(self.ticket, record.no_show_due, self._waited(record))]
            step = record.responses_answered
            if step < len(record.response_minutes):
                due = float(record.response_minutes[step] * 60)
                if elapsed >= due:
                    return [response_prompt(self.ticket, step, due)]
            return []
        times_up_due = record.times_up_due
        if times_up_due is not None and elapsed >= times_up_due:
            return [self._times_up_prompt(times_up_due)]
        wrapup_due = record.wrapup_due
        if wrapup_due is not None and not record.wrapup_answered and elapsed >= wrapup_due:
            return [wrap_up_prompt(self.ticket, record.planned_seconds or 0, wrapup_due)]
        return []

    def next_step(self) -> str:
        """What comes next, for the line under the timer (e.g. "Wrap-up in 6 min")."""
        return steps.describe(self._record, self.elapsed())

    def short_next_step(self) -> str:
        """A few words on what comes next, for the mini timer (e.g. "wrap-up in 6 min")."""
        return steps.describe_short(self._record, self.elapsed())

    # -- acting ------------------------------------------------------------------------------

    def mark_joined(self) -> None:
        """The customer is in the meeting."""
        self._require_running()
        if self._record.joined_at is None:
            self._record = replace(self._record, joined_at=self.elapsed(), no_show_due=None)

    def wait_longer(self, minutes: int = NO_SHOW_WAIT_MINUTES) -> None:
        """Ask again about the no-show *minutes* from now."""
        self._require_running()
        if self._record.joined_at is not None:
            raise CallError("The customer has already joined.")
        self._record = replace(self._record, no_show_due=self.elapsed() + minutes * 60)

    def mark_no_show(self) -> FollowUp:
        """End the call because the customer did not come; returns the follow-up it leaves."""
        self._require_running()
        if self._record.joined_at is not None:
            raise CallError("The customer joined this call, so it cannot be a no-show.")
        self._finish(Outcome.NO_SHOW)
        return FollowUp(
            kind=FollowUpKind.NO_SHOW,
            call_id=self.id,
            ticket=self.ticket,
            created_at=self._clock.now(),
        )

    def start_wrap_up(self) -> None:
        """Answer to the wrap-up prompt."""
        self._require_running()
        self._record = replace(self._record, wrapup_answered=True)

    def wrap_up_at_times_up(self) -> None:
        """Answer *Wrap up* to the time's-up prompt: no more reminders, overtime still counts."""
        self._require_running()
        self._record = replace(
            self._record, wrapup_answered=True, times_up_answer=Answer.WRAP_UP, continue_until=None
        )

    def continue_past_planned(self, minutes: int | None = 10) -> None:
        """Answer *Continue*: remind again after *minutes* (``None``: no further reminder)."""
        self._require_running()
        until = None if minutes is None else self.elapsed() + minutes * 60
        self._record = replace(
            self._record,
            wrapup_answered=True,
            times_up_answer=Answer.CONTINUE,
            continue_until=until,
        )

    def answer(self, prompt: Prompt, answer: Answer, minutes: int | None = None) -> FollowUp | None:
        """Apply one of *prompt*'s answers; returns the follow-up a no-show leaves."""
        if answer not in prompt.answers:
            raise CallError(f"“{answer.label}” does not answer “{prompt.title}”.")
        if answer is Answer.CUSTOMER_JOINED:
            self.mark_joined()
        elif answer is Answer.WAIT_LONGER:
            self.wait_longer(minutes or NO_SHOW_WAIT_MINUTES)
        elif answer is Answer.CUSTOMER_NO_SHOW:
            return self.mark_no_show()
        elif answer is Answer.START_WRAP_UP:
            self.start_wrap_up()
        elif answer is Answer.WRAP_UP:
            self.wrap_up_at_times_up()
        elif answer is Answer.CONTINUE:
            self.continue_past_planned(minutes)
        elif answer is Answer.SEND_FOLLOW_UP:
            return self.send_response_follow_up()
        elif answer is Answer.CLOSE_BRIDGE:
            return self.close_bridge()
        return None

    def send_response_follow_up(self) -> FollowUp:
        """Emergency, no response by the first response timer: a follow-up is owed."""
        self._require_running()
        self._record = replace(self._record, responses_answered=self._record.responses_answered + 1)
        return FollowUp(
            kind=FollowUpKind.EMERGENCY_FOLLOW_UP,
            call_id=self.id,
            ticket=self.ticket,
            created_at=self._clock.now(),
        )

    def close_bridge(self) -> FollowUp:
        """Emergency, no response by the last response timer: end it, priority High."""
        self._require_running()
        self._record = replace(self._record, responses_answered=len(self._record.response_minutes))
        self._finish(Outcome.NO_SHOW)
        return FollowUp(
            kind=FollowUpKind.EMERGENCY_CLOSED,
            call_id=self.id,
            ticket=self.ticket,
            created_at=self._clock.now(),
        )

    def end(self, outcome: Outcome = Outcome.COMPLETED) -> None:
        """End the call (use :meth:`mark_no_show` for a no-show, it leaves a follow-up)."""
        self._require_running()
        if outcome is Outcome.NO_SHOW:
            raise CallError("Use mark_no_show() so the no-show follow-up is recorded.")
        self._finish(outcome)

    def can_reopen(self) -> bool:
        """Whether an ended call may be resumed (ended by mistake, not long ago)."""
        ended = self._record.ended_wall
        if ended is None:
            return False
        return (self._clock.now() - ended).total_seconds() <= REOPEN_MINUTES * 60

    def reopen(self) -> None:
        """Resume a call that was ended by mistake; the time since the end counts."""
        record = self._record
        if record.ended_at is None:
            raise CallError("This call is still running.")
        if not self.can_reopen():
            raise CallError(
                f"This call ended more than {REOPEN_MINUTES} minutes ago; start a new one."
            )
        since_start = (self._clock.now() - record.started_at).total_seconds()
        self._base = max(since_start, record.ended_at)
        self._anchor = self._clock.monotonic()
        no_show_due = None
        if record.joined_at is None and record.no_show_after_seconds is not None:
            no_show_due = self._base + NO_SHOW_WAIT_MINUTES * 60
        self._record = replace(record, ended_at=None, outcome=None, no_show_due=no_show_due)

    # -- internals ---------------------------------------------------------------------------

    def _finish(self, outcome: Outcome) -> None:
        elapsed = self.elapsed()
        self._record = replace(
            self._record, ended_at=elapsed, outcome=outcome, no_show_due=None, continue_until=None
        )

    def _waited(self, record: CallRecord) -> float:
        """How long the customer has been waited for when the no-show prompt is due."""
        due = record.no_show_due or 0.0
        if record.booked_start is None:
            return due
        late = (record.started_at - record.booked_start).total_seconds()
        return max(0.0, due + late)

    def _require_running(self) -> None:
        if self._record.ended:
            raise CallError("This call has already ended.")

    def _times_up_prompt(self, due: float) -> Prompt:
        record = self._record
        discretion = self._call_type is not None and self._call_type.continue_at_discretion
        return times_up_prompt(
            self.ticket,
            record.planned_seconds or 0,
            due,
            extended=record.times_up_answer is Answer.CONTINUE,
            discretion_of=record.call_type_name if discretion else None,
        )
