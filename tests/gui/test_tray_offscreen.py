"""Tray logic that needs no real tray: the menu, the tooltip, when the icon is redrawn."""

from __future__ import annotations

from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.core.call import CallState, Platform
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.ticket import TicketRef
from callcompanion.gui.remote_menu import add_call_actions
from callcompanion.gui.tray_icon import IconFace, face_for, minutes_label, render_face
from tests.fakes.clock import FakeClock
from tests.gui.conftest import menu_texts


def test_the_menu_is_rebuilt_from_the_live_state(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    texts = menu_texts(companion)
    assert texts[0] == "No call running"
    assert "Start call…" in texts
    assert texts[-1] == "Quit callcompanion"

    companion.controller.start_call(
        TicketRef(12345), CallTypeCatalog().get("discovery"), Platform.ZOOM
    )
    clock.advance(minutes=2, seconds=3)
    texts = menu_texts(companion)
    assert texts[0] == "Waiting 02:03 – #12345 Discovery"
    assert "Customer joined" in texts
    assert "End call" in texts
    assert "Start call…" not in texts

    (joined,) = [a for a in companion.tray.menu.actions() if a.text() == "Customer joined"]
    joined.trigger()
    texts = menu_texts(companion)
    assert texts[0].startswith("In call 02:03")
    assert "Customer joined" not in texts
    (end,) = [a for a in companion.tray.menu.actions() if a.text() == "End call"]
    end.trigger()
    assert companion.controller.call is None
    assert menu_texts(companion)[0] == "No call running"


def test_tooltip_names_ticket_type_and_elapsed(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    assert companion.tray.icon.toolTip() == "callcompanion · no call running"
    companion.controller.start_call(
        TicketRef(12345), CallTypeCatalog().get("troubleshooting"), Platform.ZOOM
    )
    clock.advance(minutes=23, seconds=41)
    companion.controller.tick_now()
    assert companion.tray.icon.toolTip() == "#12345 · Troubleshooting · 23:41"


def test_the_icon_is_redrawn_only_when_the_minute_or_state_changes(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    companion.controller.start_call(
        TicketRef(1), CallTypeCatalog().get("troubleshooting"), Platform.ZOOM, customer_joined=True
    )
    renders = companion.tray.icon_renders
    for _ in range(59):
        clock.advance(1)
        companion.controller.tick_now()
    assert companion.tray.icon_renders == renders, "seconds alone never repaint the icon"
    clock.advance(1)
    companion.controller.tick_now()
    assert companion.tray.icon_renders == renders + 1
    clock.advance(minutes=49)  # wrap-up starts at 50
    companion.controller.tick_now()
    assert companion.tray.icon_renders == renders + 2


def test_the_mini_timer_toggle_in_the_tray_menu(qtbot: QtBot, companion: CallCompanion) -> None:
    companion.tray.menu.aboutToShow.emit()
    (mini,) = [a for a in companion.tray.menu.actions() if a.text() == "Mini timer"]
    assert not mini.isChecked()
    mini.trigger()
    assert companion.settings.value.mini_timer_visible
    assert companion.window.miniTimerCheck.isChecked()


def _call_items(actions: list[QAction]) -> list[str]:
    """The items as they read, a separator as ``---`` and a heading as ``[title]``."""
    return [
        "---"
        if a.isSeparator() and not a.text()
        else f"[{a.text()}]"
        if a.isSeparator() or not a.isEnabled()
        else a.text()
        for a in actions
    ]


def test_the_tray_and_the_mini_timer_list_the_call_s_items_alike(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    companion.controller.start_call(
        TicketRef(12345), CallTypeCatalog().get("troubleshooting"), Platform.ZOOM
    )
    clock.advance(minutes=10)
    companion.controller.tick_now()  # the no-show prompt is due
    built = QMenu()
    add_call_actions(built, companion.call_actions, heading_as_section=False)
    expected = [
        "[#12345: customer not here after 10 min]",
        "Customer joined",
        "Wait 5 more minutes",
        "Customer didn't show",
        "---",
        "Notes",
        "End call",
        "Outbox",
    ]
    assert _call_items(built.actions()) == expected

    companion.tray.menu.aboutToShow.emit()
    tray = _call_items(companion.tray.menu.actions())
    start = tray.index(expected[0])
    assert tray[start : start + len(expected)] == expected
    strip = _call_items(companion.mini_timer.widget.menu().actions())
    assert strip[: len(expected)] == expected


def opaque_pixels(image: QImage) -> int:
    return sum(
        1
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > 0
    )


def test_each_state_draws_a_different_badge(qtbot: QtBot) -> None:
    images = {
        state: render_face(IconFace(state, "23"), 22).toImage()
        for state in (
            CallState.WAITING,
            CallState.IN_PROGRESS,
            CallState.WRAP_UP,
            CallState.OVERTIME,
        )
    }
    images[None] = render_face(IconFace(None, ""), 22).toImage()  # type: ignore[index]
    distinct = {bytes(img.constBits()) for img in images.values()}
    assert len(distinct) == len(images)
    for image in images.values():
        assert image.width() == 22
        assert opaque_pixels(image) > 22 * 22 // 3, "legible: the badge fills the icon"


def test_mask_icons_differ_by_shape_alone(qtbot: QtBot) -> None:
    shapes = {
        state: bytes(render_face(IconFace(state, "7", mask=True), 22).toImage().constBits())
        for state in (
            CallState.WAITING,
            CallState.IN_PROGRESS,
            CallState.WRAP_UP,
            CallState.OVERTIME,
        )
    }
    assert len(set(shapes.values())) == 4
    for state in shapes:
        image = render_face(IconFace(state, "7", mask=True), 22).toImage()
        colours = {
            image.pixelColor(x, y).rgb() & 0xFFFFFF
            for x in range(22)
            for y in range(22)
            if image.pixelColor(x, y).alpha() > 0
        }
        assert colours == {0}, "a template image is black and alpha only"


def test_minutes_labels_fit_two_characters() -> None:
    assert minutes_label(0) == "0"
    assert minutes_label(59) == "0"
    assert minutes_label(23 * 60 + 41) == "23"
    assert minutes_label(99 * 60 + 59) == "99"
    assert minutes_label(100 * 60) == "1h"
    assert minutes_label(245 * 60) == "4h"
    assert face_for(CallState.ENDED, 600, mask=False) == IconFace(None, "", False)
