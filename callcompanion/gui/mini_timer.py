"""The mini timer: a small always-on-top strip to park beside the meeting window.

:class:`MiniTimer` is the strip; :class:`MiniTimerPlacement` decides when it shows and where.
It is a remote for the call as well: while a prompt is due it offers the prompt's first answer
as a button, and its ⋯ button (or a right-click) lists every answer and the call's next steps,
all without taking the keyboard focus from the meeting.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QFont,
    QGuiApplication,
    QMouseEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from callcompanion.controllers.call import CallController
from callcompanion.controllers.call_actions import CallActions
from callcompanion.controllers.settings import SettingsModel
from callcompanion.core.call import CallState
from callcompanion.core.timefmt import format_clock
from callcompanion.gui.palette import state_colour, text_colour
from callcompanion.gui.remote_menu import add_call_actions


class MiniTimer(QWidget):
    """Elapsed time, ticket and what comes next, in a frameless window that stays on top.

    Drag it anywhere; double-click to bring up the main window; right-click (or ⋯) for the
    prompt's answers and the call's next steps. It never takes the keyboard focus.

    Signals:
        show_main_requested: The engineer asked for the main window.
        hide_requested: The engineer closed the mini timer.
        moved_to: It was dragged to a new position (top-left, screen coordinates).
    """

    show_main_requested = Signal()
    hide_requested = Signal()
    moved_to = Signal(QPoint)

    def __init__(
        self, controller: CallController, actions: CallActions, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            parent,
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus,
        )
        self._controller = controller
        self._actions = actions
        self._answer_key: str | None = None
        self._drag_offset: QPoint | None = None
        self._shown_state: CallState | None | bool = False  # False: nothing shown yet
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setWindowTitle("callcompanion mini timer")
        self.setAccessibleName("Mini timer")
        self.setObjectName("miniTimer")
        self.setToolTip(
            "Drag to move · double-click for the main window · ⋯ for the call's actions"
        )

        self._strip = QFrame(self)
        self._strip.setFixedWidth(6)
        self._strip.setAccessibleName("Call state colour")
        self._elapsed = QLabel("00:00", self)
        self._elapsed.setAccessibleName("Elapsed time")
        font = QFont(self._elapsed.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self._elapsed.setFont(font)
        self._detail = QLabel(self)
        self._detail.setAccessibleName("Ticket and what comes next")

        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self._elapsed)
        text.addWidget(self._detail)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 10, 0)
        layout.setSpacing(8)
        layout.addWidget(self._strip)
        layout.addLayout(text, 1)
        # The prompt's first answer, one click away while the prompt is due.
        self.answerButton = QPushButton(self)
        self.answerButton.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.answerButton.setVisible(False)
        self.answerButton.clicked.connect(self._answer)
        layout.addWidget(self.answerButton)
        self.moreButton = QToolButton(self)
        self.moreButton.setText("⋯")
        self.moreButton.setAccessibleName("Call actions")
        self.moreButton.setToolTip("The prompt's answers and the call's next steps")
        self.moreButton.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.moreButton.setAutoRaise(True)
        self.moreButton.clicked.connect(
            lambda: self._show_menu(
                self.moreButton.mapToGlobal(self.moreButton.rect().bottomLeft())
            )
        )
        layout.addWidget(self.moreButton)
        self.setStyleSheet(
            "QWidget#miniTimer { background: palette(window); border: 1px solid palette(mid); }"
        )
        self.setMinimumWidth(190)

        controller.ticked.connect(self.refresh)
        actions.changed.connect(self._refresh_answer)
        self.refresh()
        self._refresh_answer()

    def refresh(self, *, hidden_too: bool = False) -> None:
        """Per-second update; skipped while hidden unless *hidden_too* (about to be shown)."""
        if not self.isVisible() and not hidden_too:
            return
        call = self._controller.call
        if call is None:
            ended = self._controller.last_ended
            state: CallState | None = CallState.ENDED if ended else None
            self._elapsed.setText(format_clock(ended.duration) if ended else "--:--")
            self._detail.setText(f"{ended.ticket} · ended" if ended else "No call running")
        else:
            state = call.state()
            self._elapsed.setText(format_clock(call.elapsed()))
            self._detail.setText(f"{call.ticket} · {call.short_next_step()}")
        if state != self._shown_state:  # restyle only on a change of state
            self._shown_state = state
            colour = state_colour(state).name()
            self._strip.setStyleSheet(f"background: {colour};")
            overtime = text_colour(colour).name()
            self._elapsed.setStyleSheet(
                f"color: {overtime};" if state is CallState.OVERTIME else ""
            )
        self._fit()

    def _fit(self) -> None:
        """Grow for longer text (never shrink-and-grow every second)."""
        layout = self.layout()
        if layout is not None:
            layout.invalidate()  # the labels' new text, measured now rather than a turn later
        width = self.sizeHint().width()
        if width > self.width():
            self.resize(width, self.height())

    def _refresh_answer(self) -> None:
        answer = self._actions.default_answer()
        self._answer_key = answer.key if answer is not None else None
        if answer is not None:
            prompt = self._actions.prompt()
            self.answerButton.setText(answer.label)
            self.answerButton.setAccessibleName(f"Answer the prompt: {answer.label}")
            self.answerButton.setToolTip(prompt.title if prompt is not None else answer.label)
        self.answerButton.setVisible(answer is not None)
        self._fit()

    def _answer(self) -> None:
        if self._answer_key is not None:
            self._actions.trigger(self._answer_key)

    def menu(self) -> QMenu:
        """The prompt's answers, the call's next steps, then the strip's own items."""
        menu = QMenu(self)
        add_call_actions(menu, self._actions, heading_as_section=True)
        menu.addSeparator()
        show = QAction("Show window", menu)
        show.triggered.connect(self.show_main_requested)
        menu.addAction(show)
        hide = QAction("Hide mini timer", menu)
        hide.triggered.connect(self.hide_requested)
        menu.addAction(hide)
        return menu

    def _show_menu(self, where: QPoint) -> None:
        menu = self.menu()
        menu.exec(where)
        menu.deleteLater()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_offset = event.globalPosition().toPoint() - self.frameGeometry().topLeft()
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_offset is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self.move(event.globalPosition().toPoint() - self._drag_offset)
            event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_offset is not None:
            self._drag_offset = None
            self.moved_to.emit(self.pos())
            event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.show_main_requested.emit()
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self._show_menu(event.globalPos())


class MiniTimerPlacement(QObject):
    """Shows the mini timer while a call runs and the engineer wants it, where it was left.

    The strip itself is built the first time it shows. Its first position is the top-right
    corner of the primary screen; after a drag, the position is kept in the settings.

    Signals:
        visibility_changed: The engineer turned the mini timer on or off; carries the choice.
        show_main_requested: The engineer asked for the main window from the mini timer.
    """

    visibility_changed = Signal(bool)
    show_main_requested = Signal()

    def __init__(
        self, actions: CallActions, settings: SettingsModel, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        controller = actions.controller
        self._controller = controller
        self._settings = settings
        self._actions = actions
        self._widget: MiniTimer | None = None
        self._wanted = settings.value.mini_timer_visible
        controller.call_changed.connect(self.update)
        # Whoever turns it on or off (menu, tray, global shortcut) does so in the settings.
        settings.changed.connect(self._settings_changed)

    @property
    def built(self) -> bool:
        return self._widget is not None

    @property
    def widget(self) -> MiniTimer:
        """The strip (built now if it was not yet)."""
        if self._widget is None:
            widget = MiniTimer(self._controller, self._actions)
            widget.show_main_requested.connect(self.show_main_requested)
            widget.hide_requested.connect(lambda: self.set_wanted(False))
            widget.moved_to.connect(self._moved)
            self._widget = widget
        return self._widget

    def set_wanted(self, visible: bool) -> None:
        """The engineer's choice (menu, tray, the strip's own menu); kept in the settings."""
        self._settings.update(mini_timer_visible=visible)
        self.update()

    def _settings_changed(self) -> None:
        wanted = self._settings.value.mini_timer_visible
        if wanted != self._wanted:
            self._wanted = wanted
            self.visibility_changed.emit(wanted)
        self.update()

    def update(self) -> None:
        """Show or hide the strip for the current call and choice."""
        wanted = self._settings.value.mini_timer_visible and self._controller.call is not None
        if not wanted and self._widget is None:
            return
        widget = self.widget
        if wanted and not widget.isVisible():
            widget.refresh(hidden_too=True)  # its text and width before it is placed
            position = self._settings.value.mini_timer_position
            if position is not None:
                widget.move(QPoint(*position))
            else:
                self._park(widget)
            widget.show()
        elif not wanted and widget.isVisible():
            widget.hide()

    def hide(self) -> None:
        if self._widget is not None:
            self._widget.hide()

    def close(self) -> None:
        if self._widget is not None:
            self._widget.deleteLater()
            self._widget = None

    @staticmethod
    def _park(widget: MiniTimer) -> None:
        if not QGuiApplication.screens():  # no screen attached: no primary screen either
            return
        area = QGuiApplication.primaryScreen().availableGeometry()
        widget.adjustSize()
        widget.move(area.right() - widget.width() - 24, area.top() + 24)

    def _moved(self, pos: QPoint) -> None:
        self._settings.update(mini_timer_position=(pos.x(), pos.y()))
