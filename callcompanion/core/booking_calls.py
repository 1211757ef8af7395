"""From a booking to a call: its call type, its platform, and when to remind the engineer.

The call type comes from the booking's event type: the engineer's mapping (Settings →
Calendly, filled from the team file's ``[event_types]``) by event type URI or name, else a
guess from the name's words ("Troubleshooting call" → troubleshooting), else the default call
type. The platform comes from where the booking takes place (a Zoom conference, a WebEx one or
a webex.com link).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from callcompanion.core.bookings import Booking
from callcompanion.core.call import Platform

# Words of an event type's name → the call type it most likely is, first match wins.
_GUESSES: tuple[tuple[str, str], ...] = (
    (r"emergenc", "emergency"),
    (r"discover|intro|kick.?off|scoping", "discovery"),
    (r"upgrad|migrat", "upgrade_assistance"),
    (r"install|deploy|set.?up|onboard", "installation"),
    (r"reset|review|health.?check|password|2fa|mfa", "reset_review"),
    (r"troubleshoot|debug|support|issue|problem|incident", "troubleshooting"),
)

DEFAULT_REMINDER_MINUTES = 5
REMINDER_MAX_MINUTES = 60


def guess_call_type(event_type_name: str) -> str | None:
    """The call type key an event type's name suggests, or ``None`` when it says nothing."""
    name = event_type_name.casefold()
    for pattern, key in _GUESSES:
        if re.search(pattern, name):
            return key
    return None


def mapped_call_type(booking: Booking, mapping: Mapping[str, str]) -> str | None:
    """The call type the mapping gives the booking's event type: by URI first, then by name."""
    if booking.event_type_uri and booking.event_type_uri in mapping:
        return mapping[booking.event_type_uri]
    wanted = booking.event_type_name.strip().casefold()
    for name, key in mapping.items():
        if name.strip().casefold() == wanted:
            return key
    return None


def call_type_for(
    booking: Booking, mapping: Mapping[str, str], known: Iterable[str], default: str
) -> str:
    """The call type key for *booking*: the mapping, else a guess from the name, else *default*.

    A mapped key that is not among *known* (a call type that no longer exists) is skipped.
    """
    keys = set(known)
    for key in (mapped_call_type(booking, mapping), guess_call_type(booking.event_type_name)):
        if key is not None and key in keys:
            return key
    return default


def platform_for(booking: Booking, default: Platform) -> Platform:
    """Zoom or WebEx, from the booking's location (its kind, else its link); else *default*."""
    return booking_platform(booking) or default


def booking_platform(booking: Booking) -> Platform | None:
    """Zoom or WebEx when the booking's location says which, else ``None``."""
    kind = booking.location_kind.casefold()
    host = booking.join_url.casefold().split("://", 1)[-1].split("/", 1)[0]
    if "webex" in kind or re.search(r"(^|\.)webex\.com$", host):
        return Platform.WEBEX
    if "zoom" in kind or re.search(r"(^|\.)zoom\.(us|com)$", host):
        return Platform.ZOOM
    return None


def platform_label(booking: Booking) -> str:
    """What the list says about where the booking takes place ("Zoom", "WebEx", "Phone"…)."""
    platform = booking_platform(booking)
    if platform is not None:
        return platform.label
    if booking.join_url:
        return "Meeting link"
    return {
        "outbound_call": "Phone",
        "inbound_call": "Phone",
        "physical": "In person",
        "ask_invitee": "Invitee's choice",
    }.get(booking.location_kind.casefold(), "No meeting link")


@dataclass(frozen=True)
class Reminder:
    """A booking to remind the engineer of now, and how far its start is (negative: past)."""

    booking: Booking
    starts_in: timedelta

    def describe(self) -> str:
        """``starts in 5 minutes`` / ``starts now`` / ``started 3 minutes ago``."""
        minutes = round(self.starts_in.total_seconds() / 60)
        if minutes > 0:
            return f"starts in {minutes} minute{'s' if minutes != 1 else ''}"
        if minutes == 0:
            return "starts now"
        return f"started {-minutes} minute{'s' if minutes != -1 else ''} ago"


def reminders_due(
    bookings: Iterable[Booking],
    now: datetime,
    minutes_before: int,
    already: Collection[str],
    started: Collection[str] = (),
    *,
    no_show_after_minutes: int,
) -> list[Reminder]:
    """The bookings to remind of at *now*, each once (its URI not in *already*).

    A booking is due from *minutes_before* its start until its no-show check would be over
    (*no_show_after_minutes* after the start, as Settings → Timing says); a cancelled one, one
    already started as a call (*started*) and any with reminders off (*minutes_before* 0) never
    are.
    """
    if minutes_before <= 0:
        return []
    lead = timedelta(minutes=minutes_before)
    until = timedelta(minutes=no_show_after_minutes)
    due = []
    for booking in bookings:
        if booking.cancelled or booking.uri in already or booking.uri in started:
            continue
        if booking.start - lead <= now < booking.start + until:
            due.append(Reminder(booking, booking.start - now))
    return due


def next_reminder_at(
    bookings: Iterable[Booking], now: datetime, minutes_before: int, already: Collection[str]
) -> datetime | None:
    """When the next reminder falls due after *now* (``None``: none to come)."""
    if minutes_before <= 0:
        return None
    lead = timedelta(minutes=minutes_before)
    times = [
        booking.start - lead
        for booking in bookings
        if not booking.cancelled and booking.uri not in already and booking.start - lead > now
    ]
    return min(times, default=None)
