"""A window made for a glance: sizes, the tray icon at 16 px, dark scheme, screen readers, and
the first start."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleEvent, QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLineEdit,
    QMainWindow,
    QStyleOptionButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from callcompanion.core.call import Answer, CallState
from callcompanion.core.checklists import Stage
from callcompanion.core.connections import make_connection
from callcompanion.gui.forms.ui_main_window import Ui_MainWindow
from callcompanion.gui.main_window.banners import PromptBanner
from callcompanion.gui.palette import (
    contrast_ratio,
    error_style,
    follow_color_scheme,
    is_dark,
    state_colour,
    text_colour,
)
from callcompanion.gui.tray_icon import IconFace, minutes_label, render_face
from tests.fakes.clock import FakeClock
from tests.gui.conftest import MakeCompanion


def _accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    return interface.text(QAccessible.Text.Name)


def _start(qtbot: QtBot, companion: object, ticket: str = "12345") -> None:
    window = companion.window  # type: ignore[attr-defined]
    window.ticketEdit.setText(ticket)
    window.typeCombo.setCurrentIndex(window.typeCombo.findData("troubleshooting"))
    assert window.start_call()


# -- the tray icon at 16 px --------------------------------------------------------------------


def _text_height(face: IconFace, size: int) -> int:
    """Rows holding the white text on the badge."""
    image = render_face(face, size).toImage()
    rows = [
        y
        for y in range(image.height())
        for x in range(image.width())
        if (c := image.pixelColor(x, y)).alpha() > 200 and min(c.red(), c.green(), c.blue()) > 200
    ]
    return max(rows) - min(rows) + 1 if rows else 0


@pytest.mark.parametrize("minutes", [0, 9, 42, 99, 100, 359, 600, 754, 999])
def test_the_tray_icon_is_legible_at_16_px_from_0_to_999_minutes(
    qapp: QApplication, minutes: int
) -> None:
    label = minutes_label(minutes * 60)
    assert len(label) <= 2
    for state in (CallState.WAITING, CallState.IN_PROGRESS, CallState.WRAP_UP, CallState.OVERTIME):
        assert _text_height(IconFace(state, label), 16) >= 7, (minutes, label, state)


def test_the_wrap_up_corner_shows_at_16_px(qapp: QApplication) -> None:
    def clear_in_corner(state: CallState) -> int:
        image = render_face(IconFace(state, "52"), 16).toImage()
        return sum(image.pixelColor(x, y).alpha() < 60 for x in range(10, 16) for y in range(0, 6))

    # a notch of about a third of the corner square, where a rounded corner leaves a few pixels
    assert clear_in_corner(CallState.WRAP_UP) >= 18
    assert clear_in_corner(CallState.IN_PROGRESS) <= 6


# -- light and dark ------------------------------------------------------------------------------


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[QPalette]:
    before = QPalette(qapp.palette())
    follow_color_scheme(qapp, Qt.ColorScheme.Dark)
    yield qapp.palette()
    follow_color_scheme(qapp, Qt.ColorScheme.Light)
    qapp.setPalette(before)


def test_the_dark_scheme_keeps_warnings_and_empty_check_boxes_visible(
    qtbot: QtBot, dark: QPalette
) -> None:
    assert is_dark()
    window = dark.color(QPalette.ColorRole.Window)
    error = QColor(error_style().removeprefix("color: ").rstrip(";"))
    assert contrast_ratio(error, window) >= 4.5
    overtime = text_colour(state_colour(CallState.OVERTIME))
    assert contrast_ratio(overtime, window) >= 4.5
    muted = dark.color(QPalette.ColorRole.PlaceholderText)
    assert contrast_ratio(muted, window) >= 4.5
    assert contrast_ratio(muted, dark.color(QPalette.ColorRole.Base)) >= 4.5

    box = QCheckBox("Recording policy agreed")
    qtbot.addWidget(box)
    box.show()
    image = box.grab().toImage()
    indicator = box.style().subElementRect(
        box.style().SubElement.SE_CheckBoxIndicator, _option(box), box
    )
    centre = image.pixelColor(indicator.center())
    assert contrast_ratio(centre, window) >= 1.6  # the empty box stands out from the window


def _option(box: QCheckBox) -> QStyleOptionButton:
    option = QStyleOptionButton()
    option.initFrom(box)
    return option


def test_the_light_scheme_keeps_the_state_colours(qapp: QApplication) -> None:
    follow_color_scheme(qapp, Qt.ColorScheme.Light)
    assert not is_dark()
    assert text_colour(state_colour(CallState.OVERTIME)) == state_colour(CallState.OVERTIME)


# -- screen readers -------------------------------------------------------------------------------


def test_screen_readers_hear_the_values_not_just_names(
    qtbot: QtBot, companion: object, clock: FakeClock
) -> None:
    window = companion.window  # type: ignore[attr-defined]
    _start(qtbot, companion)
    clock.advance(minutes=3, seconds=7)
    companion.controller.tick_now()  # type: ignore[attr-defined]
    assert window.elapsedLabel.text() == "03:07"
    assert "03:07" in _accessible_name(window.elapsedLabel)
    assert "#12345" in _accessible_name(window.callTitle)
    next_step = window.nextLabel.text()
    assert next_step
    assert next_step in _accessible_name(window.nextLabel)
    window.set_outbox_status("1 needs your attention", attention=True)
    assert "1 needs your attention" in _accessible_name(window.outboxButton)


def test_the_connection_test_result_is_read_out(qtbot: QtBot, companion: object) -> None:
    dialog = companion.open_settings()  # type: ignore[attr-defined]
    dialog.zendesk._tested("Could not reach example.zendesk.com: timed out.", error=True)
    assert _accessible_name(dialog.connectionResult) == (
        "Could not reach example.zendesk.com: timed out."
    )
    dialog.reject()


def test_a_prompt_is_announced_as_an_alert(
    qtbot: QtBot, companion: object, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    alerts: list[object] = []

    def record(event: QAccessibleEvent) -> None:
        if event.type() is QAccessible.Event.Alert:
            alerts.append(event.object())

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(record))
    _start(qtbot, companion)
    clock.advance(minutes=10)
    companion.controller.tick_now()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: any(isinstance(o, PromptBanner) for o in alerts), timeout=2000)
    banner = next(o for o in alerts if isinstance(o, PromptBanner))
    assert "not here" in _accessible_name(banner)


# -- sizes and scrolling -------------------------------------------------------------------------


def _form_default_size() -> tuple[int, int]:
    bare = QMainWindow()
    Ui_MainWindow().setupUi(bare)
    size = bare.size()
    bare.deleteLater()
    return size.width(), size.height()


def test_the_standard_checklist_fits_the_default_window(
    qtbot: QtBot, companion: object, clock: FakeClock
) -> None:
    window = companion.window  # type: ignore[attr-defined]
    width, height = _form_default_size()
    assert height >= 760
    window.resize(width, height)
    companion.first_start.card.finish()  # type: ignore[attr-defined]
    _start(qtbot, companion)
    for notice in window.notices():  # no Zendesk in this profile: said once, dismissed
        window.remove_notice(notice)
    window.mark_joined()
    clock.advance(minutes=20)
    companion.controller.tick_now()  # type: ignore[attr-defined]
    bar = window.callScroll.verticalScrollBar()
    qtbot.waitUntil(lambda: window.call_panel.item_count() > 0, timeout=2000)
    qtbot.wait(50)  # let the layout settle (no condition to wait for: nothing should scroll)
    assert bar.maximum() == 0


def test_wrap_up_brings_its_steps_into_view(
    qtbot: QtBot, companion: object, clock: FakeClock
) -> None:
    window = companion.window  # type: ignore[attr-defined]
    window.resize(460, 520)  # small enough that the checklist scrolls
    _start(qtbot, companion)
    window.mark_joined()
    clock.advance(minutes=50)
    controller = companion.controller  # type: ignore[attr-defined]
    controller.tick_now()
    prompt = controller.due_prompts()[0]
    controller.answer(prompt.key, Answer.START_WRAP_UP)
    controller.tick_now()
    viewport = window.callScroll.viewport()
    heading = window.call_panel.headings[Stage.WRAP_UP.label]

    def heading_in_view() -> bool:
        top = heading.mapTo(viewport, heading.rect().topLeft()).y()
        return bool(top >= 0 and top + heading.height() <= viewport.height())

    qtbot.waitUntil(heading_in_view, timeout=2000)
    assert window.callScroll.verticalScrollBar().value() > 0


def test_settings_placeholders_fit_their_fields(qtbot: QtBot, companion: object) -> None:
    dialog = companion.open_settings()  # type: ignore[attr-defined]
    dialog.tabs.setCurrentWidget(dialog.summaryTab)
    qtbot.waitUntil(dialog.summaryTagsEdit.isVisible, timeout=2000)
    for edit in dialog.summaryTab.findChildren(QLineEdit):
        text = edit.placeholderText()
        if text:
            room = edit.width() - 12  # the frame and text margins
            assert edit.fontMetrics().horizontalAdvance(text) <= room, text
    dialog.reject()


# -- first start ---------------------------------------------------------------------------------


def test_the_first_run_card_shows_once_and_each_step_can_be_skipped(
    qtbot: QtBot, make_companion: MakeCompanion
) -> None:
    first = make_companion()
    card = first.first_start.card
    assert card is not None
    assert card.isVisible()
    assert set(card.pending()) == {"about", "zendesk", "calendly"}
    for key in ("about", "zendesk", "calendly"):
        qtbot.mouseClick(card.skip_buttons[key], Qt.MouseButton.LeftButton)
    assert first.first_start.card is None
    assert first.settings.value.first_run_done
    first.close()
    again = make_companion()
    assert again.first_start.card is None


def test_set_up_opens_settings_at_that_tab(qtbot: QtBot, companion: object) -> None:
    card = companion.first_start.card  # type: ignore[attr-defined]
    assert card is not None
    qtbot.mouseClick(card.setup_buttons["zendesk"], Qt.MouseButton.LeftButton)
    dialog = companion.window.findChild(QWidget, "SettingsDialog")  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=2000)
    assert dialog.tabs.currentWidget() is dialog.zendeskTab
    dialog.reject()


def test_the_ended_page_says_posting_needs_zendesk(
    qtbot: QtBot, companion: object, clock: FakeClock
) -> None:
    window = companion.window  # type: ignore[attr-defined]
    _start(qtbot, companion)
    window.mark_joined()
    clock.advance(minutes=5)
    companion.controller.end_call()  # type: ignore[attr-defined]
    hint = companion.first_start.hint  # type: ignore[attr-defined]
    qtbot.waitUntil(hint.isVisible, timeout=2000)
    assert "Settings → Zendesk" in hint.label.text()
    connection = make_connection(
        id="example1",
        label="Example",
        address="https://example.zendesk.com",
        email="agent@example.com",
    )
    companion.settings.update(  # type: ignore[attr-defined]
        zendesk_connections=(connection,), default_connection=connection.id
    )
    assert not hint.isVisible()
