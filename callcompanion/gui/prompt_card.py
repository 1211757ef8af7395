"""The prompt card: the due prompt and its answers, in front of whatever the engineer looks at.

A small always-on-top card in the tray's corner of the screen (the menu bar's on macOS, the
taskbar's on Windows). It never takes the keyboard: it is shown without activating and does
not accept focus, so typing goes on in the meeting while the answers are one click away. It
stays until the prompt is answered (here, in the window, the tray menu or by a shortcut) or is
no longer due. A checklist step that nags (the WebEx room lock) is shown the same way when no
prompt is waiting.

It keeps clear of the app's other always-on-top windows (the mini timer).
"""

from __future__ import annotations

import sys
from enum import Enum

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QHideEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from callcompanion.controllers.call_actions import CallAction, CallActions
from callcompanion.controllers.checklist import ChecklistController
from callcompanion.core.checklists import ChecklistItem
from callcompanion.gui.flow_layout import FlowLayout
from callcompanion.gui.main_window.banners import snooze_text
from callcompanion.gui.palette import ERROR, WARNING, prompt_accent, text_colour

CARD_WIDTH = 380
MARGIN = 12  # from the screen's edge and from the windows it keeps clear of


class Corner(Enum):
    TOP_RIGHT = "top-right"
    BOTTOM_RIGHT = "bottom-right"
    TOP_LEFT = "top-left"
    BOTTOM_LEFT = "bottom-left"

    @property
    def top(self) -> bool:
        return self in (Corner.TOP_RIGHT, Corner.TOP_LEFT)

    @property
    def right(self) -> bool:
        return self in (Corner.TOP_RIGHT, Corner.BOTTOM_RIGHT)


def default_corner(platform: str = sys.platform) -> Corner:
    """Where the tray usually is: the taskbar's bottom right on Windows, else the top right."""
    return Corner.BOTTOM_RIGHT if platform == "win32" else Corner.TOP_RIGHT


def tray_corner(icon: QRect | None, screens: list[QRect]) -> tuple[QRect, Corner] | None:
    """The screen (its full geometry) and corner nearest the tray icon at *icon*.

    ``None`` when the icon has no place on any of *screens* (no tray, or not placed yet).
    """
    if icon is None or icon.isEmpty():
        return None
    centre = icon.center()
    screen = next((s for s in screens if s.contains(centre)), None)
    if screen is None:
        return None
    top = centre.y() < screen.center().y()
    right = centre.x() >= screen.center().x()
    corner = {
        (True, True): Corner.TOP_RIGHT,
        (False, True): Corner.BOTTOM_RIGHT,
        (True, False): Corner.TOP_LEFT,
        (False, False): Corner.BOTTOM_LEFT,
    }[(top, right)]
    return screen, corner


def card_position(size: QSize, area: QRect, corner: Corner, avoid: list[QRect]) -> QPoint:
    """Where a card of *size* goes in *corner* of *area*, clear of every rectangle in *avoid*.

    It starts in the corner and steps past each window it would cover, away from the edge the
    corner is on (down from a top corner, up from a bottom one); when that runs off the area,
    it moves beside the windows instead, towards the middle of the screen.
    """

    def x_at_edge() -> int:
        return area.right() - MARGIN - size.width() + 1 if corner.right else area.left() + MARGIN

    x = x_at_edge()
    y = area.top() + MARGIN if corner.top else area.bottom() - MARGIN - size.height() + 1
    for _ in range(len(avoid) + 1):
        rect = QRect(QPoint(x, y), size)
        hit = next(
            (r for r in avoid if r.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN).intersects(rect)),
            None,
        )
        if hit is None:
            break
        y = hit.bottom() + 1 + MARGIN if corner.top else hit.top() - MARGIN - size.height()
    rect = QRect(QPoint(x, y), size)
    if area.contains(rect):
        return rect.topLeft()
    # Stacked past the edge of the screen: beside the windows, in the corner's row.
    y = area.top() + MARGIN if corner.top else area.bottom() - MARGIN - size.height() + 1
    if corner.right:
        x = min([x_at_edge(), *(r.left() - MARGIN - size.width() for r in avoid)])
    else:
        x = max([x_at_edge(), *(r.right() + 1 + MARGIN for r in avoid)])
    x = max(area.left(), min(x, area.right() - size.width() + 1))
    return QPoint(x, y)


def card_place(card: QWidget, tray_icon: QRect | None) -> QPoint:
    """Where *card* goes: the tray's corner, clear of the app's other always-on-top windows.

    Without a known tray position, the platform's usual corner of the primary screen.
    """
    screens = QGuiApplication.screens()
    found = tray_corner(tray_icon, [s.geometry() for s in screens])
    screen = QGuiApplication.primaryScreen()
    corner = default_corner()
    if found is not None:
        geometry, corner = found
        screen = next(s for s in screens if s.geometry() == geometry)
    return card_position(
        card.frameGeometry().size(), screen.availableGeometry(), corner, _on_top_windows(card)
    )


def _on_top_windows(exclude: QWidget) -> list[QRect]:
    """The app's other always-on-top windows on screen (the mini timer), by frame."""
    rects = []
    for widget in QApplication.topLevelWidgets():
        if widget is exclude or not widget.isVisible():
            continue
        flags = widget.windowFlags()
        if not flags & Qt.WindowType.WindowStaysOnTopHint:
            continue
        if widget.windowType() == Qt.WindowType.Popup:
            continue
        rects.append(widget.frameGeometry())
    return rects


class PromptCard(QWidget):
    """The due prompt (or a nagging step) with its answers as buttons, shown without focus.

    Signals:
        open_window_requested: The engineer asked for the main window.
        nag_done: A nagging step was done; carries its id.
        nag_snoozed: Ask again about a nagging step in a few minutes; carries its id.
        closed: The card went away (answered, or nothing is due any more).
    """

    open_window_requested = Signal()
    nag_done = Signal(str)
    nag_snoozed = Signal(str)
    closed = Signal()

    def __init__(self, actions: CallActions, checklists: ChecklistController) -> None:
        super().__init__(
            None,
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus,
        )
        self._actions = actions
        self._prompt_wanted = False
        self._raised_nags: set[str] = set()
        self._due_nags: list[ChecklistItem] = []
        self._shown_key = ""
        self._tray_icon: QRect | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName("promptCard")
        self.setWindowTitle("callcompanion prompt")
        self.setFixedWidth(CARD_WIDTH)

        self._frame = QFrame(self)
        self._frame.setObjectName("promptCardFrame")
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self._outer.addWidget(self._frame)
        layout = QVBoxLayout(self._frame)
        layout.setContentsMargins(14, 10, 10, 10)
        layout.setSpacing(6)
        self.title = QLabel(self._frame)
        self.title.setObjectName("promptCardTitle")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.message = QLabel(self._frame)
        self.message.setObjectName("promptCardMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self._buttons_layout = FlowLayout(right=False)
        layout.addLayout(self._buttons_layout)
        self.buttons: list[QPushButton] = []
        self.open_button = QToolButton(self._frame)
        self.open_button.setText("Open window")
        self.open_button.setAutoRaise(True)
        self.open_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.open_button.setToolTip("Bring the callcompanion window in front")
        self.open_button.setAccessibleName("Open the callcompanion window")
        self.open_button.clicked.connect(self.open_window_requested)

        actions.changed.connect(self.refresh)
        checklists.nags_changed.connect(self._nags_changed)
        self.nag_done.connect(checklists.done)
        self.nag_snoozed.connect(checklists.snooze)

    # -- what is shown -----------------------------------------------------------------------

    def offer_prompt(self, tray_icon: QRect | None = None) -> None:
        """A prompt became due: show the card (with the prompt due first) until it is answered."""
        self._prompt_wanted = True
        self._tray_icon = tray_icon
        self.refresh()

    def offer_nag(self, item: ChecklistItem, tray_icon: QRect | None = None) -> None:
        """A checklist step started nagging: show it when no prompt is waiting."""
        self._raised_nags.add(item.id)
        if not any(due.id == item.id for due in self._due_nags):
            self._due_nags.append(item)
        self._tray_icon = tray_icon
        self.refresh()

    def refresh(self) -> None:
        """Show what is due now, or go away when nothing is."""
        prompt = self._actions.prompt() if self._prompt_wanted else None
        nag = next((i for i in self._due_nags if i.id in self._raised_nags), None)
        if prompt is not None:
            self._show(
                f"prompt:{prompt.key}",
                prompt.title,
                prompt.message,
                prompt_accent(prompt.kind),
                self._actions.answers(),
                None,
            )
        elif nag is not None:
            self._show(f"nag:{nag.id}", nag.title, nag.help, WARNING, [], nag)
        else:
            self._prompt_wanted = False
            self._shown_key = ""
            if self.isVisible():
                self.hide()

    def shown_key(self) -> str:
        """``prompt:<key>`` or ``nag:<id>`` while the card is up, else empty."""
        return self._shown_key if self.isVisible() else ""

    def _nags_changed(self, items: list[ChecklistItem]) -> None:
        self._due_nags = list(items)
        self._raised_nags &= {item.id for item in items}
        if self.isVisible():
            self.refresh()

    def _show(
        self,
        key: str,
        title: str,
        message: str,
        accent: str,
        answers: list[CallAction],
        nag: ChecklistItem | None,
    ) -> None:
        if key != self._shown_key:
            self._shown_key = key
            self.title.setText(title)
            self.message.setText(message)
            self.message.setVisible(bool(message))
            self.setAccessibleName(title)
            self.setAccessibleDescription(message)
            self._frame.setStyleSheet(
                f"QFrame#promptCardFrame {{ background: palette(window); "
                f"border: 1px solid {accent}; border-left: 6px solid {accent}; }}"
            )
            self._set_buttons(answers, nag)
        self._fit()
        self.move(self._position())
        if not self.isVisible():
            self.show()
        self.raise_()

    def _fit(self) -> None:
        """As tall as its text and buttons need at the card's width."""
        layout = self._outer
        layout.invalidate()
        layout.activate()
        if layout.hasHeightForWidth():
            height = layout.totalHeightForWidth(CARD_WIDTH)
        else:
            height = layout.totalSizeHint().height()
        self.resize(CARD_WIDTH, height)

    def _set_buttons(self, answers: list[CallAction], nag: ChecklistItem | None) -> None:
        for button in self.buttons:
            self._buttons_layout.removeWidget(button)
            button.hide()
            button.deleteLater()
        self._buttons_layout.removeWidget(self.open_button)
        self.buttons = []
        if nag is not None:
            done = self._button("Done", f"Done: {nag.title}")
            done.clicked.connect(lambda: self.nag_done.emit(nag.id))
            snooze = self._button(snooze_text(), snooze_text())
            snooze.clicked.connect(lambda: self.nag_snoozed.emit(nag.id))
        for action in answers:
            button = self._button(action.label, action.label)
            if action.destructive:
                button.setStyleSheet(f"color: {text_colour(ERROR).name()};")
            button.clicked.connect(lambda _=False, key=action.key: self._actions.trigger(key))
        self._buttons_layout.addWidget(self.open_button)

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text, self._frame)
        button.setAccessibleName(name)
        button.setAutoDefault(False)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._buttons_layout.addWidget(button)
        self.buttons.append(button)
        return button

    # -- where it goes -----------------------------------------------------------------------

    def _position(self) -> QPoint:
        return card_place(self, self._tray_icon)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if not event.spontaneous():
            self.closed.emit()
