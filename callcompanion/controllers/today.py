"""Today's bookings from Calendly, for the window: polled politely, kept for offline use.

The list is asked for on a worker thread: at start (after the first paint, the cached list
first), a few times an hour (``core/booking_polls.py``), after the machine wakes or the network
comes back, and whenever the engineer asks. One request at a time; the Calendly client (the
token in its header only) is kept between polls, so the keyring is read once, not every poll.
When Calendly cannot be reached the last list stays, with a sentence saying from when it is.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, QTimer, Signal

from callcompanion.controllers.scheduling_links import CALENDLY_USER
from callcompanion.controllers.settings import SettingsModel
from callcompanion.controllers.workers import run_in_pool
from callcompanion.core.booking_polls import clocks_jumped, local_day, next_poll
from callcompanion.core.bookings import Booking
from callcompanion.core.clock import Clock
from callcompanion.services.bookings_cache import BookingsCache, CachedDay
from callcompanion.services.credentials import CredentialError, CredentialStore

if TYPE_CHECKING:
    from callcompanion.controllers.ticket_context import TicketContext
    from callcompanion.services.calendly import CalendlyClient

log = logging.getLogger(__name__)

# The longest the app waits between two looks at the clock (a wake-up is noticed this soon).
LOOK_EVERY_SECONDS = 60.0
TICKET_KEY_PREFIX = "booking:"
# Ticket details are read ahead for the bookings starting this soon (at most PREFETCH of them).
PREFETCH_AHEAD = timedelta(hours=2)
PREFETCH = 3


def ticket_key(booking: Booking) -> str:
    """The key a booking's prefetched ticket details are kept under in ``TicketContext``."""
    return f"{TICKET_KEY_PREFIX}{booking.uri}"


def booking_uri_from_key(key: str) -> str | None:
    """The booking URI of a :func:`ticket_key`; ``None`` for any other key (a call's)."""
    return key.removeprefix(TICKET_KEY_PREFIX) if key.startswith(TICKET_KEY_PREFIX) else None


class _Session:
    """The Calendly client kept between polls; used by one worker at a time."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.client: CalendlyClient | None = None
        self.user_uri = ""
        self._lock = threading.Lock()

    def open(self, token: str) -> CalendlyClient:
        from callcompanion.services.calendly import CalendlyClient

        with self._lock:
            self.client = CalendlyClient(token, base_url=self.base_url)
            return self.client

    def abort(self) -> None:
        with self._lock:
            if self.client is not None:
                self.client.abort()

    def close(self) -> None:
        with self._lock:
            client, self.client = self.client, None
        if client is not None:
            client.close()


@dataclass(frozen=True)
class _Fetched:
    """A worker's answer: the day's list, or ``None`` bookings when there is no token."""

    bookings: tuple[Booking, ...] | None


def _fetch(
    session: _Session,
    credentials: CredentialStore,
    cache: BookingsCache | None,
    day: date,
    start: datetime,
    end: datetime,
    asked_at: datetime,
) -> _Fetched:
    """On a worker thread: today's bookings, written to the cache."""
    from callcompanion.services.calendly import CalendlyAuthError

    client = session.client
    if client is None:
        token = credentials.get(CALENDLY_USER)
        if not token:
            if cache is not None:
                with contextlib.suppress(OSError):
                    cache.clear()
            return _Fetched(None)
        client = session.open(token)
    try:
        if not session.user_uri:
            session.user_uri = client.me().uri
        bookings = tuple(client.todays_bookings(session.user_uri, start, end))
    except CalendlyAuthError:
        session.close()  # the token is read again next time: it may have been replaced
        session.user_uri = ""
        raise
    if cache is not None:
        try:
            cache.save(CachedDay(day, asked_at, bookings))
        except OSError as err:
            log.warning("today's bookings were not cached: %s", err)
    return _Fetched(bookings)


class TodayBookings(QObject):
    """The engineer's bookings for today (local day), sorted by start; cancelled ones marked.

    Signals:
        changed: The list, :attr:`configured`, :attr:`busy` or :attr:`problem` changed.
    """

    changed = Signal()

    def __init__(
        self,
        settings: SettingsModel,
        credentials: CredentialStore,
        clock: Clock,
        parent: QObject | None = None,
        *,
        cache: BookingsCache | None = None,
        ticket_context: TicketContext | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._credentials = credentials
        self._clock = clock
        self._cache = cache
        self._ticket_context = ticket_context
        self._session = _Session(settings.value.calendly_api_url)
        self._api_url = settings.value.calendly_api_url
        self._event_type = settings.value.calendly_event_type
        self._bookings: list[Booking] = []
        self._day: date | None = None
        self._last_updated: datetime | None = None
        self._configured = bool(settings.value.calendly_event_type)
        self._watching = False
        self._problem = ""
        self._error: Exception | None = None  # what made the last attempt fail
        self._busy = False
        self._again = False
        self._polling = False
        self._stopped = False  # at quit: answers still on their way are dropped
        self._paused = False  # no token, or the keyring would not answer: wait to be asked
        self._last_attempt: datetime | None = None
        self._failed = False
        self._not_before: datetime | None = None
        self._look: tuple[float, datetime, float] | None = None
        self._retired: list[_Session] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check_now)
        settings.changed.connect(self._settings_changed)

    # -- reading ---------------------------------------------------------------------------------

    @property
    def bookings(self) -> list[Booking]:
        """Today's bookings by start time (a copy)."""
        return list(self._bookings)

    @property
    def last_updated(self) -> datetime | None:
        """When Calendly gave the list shown (UTC); ``None`` before the first list."""
        return self._last_updated

    @property
    def configured(self) -> bool:
        """Whether Calendly is connected: a token was found.

        Before the first look at the keyring: whether an event type is chosen in Settings.
        """
        return self._configured

    @property
    def busy(self) -> bool:
        """Whether Calendly is being asked right now."""
        return self._busy

    @property
    def problem(self) -> str:
        """Why the list may be out of date, in a sentence; ``""`` after a good update."""
        return self._problem

    @property
    def next_poll(self) -> datetime | None:
        """When the list is asked for next (UTC); ``None`` while waiting to be asked."""
        if not self._polling or self._paused:
            return None
        if self._last_attempt is None:
            return self._clock.now()
        return next_poll(
            self._last_attempt, self._bookings, failed=self._failed, not_before=self._not_before
        )

    # -- acting ----------------------------------------------------------------------------------

    def start(self) -> None:
        """Begin: show the cached list, ask Calendly, then keep polling (after the first paint)."""
        if self._polling:
            return
        self._polling = True
        if not self._settings.value.calendly_event_type:
            # Calendly is not set up: no keyring, no network, no cache until it is (a saved
            # token or a chosen event type asks; so does Refresh).
            self._paused = True
            self.changed.emit()
            return
        if self._cache is None:
            self.refresh()
            return
        run_in_pool(
            self._cache.load,
            local_day(self._clock.now())[0],
            on_result=self._cache_loaded,
            on_error=lambda _err: self._cache_loaded(None),
            owner=self,
        )

    def stop(self) -> None:
        """Stop for good (at quit).

        No more polls; the request under way is cut short; answers on their way are dropped.
        """
        self._polling = False
        self._stopped = True
        self._timer.stop()
        for session in (self._session, *self._retired):
            session.abort()

    def refresh(self) -> bool:
        """Ask Calendly now (on demand); ``False`` when already asking (it asks again after)."""
        if self._stopped:
            return False
        self._paused = False
        if self._busy:
            self._again = True
            return False
        now = self._clock.now()
        day, start, end = local_day(now)
        if self._day is not None and day != self._day:
            self._show([], day, None)  # yesterday's list is not today's
        self._busy = True
        self._last_attempt = now
        self._timer.stop()
        self.changed.emit()
        run_in_pool(
            _fetch,
            self._session,
            self._credentials,
            self._cache,
            day,
            start,
            end,
            now,
            on_result=lambda fetched: self._got(fetched, day, now),
            on_error=self._failed_with,
            owner=self,
        )
        return True

    def tokens_saved(self, keyring_users: list[str]) -> None:
        """New tokens are in the keyring: a new Calendly token is used at once."""
        if CALENDLY_USER in keyring_users:
            self._reset_session()

    def check_now(self) -> None:
        """Ask Calendly if a poll is due, the day changed, or the machine woke up.

        The timer looks at least once a minute; the network coming back looks too.
        """
        now, mono = self._clock.now(), self._clock.monotonic()
        look, self._look = self._look, None
        if not self._polling or self._busy:
            return
        woke = look is not None and clocks_jumped(look[0], look[1], mono, now, look[2])
        new_day = self._day is not None and local_day(now)[0] != self._day
        due = self.next_poll
        if woke:
            log.info("the clock jumped (wake-up or a changed clock): asking Calendly again")
        if new_day and self._paused:
            # Not asking (no token, a refused one): yesterday's rows are not today's calls.
            self._show([], local_day(now)[0], None)
            if self._error is not None:
                self._problem = self._problem_text(self._error)
            self.changed.emit()
        if (due is not None and now >= due) or ((woke or new_day) and not self._paused):
            self.refresh()
        else:
            self._arm()

    # -- inside ----------------------------------------------------------------------------------

    def _settings_changed(self) -> None:
        value = self._settings.value
        chosen = not self._event_type and bool(value.calendly_event_type)
        self._event_type = value.calendly_event_type
        if value.calendly_api_url != self._api_url:
            self._api_url = value.calendly_api_url
            self._reset_session()
        elif chosen and self._paused:
            # Calendly was just set up. When a token came with it, the keyring already holds
            # it and ``tokens_saved`` follows in this same turn: ask once, on the next turn.
            QTimer.singleShot(0, self, self._resume)

    def _resume(self) -> None:
        """Ask, unless something asked meanwhile (a saved token) or there is no reason to."""
        if self._paused and self._polling and not self._stopped:
            self.refresh()

    def _reset_session(self) -> None:
        """Forget the client (token or address changed) and ask again with the new one."""
        old = self._session
        self._session = _Session(self._settings.value.calendly_api_url)
        if self._busy:
            self._retired.append(old)  # closed once its worker is done
        else:
            old.close()
        if self._polling:
            self.refresh()

    def _cache_loaded(self, cached: CachedDay | None) -> None:
        if self._stopped:
            return
        if cached is not None and self._last_updated is None:
            self._show(list(cached.bookings), cached.day, cached.fetched_at)
            self.changed.emit()
        if self._last_attempt is None:  # not asked meanwhile (settings changed, on demand)
            self.refresh()

    def _show(self, bookings: list[Booking], day: date, updated: datetime | None) -> None:
        self._bookings = sorted(bookings, key=lambda b: (b.start, b.uri))
        self._day = day
        self._last_updated = updated

    def _got(self, fetched: _Fetched, day: date, asked_at: datetime) -> None:
        if self._stopped:
            return
        self._busy = False
        self._failed = False
        self._not_before = None
        self._error = None
        self._problem = ""
        if fetched.bookings is None:
            self._configured = False
            self._paused = True
            self._show([], day, None)
        else:
            self._configured = True
            self._show(list(fetched.bookings), day, asked_at)
            self._prefetch()
        self.changed.emit()
        self._after_attempt()

    def _failed_with(self, err: Exception) -> None:
        from callcompanion.services.calendly import CalendlyAuthError, CalendlyRateLimitedError

        if self._stopped:
            return
        self._busy = False
        self._failed = True
        if not self._watching:
            self._watching = True
            self._watch_network()  # loads QtNetwork: only once there is a failure to get over
        now = self._clock.now()
        if self._day is not None and self._day != local_day(now)[0]:
            self._show([], local_day(now)[0], None)
        if isinstance(err, CalendlyAuthError):
            self._paused = True  # until a new token is saved, or the engineer asks
        elif isinstance(err, CredentialError):
            self._paused = True  # asking the keyring every few minutes would nag for a password
        if isinstance(err, CalendlyRateLimitedError):
            self._not_before = now + timedelta(seconds=max(1.0, err.reset))
        self._error = err
        self._problem = self._problem_text(err)
        self.changed.emit()
        self._after_attempt()

    def _problem_text(self, err: Exception) -> str:
        """Why the list is not up to date, and from when the list shown is."""
        from callcompanion.services.calendly import CalendlyAuthError, CalendlyError

        shown = self._shown_since()
        if isinstance(err, CalendlyAuthError):
            text = (
                "Calendly refused the token, so today's bookings could not be updated. Save a "
                "new token in Settings → Calendly."
            )
            text += f" Showing the list from {shown}." if shown else ""
        elif isinstance(err, CredentialError):
            text = f"Today's bookings could not be updated: {err}"
        elif isinstance(err, CalendlyError) and not err.retryable:
            text = f"Today's bookings could not be updated: {err}"
            text += f" Showing the list from {shown}." if shown else ""
        elif shown:
            text = f"Calendly could not be reached: showing the list from {shown}."
        else:
            text = (
                "Calendly could not be reached, so today's bookings are not shown yet. The app "
                "tries again in a few minutes."
            )
        return text

    def _shown_since(self) -> str:
        """The local time of the list shown (``10:42``), ``""`` when none is."""
        if self._last_updated is None:
            return ""
        return self._last_updated.astimezone().strftime("%H:%M")

    def _after_attempt(self) -> None:
        while self._retired:
            self._retired.pop().close()
        if self._again:
            self._again = False
            self.refresh()
        else:
            self._arm()

    def _arm(self) -> None:
        if not self._polling or self._busy:
            return
        now = self._clock.now()
        due = self.next_poll
        wait = LOOK_EVERY_SECONDS
        if due is not None:
            wait = min(wait, max(1.0, (due - now).total_seconds()))
        self._look = (self._clock.monotonic(), now, wait)
        self._timer.start(int(wait * 1000))

    def _prefetch(self) -> None:
        """Read the next bookings' ticket details ahead (subject, requester, organization)."""
        if self._ticket_context is None:
            return
        now = self._clock.now()
        settings = self._settings.value
        upcoming = [
            b
            for b in self._bookings
            if b.ticket is not None
            and not b.cancelled
            and now - timedelta(minutes=15) <= b.start <= now + PREFETCH_AHEAD
        ]
        for booking in upcoming[:PREFETCH]:
            assert booking.ticket is not None
            connection = settings.connection_for(booking.ticket)
            if connection is not None:
                self._ticket_context.fetch(
                    ticket_key(booking), booking.ticket.number, connection, refresh=False
                )

    def _watch_network(self) -> None:
        """Ask again when the network comes back (where Qt can tell)."""
        from PySide6.QtNetwork import QNetworkInformation

        # None until a backend is loaded (the stubs do not say so).
        info = cast("QNetworkInformation | None", QNetworkInformation.instance())
        if info is None:
            if not QNetworkInformation.loadBackendByFeatures(
                QNetworkInformation.Feature.Reachability
            ):
                log.info("no network information on this system: wake-ups are seen by the clock")
                return
            info = QNetworkInformation.instance()
        if info is not None:
            info.reachabilityChanged.connect(self._reachability_changed)

    def _reachability_changed(self, reachability: object) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        online = reachability == QNetworkInformation.Reachability.Online
        if online and self._failed and self._polling and not self._busy and not self._paused:
            self.refresh()
