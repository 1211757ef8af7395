"""The prompt card, the tray menu as a remote and the tray click, offscreen.

The same things with a real window manager, tray host and focus: test_tray_xcb_attention.py.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QPushButton, QSystemTrayIcon, QWidget
from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.core.call import DEFAULT_CONTINUE_MINUTES, Answer, Platform, PromptKind
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.checklists import NAG_REPEAT_MINUTES
from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.core.settings import PromptAttention, Settings
from callcompanion.core.ticket import TicketRef
from callcompanion.core.timefmt import format_minutes
from callcompanion.gui.main_window.banners import snooze_text
from callcompanion.gui.prompt_card import (
    MARGIN,
    Corner,
    PromptCard,
    card_position,
    default_corner,
    tray_corner,
)
from callcompanion.services.outbox import OutboxEntry
from tests.fakes.clock import FakeClock
from tests.fakes.zendesk_server import Status
from tests.gui.conftest import ZendeskSetup, banner, menu_texts
from tests.gui.test_summary import end_call
from tests.gui.test_summary import start_call as start_joined_call

NO_SHOW_TITLE = "#12345: customer not here after 10 min"


def start_call(companion: CallCompanion, platform: Platform = Platform.ZOOM) -> None:
    """A Troubleshooting call: 60 minutes, wrap-up at 50."""
    companion.controller.start_call(
        TicketRef(12345), CallTypeCatalog().get("troubleshooting"), platform
    )


def pass_time(companion: CallCompanion, clock: FakeClock, **kwargs: float) -> None:
    clock.advance(**kwargs)
    companion.controller.tick_now()


def click_answer(qtbot: QtBot, companion: CallCompanion, kind: PromptKind, answer: Answer) -> None:
    """Answer in the window's banner, once the window has laid it out."""
    button = banner(companion, kind).buttons[answer]
    qtbot.waitUntil(lambda: not button.rect().isEmpty(), timeout=2000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def card_of(companion: CallCompanion) -> PromptCard:
    return companion.attention.card


def button_texts(card: PromptCard) -> list[str]:
    return [button.text() for button in card.buttons]


def click(qtbot: QtBot, card: PromptCard, text: str) -> None:
    (button,) = [b for b in card.buttons if b.text() == text]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


# -- the card ---------------------------------------------------------------------------------


def test_a_prompt_brings_the_card_with_its_answers_without_focus(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    start_call(companion)
    companion.window.hide()  # the engineer is in the meeting; the window is out of the way
    pass_time(companion, clock, minutes=9, seconds=59)
    assert not companion.attention.card_visible()

    pass_time(companion, clock, seconds=1)
    card = card_of(companion)
    assert card.isVisible()
    assert not companion.window.isVisible(), "the card, not the window, comes forward"
    assert card.title.text() == NO_SHOW_TITLE
    assert button_texts(card) == ["Customer joined", "Wait 5 more minutes", "Customer didn't show"]
    flags = card.windowFlags()
    for flag in (
        Qt.WindowType.Tool,
        Qt.WindowType.WindowStaysOnTopHint,
        Qt.WindowType.WindowDoesNotAcceptFocus,
    ):
        assert flags & flag, flag
    assert card.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert all(b.focusPolicy() == Qt.FocusPolicy.NoFocus for b in card.findChildren(QPushButton))
    assert card.shown_key().startswith("prompt:no_show@")

    click(qtbot, card, "Wait 5 more minutes")
    assert companion.controller.due_prompts() == []
    assert not card.isVisible()
    call = companion.controller.call
    assert call is not None
    assert not call.customer_joined

    pass_time(companion, clock, minutes=5)  # asked again after the wait
    assert card.isVisible()
    assert card.title.text() == "#12345: customer not here after 15 min"
    click(qtbot, card, "Customer joined")
    assert companion.controller.call is not None
    assert companion.controller.call.customer_joined
    assert not card.isVisible()


def test_the_card_goes_when_the_prompt_is_answered_elsewhere(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    start_call(companion)
    pass_time(companion, clock, minutes=10)
    card = card_of(companion)
    assert card.isVisible()
    click_answer(qtbot, companion, PromptKind.NO_SHOW, Answer.CUSTOMER_JOINED)
    assert not card.isVisible()

    pass_time(companion, clock, minutes=40)
    assert card.isVisible()
    assert card.title.text() == "#12345: wrap-up, 10 min left"
    assert button_texts(card) == ["Start wrapping up"]
    click(qtbot, card, "Start wrapping up")
    assert not card.isVisible()
    pass_time(companion, clock, minutes=10)
    assert card.title.text() == "#12345: time's up (1 h planned)"
    assert button_texts(card) == [
        "Wrap up",
        f"Continue ({format_minutes(DEFAULT_CONTINUE_MINUTES)})",
    ]
    companion.controller.end_call()
    assert not card.isVisible(), "a call that ended has nothing left to answer"


def test_the_card_follows_the_engineers_choice(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    companion.settings.update(prompt_attention=PromptAttention.NOTIFICATION)
    start_call(companion)
    companion.window.hide()
    pass_time(companion, clock, minutes=10)
    assert not companion.attention.card_visible()
    # Offscreen has no tray, so "notification only" could not be seen: the window comes instead.
    assert companion.window.isVisible()

    companion.settings.update(prompt_attention=PromptAttention.WINDOW)
    click_answer(qtbot, companion, PromptKind.NO_SHOW, Answer.WAIT_LONGER)
    companion.window.hide()
    pass_time(companion, clock, minutes=5)
    assert companion.window.isVisible()
    assert not companion.attention.card_visible()


def test_a_nag_comes_on_the_card_when_the_window_is_not_in_front(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    companion.window.hide()
    start_call(companion, Platform.WEBEX)  # "Locked the WebEx room" nags from the start
    card = card_of(companion)
    assert card.isVisible()
    assert card.title.text() == "Locked the WebEx room"
    assert button_texts(card) == ["Done", "Remind me in 2 minutes"]

    # A prompt goes first; the nag comes back once the prompt is answered.
    pass_time(companion, clock, minutes=10)
    assert card.title.text() == NO_SHOW_TITLE
    click(qtbot, card, "Customer joined")
    assert card.isVisible()
    assert card.title.text() == "Locked the WebEx room"
    click(qtbot, card, "Done")
    assert not card.isVisible()
    assert companion.checklists.results()["webex_lock"].state.value == "done"
    assert not companion.window.nag_banners()


@pytest.fixture
def balloons(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """A desktop with a tray (offscreen has none): the balloons its icon shows."""
    shown: list[tuple[str, str]] = []

    def show_message(_icon: QSystemTrayIcon, title: str, message: str, *_rest: object) -> None:
        shown.append((title, message))

    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    monkeypatch.setattr(QSystemTrayIcon, "showMessage", show_message)
    return shown


def test_no_balloon_covers_the_card_and_none_held_back_is_lost(
    qtbot: QtBot, balloons: list[tuple[str, str]], zendesk_app: ZendeskSetup
) -> None:
    companion, zendesk, clock = zendesk_app.companion, zendesk_app.zendesk, zendesk_app.clock
    zendesk.add_ticket(12346, subject="Another ticket")
    zendesk.fail("PUT", r"/tickets/12346$", Status(404, {"error": "RecordNotFound"}))
    start_joined_call(companion)
    end_call(companion, clock).close()  # its summary is not posted: reminded 15 min later
    companion.window.hide()
    start_call(companion)
    pass_time(companion, clock, minutes=10)
    card = card_of(companion)
    assert card.isVisible()
    balloons.clear()

    failed: list[OutboxEntry] = []
    companion.outbox.failed.connect(failed.append)
    companion.outbox.enqueue(
        ticket=TicketRef(12346),
        text="Internal details",
        public=False,
        kind=OutboxKind.UPGRADE_NOTE,
        label="Internal note for #12346",
        connection_id=zendesk_app.connection.id,
    )
    qtbot.waitUntil(lambda: bool(failed), timeout=10_000)
    pass_time(companion, clock, minutes=5)
    companion.summaries.check_reminders()  # the first call's summary is overdue
    assert card.isVisible()
    assert balloons == [], "nothing covers the card"

    click(qtbot, card, "Customer joined")
    assert not card.isVisible()
    ((title, message),) = balloons
    assert title == "callcompanion"
    lines = message.splitlines()
    assert lines[0].startswith("A post needs your attention: Internal note for #12346: ")
    assert lines[1] == "Summary not posted: The summary for #12345 is not posted yet."


def test_remind_me_says_the_wait_the_snooze_gives(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    assert snooze_text(1) == "Remind me in 1 minute"
    assert snooze_text(5) == "Remind me in 5 minutes"
    wanted = snooze_text(NAG_REPEAT_MINUTES)
    assert f" {NAG_REPEAT_MINUTES} minute" in wanted
    start_call(companion, Platform.WEBEX)  # "Locked the WebEx room" nags from the start
    (nag,) = companion.window.nag_banners()
    assert nag.snooze_button.text() == wanted
    qtbot.mouseClick(nag.snooze_button, Qt.MouseButton.LeftButton)
    companion.window.hide()  # back to the meeting

    pass_time(companion, clock, minutes=NAG_REPEAT_MINUTES, seconds=-2)
    assert not companion.attention.card_visible()
    pass_time(companion, clock, seconds=2)
    card = card_of(companion)
    assert card.isVisible(), "back after the minutes it said"
    assert card.title.text() == "Locked the WebEx room"
    assert button_texts(card) == ["Done", wanted]


# -- where the card goes ------------------------------------------------------------------------


AREA = QRect(0, 24, 1280, 776)  # a screen of 1280×800 under a 24 px panel
SIZE = QSize(380, 120)


def test_the_card_sits_in_the_trays_corner() -> None:
    top_right = card_position(SIZE, AREA, Corner.TOP_RIGHT, [])
    assert top_right == QPoint(1280 - MARGIN - 380, 24 + MARGIN)
    bottom_right = card_position(SIZE, AREA, Corner.BOTTOM_RIGHT, [])
    assert bottom_right == QPoint(1280 - MARGIN - 380, 800 - MARGIN - 120)
    assert card_position(SIZE, AREA, Corner.TOP_LEFT, []) == QPoint(MARGIN, 24 + MARGIN)


def test_the_card_keeps_clear_of_the_mini_timer() -> None:
    mini = QRect(1050, 48, 206, 52)  # where the mini timer parks by default
    position = card_position(SIZE, AREA, Corner.TOP_RIGHT, [mini])
    card = QRect(position, SIZE)
    assert not card.intersects(mini)
    assert card.top() == mini.bottom() + 1 + MARGIN, "just below it, still in the corner"
    assert AREA.contains(card)

    bottom_mini = QRect(1050, 700, 206, 52)
    card = QRect(card_position(SIZE, AREA, Corner.BOTTOM_RIGHT, [bottom_mini]), SIZE)
    assert not card.intersects(bottom_mini)
    assert card.bottom() < bottom_mini.top()

    # A mini timer stretched down the whole right edge: the card goes beside it.
    tall = QRect(1100, 24, 180, 776)
    card = QRect(card_position(SIZE, AREA, Corner.TOP_RIGHT, [tall]), SIZE)
    assert not card.intersects(tall)
    assert AREA.contains(card)


def test_the_trays_corner_comes_from_the_icon() -> None:
    screens = [QRect(0, 0, 1280, 800), QRect(1280, 0, 1920, 1080)]
    assert tray_corner(QRect(1258, 1, 22, 22), screens) == (screens[0], Corner.TOP_RIGHT)
    assert tray_corner(QRect(3100, 1050, 22, 22), screens) == (screens[1], Corner.BOTTOM_RIGHT)
    assert tray_corner(QRect(4, 778, 22, 22), screens) == (screens[0], Corner.BOTTOM_LEFT)
    assert tray_corner(QRect(0, 0, 0, 0), screens) is None  # not placed yet
    assert tray_corner(None, screens) is None
    assert default_corner("win32") is Corner.BOTTOM_RIGHT
    assert default_corner("darwin") is Corner.TOP_RIGHT
    assert default_corner("linux") is Corner.TOP_RIGHT


def test_the_card_does_not_cover_the_mini_timer_on_screen(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    companion.mini_timer.set_wanted(True)
    start_call(companion)
    mini = companion.mini_timer.widget
    assert mini.isVisible()
    pass_time(companion, clock, minutes=10)
    card = card_of(companion)
    assert card.isVisible()
    assert not card.frameGeometry().intersects(mini.frameGeometry())
    screen = QApplication.primaryScreen().availableGeometry()
    assert screen.contains(card.frameGeometry())


# -- the tray menu as a remote ----------------------------------------------------------------


def test_the_tray_menu_offers_the_prompts_answers_and_the_next_steps(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    assert menu_texts(companion)[:3] == ["No call running", "Start call…", "Outbox"]
    start_call(companion)
    pass_time(companion, clock, minutes=10)
    texts = menu_texts(companion)
    assert texts[:8] == [
        "Waiting 10:00 – #12345 Troubleshooting",
        NO_SHOW_TITLE,
        "Customer joined",
        "Wait 5 more minutes",
        "Customer didn't show",
        "Notes",
        "End call",
        "Outbox",
    ]
    (heading,) = [a for a in companion.tray.menu.actions() if a.text() == NO_SHOW_TITLE]
    assert not heading.isEnabled()

    (wait,) = [a for a in companion.tray.menu.actions() if a.text() == "Wait 5 more minutes"]
    wait.trigger()
    assert companion.controller.due_prompts() == []
    assert not companion.attention.card_visible()
    assert NO_SHOW_TITLE not in menu_texts(companion)

    with qtbot.waitSignal(companion.call_actions.notes_requested, timeout=1000):
        (notes,) = [a for a in companion.tray.menu.actions() if a.text() == "Notes"]
        notes.trigger()

    # Wrap-up and time's up: Start wrapping up, then Wrap up / Continue (5 min).
    companion.controller.mark_joined()
    pass_time(companion, clock, minutes=40)
    texts = menu_texts(companion)
    assert texts[1:6] == [
        "#12345: wrap-up, 10 min left",
        "Start wrapping up",
        "Notes",
        "End call",
        "Outbox",
    ]
    (wrap,) = [a for a in companion.tray.menu.actions() if a.text() == "Start wrapping up"]
    wrap.trigger()
    assert companion.controller.due_prompts() == []


def test_a_stale_choice_from_the_tray_menu_is_refused_with_a_sentence(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    start_call(companion)
    pass_time(companion, clock, minutes=10)
    menu_texts(companion)
    (joined,) = [a for a in companion.tray.menu.actions() if a.text() == "Customer joined"]
    click_answer(qtbot, companion, PromptKind.NO_SHOW, Answer.WAIT_LONGER)  # in the window
    joined.trigger()  # from the menu opened before
    assert "That prompt has already been answered." in companion.window.notices()


# -- the tray click ----------------------------------------------------------------------------


def test_a_tray_click_brings_a_buried_window_in_front_and_hides_only_one_in_front(
    qtbot: QtBot, companion: CallCompanion
) -> None:
    window = companion.window
    window.keep_running_in_tray = True  # as with a tray
    meeting = QWidget()
    qtbot.addWidget(meeting)
    meeting.setWindowTitle("Meeting")
    meeting.show()
    meeting.activateWindow()
    qtbot.waitUntil(meeting.isActiveWindow, timeout=2000)
    assert window.isVisible()
    assert not companion.attention.window_in_front()
    assert menu_texts(companion)[-3] == "Show window"

    companion.tray.toggle_window.emit()  # the icon clicked
    assert window.isVisible(), "a buried window comes in front rather than vanishing"
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    assert companion.attention.window_in_front()
    assert menu_texts(companion)[-3] == "Hide window"

    companion.tray.toggle_window.emit()
    assert not window.isVisible()
    companion.tray.toggle_window.emit()
    assert window.isVisible()


# -- the setting ---------------------------------------------------------------------------------


def test_the_setting_reads_and_writes_and_keeps_an_old_choice() -> None:
    assert Settings().prompt_attention is PromptAttention.CARD
    for way in PromptAttention:
        data = Settings(prompt_attention=way).to_dict()
        assert data["prompt_attention"] == way.value
        assert Settings.from_dict(data) == (Settings(prompt_attention=way), [])
    # A file from before the choice existed, where the window was not to come forward.
    old = Settings.from_dict({"show_window_on_prompt": False})[0]
    assert old.prompt_attention is PromptAttention.NOTIFICATION
    assert Settings.from_dict({"show_window_on_prompt": True})[0].prompt_attention is (
        PromptAttention.CARD
    )
    settings, warnings = Settings.from_dict({"prompt_attention": "popup"})
    assert settings.prompt_attention is PromptAttention.CARD
    assert warnings == [
        "Setting “prompt_attention” must be card, window or notification; "
        "using <PromptAttention.CARD: 'card'>."
    ]


def test_the_timing_tab_offers_the_choice(qtbot: QtBot, companion: CallCompanion) -> None:
    from PySide6.QtWidgets import QComboBox, QDialogButtonBox

    from callcompanion.gui.settings import SettingsDialog

    companion.open_settings()
    (dialog,) = companion.window.findChildren(SettingsDialog)
    qtbot.waitUntil(dialog.isVisible)
    combo = dialog.findChild(QComboBox, "promptAttentionCombo")
    assert combo is not None
    assert combo.isVisibleTo(dialog)
    assert not dialog.promptWindowCheck.isVisibleTo(dialog)
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Show a small card with the answers, near the tray",
        "Bring this window in front",
        "Only show a notification",
    ]
    assert combo.currentData() == "card"
    combo.setCurrentIndex(combo.findData("window"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert companion.settings.value.prompt_attention is PromptAttention.WINDOW
