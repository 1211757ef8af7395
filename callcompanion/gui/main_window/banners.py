"""In-window banners: prompts that stay until answered, and notices that can be dismissed."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent, QAction, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from callcompanion.core.call import (
    CONTINUE_MINUTES_CHOICES,
    DEFAULT_CONTINUE_MINUTES,
    Answer,
    Prompt,
)
from callcompanion.core.checklists import NAG_REPEAT_MINUTES
from callcompanion.core.timefmt import format_minutes
from callcompanion.gui.flow_layout import FlowLayout
from callcompanion.gui.palette import ERROR, WARNING, is_dark, prompt_accent, text_colour


class Level(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


def snooze_text(minutes: int = NAG_REPEAT_MINUTES) -> str:
    """The snooze button of a nagging step, with the wait the snooze gives it."""
    return f"Remind me in {minutes} minute{'' if minutes == 1 else 's'}"


_LEVEL_ACCENT = {Level.INFO: "#2563eb", Level.WARNING: WARNING, Level.ERROR: ERROR}


def _frame_style(name: str, accent: str) -> str:
    return (
        f"QFrame#{name} {{ border: 1px solid {accent}; border-left: 5px solid {accent}; "
        "border-radius: 4px; background: palette(alternate-base); }"
    )


def _prompt_style(accent: str) -> str:
    """A prompt stands out from body text: a tinted card, a thicker accent, in either scheme."""
    colour = QColor(accent)
    tint = QColor(colour)
    tint.setAlphaF(0.22 if is_dark() else 0.10)
    edge = text_colour(colour).name()
    return (
        f"QFrame#promptBanner {{ border: 2px solid {edge}; border-left: 8px solid {edge}; "
        f"border-radius: 6px; background: rgba({tint.red()}, {tint.green()}, {tint.blue()}, "
        f"{tint.alphaF():.2f}); }}"
    )


def announce(widget: QWidget) -> None:
    """Tell screen readers *widget* is an alert (read out whatever else has the focus)."""
    QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.Alert))


class PromptBanner(QFrame):
    """A workflow prompt with its answers as buttons.

    Signals:
        answered: ``(prompt key, Answer, minutes or None)``.
    """

    answered = Signal(str, object, object)

    def __init__(self, prompt: Prompt, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt = prompt
        self.setObjectName("promptBanner")
        self.setStyleSheet(_prompt_style(prompt_accent(prompt.kind)))
        self.setAccessibleName(prompt.title)
        self.setAccessibleDescription(prompt.message)
        self._announced = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 10, 10)
        title = QLabel(prompt.title, self)
        title.setObjectName("promptTitle")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        title.setFont(font)
        title.setWordWrap(True)
        message = QLabel(prompt.message, self)
        message.setObjectName("promptMessage")
        message.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(message)
        buttons = FlowLayout()
        self.buttons: dict[Answer, QAbstractButton] = {}
        for index, answer in enumerate(prompt.answers):
            button = self._button_for(answer)
            if index == 0:
                button.setFocus()
            buttons.addWidget(button)
            self.buttons[answer] = button
        layout.addLayout(buttons)

    def _button_for(self, answer: Answer) -> QAbstractButton:
        if answer is Answer.CONTINUE:
            button = QToolButton(self)
            button.setText(f"Continue ({format_minutes(DEFAULT_CONTINUE_MINUTES)})")
            button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAccessibleName(f"Continue for {format_minutes(DEFAULT_CONTINUE_MINUTES)}")
            button.clicked.connect(lambda: self._answer(answer, DEFAULT_CONTINUE_MINUTES))
            menu = QMenu(button)
            for minutes in CONTINUE_MINUTES_CHOICES:
                action = QAction(f"Continue, remind me in {format_minutes(minutes)}", menu)
                action.triggered.connect(lambda _=False, m=minutes: self._answer(answer, m))
                menu.addAction(action)
            open_ended = QAction("Continue without another reminder", menu)
            open_ended.triggered.connect(lambda: self._answer(answer, None))
            menu.addAction(open_ended)
            button.setMenu(menu)
            return button
        push = QPushButton(answer.label, self)
        push.setAccessibleName(answer.label)
        push.setAutoDefault(False)
        push.clicked.connect(lambda: self._answer(answer, None))
        return push

    def _answer(self, answer: Answer, minutes: int | None) -> None:
        self.answered.emit(self.prompt.key, answer, minutes)

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        super().showEvent(event)
        if not self._announced:  # once per prompt, when it first reaches the screen
            self._announced = True
            announce(self)


class NoticeBanner(QFrame):
    """A message about the app itself (a recovered store, no tray…), dismissable.

    Signals:
        dismissed: The engineer closed it.
    """

    dismissed = Signal()

    def __init__(self, text: str, level: Level = Level.INFO, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = text
        self.level = level
        self.setObjectName("noticeBanner")
        self.setStyleSheet(_frame_style("noticeBanner", _LEVEL_ACCENT[level]))
        self.setAccessibleName(f"{level.value.capitalize()}: {text}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        label = QLabel(text, self)
        label.setObjectName("noticeText")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(label, 1)
        close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.setAccessibleName("Dismiss this message")
        close.clicked.connect(self._dismiss)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)

    def add_button(self, text: str, accessible_name: str) -> QPushButton:
        """A button after the text (before *Dismiss*) for what the notice offers to do."""
        button = QPushButton(text, self)
        button.setAccessibleName(accessible_name)
        button.setAutoDefault(False)
        layout = self.layout()
        assert isinstance(layout, QHBoxLayout)
        layout.insertWidget(layout.count() - 1, button, 0, Qt.AlignmentFlag.AlignTop)
        return button

    def _dismiss(self) -> None:
        self.dismissed.emit()
        self.hide()
        self.deleteLater()


class NagBanner(QFrame):
    """A checklist step that must not be forgotten (the WebEx room lock), until ticked.

    Signals:
        done: The engineer did it; carries the item id.
        snoozed: Ask again in a few minutes; carries the item id.
    """

    done = Signal(str)
    snoozed = Signal(str)

    def __init__(self, item_id: str, title: str, message: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.item_id = item_id
        self.setObjectName("nagBanner")
        self.setStyleSheet(_frame_style("nagBanner", WARNING))
        self.setAccessibleName(title)
        self.setAccessibleDescription(message)
        self._announced = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        heading = QLabel(title, self)
        heading.setStyleSheet("font-weight: 600;")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        if message:
            body = QLabel(message, self)
            body.setWordWrap(True)
            layout.addWidget(body)
        buttons = FlowLayout()
        self.done_button = QPushButton("Done", self)
        self.done_button.setAccessibleName(f"Done: {title}")
        self.done_button.setAutoDefault(False)
        self.snooze_button = QPushButton(snooze_text(), self)
        self.snooze_button.setAccessibleName(snooze_text())
        self.snooze_button.setAutoDefault(False)
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.snooze_button)
        layout.addLayout(buttons)
        self.done_button.clicked.connect(lambda: self.done.emit(self.item_id))
        self.snooze_button.clicked.connect(lambda: self.snoozed.emit(self.item_id))

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        super().showEvent(event)
        if not self._announced:
            self._announced = True
            announce(self)
