"""Today's calls in the app: the list, a call started from a booking, the reminders.

The list sits on the set-up page above the ticket field; a reminder comes before each booking.
Built by the composition root with one call (:meth:`TodayCalls.wire`); it builds the bookings
controller, puts the list above the ticket field, and answers the list's and the reminder's
buttons through the window's own start path (so the checks before the call still apply).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QRect, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from callcompanion.controllers.booking_reminders import BookingReminders
from callcompanion.controllers.call import CallController
from callcompanion.controllers.settings import SettingsModel
from callcompanion.controllers.ticket_context import TicketContext, describe_ticket
from callcompanion.core.booking_calls import Reminder, call_type_for, platform_for
from callcompanion.core.bookings import Booking
from callcompanion.core.clock import Clock
from callcompanion.core.settings import PromptAttention
from callcompanion.core.ticket import TicketRef
from callcompanion.gui.main_window import SETUP_PAGE, MainWindow, open_url
from callcompanion.gui.main_window.banners import Level
from callcompanion.gui.main_window.today import TodayList
from callcompanion.paths import AppPaths

if TYPE_CHECKING:
    from callcompanion.controllers.today import TodayBookings
    from callcompanion.gui.booking_reminder import ReminderCard

log = logging.getLogger(__name__)


class _Tray(Protocol):
    def icon_geometry(self) -> QRect | None: ...


class _Attention(Protocol):
    def notify(self, title: str, message: str) -> bool: ...


class _App(Protocol):
    """What the composition root hands over (its own attributes, by these names)."""

    qapp: QApplication
    paths: AppPaths
    settings: SettingsModel
    credentials: Any
    clock: Clock
    window: MainWindow
    controller: CallController
    ticket_context: TicketContext
    credentials_controller: Any

    @property
    def tray(self) -> Any: ...

    @property
    def attention(self) -> Any: ...

    def open_settings(self) -> Any: ...


class TodayCalls(QObject):
    """The day's bookings, wired to the window, the running call and the reminders."""

    def __init__(
        self,
        bookings: TodayBookings,
        settings: SettingsModel,
        clock: Clock,
        window: MainWindow,
        controller: CallController,
        ticket_context: TicketContext,
        tray: _Tray,
        attention: _Attention,
        open_settings: Callable[[], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.bookings = bookings
        self._settings = settings
        self._clock = clock
        self._window = window
        self._controller = controller
        self._ticket_context = ticket_context
        self._tray = tray
        self._attention = attention
        self._started: set[str] = set()
        self._card: ReminderCard | None = None
        self.list = TodayList(window.setupPage)
        window.setupLayout.insertWidget(0, self.list)
        self.reminders = BookingReminders(
            lambda: list(self.bookings.bookings), self.started, settings, clock, self
        )
        bookings.changed.connect(self._bookings_changed)
        self.list.refresh_requested.connect(bookings.refresh)
        self.list.settings_requested.connect(open_settings)
        self.list.start_requested.connect(self.start)
        self.list.open_requested.connect(self.open_meeting)
        self.reminders.due.connect(self.remind)
        settings.changed.connect(self.show)
        controller.call_changed.connect(self._call_changed)
        ticket_context.loaded.connect(self._ticket_loaded)
        self._closed = False
        self.list.destroyed.connect(self._window_gone)
        self.show()

    @classmethod
    def wire(cls, app: _App) -> TodayCalls:
        """Build it for the app, and start asking Calendly."""
        from callcompanion.controllers.today import TodayBookings
        from callcompanion.services.bookings_cache import BookingsCache

        parent = app if isinstance(app, QObject) else None
        bookings = TodayBookings(
            app.settings,
            app.credentials,
            app.clock,
            parent,
            cache=BookingsCache.in_folder(app.paths.data_dir),
            ticket_context=app.ticket_context,
        )
        today = cls(
            bookings,
            app.settings,
            app.clock,
            app.window,
            app.controller,
            app.ticket_context,
            app.tray,
            app.attention,
            app.open_settings,
            parent,
        )
        app.qapp.aboutToQuit.connect(today.stop)
        app.credentials_controller.tokens_saved.connect(bookings.tokens_saved)
        bookings.start()
        return today

    # -- reading ---------------------------------------------------------------------------------

    def started(self) -> set[str]:
        """The bookings started as calls (this session, and the one running now)."""
        call = self._controller.call
        if call is not None and call.record.booking_uri:
            return self._started | {call.record.booking_uri}
        return set(self._started)

    @property
    def card(self) -> ReminderCard:
        """The reminder card (built the first time a reminder is shown on one)."""
        if self._card is None:
            from callcompanion.gui.booking_reminder import ReminderCard

            card = ReminderCard()
            card.start_requested.connect(self._start_from_reminder)
            card.open_requested.connect(self.open_meeting)
            self._card = card
        return self._card

    # -- acting ----------------------------------------------------------------------------------

    def show(self) -> None:
        """The list as the controller has it now."""
        if self._closed:
            return
        bookings = self.bookings
        self.list.show_bookings(
            bookings.bookings,
            configured=bookings.configured,
            last_updated=bookings.last_updated,
            now=self._clock.now(),
            busy=bookings.busy,
        )
        self.list.set_note(bookings.problem)

    def start(self, booking: Booking, ticket: TicketRef) -> bool:
        """Start a call from *booking* on *ticket*, through the window's start path.

        The form is filled with the booking's ticket, call type and platform; the checks before
        the call apply as for any call (a refused start leaves the form filled, in view).
        """
        window = self._window
        if booking.cancelled:
            window.add_notice(
                f"The {_when(booking)} booking was cancelled, so there is no call to start.",
                Level.WARNING,
            )
            return False
        running = self._controller.call
        if running is not None:
            window.add_notice(
                f"A call on {running.ticket} is running: end it before starting the "
                f"{_when(booking)} call.",
                Level.WARNING,
            )
            window.bring_forward(activate=True)
            return False
        settings = self._settings.value
        key = call_type_for(
            booking,
            settings.event_type_call_types,
            [t.key for t in settings.call_types()],
            settings.default_call_type,
        )
        platform = platform_for(booking, settings.default_platform)
        if window.pages.currentIndex() != SETUP_PAGE:
            window.new_call()
        window.ticketEdit.setText(ticket.agent_url() or str(ticket))
        window.typeCombo.setCurrentIndex(max(0, window.typeCombo.findData(key)))
        (window.webexRadio if platform.value == "webex" else window.zoomRadio).setChecked(True)
        # The no-show check counts from the booked start while the booked slot lasts; a call
        # started after it (moved by arrangement) waits its full no-show time, as any call.
        booked_start = booking.start if self._clock.now() < booking.end else None
        window.setup_page.booked = (ticket, booked_start, booking.uri)
        if not window.start_call():
            window.bring_forward(activate=True)
            return False
        log.info("call started from the booking at %s", booking.start)
        return True

    def open_meeting(self, booking: Booking) -> None:
        """Open the booking's meeting link in the browser (or the meeting app it hands to)."""
        if not booking.join_url:
            self._window.add_notice(
                f"The {_when(booking)} booking has no meeting link.", Level.WARNING
            )
            return
        open_url(QUrl(booking.join_url))

    def remind(self, reminder: Reminder) -> None:
        """A booking is about to start: as Settings → Timing says prompts reach the engineer."""
        if self._closed:
            return
        from callcompanion.gui.booking_reminder import reminder_message, reminder_title

        way = self._settings.value.prompt_attention
        if way is PromptAttention.CARD and QGuiApplication.screens():
            self.card.offer(
                reminder, self._tray.icon_geometry(), can_start=self._controller.call is None
            )
        elif way is PromptAttention.WINDOW or not self._attention.notify(
            reminder_title(reminder), reminder_message(reminder.booking)
        ):
            self._window.bring_forward(activate=False)
        QApplication.alert(self._window)

    def stop(self) -> None:
        self.bookings.stop()
        self.reminders.stop()
        if self._card is not None:
            self._card.hide()

    # -- internals -------------------------------------------------------------------------------

    def _start_from_reminder(self, booking: Booking) -> None:
        if booking.ticket is not None:
            self.start(booking, booking.ticket)
            return
        typed = self.list.typed_ticket(booking.uri)
        row = self.list.rows.get(booking.uri)
        if typed and row is not None:
            row.start_button.click()  # the row reads and checks the typed ticket
            return
        self._window.bring_forward(activate=True)
        if row is not None and row.ticket_edit is not None:
            row.ticket_edit.setFocus()
            row.show_detail("Type the ticket number to start this call.", error=True)

    def _bookings_changed(self) -> None:
        if self._closed:
            return
        self.show()
        bookings = list(self.bookings.bookings)
        if self._card is not None:
            self._card.withdraw(
                {b.uri for b in bookings if not b.cancelled and b.uri not in self.started()}
            )
        self.reminders.check()

    def _ticket_loaded(self, key: str, info: Any) -> None:
        from callcompanion.controllers.today import booking_uri_from_key

        uri = booking_uri_from_key(key)
        if uri is not None and not self._closed:
            self.list.set_detail(uri, describe_ticket(info))

    def _call_changed(self) -> None:
        call = self._controller.call
        if call is not None and call.record.booking_uri:
            self._started.add(call.record.booking_uri)
            if self._card is not None:
                self._card.withdraw(
                    {b.uri for b in self.bookings.bookings if b.uri not in self._started}
                )

    def _window_gone(self) -> None:
        """The window (and the list with it) is gone: nothing more to show or remind of."""
        self._closed = True
        self.stop()
        if self._card is not None:
            self._card.hide()
            self._card.deleteLater()
            self._card = None


def _when(booking: Booking) -> str:
    from callcompanion.gui.main_window.today import local_time

    return local_time(booking.start)
