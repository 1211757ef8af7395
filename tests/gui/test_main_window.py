"""The window driven like an engineer would: typing, clicking, shortcuts."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTabWidget,
    QToolButton,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from callcompanion.app import NO_TRAY_NOTICE, CallCompanion
from callcompanion.controllers.history_model import HistoryModel
from callcompanion.core.call import Answer, CallRecord, CallState, Outcome, Platform, PromptKind
from callcompanion.core.settings import PromptAttention
from callcompanion.core.ticket import ACCEPTED_FORMS, TicketRef
from callcompanion.gui.main_window import (
    CALL_PAGE,
    ENDED_PAGE,
    SETUP_PAGE,
    history_page,
    label_text,
)
from tests.fakes.clock import FakeClock
from tests.gui.conftest import MakeCompanion, banner, click_answer


def type_ticket_and_start(qtbot: QtBot, companion: CallCompanion, text: str) -> None:
    window = companion.window
    window.ticketEdit.clear()
    qtbot.keyClicks(window.ticketEdit, text)
    qtbot.mouseClick(window.startButton, Qt.MouseButton.LeftButton)


def choose_type(companion: CallCompanion, key: str) -> None:
    combo = companion.window.typeCombo
    combo.setCurrentIndex(combo.findData(key))


def test_starting_a_call_from_the_form(qtbot: QtBot, companion: CallCompanion) -> None:
    window = companion.window
    assert window.pages.currentIndex() == SETUP_PAGE
    choose_type(companion, "troubleshooting")
    qtbot.mouseClick(window.webexRadio, Qt.MouseButton.LeftButton)
    type_ticket_and_start(qtbot, companion, "https://acme.zendesk.com/agent/tickets/12345")

    assert window.pages.currentIndex() == CALL_PAGE
    assert label_text(window.callTitle) == "#12345 · Troubleshooting · WebEx"
    assert window.stateLabel.text() == "Waiting for the customer"
    assert window.elapsedLabel.text() == "00:00"
    assert window.nextLabel.text() == "No-show check in 10 min"
    assert window.plannedLabel.text().startswith("Planned 1 h")
    assert window.joinedButton.isVisible()
    record = companion.store.active_call()
    assert record is not None
    assert record.ticket == TicketRef(12345, "acme")
    assert record.platform is Platform.WEBEX
    assert companion.settings.value.default_call_type == "troubleshooting"
    assert companion.settings.value.default_platform is Platform.WEBEX


def test_a_bad_ticket_is_refused_with_what_is_accepted(
    qtbot: QtBot, companion: CallCompanion
) -> None:
    window = companion.window
    type_ticket_and_start(qtbot, companion, "ZD-12345")
    assert window.pages.currentIndex() == SETUP_PAGE
    assert window.ticketError.isVisible()
    assert ACCEPTED_FORMS in window.ticketError.text()
    assert companion.controller.call is None
    assert companion.store.active_call() is None
    qtbot.keyClicks(window.ticketEdit, "x")
    assert not window.ticketError.isVisible(), "typing again clears the message"


def test_enter_in_the_ticket_field_starts_the_call(qtbot: QtBot, companion: CallCompanion) -> None:
    qtbot.keyClicks(companion.window.ticketEdit, "#777")
    qtbot.keyClick(companion.window.ticketEdit, Qt.Key.Key_Return)
    assert companion.controller.call is not None
    assert companion.controller.call.ticket == TicketRef(777)


def test_keyboard_shortcuts_start_join_and_end(qtbot: QtBot, companion: CallCompanion) -> None:
    window = companion.window
    window.ticketEdit.setText("4242")
    assert window.actionStart.shortcut().toString() == "Ctrl+Return"
    assert window.actionJoined.shortcut().toString() == "Ctrl+J"
    assert window.actionEnd.shortcut().toString() == "Ctrl+E"
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is window.windowHandle())

    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    call = companion.controller.call
    assert call is not None
    assert call.state() is CallState.WAITING

    qtbot.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert call.state() is CallState.IN_PROGRESS
    assert not window.joinedButton.isVisible()
    assert not window.actionJoined.isEnabled()

    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert companion.controller.call is None
    assert window.pages.currentIndex() == ENDED_PAGE
    assert companion.controller.last_ended is not None
    assert companion.controller.last_ended.outcome is Outcome.COMPLETED


def test_the_timer_follows_the_clock(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    type_ticket_and_start(qtbot, companion, "1")
    clock.advance(minutes=3, seconds=7)
    companion.controller.tick_now()
    assert companion.window.elapsedLabel.text() == "03:07"
    assert companion.window.nextLabel.text() == "No-show check in 7 min"


def test_no_show_prompt_at_ten_minutes_and_the_no_show_answer(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    window = companion.window
    companion.settings.update(engineer_name="Ana Example")
    type_ticket_and_start(qtbot, companion, "12345")
    clock.advance(minutes=9, seconds=59)
    companion.controller.tick_now()
    assert window.prompt_banners() == []

    clock.advance(1)
    with qtbot.waitSignal(companion.controller.prompt_raised) as raised:
        companion.controller.tick_now()
    assert raised.args[0].kind is PromptKind.NO_SHOW
    no_show = banner(companion, PromptKind.NO_SHOW)
    assert no_show.isVisible()
    assert [b.text() for b in no_show.buttons.values()] == [
        "Customer joined",
        "Wait 5 more minutes",
        "Customer didn't show",
    ]

    click_answer(qtbot, companion, PromptKind.NO_SHOW, Answer.CUSTOMER_NO_SHOW)
    assert window.prompt_banners() == []
    assert window.pages.currentIndex() == ENDED_PAGE
    assert window.endedSummary.text().startswith("No-show after 10:00")
    assert window.followUpBox.isVisible()
    assert "#12345" in window.followUpBox.title()
    (follow_up,) = companion.store.follow_ups()
    assert follow_up.ticket == TicketRef(12345)

    # The apology opens by itself for a last look; closing it keeps the follow-up owed.
    qtbot.waitUntil(lambda: len(companion.messages.open_dialogs()) == 1)
    (dialog,) = companion.messages.open_dialogs()
    qtbot.waitUntil(lambda: dialog.postButton.isEnabled())
    text = dialog.text()
    assert "waited 10 minutes" in text
    assert "[scheduling link]" in text
    assert text.rstrip().endswith("Ana Example")
    assert "No scheduling link" in dialog.linkLabel.text()
    dialog.reject()
    assert window.followUpBox.isVisible()

    qtbot.mouseClick(window.copyReplyButton, Qt.MouseButton.LeftButton)
    (again,) = companion.messages.open_dialogs()
    assert again is not dialog, "a closed dialog is no longer listed"
    again.reject()
    qtbot.mouseClick(window.followUpDoneButton, Qt.MouseButton.LeftButton)
    assert not window.followUpBox.isVisible()
    assert companion.store.follow_ups() == []


def test_customer_joined_from_the_prompt(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    choose_type(companion, "troubleshooting")
    type_ticket_and_start(qtbot, companion, "5")
    clock.advance(minutes=10)
    companion.controller.tick_now()
    click_answer(qtbot, companion, PromptKind.NO_SHOW, Answer.CUSTOMER_JOINED)
    assert companion.window.prompt_banners() == []
    assert companion.window.stateLabel.text() == "In progress"
    assert companion.window.nextLabel.text() == "Wrap-up in 40 min"


def test_wait_longer_brings_the_prompt_back_after_five_minutes(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    type_ticket_and_start(qtbot, companion, "5")
    clock.advance(minutes=10)
    companion.controller.tick_now()
    click_answer(qtbot, companion, PromptKind.NO_SHOW, Answer.WAIT_LONGER)
    assert companion.window.prompt_banners() == []
    clock.advance(minutes=5)
    companion.controller.tick_now()
    assert "after 15 min" in banner(companion, PromptKind.NO_SHOW).prompt.title


def test_wrap_up_then_times_up_then_continue_for_five(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    window = companion.window
    choose_type(companion, "discovery")
    window.joinedCheck.setChecked(True)
    type_ticket_and_start(qtbot, companion, "9")
    assert window.stateLabel.text() == "In progress"

    clock.advance(minutes=10)
    companion.controller.tick_now()
    assert window.stateLabel.text() == "Wrap-up"
    click_answer(qtbot, companion, PromptKind.WRAP_UP, Answer.START_WRAP_UP)
    assert window.prompt_banners() == []

    clock.advance(minutes=5)
    companion.controller.tick_now()
    assert window.stateLabel.text() == "Overtime"
    times_up = banner(companion, PromptKind.TIMES_UP)
    continue_button = times_up.buttons[Answer.CONTINUE]
    assert isinstance(continue_button, QToolButton)
    menu = continue_button.menu()
    assert menu is not None
    (five,) = [a for a in menu.actions() if a.text().endswith(" in 5 min")]
    five.trigger()
    assert window.prompt_banners() == []
    clock.advance(minutes=5)
    companion.controller.tick_now()
    assert "extension over" in banner(companion, PromptKind.TIMES_UP).prompt.title
    click_answer(qtbot, companion, PromptKind.TIMES_UP, Answer.WRAP_UP)
    assert window.prompt_banners() == []
    assert window.nextLabel.text() == "Over by 5 min · planned 15 min"


def test_end_menu_offers_no_show_and_cancel(qtbot: QtBot, companion: CallCompanion) -> None:
    window = companion.window
    type_ticket_and_start(qtbot, companion, "31")
    menu = window.moreButton.menu()
    assert menu is not None
    texts = [a.text().replace("&", "") for a in menu.actions()]
    assert texts == ["Customer didn't show", "Cancel call"]
    window.actionCancelCall.trigger()
    assert companion.controller.last_ended is not None
    assert companion.controller.last_ended.outcome is Outcome.CANCELLED
    assert window.endedSummary.text().startswith("Cancelled")
    assert not window.followUpBox.isVisible()


def test_new_call_after_an_ended_one(qtbot: QtBot, companion: CallCompanion) -> None:
    window = companion.window
    type_ticket_and_start(qtbot, companion, "31")
    window.actionEnd.trigger()
    qtbot.mouseClick(window.newCallButton, Qt.MouseButton.LeftButton)
    assert window.pages.currentIndex() == SETUP_PAGE
    assert window.ticketEdit.text() == ""
    type_ticket_and_start(qtbot, companion, "32")
    assert companion.controller.call is not None


def test_history_lists_ended_calls_and_filters(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    window = companion.window
    for ticket, key in (("111", "discovery"), ("222", "troubleshooting"), ("333", "discovery")):
        choose_type(companion, key)
        type_ticket_and_start(qtbot, companion, ticket)
        clock.advance(minutes=12)
        window.actionEnd.trigger()
        qtbot.mouseClick(window.newCallButton, Qt.MouseButton.LeftButton)
        clock.advance(minutes=30)
    window.actionHistory.trigger()
    assert window.tabs.currentWidget() is window.historyTab
    view = window.historyView
    model = view.model()
    assert model.rowCount() == 3
    first_row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert first_row[0] == "#333"
    assert first_row[1] == "Discovery · Zoom"
    assert first_row[3] == "12 min"
    assert first_row[4] == "Completed"
    assert window.historySummary.text() == "3 calls"

    qtbot.keyClicks(window.historyFilter, "discovery")
    assert model.rowCount() == 2
    assert window.historySummary.text() == "2 of 3 calls"
    window.historyFilter.setText("#222")
    assert model.rowCount() == 1

    window.historyFilter.clear()
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, 0).data() for r in range(3)] == ["#111", "#222", "#333"]


def test_history_model_passes_the_model_tester(
    qtbot: QtBot, companion: CallCompanion, qtmodeltester: ModelTester
) -> None:
    type_ticket_and_start(qtbot, companion, "1")
    companion.window.actionEnd.trigger()
    companion.window.tabs.setCurrentWidget(companion.window.historyTab)
    model = companion.window.historyView.model()
    assert isinstance(model, QSortFilterProxyModel)
    assert model.sourceModel().rowCount() == 1
    qtmodeltester.check(model.sourceModel())
    qtmodeltester.check(model)


def test_every_control_has_an_accessible_name(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    type_ticket_and_start(qtbot, companion, "12")
    clock.advance(minutes=10)
    companion.controller.tick_now()  # a prompt banner with its buttons is on screen too
    controls = (
        QAbstractButton,
        QLineEdit,
        QComboBox,
        QAbstractItemView,
        QTabWidget,
        QAbstractSpinBox,
    )
    unnamed = [
        f"{type(w).__name__} {w.objectName()!r}"
        for cls in controls
        for w in companion.window.findChildren(cls)
        if isinstance(w, QWidget)
        and not w.accessibleName()
        and w.objectName() not in {"qt_tabwidget_tabbar", ""}
        and not w.objectName().startswith("qt_")
    ]
    assert unnamed == []
    # The prompt's answer buttons have no object name, so the sweep above passes them by.
    banners = companion.window.prompt_banners()
    assert banners
    assert all(b.accessibleName() for banner in banners for b in banner.buttons.values())


def test_without_a_tray_the_window_says_why_and_closing_quits(
    qtbot: QtBot, companion: CallCompanion
) -> None:
    assert not companion.tray.available  # offscreen has no tray
    assert NO_TRAY_NOTICE in companion.window.notices()
    assert not companion.window.keep_running_in_tray
    with qtbot.waitSignal(companion.window.quit_requested):
        companion.window.close()


def test_start_from_the_tray_with_an_empty_form_shows_the_window(
    qtbot: QtBot, companion: CallCompanion
) -> None:
    companion.window.hide()
    companion.tray.start_call.emit()
    assert companion.window.isVisible()
    assert companion.controller.call is None
    companion.window.ticketEdit.setText("#99")
    companion.tray.start_call.emit()
    assert companion.controller.call is not None


def test_prompt_brings_a_hidden_window_forward(
    qtbot: QtBot, make_companion: MakeCompanion, clock: FakeClock
) -> None:
    companion = make_companion()
    companion.settings.update(prompt_attention=PromptAttention.WINDOW)
    type_ticket_and_start(qtbot, companion, "12")
    companion.window.hide()
    clock.advance(minutes=10)
    companion.controller.tick_now()
    assert companion.window.isVisible()
    companion.settings.update(prompt_attention=PromptAttention.CARD)
    click_answer(qtbot, companion, PromptKind.NO_SHOW, Answer.WAIT_LONGER)
    companion.window.hide()
    clock.advance(minutes=5)
    companion.controller.tick_now()
    assert not companion.window.isVisible()


def test_mini_timer_follows_the_call(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    window = companion.window
    qtbot.mouseClick(window.miniTimerCheck, Qt.MouseButton.LeftButton)
    assert not companion.mini_timer.widget.isVisible(), "only shown while a call runs"
    type_ticket_and_start(qtbot, companion, "12")
    assert companion.mini_timer.widget.isVisible()
    assert companion.mini_timer.widget.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    clock.advance(minutes=2, seconds=5)
    companion.controller.tick_now()
    labels = {
        lbl.accessibleName(): lbl.text() for lbl in companion.mini_timer.widget.findChildren(QLabel)
    }
    assert labels["Elapsed time"] == "02:05"
    assert labels["Ticket and what comes next"] == "#12 · no-show check in 8 min"
    window.actionEnd.trigger()
    assert not companion.mini_timer.widget.isVisible()
    assert companion.settings.value.mini_timer_visible


def test_resume_a_call_ended_by_mistake(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    window = companion.window
    type_ticket_and_start(qtbot, companion, "12345")
    clock.advance(minutes=10)
    companion.controller.tick_now()
    click_answer(qtbot, companion, PromptKind.NO_SHOW, Answer.CUSTOMER_NO_SHOW)
    assert window.followUpBox.isVisible()
    assert window.resumeButton.isVisible()

    clock.advance(30)  # the customer turns up just after
    qtbot.mouseClick(window.resumeButton, Qt.MouseButton.LeftButton)
    call = companion.controller.call
    assert call is not None
    assert window.pages.currentIndex() == CALL_PAGE
    assert window.elapsedLabel.text() == "10:30"
    assert companion.store.follow_ups() == [], "the no-show reply is no longer owed"
    assert companion.store.active_call() is not None
    window.actionJoined.trigger()
    assert call.state() is CallState.IN_PROGRESS


def test_resume_is_not_offered_long_after_the_end(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    window = companion.window
    type_ticket_and_start(qtbot, companion, "12345")
    window.actionEnd.trigger()
    assert window.resumeButton.isVisible()
    clock.advance(minutes=20)
    qtbot.mouseClick(window.resumeButton, Qt.MouseButton.LeftButton)
    assert companion.controller.call is None
    assert not window.resumeButton.isVisible()
    assert any("more than 15 minutes ago" in n for n in window.notices())


# -- what the window says comes from the call types and the calls, not from the view -------------


def test_the_follow_up_box_says_the_call_s_own_response_minutes(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    window = companion.window
    emergency = companion.settings.value.call_types().get("emergency")
    slow = replace(emergency, response_minutes=(20, 40))
    companion.controller.start_call(TicketRef(4321), slow, Platform.ZOOM)
    clock.advance(minutes=20)
    companion.controller.tick_now()
    (prompt,) = window.prompt_banners()
    window.answer_prompt(prompt.prompt.key, Answer.SEND_FOLLOW_UP, None)
    for dialog in companion.messages.open_dialogs():
        dialog.reject()
    window.end_call(Outcome.COMPLETED)
    window.new_call()
    assert window.followUpBox.isVisible()
    assert window.followUpBox.title() == "Emergency follow-up on #4321"
    assert "has not responded for 20 minutes" in window.followUpText.text()


def test_the_call_type_s_guidance_follows_its_planned_length(
    qtbot: QtBot, companion: CallCompanion
) -> None:
    companion.settings.update(call_type_overrides={"discovery": {"planned_minutes": 20}})
    choose_type(companion, "discovery")
    info = companion.window.typeInfo.text()
    assert "Continue past 20 minutes only at your discretion" in info
    choose_type(companion, "emergency")
    assert "No response after 15 minutes: follow up. After 30" in companion.window.typeInfo.text()


Index = QModelIndex | QPersistentModelIndex


def test_opening_history_measures_only_the_rows_it_shows(
    qtbot: QtBot, companion: CallCompanion, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Column widths come from the font: a long history is not read row by row to size them."""
    started = companion.clock.now() - timedelta(days=3)
    for number in range(1000):
        companion.store.save_call(
            CallRecord(
                id=f"call{number}",
                ticket=TicketRef(100000 + number),
                call_type_key="troubleshooting",
                call_type_name="Troubleshooting",
                platform=Platform.ZOOM,
                started_at=started + timedelta(minutes=number),
                planned_seconds=3600,
                wrapup_lead_seconds=600,
                no_show_after_seconds=600,
                joined_at=0.0,
                ended_at=1800.0,
                outcome=Outcome.COMPLETED,
            )
        )
    rows_read: set[int] = set()

    class CountingModel(HistoryModel):
        def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
            if role == Qt.ItemDataRole.DisplayRole:
                rows_read.add(index.row())
            return super().data(index, role)

    monkeypatch.setattr(history_page, "HistoryModel", CountingModel)
    window = companion.window
    window.resize(600, 700)
    window.show()
    window.actionHistory.trigger()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    assert window.historySummary.text().startswith("1,000 calls")
    assert 0 < len(rows_read) < 100, f"{len(rows_read)} rows were read to open History"
    header = window.historyView.horizontalHeader()
    modes = {header.sectionResizeMode(c) for c in range(header.count())}
    assert QHeaderView.ResizeMode.ResizeToContents not in modes
    assert header.sectionSize(0) >= header.fontMetrics().horizontalAdvance("#1000999")


def test_before_the_call_is_as_tall_as_its_steps_after_a_long_call(
    qtbot: QtBot, companion: CallCompanion
) -> None:
    """The page stack is as tall as the page in view, not as the call page with its checklist."""
    window = companion.window
    window.resize(460, 780)
    qtbot.waitExposed(window)
    qtbot.wait(10)
    box_before = window.beforeBox.height()
    companion.controller.start_call(
        TicketRef(4242),
        companion.settings.value.call_types().get("upgrade_assistance"),
        Platform.WEBEX,
        customer_joined=True,
    )
    qtbot.wait(10)
    companion.controller.end_call()
    window.new_call()
    qtbot.wait(10)

    assert window.beforeBox.height() <= box_before + 50
    bottom = window.inviteButton.mapTo(
        window.callScroll.viewport(), window.inviteButton.rect().bottomLeft()
    )
    assert bottom.y() <= window.callScroll.viewport().height()  # Invite… is in sight
