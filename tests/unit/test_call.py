"""The call's states and prompts, driven by a fake clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from callcompanion.core.call import (
    Answer,
    Call,
    CallError,
    CallState,
    Outcome,
    Platform,
    PromptKind,
)
from callcompanion.core.calltypes import CallType, CallTypeCatalog
from callcompanion.core.followups import FollowUpKind
from callcompanion.core.next_step import StepKind, upcoming
from callcompanion.core.ticket import TicketRef
from tests.fakes.clock import FakeClock

TYPES = CallTypeCatalog()


def start(clock: FakeClock, key: str = "discovery", **kwargs: object) -> Call:
    return Call.start(
        ticket=TicketRef(12345),
        call_type=TYPES.get(key),
        platform=Platform.ZOOM,
        clock=clock,
        default_wrapup_lead_minutes=10,
        **kwargs,  # type: ignore[arg-type]
    )


def kinds(call: Call) -> list[PromptKind]:
    return [p.kind for p in call.due_prompts()]


def test_a_new_call_waits_for_the_customer_from_zero(clock: FakeClock) -> None:
    call = start(clock)
    assert call.elapsed() == 0
    assert call.state() is CallState.WAITING
    assert call.due_prompts() == []
    assert call.next_step() == "No-show check in 10 min"


def test_elapsed_follows_the_monotonic_clock_not_ticks(clock: FakeClock) -> None:
    call = start(clock)
    clock.advance(83.5)
    assert call.elapsed() == pytest.approx(83.5)


def test_no_show_prompt_appears_at_ten_minutes_with_its_three_answers(clock: FakeClock) -> None:
    call = start(clock)
    clock.advance(minutes=10, seconds=-1)
    assert call.due_prompts() == []
    clock.advance(1)
    (prompt,) = call.due_prompts()
    assert prompt.kind is PromptKind.NO_SHOW
    assert prompt.answers == (Answer.CUSTOMER_JOINED, Answer.WAIT_LONGER, Answer.CUSTOMER_NO_SHOW)
    assert "#12345" in prompt.title
    assert "10 min" in prompt.title
    assert [a.label for a in prompt.answers] == [
        "Customer joined",
        "Wait 5 more minutes",
        "Customer didn't show",
    ]


def test_no_show_minutes_are_configurable(clock: FakeClock) -> None:
    call = start(clock, no_show_after_minutes=3)
    clock.advance(minutes=3)
    assert kinds(call) == [PromptKind.NO_SHOW]


def test_customer_joined_answer_moves_the_call_in_progress(clock: FakeClock) -> None:
    call = start(clock, "troubleshooting")
    clock.advance(minutes=10)
    call.answer(call.due_prompts()[0], Answer.CUSTOMER_JOINED)
    assert call.state() is CallState.IN_PROGRESS
    assert call.due_prompts() == []
    assert call.record.joined_at == pytest.approx(600)


def test_wait_five_more_minutes_asks_again_five_minutes_later(clock: FakeClock) -> None:
    call = start(clock)
    clock.advance(minutes=10)
    first = call.due_prompts()[0]
    call.answer(first, Answer.WAIT_LONGER)
    assert call.due_prompts() == []
    assert call.next_step() == "No-show check in 5 min"
    clock.advance(minutes=5)
    (second,) = call.due_prompts()
    assert second.kind is PromptKind.NO_SHOW
    assert second.key != first.key
    assert "15 min" in second.title


def test_customer_didnt_show_ends_the_call_and_leaves_a_follow_up(clock: FakeClock) -> None:
    call = start(clock)
    clock.advance(minutes=10)
    follow_up = call.answer(call.due_prompts()[0], Answer.CUSTOMER_NO_SHOW)
    assert call.state() is CallState.ENDED
    assert call.record.outcome is Outcome.NO_SHOW
    assert call.record.ended_at == pytest.approx(600)
    assert follow_up is not None
    assert follow_up.kind is FollowUpKind.NO_SHOW
    assert follow_up.ticket == TicketRef(12345)
    assert follow_up.call_id == call.id
    clock.advance(minutes=30)
    assert call.elapsed() == pytest.approx(600), "an ended call's time stands still"
    assert call.due_prompts() == []


def test_no_show_is_refused_once_the_customer_joined(clock: FakeClock) -> None:
    call = start(clock, customer_joined=True)
    with pytest.raises(CallError):
        call.mark_no_show()
    with pytest.raises(CallError):
        call.end(Outcome.NO_SHOW)


def test_wrap_up_prompt_comes_lead_minutes_before_the_planned_end(clock: FakeClock) -> None:
    call = start(clock, "troubleshooting", customer_joined=True)
    clock.advance(minutes=49)
    assert call.state() is CallState.IN_PROGRESS
    assert call.next_step() == "Wrap-up in 1 min"
    clock.advance(minutes=1)
    assert call.state() is CallState.WRAP_UP
    (prompt,) = call.due_prompts()
    assert prompt.kind is PromptKind.WRAP_UP
    assert "10 min left" in prompt.title
    call.answer(prompt, Answer.START_WRAP_UP)
    assert call.due_prompts() == []
    assert call.state() is CallState.WRAP_UP
    assert call.next_step() == "Time's up in 10 min"


def test_discovery_wraps_up_five_minutes_before_its_fifteen(clock: FakeClock) -> None:
    call = start(clock, "discovery", customer_joined=True)
    assert call.record.planned_seconds == 15 * 60
    assert call.record.wrapup_lead_seconds == 5 * 60
    clock.advance(minutes=10)
    assert kinds(call) == [PromptKind.WRAP_UP]


def test_times_up_at_the_planned_length_then_overtime(clock: FakeClock) -> None:
    call = start(clock, "discovery", customer_joined=True)
    clock.advance(minutes=15)
    assert call.state() is CallState.OVERTIME
    (prompt,) = call.due_prompts()
    assert prompt.kind is PromptKind.TIMES_UP, "time's up supersedes the unanswered wrap-up"
    assert prompt.answers == (Answer.WRAP_UP, Answer.CONTINUE)
    call.answer(prompt, Answer.WRAP_UP)
    assert call.due_prompts() == []
    clock.advance(seconds=59)
    assert call.next_step() == "Over by under a minute · planned 15 min"
    assert call.short_next_step() == "over by under a minute"
    clock.advance(minutes=2, seconds=21)
    assert call.state() is CallState.OVERTIME
    assert call.overtime() == pytest.approx(200)
    assert call.next_step() == "Over by 3 min · planned 15 min"


def test_continue_reminds_again_when_the_extension_runs_out(clock: FakeClock) -> None:
    call = start(clock, "discovery", customer_joined=True)
    clock.advance(minutes=15)
    call.answer(call.due_prompts()[0], Answer.CONTINUE, 10)
    assert call.due_prompts() == []
    clock.advance(minutes=4)
    assert call.next_step() == "Over by 4 min · extension ends in 6 min"
    clock.advance(minutes=6)
    (again,) = call.due_prompts()
    assert again.kind is PromptKind.TIMES_UP
    assert "extension over" in again.title
    call.answer(again, Answer.CONTINUE, None)
    clock.advance(minutes=60)
    assert call.due_prompts() == [], "continuing without a reminder means no more prompts"
    assert call.state() is CallState.OVERTIME


def test_emergency_calls_are_open_ended_without_no_show_or_wrap_up(clock: FakeClock) -> None:
    call = start(clock, "emergency", customer_joined=True)
    clock.advance(minutes=120)
    assert call.due_prompts() == []
    assert call.state() is CallState.IN_PROGRESS
    assert call.next_step() == "Open-ended call"
    assert call.overtime() == 0


def test_emergency_response_timers_follow_up_then_close_the_bridge(clock: FakeClock) -> None:
    call = start(clock, "emergency")
    assert call.next_step() == "Follow-up in 15 min without a response"
    assert call.short_next_step() == "follow-up in 15 min", "the mini timer says the same"
    clock.advance(minutes=10)
    assert call.due_prompts() == [], "no 10-minute no-show prompt for emergencies"
    clock.advance(minutes=5)
    (first,) = call.due_prompts()
    assert first.kind is PromptKind.RESPONSE
    assert first.answers == (Answer.SEND_FOLLOW_UP, Answer.CUSTOMER_JOINED)
    follow_up = call.answer(first, Answer.SEND_FOLLOW_UP)
    assert follow_up is not None
    assert follow_up.kind is FollowUpKind.EMERGENCY_FOLLOW_UP
    assert call.due_prompts() == []
    assert call.next_step() == "Closing the bridge in 15 min without a response"
    assert call.short_next_step() == "closing the bridge in 15 min"
    clock.advance(minutes=15)
    assert call.short_next_step() == "closing the bridge due"
    (second,) = call.due_prompts()
    assert second.answers == (Answer.CLOSE_BRIDGE, Answer.CUSTOMER_JOINED)
    closed = call.answer(second, Answer.CLOSE_BRIDGE)
    assert closed is not None
    assert closed.kind is FollowUpKind.EMERGENCY_CLOSED
    assert call.ended
    assert call.record.outcome is Outcome.NO_SHOW


def test_an_emergency_customer_who_joins_stops_the_timers(clock: FakeClock) -> None:
    call = start(clock, "emergency")
    clock.advance(minutes=15)
    call.answer(call.due_prompts()[0], Answer.CUSTOMER_JOINED)
    clock.advance(minutes=60)
    assert call.due_prompts() == []


def test_discovery_times_up_says_continuing_is_at_your_discretion(clock: FakeClock) -> None:
    call = start(clock, "discovery", customer_joined=True)
    clock.advance(minutes=15)
    (prompt,) = call.due_prompts()
    assert "at your discretion" in prompt.message


def test_wrap_up_and_times_up_wait_while_the_customer_has_not_joined(clock: FakeClock) -> None:
    call = start(clock, "discovery")
    clock.advance(minutes=10)
    call.answer(call.due_prompts()[0], Answer.WAIT_LONGER)
    clock.advance(minutes=4)
    assert call.state() is CallState.WAITING
    assert call.due_prompts() == []
    call.mark_joined()
    assert kinds(call) == [PromptKind.WRAP_UP], "a late join lands in wrap-up time"


def test_an_answer_must_belong_to_the_prompt(clock: FakeClock) -> None:
    call = start(clock)
    clock.advance(minutes=10)
    with pytest.raises(CallError, match="does not answer"):
        call.answer(call.due_prompts()[0], Answer.CONTINUE)


def test_actions_on_an_ended_call_are_refused(clock: FakeClock) -> None:
    call = start(clock, customer_joined=True)
    call.end()
    for action in (call.mark_joined, call.start_wrap_up, call.end, call.mark_no_show):
        with pytest.raises(CallError, match="already ended"):
            action()


def test_cancelled_outcome(clock: FakeClock) -> None:
    call = start(clock)
    clock.advance(90)
    call.end(Outcome.CANCELLED)
    assert call.record.outcome is Outcome.CANCELLED
    assert call.next_step() == "Cancelled · 01:30"


def test_resume_after_restart_uses_the_wall_clock_start(clock: FakeClock) -> None:
    call = start(clock, customer_joined=True)
    clock.advance(minutes=7)
    saved = call.record
    clock.advance(minutes=5)  # the app is closed for five minutes
    clock.restart()  # new process: the monotonic clock starts anywhere
    resumed = Call(saved, clock)
    assert resumed.elapsed() == pytest.approx(12 * 60)
    clock.advance(30)
    assert resumed.elapsed() == pytest.approx(12 * 60 + 30)


def test_resume_never_goes_back_when_the_wall_clock_moved_back(clock: FakeClock) -> None:
    call = start(clock, customer_joined=True)
    clock.advance(minutes=20)
    saved = call.record
    clock.set_wall(clock.wall - timedelta(hours=1))  # wall clock set back while closed
    clock.restart()
    resumed = Call(saved, clock)
    assert resumed.elapsed() == pytest.approx(20 * 60)


def test_a_running_call_ignores_wall_clock_changes(clock: FakeClock) -> None:
    call = start(clock, customer_joined=True)
    clock.advance(minutes=3)
    clock.set_wall(clock.wall + timedelta(hours=2))
    assert call.elapsed() == pytest.approx(180)
    clock.set_wall(clock.wall - timedelta(hours=5))
    assert call.elapsed() == pytest.approx(180)


def test_resumed_call_shows_a_prompt_that_fell_due_while_closed(clock: FakeClock) -> None:
    call = start(clock)
    saved = call.record
    clock.advance(minutes=11)
    clock.restart()
    resumed = Call(saved, clock)
    assert kinds(resumed) == [PromptKind.NO_SHOW]


def test_record_round_trip_keeps_every_answer(clock: FakeClock) -> None:
    call = start(clock, "discovery")
    clock.advance(minutes=10)
    call.answer(call.due_prompts()[0], Answer.WAIT_LONGER)
    call.mark_joined()
    clock.advance(minutes=5)
    call.answer(call.due_prompts()[0], Answer.CONTINUE, 5)
    record = call.record
    again = Call(record, clock)
    assert again.record == replace(record, last_elapsed=again.elapsed())
    assert again.state() is CallState.OVERTIME
    assert again.due_prompts() == []
    clock.advance(minutes=5)
    assert kinds(again) == [PromptKind.TIMES_UP]


def test_a_call_ended_by_mistake_can_be_resumed(clock: FakeClock) -> None:
    call = start(clock, "troubleshooting", customer_joined=True)
    clock.advance(minutes=20)
    call.end()
    clock.advance(minutes=2)
    assert call.can_reopen()
    call.reopen()
    assert not call.ended
    assert call.record.outcome is None
    assert call.elapsed() == pytest.approx(22 * 60), "the minutes since the end count"
    assert call.state() is CallState.IN_PROGRESS
    clock.advance(minutes=1)
    assert call.elapsed() == pytest.approx(23 * 60)


def test_a_mistaken_no_show_resumes_waiting_with_a_new_check(clock: FakeClock) -> None:
    call = start(clock)
    clock.advance(minutes=10)
    call.mark_no_show()
    call.reopen()
    assert call.state() is CallState.WAITING
    assert call.next_step() == "No-show check in 5 min"


def test_resuming_is_refused_long_after_the_end(clock: FakeClock) -> None:
    call = start(clock, customer_joined=True)
    call.end()
    clock.advance(minutes=16)
    assert not call.can_reopen()
    with pytest.raises(CallError, match="more than 15 minutes ago"):
        call.reopen()
    running = start(clock)
    with pytest.raises(CallError, match="still running"):
        running.reopen()


# -- what the call type says, not its key ---------------------------------------------------------


def times_up_message(call: Call, clock: FakeClock) -> str:
    call.mark_joined()
    clock.advance(minutes=(call.record.planned_seconds or 0) / 60)
    (prompt,) = call.due_prompts()
    assert prompt.kind is PromptKind.TIMES_UP
    return prompt.message


def test_continuing_at_discretion_is_the_call_type_s_not_its_key(clock: FakeClock) -> None:
    quick = CallType("quick_look", "Quick look", 10, continue_at_discretion=True)
    call = Call.start(
        ticket=TicketRef(7),
        call_type=quick,
        platform=Platform.ZOOM,
        clock=clock,
        default_wrapup_lead_minutes=5,
    )
    assert "Quick look calls are short: continue only at your discretion" in times_up_message(
        call, clock
    )
    ordinary = start(clock, "troubleshooting")
    assert "discretion" not in times_up_message(ordinary, clock)


def test_a_discovery_call_read_back_from_the_store_keeps_its_discretion(clock: FakeClock) -> None:
    started = start(clock, "discovery")
    restored = Call(started.record, clock)
    assert "Discovery calls are short" in times_up_message(restored, clock)


def test_the_next_step_has_a_kind(clock: FakeClock) -> None:
    call = start(clock, "discovery")
    assert upcoming(call.record, call.elapsed()).kind is StepKind.NO_SHOW
    call.mark_joined()
    assert upcoming(call.record, call.elapsed()).kind is StepKind.WRAP_UP
    clock.advance(minutes=16)
    step = upcoming(call.record, call.elapsed())
    assert step.kind is StepKind.OVER
    assert not step.counting
    call.end()
    assert upcoming(call.record, call.elapsed()).kind is StepKind.ENDED


def test_emergency_follow_ups_say_the_call_s_own_response_minutes(clock: FakeClock) -> None:
    slow = replace(TYPES.get("emergency"), response_minutes=(20, 45))
    call = Call.start(
        ticket=TicketRef(9),
        call_type=slow,
        platform=Platform.ZOOM,
        clock=clock,
        default_wrapup_lead_minutes=10,
    )
    clock.advance(minutes=20)
    follow_up = call.answer(call.due_prompts()[0], Answer.SEND_FOLLOW_UP)
    assert follow_up is not None
    title, text = follow_up.explain(call.record.response_minutes)
    assert title == "Emergency follow-up on #9"
    assert "has not responded for 20 minutes" in text
    clock.advance(minutes=25)
    closed = call.answer(call.due_prompts()[0], Answer.CLOSE_BRIDGE)
    assert closed is not None
    _, text = closed.explain(call.record.response_minutes)
    assert "closed after 45 minutes without a response" in text
    _, unknown = closed.explain(())
    assert "minutes" not in unknown, "no number is made up when the call is gone"
