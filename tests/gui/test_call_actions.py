"""One list of what can be done to the call now, for every remote (tray, card, timer, keys)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.controllers.call_actions import CallActions
from callcompanion.core.call import Answer, CallState, Platform
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.ticket import TicketRef
from tests.fakes.clock import FakeClock


def _start(companion: CallCompanion, *, joined: bool = False) -> None:
    companion.controller.start_call(
        TicketRef(12345),
        CallTypeCatalog().get("troubleshooting"),
        Platform.ZOOM,
        customer_joined=joined,
    )


def test_the_due_prompt_s_answers_come_first_then_the_call_s_steps(
    companion: CallCompanion, clock: FakeClock
) -> None:
    actions = CallActions(companion.controller)
    assert [a.label for a in actions.all()] == ["Outbox"]  # no call
    _start(companion)
    assert [a.label for a in actions.all()] == [
        "Customer joined",
        "Customer didn't show",
        "Notes",
        "End call",
        "Outbox",
    ]
    clock.advance(minutes=10)
    companion.controller.tick_now()

    labels = [a.label for a in actions.all()]
    prompt = actions.prompt()
    assert prompt is not None
    assert labels[: len(prompt.answers)] == [a.label for a in prompt.answers]
    assert labels.count("Customer joined") == 1  # the step is not repeated after the answer
    assert {a.label for a in actions.all() if a.destructive} >= {
        "Customer didn't show",
        "End call",
    }


def test_the_default_answer_is_never_destructive(
    companion: CallCompanion, clock: FakeClock
) -> None:
    actions = CallActions(companion.controller)
    _start(companion)
    clock.advance(minutes=10)
    companion.controller.tick_now()

    default = actions.default_answer()

    assert default is not None
    assert not default.destructive
    assert actions.trigger(default.key)
    call = companion.controller.call
    assert call is not None
    assert call.customer_joined or default.label.startswith("Wait")


def test_triggering_answers_and_steps_drives_the_call(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    actions = CallActions(companion.controller)
    _start(companion, joined=True)
    call = companion.controller.call
    assert call is not None
    clock.advance(seconds=(call.record.planned_seconds or 3600) - 9 * 60)
    companion.controller.tick_now()
    wrap_up = next(a for a in actions.answers() if a.label == Answer.START_WRAP_UP.label)
    with qtbot.waitSignal(actions.changed):
        assert actions.trigger(wrap_up.key)
    call = companion.controller.call
    assert call is not None
    assert call.state() is CallState.WRAP_UP

    with qtbot.waitSignal(actions.notes_requested):
        assert actions.trigger("step:notes")
    assert actions.trigger("step:end_call")
    assert companion.controller.call is None


def test_a_stale_choice_is_refused_with_a_sentence(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    actions = CallActions(companion.controller)
    _start(companion)
    clock.advance(minutes=10)
    companion.controller.tick_now()
    answer = actions.answers()[0]
    assert actions.trigger(answer.key)

    with qtbot.waitSignal(actions.refused) as refused:
        assert not actions.trigger(answer.key)  # answered already (a second remote, late)
    assert "already" in refused.args[0]
    with qtbot.waitSignal(actions.refused):
        assert not actions.trigger("step:customer_joined")


def test_a_prompt_whose_first_answer_gives_up_has_no_default(
    companion: CallCompanion, clock: FakeClock
) -> None:
    """The emergency's last timer: *Close the bridge* first, *Customer joined* second."""
    actions = CallActions(companion.controller)
    companion.controller.start_call(
        TicketRef(12345), CallTypeCatalog().get("emergency"), Platform.ZOOM
    )
    clock.advance(minutes=15)
    companion.controller.tick_now()
    first = actions.default_answer()
    assert first is not None
    assert first.label == Answer.SEND_FOLLOW_UP.label
    assert actions.trigger(first.key)
    clock.advance(minutes=15)
    companion.controller.tick_now()
    prompt = actions.prompt()
    assert prompt is not None
    assert prompt.answers[0] is Answer.CLOSE_BRIDGE

    assert actions.default_answer() is None  # not "Customer joined": that did not happen
    call = companion.controller.call
    assert call is not None
    assert not call.customer_joined
