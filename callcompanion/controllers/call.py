"""The running call, for the Qt side: one timer, persistence and signals the views follow.

The controller owns the current :class:`~callcompanion.core.call.Call`, saves its record after
every action (and once a minute), and ticks exactly when the displayed second changes, only
while a call is running: an idle app has no timer at all.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from callcompanion.core.call import (
    Answer,
    Call,
    CallError,
    CallRecord,
    CallState,
    Outcome,
    Platform,
    Prompt,
)
from callcompanion.core.calltypes import CallType
from callcompanion.core.clock import Clock
from callcompanion.core.followups import FollowUp, FollowUpHandler, FollowUpStatus
from callcompanion.core.settings import Settings
from callcompanion.core.ticket import TicketRef
from callcompanion.services.storage import Store, StoreError

log = logging.getLogger(__name__)

CHECKPOINT_SECONDS = 60.0


class CallController(QObject):
    """Runs the current call.

    Signals:
        ticked: The displayed second changed (or anything else did); views refresh.
        call_changed: A call started, changed state, was answered or ended.
        ended: A call ended just now (once per end: a call resumed and ended again ends
            again); carries its :class:`CallRecord`, emitted after ``call_changed``.
        prompts_changed: The due prompts changed; carries ``list[Prompt]``.
        prompt_raised: A prompt became due just now; carries the :class:`Prompt`.
        follow_ups_changed: Pending follow-ups were added or settled.
        problem: Something could not be saved; carries a sentence for the engineer.
    """

    ticked = Signal()
    call_changed = Signal()
    ended = Signal(object)
    prompts_changed = Signal(list)
    prompt_raised = Signal(object)
    follow_ups_changed = Signal()
    problem = Signal(str)

    def __init__(
        self,
        store: Store,
        clock: Clock,
        settings: Callable[[], Settings],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self._settings = settings
        self._call: Call | None = None
        self._last_ended: CallRecord | None = None
        self._prompt_keys: list[str] = []
        self._state: CallState | None = None
        self._last_checkpoint = 0.0
        self._handlers: list[FollowUpHandler] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)

    # -- reading ---------------------------------------------------------------------------------

    @property
    def call(self) -> Call | None:
        """The running call, if any."""
        return self._call

    @property
    def last_ended(self) -> CallRecord | None:
        """The call that ended most recently in this session."""
        return self._last_ended

    @property
    def store(self) -> Store:
        return self._store

    def due_prompts(self) -> list[Prompt]:
        return self._call.due_prompts() if self._call else []

    def prompt(self, key: str) -> Prompt | None:
        return next((p for p in self.due_prompts() if p.key == key), None)

    def pending_follow_ups(self) -> list[FollowUp]:
        try:
            return self._store.follow_ups(FollowUpStatus.PENDING)
        except StoreError as err:
            self.problem.emit(str(err))
            return []

    # -- acting ----------------------------------------------------------------------------------

    def resume(self) -> bool:
        """Pick up the call that was running when the app last stopped."""
        try:
            record = self._store.active_call()
        except StoreError as err:
            self.problem.emit(str(err))
            return False
        if record is None:
            return False
        self._call = Call(record, self._clock)
        log.info("resumed call %s on %s at %.0f s", record.id, record.ticket, self._call.elapsed())
        self._after_action(started=True)
        for follow_up in self.pending_follow_ups():
            self._dispatch(follow_up)
        return True

    def start_call(
        self,
        ticket: TicketRef,
        call_type: CallType,
        platform: Platform,
        *,
        customer_joined: bool = False,
        connection_id: str | None = None,
        booked_start: datetime | None = None,
        booking_uri: str | None = None,
    ) -> Call:
        """Start a call now; one booked for *booked_start* counts the no-show check from then."""
        if self._call is not None:
            raise CallError(f"A call on {self._call.ticket} is already running.")
        settings = self._settings()
        self._call = Call.start(
            ticket=ticket,
            call_type=call_type,
            platform=platform,
            clock=self._clock,
            default_wrapup_lead_minutes=settings.wrapup_lead_minutes,
            no_show_after_minutes=settings.no_show_after_minutes,
            customer_joined=customer_joined,
            connection_id=connection_id,
            booked_start=booked_start,
            booking_uri=booking_uri,
        )
        self._last_ended = None
        log.info("started %s call on %s (%s)", call_type.key, ticket, platform.value)
        self._after_action(started=True)
        return self._call

    def mark_joined(self) -> None:
        self._running().mark_joined()
        self._after_action()

    def answer(self, prompt_key: str, answer: Answer, minutes: int | None = None) -> None:
        """Answer the due prompt *prompt_key* (ignored if it is no longer due)."""
        call = self._running()
        prompt = self.prompt(prompt_key)
        if prompt is None:
            log.info("prompt %s is no longer due; answer %s ignored", prompt_key, answer)
            return
        follow_up = call.answer(prompt, answer, minutes)
        self._after_action(follow_up=follow_up)

    def mark_no_show(self) -> None:
        follow_up = self._running().mark_no_show()
        self._after_action(follow_up=follow_up)

    def end_call(self, outcome: Outcome = Outcome.COMPLETED) -> None:
        self._running().end(outcome)
        self._after_action()

    def can_reopen_last(self) -> bool:
        return (
            self._call is None
            and self._last_ended is not None
            and Call(self._last_ended, self._clock).can_reopen()
        )

    def reopen_last(self) -> None:
        """Resume the call that just ended (ended by mistake); drops the follow-up it left."""
        if self._call is not None or self._last_ended is None:
            raise CallError("There is no ended call to resume.")
        call = Call(self._last_ended, self._clock)
        call.reopen()
        for follow_up in self.pending_follow_ups():
            if follow_up.call_id == call.id:
                self.settle_follow_up(follow_up, FollowUpStatus.DISMISSED)
        self._call = call
        self._last_ended = None
        log.info("resumed call %s after it was ended", call.id)
        self._after_action()

    def settle_follow_up(self, follow_up: FollowUp, status: FollowUpStatus) -> None:
        try:
            self._store.set_follow_up_status(follow_up.id, status)
        except StoreError as err:
            self.problem.emit(str(err))
        self.follow_ups_changed.emit()

    def register_follow_up_handler(self, handler: FollowUpHandler) -> None:
        """Hand no-show (and later other) follow-ups to *handler* as they are created."""
        self._handlers.append(handler)

    def stop(self) -> None:
        """No more ticks (the app is closing; the store goes next)."""
        self._timer.stop()

    def save(self) -> None:
        """Write the running call's record now (on quit, and as a periodic checkpoint)."""
        if self._call is None:
            return
        try:
            self._store.save_call(self._call.record)
        except StoreError as err:
            self.problem.emit(str(err))
        self._last_checkpoint = self._clock.monotonic()

    # -- internals -------------------------------------------------------------------------------

    def _running(self) -> Call:
        if self._call is None:
            raise CallError("No call is running.")
        return self._call

    def _after_action(self, *, started: bool = False, follow_up: FollowUp | None = None) -> None:
        call = self._running()
        self.save()
        if follow_up is not None:
            try:
                follow_up = self._store.add_follow_up(follow_up)
            except StoreError as err:
                self.problem.emit(str(err))
            self._dispatch(follow_up)
            self.follow_ups_changed.emit()
        if call.ended:
            self._last_ended = call.record
            self._call = None
            self._timer.stop()
            log.info("call %s ended: %s", call.id, call.record.outcome)
        self._state = None if call.ended else call.state()
        self._refresh_prompts(announce=not started)
        if started and self._prompt_keys:
            # Resumed into a due prompt (e.g. restarted after the 10-minute mark): say so once.
            for prompt in self.due_prompts():
                self.prompt_raised.emit(prompt)
        self.call_changed.emit()
        if call.ended:
            self.ended.emit(call.record)
        self.ticked.emit()
        self._schedule()

    def _refresh_prompts(self, *, announce: bool) -> None:
        prompts = self.due_prompts()
        keys = [p.key for p in prompts]
        if keys == self._prompt_keys:
            return
        new = [p for p in prompts if p.key not in self._prompt_keys]
        self._prompt_keys = keys
        self.prompts_changed.emit(prompts)
        if announce:
            for prompt in new:
                self.prompt_raised.emit(prompt)

    def tick_now(self) -> None:
        """Re-read the clock now (the timer does this each second; tests and wake-ups too)."""
        self._tick()

    def _tick(self) -> None:
        call = self._call
        if call is None:
            return
        state = call.state()
        if state != self._state:
            self._state = state
            self.call_changed.emit()
        self._refresh_prompts(announce=True)
        if self._clock.monotonic() - self._last_checkpoint >= CHECKPOINT_SECONDS:
            self.save()
        self.ticked.emit()
        self._schedule()

    def _schedule(self) -> None:
        if self._call is None:
            return
        elapsed = self._call.elapsed()
        # Fire just after the displayed second rolls over, so the clock never shows a stale value.
        until_next = math.floor(elapsed) + 1 - elapsed
        self._timer.start(max(10, int(until_next * 1000) + 15))

    def _dispatch(self, follow_up: FollowUp) -> None:
        for handler in self._handlers:
            if handler.handles(follow_up.kind):
                try:
                    handler.handle(follow_up)
                except Exception:  # a failing handler must not take the call down
                    log.exception("follow-up handler %r failed", handler)
