"""A long checklist is laid out once, not once per row; rows look and behave as before."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QGroupBox, QMenu, QScrollArea, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from callcompanion.core.checklists import ChecklistItem, Choice, ItemResult, ItemState, Stage
from callcompanion.gui.checklist_panel import ChecklistPanel


class Resizes(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self.count += 1
        return False


def items(count: int, prefix: str = "s") -> list[ChecklistItem]:
    return [
        ChecklistItem(
            id=f"{prefix}{n}",
            stage=Stage.START,
            title=f"Step {n}: a title long enough to wrap in a narrow window beside the call",
            help="Why it matters." if n % 2 else "",
            gate=n % 3 == 0,
            choices=(Choice("yes", "Yes"), Choice("no", "No")) if n % 5 == 0 else (),
        )
        for n in range(count)
    ]


def panel_on_screen(qtbot: QtBot) -> tuple[QScrollArea, ChecklistPanel]:
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    content = QWidget()
    box = QGroupBox("Checklist", content)
    panel = ChecklistPanel(box)
    QVBoxLayout(box).addWidget(panel)
    QVBoxLayout(content).addWidget(box)
    scroll.setWidget(content)
    scroll.resize(380, 600)
    qtbot.addWidget(scroll)
    scroll.show()
    qtbot.waitExposed(scroll)
    return scroll, panel


def test_a_long_checklist_is_laid_out_once(qtbot: QtBot) -> None:
    _, panel = panel_on_screen(qtbot)
    panel.show_items([("As the call starts", items(3, "x"))], {}, substitutions={})
    first = items(1)[0]
    resizes = Resizes()
    panel.show_items([("As the call starts", items(80))], {}, substitutions={})
    panel.rows[first.id].installEventFilter(resizes)
    qtbot.waitUntil(lambda: panel.rows[first.id].height() >= panel.rows[first.id].check.height())
    qtbot.wait(50)  # let any further layout pass come in
    assert panel.item_count() == 80
    # Shown one by one, each new row moved and resized those above it (94 times for 80 rows);
    # shown at once, the first row is placed by the few passes up the nested layouts.
    assert resizes.count <= 10
    least = panel.rows[first.id].check.sizeHint().height()
    # Every row reaches its height once the event loop has run the layout (later on a busy
    # machine): waited for, not assumed after a fixed pause.
    qtbot.waitUntil(lambda: min(row.height() for row in panel.rows.values()) >= least)
    tops = [row.geometry().top() for row in panel.rows.values()]
    assert tops == sorted(tops), "rows in order, none on top of another"


def test_a_rebuild_replaces_the_rows_and_their_signals(qtbot: QtBot) -> None:
    _, panel = panel_on_screen(qtbot)
    changed: list[ItemResult] = []
    panel.changed.connect(changed.append)
    panel.show_items([("Before", items(4, "a"))], {}, substitutions={})
    old = panel.rows["a1"]
    panel.show_items(
        [("Before", items(2, "b"))], {"b1": ItemResult("b1", ItemState.DONE)}, substitutions={}
    )
    assert list(panel.rows) == ["b0", "b1"]
    qtbot.waitUntil(lambda: not old.isVisible())
    assert panel.rows["b1"].check.isChecked()
    panel.rows["b0"].check.click()
    assert [r.item_id for r in changed] == ["b0"]
    assert changed[0].state is ItemState.DONE


def test_the_state_note_appears_under_the_title_in_the_quiet_colour(qtbot: QtBot) -> None:
    _, panel = panel_on_screen(qtbot)
    panel.show_items([("", items(2))], {}, substitutions={})
    row = panel.rows["s1"]
    row.show_result(replace(row.result, state=ItemState.SKIPPED, reason="customer declined"))
    assert row.note.text() == "Skipped: customer declined"
    qtbot.waitUntil(row.note.isVisible)
    assert row.note.geometry().top() > row.title.geometry().top()
    assert row.note.foregroundRole() is QPalette.ColorRole.PlaceholderText
    assert not row.check.isEnabled()
    row.show_result(replace(row.result, state=ItemState.OPEN, reason=""))
    qtbot.waitUntil(lambda: not row.note.isVisible())
    assert row.check.isEnabled()


# offscreen platform: a popup menu cannot grab a keyboard there is none of
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_the_more_button_opens_the_same_menu_from_the_keyboard(qtbot: QtBot) -> None:
    _, panel = panel_on_screen(qtbot)
    changed: list[ItemResult] = []
    panel.changed.connect(changed.append)
    panel.show_items([("", items(2))], {}, substitutions={})
    row = panel.rows["s1"]
    assert row.more.accessibleName() == f"More for “{row.item.title}”"
    seen: list[list[str]] = []

    def choose_not_applicable() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            return  # not open yet
        poll.stop()
        seen.append([a.text() for a in menu.actions()])
        (action,) = [a for a in menu.actions() if a.text() == "Not applicable"]
        menu.setActiveAction(action)
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    row.more.setFocus()
    qtbot.waitUntil(row.more.hasFocus)
    # The menu runs its own loop: it is answered from a timer that looks for it.
    poll = QTimer()
    poll.setInterval(10)
    poll.timeout.connect(choose_not_applicable)
    poll.start()
    qtbot.keyClick(row.more, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(changed))
    assert seen == [["Skip, with a reason…", "Not applicable", "Reopen"]]
    assert changed[-1].state is ItemState.NOT_APPLICABLE
    assert row.note.text() == "Not applicable"


def test_a_plain_step_is_a_box_a_title_and_a_button(qtbot: QtBot) -> None:
    """Each widget costs time in a long checklist: no menu or wrapper made ahead of need."""
    _, panel = panel_on_screen(qtbot)
    plain = ChecklistItem(id="plain", stage=Stage.START, title="Told the customer")
    panel.show_items([("", [plain])], {}, substitutions={})
    row = panel.rows["plain"]
    assert row.findChildren(QMenu) == []
    assert {type(w).__name__ for w in row.findChildren(QWidget)} == {
        "QCheckBox",
        "_TitleLabel",
        "_MoreButton",
    }
