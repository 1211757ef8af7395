"""The mini timer as a remote: the prompt's answers and the call's next steps, without focus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.core.call import Platform
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.ticket import TicketRef
from tests.fakes.clock import FakeClock


def _start(companion: CallCompanion) -> None:
    companion.controller.start_call(
        TicketRef(12345), CallTypeCatalog().get("troubleshooting"), Platform.ZOOM
    )
    companion.mini_timer.set_wanted(True)


def test_the_strip_never_takes_the_keyboard_focus(companion: CallCompanion) -> None:
    _start(companion)
    strip = companion.mini_timer.widget
    assert strip.isVisible()
    assert strip.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
    assert strip.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert strip.answerButton.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert strip.moreButton.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_its_menu_offers_the_prompt_s_answers_then_the_call_s_steps(
    companion: CallCompanion, clock: FakeClock
) -> None:
    _start(companion)
    strip = companion.mini_timer.widget
    texts = [a.text() for a in strip.menu().actions() if not a.isSeparator()]
    assert texts == [
        "Customer joined",
        "Customer didn't show",
        "Notes",
        "End call",
        "Outbox",
        "Show window",
        "Hide mini timer",
    ]
    assert not strip.answerButton.isVisibleTo(strip)

    clock.advance(minutes=10)
    companion.controller.tick_now()
    menu = strip.menu()
    section = menu.actions()[0]
    assert section.isSeparator()
    assert section.text() == "#12345: customer not here after 10 min"
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[:3] == ["Customer joined", "Wait 5 more minutes", "Customer didn't show"]
    assert texts[3:] == ["Notes", "End call", "Outbox", "Show window", "Hide mini timer"]

    # Choosing "Wait 5 more minutes" from the strip answers the prompt.
    wait = next(a for a in menu.actions() if a.text() == "Wait 5 more minutes")
    wait.trigger()
    assert companion.controller.due_prompts() == []
    call = companion.controller.call
    assert call is not None
    assert not call.customer_joined


def test_the_answer_button_gives_the_prompt_its_first_answer(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    _start(companion)
    strip = companion.mini_timer.widget
    clock.advance(minutes=10)
    companion.controller.tick_now()
    assert strip.answerButton.isVisible()
    assert strip.answerButton.text() == "Customer joined"
    assert strip.answerButton.accessibleName() == "Answer the prompt: Customer joined"
    qtbot.mouseClick(strip.answerButton, Qt.MouseButton.LeftButton)
    call = companion.controller.call
    assert call is not None
    assert call.customer_joined
    assert not strip.answerButton.isVisible()


def test_notes_and_outbox_from_the_strip_open_them(qtbot: QtBot, companion: CallCompanion) -> None:
    _start(companion)
    strip = companion.mini_timer.widget
    notes = next(a for a in strip.menu().actions() if a.text() == "Notes")
    notes.trigger()
    call = companion.controller.call
    assert call is not None
    qtbot.waitUntil(lambda: companion.summary_windows.editor(call.id) is not None)


def test_shown_during_a_prompt_nothing_is_cut_off(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    companion.controller.start_call(
        TicketRef(12345), CallTypeCatalog().get("troubleshooting"), Platform.ZOOM
    )
    clock.advance(minutes=10)
    companion.controller.tick_now()

    companion.mini_timer.set_wanted(True)  # no tick yet: as it first appears

    strip = companion.mini_timer.widget
    qtbot.waitExposed(strip)
    qtbot.wait(20)  # the layout's turn of the event loop, still well before the next tick
    assert strip.answerButton.isVisibleTo(strip)
    assert strip.width() >= strip.sizeHint().width()
