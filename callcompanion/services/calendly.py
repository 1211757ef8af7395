"""A thin Calendly v2 client: who am I, my event types, single-use links, today's bookings.

Single-use links avoid "ghost calls" (a link that books more than once), so every message that
invites the customer to book gets a fresh one (docs/workflow.md, docs/apis.md).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from callcompanion.core.booking_answers import find_ticket
from callcompanion.core.bookings import Booking, BookingStatus
from callcompanion.services.http_limits import (
    RequestAbortedError,
    RequestDeadlineError,
    SocketGuard,
    bounded_request,
)

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.calendly.com"
DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=20.0, write=20.0, pool=5.0)
# The longest one request may take, from connecting to the last byte of the answer.
DEFAULT_DEADLINE = 20.0
# Calendly's answers (a page of 100 event types) stay far below this.
MAX_RESPONSE_BYTES = 4 * 1024 * 1024
MAX_PAGES = 10
# A day's bookings that are looked at (each costs one more request for its invitees).
MAX_BOOKINGS = 60


class CalendlyError(Exception):
    """A request failed; ``str(err)`` says what happened and what to do."""

    retryable = False

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class CalendlyAuthError(CalendlyError):
    """401: the personal access token is wrong or revoked."""


class CalendlyRateLimitedError(CalendlyError):
    retryable = True

    def __init__(self, message: str, reset: float) -> None:
        super().__init__(message, status=429)
        self.reset = reset


class CalendlyNetworkError(CalendlyError):
    retryable = True


@dataclass(frozen=True)
class CalendlyUser:
    uri: str
    name: str


@dataclass(frozen=True)
class EventType:
    """An event type and what the workflow checks on it."""

    uri: str
    name: str
    active: bool
    secret: bool
    duration: int | None
    scheduling_url: str
    has_ticket_question: bool

    def warnings(self) -> list[str]:
        """What the workflow asks of a customer-call event type that this one lacks."""
        found = []
        if "support" not in self.name.casefold():
            found.append(
                f"“{self.name}” has no “Support” in its name, so its bookings never reach the "
                "team's Support calendar."
            )
        if not self.has_ticket_question:
            found.append(
                "It does not ask the invitee for the ticket number (a required question), so "
                "colleagues cannot see which ticket a booking is for."
            )
        if not self.secret:
            found.append(
                "It is listed on your public booking page; customer calls should be secret."
            )
        return found


def suggested_discovery_name(engineer_name: str) -> str:
    return f"Support - Discovery Call with {engineer_name.strip() or '<your name>'}"


class CalendlyClient:
    """One Calendly account (personal access token). One call at a time."""

    def __init__(
        self,
        token: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout: httpx.Timeout | None = None,
        transport: httpx.BaseTransport | None = None,
        deadline: float | None = None,
        max_response_bytes: int | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.deadline = deadline or DEFAULT_DEADLINE
        self.max_response_bytes = max_response_bytes or MAX_RESPONSE_BYTES
        self._guard = SocketGuard()
        self._client = httpx.Client(
            base_url=self.base_url,
            headers={
                "Authorization": f"Bearer {token}",
                "Accept": "application/json",
                "User-Agent": "callcompanion",
            },
            timeout=timeout or DEFAULT_TIMEOUT,
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def abort(self) -> None:
        """From any thread: stop the request under way and refuse further ones (at quit)."""
        self._guard.abort()

    def __enter__(self) -> CalendlyClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def me(self) -> CalendlyUser:
        resource = self._json("GET", "/users/me").get("resource") or {}
        if not isinstance(resource, dict) or not resource.get("uri"):
            raise CalendlyAuthError("Calendly did not recognise the token.")
        return CalendlyUser(str(resource["uri"]), str(resource.get("name") or ""))

    def event_types(self, user_uri: str) -> list[EventType]:
        """The user's active event types (all pages)."""
        found: list[EventType] = []
        token: str | None = None
        for _ in range(MAX_PAGES):
            params = {"user": user_uri, "active": "true", "count": "100"}
            if token:
                params["page_token"] = token
            data = self._json("GET", "/event_types", params=params)
            for item in data.get("collection", []):
                if isinstance(item, dict) and item.get("uri"):
                    found.append(_event_type(item))
            pagination = data.get("pagination")
            token = pagination.get("next_page_token") if isinstance(pagination, dict) else None
            if not token:
                break
        return found

    def create_single_use_link(self, event_type_uri: str) -> str:
        """A booking link that can be used once (``max_event_count`` 1)."""
        data = self._json(
            "POST",
            "/scheduling_links",
            json_body={"max_event_count": 1, "owner": event_type_uri, "owner_type": "EventType"},
        )
        resource = data.get("resource")
        url = resource.get("booking_url") if isinstance(resource, dict) else None
        if not url:
            raise CalendlyError("Calendly's answer had no booking link.")
        return str(url)

    def todays_bookings(
        self, user_uri: str, day_start_utc: datetime, day_end_utc: datetime
    ) -> list[Booking]:
        """The user's bookings that start in [*day_start_utc*, *day_end_utc*), by start time.

        Active and cancelled ones (all pages), each with its invitee: the one invitee of a
        one-on-one event; a group event's first active invitee, named "… and 2 others".
        A booking whose invitees Calendly will not show (403/404) is listed without them.
        """
        events: list[dict[str, Any]] = []
        seen: set[str] = set()  # a booking is listed once, even if two pages both hold it
        token: str | None = None
        for _ in range(MAX_PAGES):
            params = {
                "user": user_uri,
                "min_start_time": _calendly_time(day_start_utc),
                "max_start_time": _calendly_time(day_end_utc),
                "sort": "start_time:asc",
                "count": "100",
            }
            if token:
                params["page_token"] = token
            data = self._json("GET", "/scheduled_events", params=params)
            events.extend(
                e for e in data.get("collection", []) if _is_event(e) and e["uri"] not in seen
            )
            seen.update(e["uri"] for e in events)
            previous, token = token, _next_page(data)
            if not token or token == previous or len(events) >= MAX_BOOKINGS:
                break
        if len(events) > MAX_BOOKINGS:
            log.warning("%d bookings today; the first %d are listed", len(events), MAX_BOOKINGS)
        bookings = []
        for event in events[:MAX_BOOKINGS]:
            start = _parse_time(event["start_time"])
            if start is None or not day_start_utc <= start < day_end_utc:
                continue
            bookings.append(_booking(event, start, self._first_invitee(event)))
        return sorted(bookings, key=lambda b: (b.start, b.uri))

    def _first_invitee(self, event: dict[str, Any]) -> tuple[dict[str, Any] | None, int]:
        """The invitee to show for *event* and how many other active invitees it has."""
        uuid = str(event["uri"]).rstrip("/").rsplit("/", 1)[-1]
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", uuid):
            return None, 0
        invitees: list[dict[str, Any]] = []
        token: str | None = None
        try:
            for _ in range(MAX_PAGES):
                params = {"count": "100"}
                if token:
                    params["page_token"] = token
                data = self._json("GET", f"/scheduled_events/{uuid}/invitees", params=params)
                invitees.extend(i for i in data.get("collection", []) if isinstance(i, dict))
                previous, token = token, _next_page(data)
                if (
                    not token
                    or token == previous
                    or any(i.get("status") == "active" for i in invitees)
                ):
                    break
        except CalendlyError as err:
            if err.status not in (403, 404):
                raise
            log.info("invitees of a booking not shown: %s", err)
            return None, 0
        active = [i for i in invitees if i.get("status", "active") == "active"]
        chosen = active[0] if active else (invitees[0] if invitees else None)
        counter = event.get("invitees_counter")
        total = counter.get("active") if isinstance(counter, dict) else None
        count = int(total) if isinstance(total, int | float) else len(active)
        return chosen, max(0, count - 1) if active else 0

    def _json(
        self, method: str, path: str, *, params: dict[str, str] | None = None, json_body: Any = None
    ) -> dict[str, Any]:
        try:
            bounded = bounded_request(
                self._client,
                self._guard,
                method,
                path,
                params=params,
                json_body=json_body,
                deadline=self.deadline,
                max_bytes=self.max_response_bytes,
            )
        except RequestDeadlineError as err:
            raise CalendlyNetworkError(
                f"Calendly did not answer completely within {err.seconds:g} seconds, so the "
                "request was stopped. Try again in a moment."
            ) from None
        except RequestAbortedError:
            raise CalendlyNetworkError(
                "The request to Calendly was stopped because the app is quitting."
            ) from None
        except httpx.HTTPError as err:
            raise CalendlyNetworkError(
                f"Could not reach Calendly ({type(err).__name__}). Check your network connection."
            ) from err
        response = bounded.response
        log.info("calendly %s %s → %s", method, path, response.status_code)
        if response.status_code >= 400:
            raise _status_error(response)
        if bounded.truncated:
            raise CalendlyError(
                f"The answer from {self.base_url} was larger than "
                f"{self.max_response_bytes // (1024 * 1024)} MB, more than Calendly ever sends, "
                "so it was not read. A proxy on your network may be answering instead.",
                status=response.status_code,
            )
        try:
            data = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise CalendlyError("Calendly answered in an unexpected format.") from None
        return data if isinstance(data, dict) else {}


def _event_type(item: dict[str, Any]) -> EventType:
    questions = item.get("custom_questions") or []
    ticket_question = any(
        isinstance(q, dict)
        and q.get("enabled", True)
        and q.get("required")
        and "ticket" in str(q.get("name", "")).casefold()
        for q in questions
    )
    duration = item.get("duration")
    return EventType(
        uri=str(item["uri"]),
        name=str(item.get("name") or ""),
        active=bool(item.get("active", True)),
        secret=bool(item.get("secret", False)),
        duration=duration if isinstance(duration, int) else None,
        scheduling_url=str(item.get("scheduling_url") or ""),
        has_ticket_question=ticket_question,
    )


def _calendly_time(moment: datetime) -> str:
    """``2020-01-02T03:04:05.678123Z``: the form Calendly's time filters take (UTC)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse_time(value: object) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _is_event(item: object) -> bool:
    return isinstance(item, dict) and bool(item.get("uri")) and bool(item.get("start_time"))


def _next_page(data: dict[str, Any]) -> str | None:
    pagination = data.get("pagination")
    token = pagination.get("next_page_token") if isinstance(pagination, dict) else None
    return str(token) if token else None


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _meeting_link(location: object) -> tuple[str, str]:
    """Calendly's location type and the meeting link (a conference's, or one in the text)."""
    if not isinstance(location, dict):
        return "", ""
    kind = _text(location.get("type"))
    url = _text(location.get("join_url"))
    if not url:  # a custom or invitee-given location may be a WebEx or Zoom link
        found = re.search(r"https://[^\s<>\"']+", _text(location.get("location")))
        url = found.group(0).rstrip(".,;)") if found else ""
    return kind, url if url.startswith(("https://", "http://")) else ""


def _booking(
    event: dict[str, Any], start: datetime, invitee: tuple[dict[str, Any] | None, int]
) -> Booking:
    person, others = invitee
    person = person or {}
    name = _text(person.get("name")) or " ".join(
        part for part in (_text(person.get("first_name")), _text(person.get("last_name"))) if part
    )
    if others:
        name = f"{name or 'Someone'} and {others} other" + ("s" if others > 1 else "")
    answers = person.get("questions_and_answers")
    pairs = sorted(
        (
            (int(qa.get("position") or 0), _text(qa.get("question")), _text(qa.get("answer")))
            for qa in (answers if isinstance(answers, list) else [])
            if isinstance(qa, dict)
        ),
        key=lambda item: item[0],
    )
    ticket, typed = find_ticket((question, answer) for _, question, answer in pairs)
    kind, join_url = _meeting_link(event.get("location"))
    cancelled = event.get("status") == "canceled"
    cancellation = event.get("cancellation")
    reason = _text(cancellation.get("reason")) if isinstance(cancellation, dict) else ""
    end = _parse_time(event.get("end_time")) or start
    return Booking(
        uri=str(event["uri"]),
        start=start,
        end=max(end, start),
        event_type_uri=_text(event.get("event_type")),
        event_type_name=_text(event.get("name")),
        customer_name=name,
        customer_email=_text(person.get("email")),
        ticket=ticket,
        ticket_answer=typed,
        location_kind=kind,
        join_url=join_url,
        status=BookingStatus.CANCELED if cancelled else BookingStatus.ACTIVE,
        cancel_reason=reason,
    )


def _status_error(response: httpx.Response) -> CalendlyError:
    status = response.status_code
    detail = ""
    try:
        data = response.json()
        if isinstance(data, dict):
            detail = str(data.get("message") or data.get("title") or "")
            details = data.get("details")
            if isinstance(details, list) and details and isinstance(details[0], dict):
                detail += f" ({details[0].get('parameter', '')}: {details[0].get('message', '')})"
    except (json.JSONDecodeError, UnicodeDecodeError):
        detail = response.text[:200]
    suffix = f": {detail}" if detail else ""
    if status == 401:
        return CalendlyAuthError(
            "Calendly refused the personal access token (401). Create a new one in Calendly "
            "(Integrations → API and webhooks) and save it in Settings.",
            status=status,
        )
    if status == 403:
        return CalendlyError(
            f"Calendly says this token may not do that (403){suffix}.", status=status
        )
    if status == 404:
        return CalendlyError(
            f"Calendly could not find it (404){suffix}. Pick the event type again in Settings.",
            status=status,
        )
    if status == 429:
        try:
            reset = float(response.headers.get("x-ratelimit-reset", "60"))
        except ValueError:
            reset = 60.0
        return CalendlyRateLimitedError(
            f"Calendly asks to slow down (429); try again in {reset:.0f} s.", reset
        )
    if status >= 500:
        error = CalendlyError(f"Calendly had a problem ({status}){suffix}.", status=status)
        error.retryable = True
        return error
    return CalendlyError(f"Calendly refused the request ({status}){suffix}.", status=status)
