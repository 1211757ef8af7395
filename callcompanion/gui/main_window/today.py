"""Today's calls from Calendly, above the ticket field of the set-up page.

One row per booking: its time, the customer, the event type and where it takes place, the
ticket the customer gave (or a field to type it), and *Start call* / *Open meeting*. A cancelled
booking is struck through and cannot be started; one already over is dimmed. The header says
when the list was last updated and refreshes it on demand; without Calendly the box says where
to connect it.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from callcompanion.core.booking_calls import platform_label
from callcompanion.core.bookings import Booking
from callcompanion.core.ticket import TicketRefError, parse_ticket_ref
from callcompanion.gui.palette import error_style, warn_style

NOT_CONNECTED = "Today's calls: Calendly is not connected — Settings → Calendly."
EMPTY = "No calls booked for today."
NO_TICKET = "No ticket given in the booking: type it to start the call."


def local_time(moment: datetime) -> str:
    """``14:30`` in this computer's time zone."""
    return moment.astimezone().strftime("%H:%M")


def _dim(label: QLabel) -> None:
    """Secondary text: the palette's placeholder colour, in light and dark alike."""
    label.setStyleSheet("")
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)


class TodayRow(QFrame):
    """One booking in the list.

    Signals:
        start_requested: Start a call from it; carries ``(Booking, TicketRef)``.
        open_requested: Open its meeting link; carries the ``Booking``.
        ticket_typed: The ticket typed for a booking without one; carries ``(uri, text)``.
    """

    start_requested = Signal(object, object)
    open_requested = Signal(object)
    ticket_typed = Signal(str, str)

    def __init__(
        self, booking: Booking, *, typed: str, past: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.booking = booking
        self.setObjectName("todayRow")
        when = local_time(booking.start)
        who = booking.customer_name or booking.customer_email or "Someone"
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 4)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)

        # 09:00  Chris Customer                          [Open meeting] [Start call]
        #        #12345  Support - Troubleshooting Call · Zoom
        #        Upgrade to 17.3 fails · Chris Customer (Acme Corp) · open
        self.time_label = QLabel(when, self)
        bold = QFont(self.time_label.font())
        bold.setBold(True)
        bold.setStrikeOut(booking.cancelled)
        self.time_label.setFont(bold)
        grid.addWidget(self.time_label, 0, 0)
        self.who_label = QLabel(who, self)
        self.who_label.setFont(bold)
        self.who_label.setToolTip(booking.customer_email)
        grid.addWidget(self.who_label, 0, 1)
        grid.setColumnStretch(1, 1)

        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        self.open_button = QPushButton("Open meeting", self)
        self.open_button.setAutoDefault(False)
        self.open_button.setAccessibleName(f"Open the meeting of the {when} call with {who}")
        self.open_button.setToolTip(booking.join_url)
        self.open_button.clicked.connect(lambda: self.open_requested.emit(booking))
        self.open_button.setVisible(bool(booking.join_url) and not booking.cancelled)
        self.start_button = QPushButton("Start call", self)
        self.start_button.setAutoDefault(False)
        self.start_button.setAccessibleName(f"Start the {when} call with {who}")
        self.start_button.clicked.connect(self._start)
        self.start_button.setVisible(not booking.cancelled)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.start_button)
        grid.addLayout(buttons, 0, 2, Qt.AlignmentFlag.AlignRight)

        second = QHBoxLayout()
        second.setSpacing(8)
        self.ticket_edit: QLineEdit | None = None
        self.ticket_label: QLabel | None = None
        if booking.ticket is not None:
            self.ticket_label = QLabel(str(booking.ticket), self)
            self.ticket_label.setAccessibleName(f"Ticket {booking.ticket}")
            if booking.cancelled:
                _dim(self.ticket_label)
            second.addWidget(self.ticket_label)
        elif not booking.cancelled:
            edit = QLineEdit(typed, self)
            edit.setPlaceholderText("Ticket number")
            edit.setAccessibleName(f"Ticket for the {when} call with {who}")
            edit.setClearButtonEnabled(True)
            edit.setFixedWidth(edit.fontMetrics().horizontalAdvance("Ticket number") + 36)
            edit.textEdited.connect(lambda text: self.ticket_typed.emit(booking.uri, text))
            edit.textEdited.connect(lambda _text: self.show_detail(NO_TICKET, warn=True))
            edit.returnPressed.connect(self._start)
            self.ticket_edit = edit
            second.addWidget(edit)
        what = f"{booking.event_type_name or 'Calendly booking'} · {platform_label(booking)}"
        self.what_label = QLabel(what, self)
        self.what_label.setWordWrap(True)
        _dim(self.what_label)
        second.addWidget(self.what_label, 1)
        grid.addLayout(second, 1, 1, 1, 2)

        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        grid.addWidget(self.detail, 2, 1, 1, 2)
        self.detail.hide()
        if booking.cancelled:
            reason = f": {booking.cancel_reason}" if booking.cancel_reason else ""
            self.show_detail(f"Cancelled{reason}", warn=True)
            self.who_label.setAccessibleDescription("Cancelled")
            for label in (self.time_label, self.who_label):
                _dim(label)
        elif booking.ticket is None:
            found = f" (the answer was “{booking.ticket_answer}”)" if booking.ticket_answer else ""
            self.show_detail(f"No ticket given in the booking{found}: type it to start the call.")
        if past and not booking.cancelled:
            for label in (self.time_label, self.who_label):
                _dim(label)

    def show_detail(self, text: str, error: bool = False, *, warn: bool = False) -> None:
        """The line under the row: the ticket's subject, why it was cancelled, a problem."""
        self.detail.setText(text)
        self.detail.setAccessibleName(text)
        if error:
            self.detail.setStyleSheet(error_style())
        elif warn:
            self.detail.setStyleSheet(warn_style())
        else:
            _dim(self.detail)
        self.detail.setVisible(bool(text))

    def _start(self) -> None:
        booking = self.booking
        if booking.cancelled:
            return
        if booking.ticket is not None:
            self.start_requested.emit(booking, booking.ticket)
            return
        text = self.ticket_edit.text() if self.ticket_edit is not None else ""
        if not text.strip():
            self.show_detail(
                "Type the ticket number first (12345, #12345 or its link).", error=True
            )
            if self.ticket_edit is not None:
                self.ticket_edit.setFocus()
            return
        try:
            ticket = parse_ticket_ref(text)
        except TicketRefError as err:
            self.show_detail(str(err), error=True)
            if self.ticket_edit is not None:
                self.ticket_edit.setFocus()
                self.ticket_edit.selectAll()
            return
        self.start_requested.emit(booking, ticket)


class TodayList(QGroupBox):
    """The day's bookings, as :meth:`show_bookings` is told them.

    Signals:
        start_requested: Start a call from a booking; carries ``(Booking, TicketRef)``.
        open_requested: Open a booking's meeting; carries the ``Booking``.
        refresh_requested: Ask Calendly again now.
        settings_requested: Open Settings (to connect Calendly).
    """

    start_requested = Signal(object, object)
    open_requested = Signal(object)
    refresh_requested = Signal()
    settings_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Today's calls", parent)
        self.setObjectName("todayBox")
        self.setAccessibleName("Today's calls")
        self.rows: dict[str, TodayRow] = {}
        self._typed: dict[str, str] = {}
        self._details: dict[str, str] = {}
        self._shown: tuple[object, ...] | None = None
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.setSpacing(2)

        header = QHBoxLayout()
        self.status = QLabel(self)
        self.status.setAccessibleDescription("When the list was last updated")
        _dim(self.status)
        header.addWidget(self.status, 1)
        self.refresh_button = QToolButton(self)
        self.refresh_button.setText("Refresh")
        self.refresh_button.setToolTip("Ask Calendly for today's bookings now")
        self.refresh_button.setAccessibleName("Refresh today's calls")
        self.refresh_button.clicked.connect(self.refresh_requested)
        header.addWidget(self.refresh_button)
        layout.addLayout(header)

        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(warn_style())
        self.note.hide()
        layout.addWidget(self.note)
        self.empty = QLabel(self)
        self.empty.setWordWrap(False)
        self.empty.linkActivated.connect(lambda _link: self.settings_requested.emit())
        layout.addWidget(self.empty)
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setSpacing(0)
        layout.addLayout(self._rows_layout)

    def typed_ticket(self, uri: str) -> str:
        return self._typed.get(uri, "")

    def show_bookings(
        self,
        bookings: list[Booking],
        *,
        configured: bool,
        last_updated: datetime | None,
        now: datetime,
        busy: bool = False,
    ) -> None:
        """Show *bookings* (sorted by start), or say why there are none.

        The rows are rebuilt only when what they show changed, so a ticket being typed keeps
        its field (and the cursor) while the list is updated.
        """
        self.refresh_button.setVisible(configured)
        self.status.setVisible(configured)
        self.refresh_button.setEnabled(not busy)
        if not configured:
            self.status.clear()
        elif busy:
            self.status.setText("Updating…")
        elif last_updated is None:
            self.status.setText("Not updated yet")
        else:
            self.status.setText(f"Updated {local_time(last_updated)}")
        past = frozenset(b.uri for b in bookings if b.end <= now)
        shown = (tuple(bookings), configured, last_updated is None, past)
        if shown == self._shown:
            return
        self._shown = shown
        typing = [
            u for u, row in self.rows.items() if row.ticket_edit and row.ticket_edit.hasFocus()
        ]
        for row in self.rows.values():
            self._rows_layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.rows = {}
        # Not connected: one line, no frame (the form stays where it was without Calendly).
        self.setTitle("Today's calls" if configured else "")
        self.setFlat(not configured)
        self._layout.setContentsMargins(*((8, 4, 8, 6) if configured else (0, 0, 0, 0)))
        if not configured:
            self.empty.setText(
                "Today's calls: Calendly is not connected — "
                "<a href='settings'>Settings → Calendly</a>."
            )
            self.empty.setAccessibleName(NOT_CONNECTED)
            self.empty.show()
            return
        self.empty.setText(EMPTY if last_updated is not None else "Asking Calendly…")
        self.empty.setAccessibleName(self.empty.text())
        self.empty.setVisible(not bookings)
        for booking in bookings:
            row = TodayRow(
                booking,
                typed=self._typed.get(booking.uri, ""),
                past=booking.uri in past,
                parent=self,
            )
            row.start_requested.connect(self.start_requested)
            row.open_requested.connect(self.open_requested)
            row.ticket_typed.connect(self._typed.__setitem__)
            if booking.uri in self._details and not booking.cancelled:
                row.show_detail(self._details[booking.uri])
            self._rows_layout.addWidget(row)
            self.rows[booking.uri] = row
        again = self.rows.get(typing[0]) if typing else None
        if again is not None and again.ticket_edit is not None:
            again.ticket_edit.setFocus()

    def set_detail(self, uri: str, text: str) -> None:
        """What Zendesk says about a booking's ticket (subject, requester, organization)."""
        self._details[uri] = text
        row = self.rows.get(uri)
        if row is not None and not row.booking.cancelled:
            row.show_detail(text)

    def set_note(self, text: str) -> None:
        """A sentence about the list itself (Calendly not answering: from the cache)."""
        self.note.setText(text)
        self.note.setVisible(bool(text))
