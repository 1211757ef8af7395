"""The last list of today's bookings, kept for when Calendly cannot be reached.

One small JSON file in the data folder holds one day: the list as Calendly last gave it and
when. It is replaced whole (atomically) after each successful update, so a crash leaves the old
list or the new one. A file from another day, of another format, or damaged is not used; it is
overwritten by the next update. It is not in the SQLite store: it is a copy that can always be
fetched again, needs no migrations, and must never make opening the store fail.
"""

from __future__ import annotations

import contextlib
import json
import logging
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from callcompanion.core.bookings import Booking, BookingStatus
from callcompanion.core.clock import from_utc_iso, to_utc_iso
from callcompanion.core.filelimits import FileLimitError, check_nesting, read_limited
from callcompanion.core.ticket import TicketRef, is_subdomain
from callcompanion.services.atomic import write_atomic

log = logging.getLogger(__name__)

FILE_NAME = "todays-bookings.json"
FORMAT = 1
MAX_BYTES = 2_000_000


@dataclass(frozen=True)
class CachedDay:
    """Today's bookings as last fetched.

    Attributes:
        day: The engineer's local day the list is for.
        fetched_at: When Calendly gave it (UTC).
        bookings: Sorted by start.
    """

    day: date
    fetched_at: datetime
    bookings: tuple[Booking, ...]


class BookingsCache:
    """Reads and writes the one cached day; any thread, one writer at a time (the caller's)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def in_folder(cls, data_dir: Path) -> BookingsCache:
        return cls(data_dir / FILE_NAME)

    def load(self, day: date) -> CachedDay | None:
        """The cached list for *day*; ``None`` when there is none that can be used."""
        try:
            text = read_limited(self.path, MAX_BYTES)
            check_nesting(text)
            data = json.loads(text)
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, FileLimitError, ValueError) as err:
            log.warning("the cached bookings were not read: %s", err)
            return None
        try:
            cached = _day_from_json(data)
        except (KeyError, TypeError, ValueError) as err:
            log.warning("the cached bookings were not used: %s", err)
            return None
        return cached if cached is not None and cached.day == day else None

    def save(self, cached: CachedDay) -> None:
        """Replace the file (raises ``OSError`` when the folder cannot be written)."""
        write_atomic(self.path, json.dumps(_day_to_json(cached), ensure_ascii=False, indent=1))

    def clear(self) -> None:
        """Forget the list (Calendly was disconnected)."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def _day_to_json(cached: CachedDay) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "day": cached.day.isoformat(),
        "fetched_at": to_utc_iso(cached.fetched_at),
        "bookings": [_booking_to_json(b) for b in cached.bookings],
    }


def _booking_to_json(booking: Booking) -> dict[str, Any]:
    ticket = booking.ticket
    return {
        "uri": booking.uri,
        "start": to_utc_iso(booking.start),
        "end": to_utc_iso(booking.end),
        "event_type_uri": booking.event_type_uri,
        "event_type_name": booking.event_type_name,
        "customer_name": booking.customer_name,
        "customer_email": booking.customer_email,
        "ticket": None if ticket is None else [ticket.number, ticket.subdomain],
        "ticket_answer": booking.ticket_answer,
        "location_kind": booking.location_kind,
        "join_url": booking.join_url,
        "status": booking.status.value,
        "cancel_reason": booking.cancel_reason,
    }


def _day_from_json(data: Any) -> CachedDay | None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    bookings = data["bookings"]
    if not isinstance(bookings, list):
        raise TypeError("bookings is not a list")
    return CachedDay(
        day=date.fromisoformat(str(data["day"])),
        fetched_at=from_utc_iso(str(data["fetched_at"])),
        bookings=tuple(
            sorted((_booking_from_json(b) for b in bookings), key=lambda b: (b.start, b.uri))
        ),
    )


def _booking_from_json(item: Any) -> Booking:
    if not isinstance(item, dict):
        raise TypeError("a booking is not an object")
    ticket = item.get("ticket")
    ref: TicketRef | None = None
    if isinstance(ticket, list) and len(ticket) == 2 and isinstance(ticket[0], int):
        subdomain = ticket[1] if isinstance(ticket[1], str) and is_subdomain(ticket[1]) else None
        if ticket[0] > 0:
            ref = TicketRef(ticket[0], subdomain)

    def text(key: str) -> str:
        value = item.get(key)
        return value if isinstance(value, str) else ""

    return Booking(
        uri=str(item["uri"]),
        start=from_utc_iso(str(item["start"])),
        end=from_utc_iso(str(item["end"])),
        event_type_uri=text("event_type_uri"),
        event_type_name=text("event_type_name"),
        customer_name=text("customer_name"),
        customer_email=text("customer_email"),
        ticket=ref,
        ticket_answer=text("ticket_answer"),
        location_kind=text("location_kind"),
        join_url=text("join_url"),
        status=BookingStatus(text("status") or BookingStatus.ACTIVE.value),
        cancel_reason=text("cancel_reason"),
    )
