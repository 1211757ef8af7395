"""A real HTTP server on 127.0.0.1 that behaves like Calendly v2 for the endpoints the app uses."""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

TOKEN = "cal-test-" + "t0ken" * 4  # assembled, never a real credential
USER_URI = "https://api.calendly.com/users/AAAA"


@dataclass
class FakeEventType:
    uri: str
    name: str
    secret: bool = True
    duration: int = 30
    ticket_question: bool = True

    def to_json(self) -> dict[str, Any]:
        questions = []
        if self.ticket_question:
            questions.append(
                {"name": "Zendesk ticket number", "type": "string", "enabled": True,
                 "required": True, "position": 0}
            )  # fmt: skip
        return {
            "uri": self.uri,
            "name": self.name,
            "active": True,
            "secret": self.secret,
            "duration": self.duration,
            "scheduling_url": f"https://calendly.com/ana/{self.uri.rsplit('/', 1)[-1].lower()}",
            "custom_questions": questions,
        }


def _calendly_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


ZOOM = "zoom"
WEBEX_CUSTOM = "webex-custom"
WEBEX = "webex"
PHONE = "phone"


@dataclass
class FakeInvitee:
    """One invitee of a booking, with their answers to the event type's questions."""

    name: str
    email: str
    answers: list[tuple[str, str]] = field(default_factory=list)
    status: str = "active"

    def to_json(self, event_uri: str, index: int) -> dict[str, Any]:
        first, _, last = self.name.partition(" ")
        return {
            "uri": f"{event_uri}/invitees/INV{index:04d}",
            "email": self.email,
            "name": self.name,
            "first_name": first,
            "last_name": last or None,
            "status": self.status,
            "questions_and_answers": [
                {"question": q, "answer": a, "position": i} for i, (q, a) in enumerate(self.answers)
            ],
            "timezone": "Europe/Berlin",
            "event": event_uri,
            "created_at": "2026-11-20T09:00:00.000000Z",
            "updated_at": "2026-11-20T09:00:00.000000Z",
            "tracking": {},
            "text_reminder_number": None,
            "rescheduled": False,
            "old_invitee": None,
            "new_invitee": None,
            "cancel_url": f"https://calendly.com/cancellations/INV{index:04d}",
            "reschedule_url": f"https://calendly.com/reschedulings/INV{index:04d}",
            "routing_form_submission": None,
            "payment": None,
            "no_show": None,
            "reconfirmation": None,
            "scheduling_method": None,
            "invitee_scheduled_by": None,
        }


@dataclass
class FakeBooking:
    """A scheduled event (Calendly's name for a booking) and its invitees."""

    uuid: str
    start: datetime
    invitees: list[FakeInvitee]
    minutes: int = 30
    event_type: str = "https://api.calendly.com/event_types/SUPPORT30"
    name: str = "Support - Customer Call"
    location: str = ZOOM
    status: str = "active"
    cancel_reason: str = ""

    @property
    def uri(self) -> str:
        return f"https://api.calendly.com/scheduled_events/{self.uuid}"

    def location_json(self) -> dict[str, Any]:
        if self.location == ZOOM:
            return {
                "type": "zoom_conference",
                "status": "pushed",
                "join_url": f"https://us02web.zoom.us/j/8{self.uuid[-4:].encode().hex()}",
                "data": None,
            }
        if self.location == WEBEX:
            return {
                "type": "webex_conference",
                "status": "pushed",
                "join_url": f"https://acme.webex.com/acme/j.php?MTID=m{self.uuid.lower()}",
                "data": None,
            }
        if self.location == WEBEX_CUSTOM:
            return {
                "type": "custom",
                "location": f"Join: https://acme.webex.com/meet/ana.{self.uuid.lower()}",
            }
        return {"type": "outbound_call", "location": "+49 30 1234567"}

    def to_json(self) -> dict[str, Any]:
        active = sum(1 for i in self.invitees if i.status == "active")
        event: dict[str, Any] = {
            "uri": self.uri,
            "name": self.name,
            "status": self.status,
            "start_time": _calendly_time(self.start),
            "end_time": _calendly_time(self.start + timedelta(minutes=self.minutes)),
            "event_type": self.event_type,
            "location": self.location_json(),
            "invitees_counter": {
                "total": len(self.invitees),
                "active": active,
                "limit": max(1, len(self.invitees)),
            },
            "created_at": "2026-11-20T09:00:00.000000Z",
            "updated_at": "2026-11-20T09:00:00.000000Z",
            "event_memberships": [{"user": USER_URI}],
            "event_guests": [],
            "calendar_event": None,
        }
        if self.status == "canceled":
            event["cancellation"] = {
                "canceled_by": self.invitees[0].name if self.invitees else "",
                "reason": self.cancel_reason or None,
                "canceler_type": "invitee",
            }
        return event


def _page(items: list[Any], query: dict[str, list[str]], limit: int = 100) -> tuple[int, Any]:
    """One page of *items* the way Calendly pages (count, page_token, next_page_token)."""
    try:
        count = int(query.get("count", ["20"])[0])
        offset = int(query.get("page_token", ["0"])[0].removeprefix("tok"))
    except ValueError:
        return 400, {"title": "Invalid Argument", "message": "The supplied parameters are invalid."}
    if not 1 <= count <= 100:
        return 400, {"title": "Invalid Argument", "message": "count must be 1 to 100"}
    count = min(count, limit)
    chunk = items[offset : offset + count]
    more = offset + count < len(items)
    return 200, {
        "collection": chunk,
        "pagination": {
            "count": len(chunk),
            "next_page_token": f"tok{offset + count}" if more else None,
            "previous_page_token": None,
        },
    }


@dataclass
class Made:
    owner: str
    booking_url: str


class FakeCalendly:
    """The server; use as a context manager."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.event_types: list[FakeEventType] = [
            FakeEventType(
                "https://api.calendly.com/event_types/SUPPORT30",
                "Support - Customer Call",
                duration=30,
            ),
            FakeEventType(
                "https://api.calendly.com/event_types/DISC15",
                "Support - Discovery Call with Ana",
                duration=15,
            ),
            FakeEventType(
                "https://api.calendly.com/event_types/COFFEE",
                "Coffee chat",
                secret=False,
                ticket_question=False,
            ),
        ]
        self.links: list[Made] = []
        self.requests: list[tuple[str, str, Any]] = []
        self.fail_next: int | None = None  # answer the next request with this status
        self.fail_all: int | None = None  # answer every request with this status (down)
        self.bookings: list[FakeBooking] = []
        self.page_limit = 100  # the most a page holds, whatever count asks for
        self.queries: list[tuple[str, dict[str, list[str]]]] = []  # (path, query) of each GET
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> FakeCalendly:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def route(
        self, method: str, path: str, query: dict[str, list[str]], body: Any
    ) -> tuple[int, Any]:
        with self._lock:
            if self.fail_next is not None:
                status, self.fail_next = self.fail_next, None
                return status, {"title": "Failure", "message": f"scripted {status}"}
            if self.fail_all is not None:
                return self.fail_all, {"title": "Failure", "message": "Calendly is down"}
            if method == "GET":
                self.queries.append((path, query))
            if method == "GET" and path == "/scheduled_events":
                return self._scheduled_events(query)
            if method == "GET" and path.startswith("/scheduled_events/"):
                uuid, _, rest = path.removeprefix("/scheduled_events/").partition("/")
                booking = next((b for b in self.bookings if b.uuid == uuid), None)
                if rest != "invitees" or booking is None:
                    return 404, {
                        "title": "Resource Not Found",
                        "message": "The server could not find the requested resource.",
                    }
                invitees = [i.to_json(booking.uri, n) for n, i in enumerate(booking.invitees)]
                return _page(invitees, query, self.page_limit)
            if method == "GET" and path == "/users/me":
                return 200, {
                    "resource": {
                        "uri": USER_URI,
                        "name": "Ana Example",
                        "timezone": "Europe/Berlin",
                    }
                }
            if method == "GET" and path == "/event_types":
                if query.get("user") != [USER_URI]:
                    return 400, {
                        "title": "Invalid Argument",
                        "message": "The supplied parameters are invalid.",
                        "details": [{"parameter": "user", "message": "unknown user"}],
                    }
                return 200, {
                    "collection": [e.to_json() for e in self.event_types],
                    "pagination": {"count": len(self.event_types), "next_page_token": None},
                }
            if method == "POST" and path == "/scheduling_links":
                if (
                    not isinstance(body, dict)
                    or body.get("max_event_count") != 1
                    or body.get("owner_type") != "EventType"
                ):
                    return 400, {
                        "title": "Invalid Argument",
                        "message": "The supplied parameters are invalid.",
                    }
                owner = body.get("owner")
                if owner not in {e.uri for e in self.event_types}:
                    return 404, {
                        "title": "Resource Not Found",
                        "message": "The server could not find the requested resource.",
                    }
                code = f"{os.urandom(3).hex()}-{os.urandom(2).hex()}"
                url = f"https://calendly.com/d/{code}/support-call"
                self.links.append(Made(str(owner), url))
                return 201, {
                    "resource": {"booking_url": url, "owner": owner, "owner_type": "EventType"}
                }
        return 404, {"title": "Resource Not Found", "message": "Not found"}

    def _scheduled_events(self, query: dict[str, list[str]]) -> tuple[int, Any]:
        if query.get("user") != [USER_URI]:
            return 403, {"title": "Permission Denied", "message": "You do not have permission"}
        found = list(self.bookings)
        if "min_start_time" in query:
            found = [b for b in found if b.start >= _parse_time(query["min_start_time"][0])]
        if "max_start_time" in query:
            found = [b for b in found if b.start < _parse_time(query["max_start_time"][0])]
        if "status" in query:
            found = [b for b in found if b.status == query["status"][0]]
        sort = query.get("sort", ["start_time:asc"])[0]
        found.sort(key=lambda b: (b.start, b.uuid), reverse=sort == "start_time:desc")
        return _page([b.to_json() for b in found], query, self.page_limit)


def _handler_for(fake: FakeCalendly) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def _serve(self, method: str) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            fake.requests.append((method, parts.path, body))
            if self.headers.get("Authorization") != f"Bearer {fake.token}":
                status, payload = (
                    401,
                    {"title": "Unauthenticated", "message": "The access token is invalid"},
                )
            else:
                status, payload = fake.route(method, parts.path, parse_qs(parts.query), body)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-RateLimit-Limit", "500")
            self.end_headers()
            self.wfile.write(data)

    return Handler
