"""The keyboard focus is where the next keystroke belongs, and never one key from ending a call."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.core.call import Answer, PromptKind
from callcompanion.gui.main_window import CALL_PAGE, ENDED_PAGE, SETUP_PAGE
from tests.fakes.clock import FakeClock
from tests.gui.conftest import banner, click_answer


def active(qtbot: QtBot, widget: QWidget) -> None:
    """*widget*'s window is the one in front with the keyboard."""
    widget.window().activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is widget.window().windowHandle())


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier | None = None) -> None:
    """A key pressed wherever the focus is (as a person at the keyboard does)."""
    target = focused()
    assert target is not None, "the keyboard goes somewhere"
    if modifier is None:
        qtbot.keyClick(target, key)
    else:
        qtbot.keyClick(target, key, modifier)


def test_typing_at_launch_goes_into_the_ticket_field(
    qtbot: QtBot, companion: CallCompanion
) -> None:
    window = companion.window
    active(qtbot, window)
    qtbot.waitUntil(lambda: focused() is window.ticketEdit)
    qtbot.keyClicks(focused(), "12345")
    assert window.ticketEdit.text() == "12345"
    press(qtbot, Qt.Key.Key_Return)
    assert companion.controller.call is not None, "launch → call running: type, Return"


def test_new_call_puts_the_cursor_in_the_ticket_field(
    qtbot: QtBot, companion: CallCompanion
) -> None:
    window = companion.window
    active(qtbot, window)
    window.ticketEdit.setText("31")
    press(qtbot, Qt.Key.Key_Return)
    window.actionEnd.trigger()
    assert window.pages.currentIndex() == ENDED_PAGE
    active(qtbot, window)
    qtbot.mouseClick(window.newCallButton, Qt.MouseButton.LeftButton)
    assert window.pages.currentIndex() == SETUP_PAGE
    assert focused() is window.ticketEdit


def test_a_stray_space_or_return_after_customer_joined_never_ends_the_call(
    qtbot: QtBot, companion: CallCompanion
) -> None:
    window = companion.window
    active(qtbot, window)
    qtbot.keyClicks(window.ticketEdit, "4242")
    qtbot.mouseClick(window.startButton, Qt.MouseButton.LeftButton)
    assert window.pages.currentIndex() == CALL_PAGE
    assert focused() is window.joinedButton, "Start gives way to Customer joined"
    press(qtbot, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    call = companion.controller.call
    assert call is not None
    assert call.customer_joined
    assert focused() is not window.endButton
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Return):
        active(qtbot, window)
        press(qtbot, key)
        assert companion.controller.call is not None, f"{key.name} ended the call"


def test_after_an_answer_the_focus_is_on_no_button_that_ends_the_call(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    window = companion.window
    active(qtbot, window)
    qtbot.keyClicks(window.ticketEdit, "5")
    press(qtbot, Qt.Key.Key_Return)
    clock.advance(minutes=10)
    companion.controller.tick_now()
    no_show = banner(companion, PromptKind.NO_SHOW)
    assert focused() is not no_show.buttons[Answer.CUSTOMER_NO_SHOW]
    click_answer(qtbot, companion, PromptKind.NO_SHOW, Answer.CUSTOMER_JOINED)
    assert focused() not in (window.endButton, None)
    assert focused() is window.notesButton
    press(qtbot, Qt.Key.Key_Space)  # opens the notes: harmless
    assert companion.controller.call is not None


def test_ctrl_return_on_the_history_tab_starts_nothing_out_of_sight(
    qtbot: QtBot, companion: CallCompanion
) -> None:
    window = companion.window
    window.ticketEdit.setText("777")
    window.tabs.setCurrentWidget(window.historyTab)
    active(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert companion.controller.call is None, "nothing started on the hidden Call tab"
    assert window.tabs.currentWidget() is window.callTab, "the form comes into view instead"
    assert focused() is window.ticketEdit
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert companion.controller.call is not None, "in view, Ctrl+Return starts it"


def test_ctrl_n_puts_the_cursor_in_the_notes(qtbot: QtBot, companion: CallCompanion) -> None:
    window = companion.window
    active(qtbot, window)
    qtbot.keyClicks(window.ticketEdit, "88")
    press(qtbot, Qt.Key.Key_Return)
    call = companion.controller.call
    assert call is not None
    active(qtbot, window)
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = companion.summary_windows.editor(call.id)
    assert editor is not None
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is editor.windowHandle())
    assert focused() is editor.learnedEdit
    qtbot.keyClicks(focused(), "Proxy strips the header")
    assert editor.learnedEdit.toPlainText() == "Proxy strips the header"


def test_write_it_down_puts_the_cursor_in_its_section(
    qtbot: QtBot, companion: CallCompanion
) -> None:
    window = companion.window
    active(qtbot, window)
    qtbot.keyClicks(window.ticketEdit, "89")
    press(qtbot, Qt.Key.Key_Return)
    call = companion.controller.call
    assert call is not None
    window.call_page.section_requested.emit("customer_next")
    editor = companion.summary_windows.editor(call.id)
    assert editor is not None
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is editor.windowHandle())
    assert focused() is editor.customerNextEdit
