"""The reminder before a booked call: a small card in the tray's corner, like the prompt card.

It never takes the keyboard (shown without activating, no focus), offers *Start call* and
*Open meeting*, and goes when either is pressed, when it is dismissed, or when the booking is
cancelled or started some other way. Several bookings due at once wait their turn.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt, Signal, SignalInstance
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from callcompanion.core.booking_calls import Reminder, platform_label
from callcompanion.core.bookings import Booking
from callcompanion.gui.flow_layout import FlowLayout
from callcompanion.gui.main_window.today import local_time
from callcompanion.gui.palette import INFO
from callcompanion.gui.prompt_card import CARD_WIDTH, card_place


def reminder_title(reminder: Reminder) -> str:
    """``Call with Chris Customer starts in 5 minutes (14:30)``."""
    booking = reminder.booking
    who = booking.customer_name or booking.customer_email or "a customer"
    return f"Call with {who} {reminder.describe()} ({local_time(booking.start)})"


def reminder_message(booking: Booking) -> str:
    """``Troubleshooting call on #12345 · Zoom`` (or that no ticket was given)."""
    ticket = f"on {booking.ticket}" if booking.ticket else "· no ticket given"
    return f"{booking.event_type_name or 'Calendly booking'} {ticket} · {platform_label(booking)}"


class ReminderCard(QWidget):
    """The booking that is about to start, with *Start call* and *Open meeting*.

    Signals:
        start_requested: Start a call from the booking; carries it.
        open_requested: Open its meeting; carries it.
    """

    start_requested = Signal(object)
    open_requested = Signal(object)

    def __init__(self) -> None:
        super().__init__(
            None,
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus,
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName("reminderCard")
        self.setWindowTitle("callcompanion reminder")
        self.setFixedWidth(CARD_WIDTH)
        self.waiting: list[Reminder] = []
        self._tray_icon: QRect | None = None
        frame = QFrame(self)
        frame.setObjectName("reminderCardFrame")
        frame.setStyleSheet(
            f"QFrame#reminderCardFrame {{ background: palette(window); "
            f"border: 1px solid {INFO}; border-left: 6px solid {INFO}; }}"
        )
        outer = self._outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(14, 10, 10, 10)
        layout.setSpacing(6)
        self.title = QLabel(frame)
        self.title.setWordWrap(True)
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.message = QLabel(frame)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = FlowLayout(right=False)
        self.start_button = self._button("Start call", buttons)
        self.start_button.clicked.connect(lambda: self._act(self.start_requested))
        self.open_button = self._button("Open meeting", buttons)
        self.open_button.clicked.connect(lambda: self._act(self.open_requested))
        self.dismiss_button = QToolButton(frame)
        self.dismiss_button.setText("Dismiss")
        self.dismiss_button.setAutoRaise(True)
        self.dismiss_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.dismiss_button.setAccessibleName("Dismiss the reminder")
        self.dismiss_button.clicked.connect(self.next)
        buttons.addWidget(self.dismiss_button)
        layout.addLayout(buttons)

    def _button(self, text: str, layout: FlowLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(button)
        return button

    @property
    def booking(self) -> Booking | None:
        return self.waiting[0].booking if self.waiting else None

    def offer(self, reminder: Reminder, tray_icon: QRect | None, *, can_start: bool) -> None:
        """Show *reminder* (after those already waiting)."""
        self._tray_icon = tray_icon
        self.waiting.append(reminder)
        self._show(can_start=can_start)

    def withdraw(self, keep: set[str]) -> None:
        """Drop the reminders whose bookings are not in *keep* (cancelled, started, gone)."""
        shown = self.booking
        self.waiting = [r for r in self.waiting if r.booking.uri in keep]
        if shown is not None and self.booking is not shown:
            self._show(can_start=self.start_button.isEnabled())

    def next(self) -> None:
        """This one is done: the next waiting reminder, or the card goes."""
        if self.waiting:
            self.waiting.pop(0)
        self._show(can_start=self.start_button.isEnabled())

    def _act(self, signal: SignalInstance) -> None:
        booking = self.booking
        if booking is not None:
            self.next()
            signal.emit(booking)

    def _show(self, *, can_start: bool) -> None:
        if not self.waiting:
            self.hide()
            return
        reminder = self.waiting[0]
        booking = reminder.booking
        self.title.setText(reminder_title(reminder))
        message = reminder_message(booking)
        if not can_start:
            message += "\nA call is running: end it to start this one."
        self.message.setText(message)
        self.setAccessibleName(self.title.text())
        self.setAccessibleDescription(message)
        self.start_button.setEnabled(can_start)
        self.open_button.setVisible(bool(booking.join_url))
        self.open_button.setToolTip(booking.join_url)
        layout = self._outer
        layout.invalidate()
        layout.activate()
        height = (
            layout.totalHeightForWidth(CARD_WIDTH)
            if layout.hasHeightForWidth()
            else layout.totalSizeHint().height()
        )
        self.resize(CARD_WIDTH, height)
        self.move(self._position())
        self.show()
        self.raise_()

    def _position(self) -> QPoint:
        return card_place(self, self._tray_icon)
