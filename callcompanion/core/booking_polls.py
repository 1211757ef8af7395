"""When to ask Calendly for today's bookings again: a few times an hour, and when it matters.

Every 15 minutes, at the start of each hour (a booking made for the next slot shows up), and
five minutes before each booking still to come (a last-minute change is seen before the call).
After a failure, sooner (5 minutes), never sooner than Calendly asked for. Nothing counts ticks:
the next moment is derived from the last attempt and the list.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from callcompanion.core.bookings import Booking

POLL_EVERY = timedelta(minutes=15)
BEFORE_BOOKING = timedelta(minutes=5)
AFTER_FAILURE = timedelta(minutes=5)
# Two polls are never closer than this (a booking's poll just after the hour's).
MIN_GAP = timedelta(minutes=1)
# How far the clocks may disagree before it counts as a wake-up or a changed wall clock.
JUMP_SECONDS = 90.0


def local_day(now: datetime, tz: tzinfo | None = None) -> tuple[date, datetime, datetime]:
    """The engineer's day at *now*: its date, and its start and end in UTC.

    *tz* is the engineer's time zone (the system's when ``None``); a day with a daylight-saving
    change is 23 or 25 hours long.
    """
    local = now.astimezone(tz)
    day = local.date()
    start, end = (datetime.combine(d, time()) for d in (day, day + timedelta(days=1)))
    if tz is None:  # naive local times: the system's rules for each moment
        return day, start.astimezone().astimezone(UTC), end.astimezone().astimezone(UTC)
    return day, start.replace(tzinfo=tz).astimezone(UTC), end.replace(tzinfo=tz).astimezone(UTC)


def next_poll(
    last_attempt: datetime,
    bookings: Iterable[Booking],
    *,
    failed: bool = False,
    not_before: datetime | None = None,
    tz: tzinfo | None = None,
) -> datetime:
    """The moment of the next poll after one at *last_attempt* (UTC).

    *failed*: the last attempt did not get a list. *not_before*: Calendly asked to wait.
    """
    earliest = last_attempt + MIN_GAP
    candidates = [last_attempt + (AFTER_FAILURE if failed else POLL_EVERY)]
    local = last_attempt.astimezone(tz)
    candidates.append(
        (local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)).astimezone(UTC)
    )
    for booking in bookings:
        moment = booking.start - BEFORE_BOOKING
        if not booking.cancelled and moment >= earliest:
            candidates.append(moment)
    due = max(min(candidates), earliest)
    if not_before is not None:
        due = max(due, not_before)
    return due.astimezone(UTC)


def clocks_jumped(
    mono_before: float,
    wall_before: datetime,
    mono_now: float,
    wall_now: datetime,
    expected_seconds: float,
) -> bool:
    """Whether the machine slept, or the wall clock was changed, between two looks.

    A look planned *expected_seconds* after the last one that comes much later on the
    suspend-counting clock means the machine was asleep (timers stop while it sleeps); a wall
    clock that moved differently from that clock was set (or the zone changed).
    """
    mono_gap = mono_now - mono_before
    wall_gap = (wall_now - wall_before).total_seconds()
    return mono_gap > expected_seconds + JUMP_SECONDS or abs(wall_gap - mono_gap) > JUMP_SECONDS
