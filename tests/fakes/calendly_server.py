"""A real HTTP server on 127.0.0.1 that behaves like Calendly v2 for the endpoints the app uses."""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
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
