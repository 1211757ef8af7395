"""The mini timer: a small always-on-top strip to park beside the meeting window.

:class:`MiniTimer` is the strip; :class:`MiniTimerPlacement` decides when it shows and where.
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
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenu, QVBoxLayout, QWidget

from callcompanion.controllers.call import CallController
from callcompanion.controllers.settings import SettingsModel
from callcompanion.core.call import CallState
from callcompanion.core.timefmt import format_clock
from callcompanion.gui.palette import state_colour


class MiniTimer(QWidget):
    """Elapsed time, ticket and what comes next, in a frameless window that stays on top.

    Drag it anywhere; double-click to bring up the main window; right-click for call actions.

    Signals:
        show_main_requested: The engineer asked for the main window.
        hide_requested: The engineer closed the mini timer.
        moved_to: It was dragged to a new position (top-left, screen coordinates).
    """

    show_main_requested = Signal()
    hide_requested = Signal()
    moved_to = Signal(QPoint)

    def __init__(self, controller: CallController, parent: QWidget | None = None) -> None:
        super().__init__(
            parent,
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint,
        )
        self._controller = controller
        self._drag_offset: QPoint | None = None
        self._shown_state: CallState | None | bool = False  # False: nothing shown yet
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setWindowTitle("callcompanion mini timer")
        self.setAccessibleName("Mini timer")
        self.setObjectName("miniTimer")
        self.setToolTip("Drag to move · double-click for the main window · right-click for actions")

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
        self.setStyleSheet(
            "QWidget#miniTimer { background: palette(window); border: 1px solid palette(mid); }"
        )
        self.setMinimumWidth(190)

        controller.ticked.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        if not self.isVisible():
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
            self._elapsed.setStyleSheet(f"color: {colour};" if state is CallState.OVERTIME else "")
        width = self.sizeHint().width()
        if width > self.width():  # grow for longer text, never shrink-and-grow every second
            self.resize(width, self.height())

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
        menu = QMenu(self)
        call = self._controller.call
        if call is not None and not call.customer_joined:
            joined = QAction("Customer joined", menu)
            joined.triggered.connect(self._controller.mark_joined)
            menu.addAction(joined)
        if call is not None:
            end = QAction("End call", menu)
            end.triggered.connect(lambda: self._controller.end_call())
            menu.addAction(end)
            menu.addSeparator()
        show = QAction("Show window", menu)
        show.triggered.connect(self.show_main_requested)
        menu.addAction(show)
        hide = QAction("Hide mini timer", menu)
        hide.triggered.connect(self.hide_requested)
        menu.addAction(hide)
        menu.exec(event.globalPos())


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
        self, controller: CallController, settings: SettingsModel, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._settings = settings
        self._widget: MiniTimer | None = None
        controller.call_changed.connect(self.update)

    @property
    def built(self) -> bool:
        return self._widget is not None

    @property
    def widget(self) -> MiniTimer:
        """The strip (built now if it was not yet)."""
        if self._widget is None:
            widget = MiniTimer(self._controller)
            widget.show_main_requested.connect(self.show_main_requested)
            widget.hide_requested.connect(lambda: self.set_wanted(False))
            widget.moved_to.connect(self._moved)
            self._widget = widget
        return self._widget

    def set_wanted(self, visible: bool) -> None:
        """The engineer's choice (menu, tray, the strip's own menu); kept in the settings."""
        self._settings.update(mini_timer_visible=visible)
        self.visibility_changed.emit(visible)
        self.update()

    def update(self) -> None:
        """Show or hide the strip for the current call and choice."""
        wanted = self._settings.value.mini_timer_visible and self._controller.call is not None
        if not wanted and self._widget is None:
            return
        widget = self.widget
        if wanted and not widget.isVisible():
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
