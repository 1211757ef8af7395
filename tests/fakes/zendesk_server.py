"""A real HTTP server on 127.0.0.1 that behaves like Zendesk for the endpoints the app uses.

It keeps tickets, comments and tags in memory, checks the agent's API token, honours
``safe_update`` (409 on a stale ``updated_stamp``), and can be scripted to fail the way
networks and Zendesk do: 500/503, 429 with Retry-After, 409, a dropped connection, a response
lost after the comment was applied, a hang past the client's timeout, an answer that trickles
in a byte at a time, an answer of hundreds of megabytes, and requests slowed down for good
(``slow``: two apps racing for one post both get their request in before either is answered).

    with FakeZendesk() as zd:
        zd.add_ticket(12345, subject="Upgrade fails")
        zd.fail("PUT", "/tickets/12345", LoseResponse())
        ... app posts to zd.url ...
        assert len(zd.comments(12345)) == 1

It also signs agents in with OAuth as a public client: ``GET /oauth/authorizations/new``
redirects to the loopback ``redirect_uri`` with ``code`` and ``state`` (after checking the
client id, the redirect and the S256 challenge; ``oauth_consent = "deny"`` answers
``error=access_denied``), ``POST /oauth/tokens`` exchanges a code (checking the PKCE verifier)
or a refresh token (rotation: the old pair is deleted, a reused refresh token gets 400
``invalid_grant``), and the API takes ``Bearer`` access tokens until they expire (then 401)
or are revoked (``DELETE /api/v2/oauth/tokens/current.json``: 204).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import re
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

EMAIL = "ana@example.com"
TOKEN = "zd-test-" + "t0ken" * 4  # assembled, never a real credential
AGENT_ID = 9001
OAUTH_CLIENT_ID = "callcompanion_test"
_INVALID_GRANT = {
    "error": "invalid_grant",
    "error_description": "The provided authorization grant is invalid, expired, revoked, does "
    "not match the redirection URI used in the authorization request, or was issued to another "
    "client.",
}


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    authorization: str | None


# -- scripted faults ------------------------------------------------------------------------------


class Fault:
    """What to do instead of (or around) answering one request."""


@dataclass
class Status(Fault):
    code: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"


@dataclass
class RateLimit(Fault):
    retry_after: int = 1


@dataclass
class Drop(Fault):
    """Close the connection without answering; nothing is applied."""


@dataclass
class LoseResponse(Fault):
    """Apply the request, then close the connection: the client never learns it worked."""


@dataclass
class Hang(Fault):
    """Wait *seconds* (past the client's timeout), optionally applying first, then answer."""

    seconds: float
    apply_first: bool = True


@dataclass
class Drip(Fault):
    """Apply the request, then send the answer one byte every *interval* seconds."""

    interval: float = 4.0


@dataclass
class Huge(Fault):
    """Answer 200 with *size* bytes (chunked, no length given); nothing is applied.

    How many bytes went out before the client hung up is in ``FakeZendesk.huge_bytes_sent``.
    """

    size: int = 300 * 1024 * 1024


@dataclass
class _Ticket:
    id: int
    subject: str
    status: str = "open"
    priority: str | None = "normal"
    requester_id: int = 501
    organization_id: int | None = 77
    tags: list[str] = field(default_factory=list)
    comments: list[dict[str, Any]] = field(default_factory=list)
    updated_at: datetime = field(default_factory=lambda: datetime(2026, 11, 27, 9, tzinfo=UTC))
    custom_fields: dict[int, Any] = field(default_factory=dict)
    assignee_id: int | None = None
    group_id: int | None = None

    def stamp(self) -> str:
        return self.updated_at.isoformat().replace("+00:00", "Z")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "subject": self.subject,
            "status": self.status,
            "priority": self.priority,
            "requester_id": self.requester_id,
            "organization_id": self.organization_id,
            "tags": list(self.tags),
            "updated_at": self.stamp(),
            "assignee_id": self.assignee_id,
            "group_id": self.group_id,
            "custom_fields": [{"id": k, "value": v} for k, v in self.custom_fields.items()],
        }


class FakeZendesk:
    """The server; use as a context manager."""

    def __init__(self, *, email: str = EMAIL, token: str = TOKEN) -> None:
        self.email = email
        self.token = token
        self.latency = 0.0  # seconds added to every answer (a realistic API round trip)
        self.requests: list[Recorded] = []
        self.macros: dict[int, dict[str, Any]] = {}
        self.organizations: dict[int, dict[str, Any]] = {
            77: {"id": 77, "name": "Acme Corp", "notes": ""}
        }
        self._tickets: dict[int, _Ticket] = {}
        # The account's ticket fields (GET /ticket_fields), system ones and none of the Time
        # Tracking app's until add_time_tracking_fields().
        self.ticket_fields: list[dict[str, Any]] = [
            {"id": 10 + n, "title": title, "type": kind, "active": True}
            for n, (title, kind) in enumerate(
                [("Subject", "subject"), ("Description", "description"), ("Status", "status")]
                + [("Priority", "priority"), ("Assignee", "assignee"), ("Group", "group")]
            )
        ]
        # Ticket id → changes someone else makes right after the ticket's next read is answered.
        self._after_read: dict[int, list[Any]] = {}
        self._faults: list[tuple[str, re.Pattern[str], Fault]] = []
        self._slow: list[tuple[str, re.Pattern[str], float]] = []
        self.huge_bytes_sent = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._next_comment = 1000
        # OAuth: a public client, its codes, and the live tokens (access → expiry, monotonic)
        self.oauth_client_id = OAUTH_CLIENT_ID
        self.oauth_redirect_uri: str | None = None  # the registered one; None: any loopback
        self.oauth_consent = "allow"  # "deny": the agent refuses on the consent page
        self.access_token_lifetime = 1800
        self._codes: dict[str, dict[str, str]] = {}
        self._access: dict[str, float] = {}
        self._refresh: dict[str, str] = {}  # refresh token → the access token issued with it
        self._issued: list[str] = []  # every token handed out, access and refresh, in order
        handler = _handler_for(self)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    # -- lifecycle ------------------------------------------------------------------------------

    def __enter__(self) -> FakeZendesk:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}"

    # -- scripting ------------------------------------------------------------------------------

    def add_ticket(self, ticket_id: int, subject: str = "A ticket", **fields: Any) -> None:
        with self._lock:
            self._tickets[ticket_id] = _Ticket(ticket_id, subject, **fields)

    def fail(self, method: str, path_regex: str, *faults: Fault) -> None:
        """Queue *faults* for the next matching requests, one fault per request."""
        with self._lock:
            for fault in faults:
                self._faults.append((method, re.compile(path_regex), fault))

    def slow(self, method: str, path_regex: str, seconds: float) -> None:
        """Every matching request waits *seconds* before it is handled (until ``slow`` is
        called again with 0)."""
        with self._lock:
            self._slow = [
                (m, p, d) for m, p, d in self._slow if (m, p.pattern) != (method, path_regex)
            ]
            if seconds:
                self._slow.append((method, re.compile(path_regex), seconds))

    def _delay(self, method: str, path: str) -> float:
        with self._lock:
            return sum(d for m, p, d in self._slow if m == method and p.search(path))

    def add_time_tracking_fields(self, total: int = 360010, last: int = 360011) -> None:
        """The account has the Time Tracking app's two fields (and other custom fields)."""
        with self._lock:
            self.ticket_fields += [
                {"id": 360001, "title": "Product area", "type": "tagger", "active": True},
                {"id": total, "title": "Total time spent (sec)", "type": "integer", "active": True},
                {"id": last, "title": "Time spent last update (sec)", "type": "integer"},
            ]

    def after_next_read(self, ticket_id: int, change: Any) -> None:
        """Someone else changes the ticket just after its next ``GET`` is answered, before the
        reader can write: ``change(ticket)`` edits the stored ticket (its ``custom_fields``,
        ``tags``…), and its ``updated_at`` moves on."""
        with self._lock:
            self._after_read.setdefault(ticket_id, []).append(change)

    def touch(self, ticket_id: int) -> None:
        """Someone else updated the ticket (the next stale safe_update gets 409)."""
        with self._lock:
            ticket = self._tickets[ticket_id]
            ticket.updated_at += timedelta(seconds=30)

    def add_comment(
        self,
        ticket_id: int,
        body: str,
        *,
        author_id: int = AGENT_ID,
        public: bool = True,
        created_at: str | None = None,
    ) -> None:
        """A comment someone made (another agent, or this one earlier) without the app."""
        with self._lock:
            self._next_comment += 1
            self._tickets[ticket_id].comments.append(
                {
                    "id": self._next_comment,
                    "author_id": author_id,
                    "public": public,
                    "body": body,
                    "html_body": f'<div class="zd-comment"><p>{body}</p></div>',
                    "plain_body": body,
                    "created_at": created_at or _now_stamp(),
                }
            )

    def comments(self, ticket_id: int) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(c) for c in self._tickets[ticket_id].comments]

    def ticket(self, ticket_id: int) -> dict[str, Any]:
        with self._lock:
            return self._tickets[ticket_id].to_json()

    def calls(self, method: str, path_regex: str) -> list[Recorded]:
        pattern = re.compile(path_regex)
        return [r for r in self.requests if r.method == method and pattern.search(r.path)]

    def expire_access_tokens(self) -> None:
        """Every access token handed out so far has expired (the API answers 401)."""
        with self._lock:
            self._access = dict.fromkeys(self._access, 0.0)

    def revoke_refresh_tokens(self) -> None:
        """An admin revoked the app's tokens: every refresh is refused with invalid_grant."""
        with self._lock:
            self._refresh.clear()
            self._access.clear()

    def token_grants(self, grant_type: str) -> list[Recorded]:
        """The ``POST /oauth/tokens`` requests for *grant_type*, answered or not."""
        return [
            r
            for r in self.calls("POST", r"^/oauth/tokens$")
            if isinstance(r.body, dict) and r.body.get("grant_type") == grant_type
        ]

    def issued_tokens(self) -> list[str]:
        """Every access and refresh token handed out so far, expired and revoked ones too."""
        with self._lock:
            return list(self._issued)

    def _revoke_current(self, header: str | None) -> None:
        """``DELETE /api/v2/oauth/tokens/current.json``: the access token and its refresh token
        stop working."""
        access = (header or "").removeprefix("Bearer ")
        with self._lock:
            self._access.pop(access, None)
            self._refresh = {r: a for r, a in self._refresh.items() if a != access}

    def _authorize(self, query: dict[str, list[str]]) -> tuple[int, str]:
        """The consent page's answer: (302, the redirect) or (400, why there is none)."""
        one = {key: values[0] for key, values in query.items()}
        redirect = one.get("redirect_uri", "")
        loopback = re.fullmatch(r"http://(127\.0\.0\.1|localhost)(:\d+)?/?", redirect)
        if one.get("client_id") != self.oauth_client_id:
            return 400, "invalid_client"
        if not loopback or (self.oauth_redirect_uri not in (None, redirect)):
            return 400, "redirect_uri does not match"
        if one.get("response_type") != "code" or one.get("code_challenge_method") != "S256":
            return 400, "a public client must use the code flow with PKCE S256"
        if not re.fullmatch(r"[A-Za-z0-9_-]{43}", one.get("code_challenge", "")):
            return 400, "code_challenge missing"
        if self.oauth_consent != "allow":
            answer = {"error": "access_denied", "error_description": "The end-user denied"}
        else:
            code = secrets.token_urlsafe(16)
            with self._lock:
                self._codes[code] = {
                    "redirect_uri": redirect,
                    "challenge": one["code_challenge"],
                    "scope": one.get("scope", ""),
                }
            answer = {"code": code}
        if "state" in one:
            answer["state"] = one["state"]
        return 302, f"{redirect}?{urlencode(answer)}"

    def _grant(self, body: Any) -> tuple[int, Any]:
        """``POST /oauth/tokens`` (called with the lock held)."""
        if not isinstance(body, dict) or body.get("client_id") != self.oauth_client_id:
            return 400, {"error": "invalid_client", "error_description": "Client unknown"}
        if body.get("grant_type") == "authorization_code":
            issued = self._codes.pop(str(body.get("code")), None)  # a code works once
            verifier = str(body.get("code_verifier") or "").encode()
            challenge = (
                base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
            )
            if (
                issued is None
                or body.get("redirect_uri") != issued["redirect_uri"]
                or challenge != issued["challenge"]
            ):
                return 400, _INVALID_GRANT
            scope = issued["scope"]
        elif body.get("grant_type") == "refresh_token":
            access = self._refresh.pop(str(body.get("refresh_token")), None)
            if access is None:
                return 400, _INVALID_GRANT
            self._access.pop(access, None)  # rotation: the previous pair is gone
            scope = "read write"
        else:
            return 400, {"error": "unsupported_grant_type"}
        access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        self._access[access] = time.monotonic() + self.access_token_lifetime
        self._refresh[refresh] = access
        self._issued += [access, refresh]
        return 201, {
            "access_token": access,
            "token_type": "bearer",
            "refresh_token": refresh,
            "expires_in": self.access_token_lifetime,
            "refresh_token_expires_in": 2592000,
            "scope": scope,
        }

    # -- request handling (server threads) ------------------------------------------------------

    def _take_fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for index, (want, pattern, fault) in enumerate(self._faults):
                if want == method and pattern.search(path):
                    del self._faults[index]
                    return fault
        return None

    def _authorised(self, header: str | None) -> bool:
        if header and header.startswith("Bearer "):
            with self._lock:
                expiry = self._access.get(header.removeprefix("Bearer "))
            return expiry is not None and expiry > time.monotonic()
        expected = base64.b64encode(f"{self.email}/token:{self.token}".encode()).decode()
        return header == f"Basic {expected}"

    def _route(
        self, method: str, path: str, query: dict[str, list[str]], body: Any
    ) -> tuple[int, Any]:
        api = path.removeprefix("/api/v2").removesuffix(".json")
        with self._lock:
            if method == "POST" and path == "/oauth/tokens":
                return self._grant(body)
            if method == "GET" and api == "/users/me":
                return 200, {
                    "user": {
                        "id": AGENT_ID,
                        "name": "Ana Example",
                        "email": self.email,
                        "role": "agent",
                    }
                }
            if method == "GET" and api == "/macros/search":
                words = query.get("query", [""])[0].casefold()
                found = [m for m in self.macros.values() if words in m["title"].casefold()]
                return 200, {"macros": found, "count": len(found), "next_page": None}
            shown = re.fullmatch(r"/macros/(\d+)", api)
            if shown and method == "GET":
                macro = self.macros.get(int(shown.group(1)))
                if macro is None:
                    return 404, {"error": "RecordNotFound", "description": "Not found"}
                listed = {k: v for k, v in macro.items() if k != "body"}
                return 200, {"macro": {"active": True, **listed, "actions": _actions(macro)}}
            if method == "GET" and api == "/ticket_fields":
                return 200, self._fields_page(query)
            org = re.fullmatch(r"/organizations/(\d+)", api)
            if org:
                organization = self.organizations.get(int(org.group(1)))
                if organization is None:
                    return 404, {"error": "RecordNotFound", "description": "Not found"}
                if method == "PUT":
                    update = body.get("organization") if isinstance(body, dict) else None
                    if not isinstance(update, dict) or set(update) - {"notes"}:
                        return 422, {"error": "RecordInvalid", "description": "only notes"}
                    organization["notes"] = str(update.get("notes", ""))
                return 200, {"organization": dict(organization)}
            match = re.fullmatch(r"/tickets/(\d+)(/comments|/tags|/macros/(\d+)/apply)?", api)
            if not match:
                return 404, {"error": "InvalidEndpoint", "description": "Not found"}
            ticket = self._tickets.get(int(match.group(1)))
            if ticket is None:
                return 404, {"error": "RecordNotFound", "description": "Not found"}
            sub = match.group(2)
            if sub is None and method == "GET":
                answer = {
                    "ticket": ticket.to_json(),
                    "users": [{"id": ticket.requester_id, "name": "Chris Customer"}],
                    "organizations": [{"id": ticket.organization_id, "name": "Acme Corp"}],
                }
                for change in self._after_read.pop(ticket.id, []):
                    change(ticket)
                    ticket.updated_at += timedelta(seconds=7)
                return 200, answer
            if sub is None and method == "PUT":
                return self._update(ticket, body)
            if sub == "/comments" and method == "GET":
                comments = list(ticket.comments)
                if query.get("sort", [""])[0] == "-created_at":
                    comments.reverse()
                size = int(query.get("page[size]", ["100"])[0])
                return 200, {
                    "comments": comments[:size],
                    "meta": {"has_more": len(comments) > size},
                }
            if sub == "/tags" and method == "PUT":
                tags = body.get("tags") if isinstance(body, dict) else None
                if not isinstance(tags, list):
                    return 400, {"error": "InvalidValue", "description": "tags must be a list"}
                for tag in tags:
                    if tag not in ticket.tags:
                        ticket.tags.append(tag)
                ticket.updated_at += timedelta(seconds=1)
                return 200, {"tags": ticket.tags}
            if sub == "/tags" and method == "DELETE":
                tags = body.get("tags") if isinstance(body, dict) else None
                if not isinstance(tags, list):
                    return 400, {"error": "InvalidValue", "description": "tags must be a list"}
                ticket.tags = [t for t in ticket.tags if t not in tags]
                ticket.updated_at += timedelta(seconds=1)
                return 200, {"tags": ticket.tags}
            if sub == "/tags" and method == "DELETE":  # takes these off, keeps the others
                tags = body.get("tags") if isinstance(body, dict) else None
                if not isinstance(tags, list):
                    return 400, {"error": "InvalidValue", "description": "tags must be a list"}
                ticket.tags = [t for t in ticket.tags if t not in tags]
                ticket.updated_at += timedelta(seconds=1)
                return 200, {"tags": ticket.tags}
            if sub and sub.startswith("/macros") and method == "GET":
                macro = self.macros.get(int(match.group(3)))
                if macro is None:
                    return 404, {"error": "RecordNotFound", "description": "Not found"}
                return 200, {"result": {"ticket": _after_macro(ticket, macro)}}
        return 405, {"error": "MethodNotAllowed"}

    def _fields_page(self, query: dict[str, list[str]]) -> dict[str, Any]:
        """``GET /ticket_fields``: cursor pages (``page[size]``, ``page[after]``), offset pages
        (``page``, ``per_page``), or every field at once."""
        fields = sorted(self.ticket_fields, key=lambda f: int(f["id"]))
        one = {key: values[0] for key, values in query.items()}
        if "page[size]" in one:
            size = int(one["page[size]"])
            after = int(one.get("page[after]") or 0)
            rest = [f for f in fields if int(f["id"]) > after]
            page, more = rest[:size], len(rest) > size
            cursor = str(page[-1]["id"]) if page else None
            return {
                "ticket_fields": page,
                "meta": {"has_more": more, "after_cursor": cursor, "before_cursor": None},
                "links": {"next": f"/api/v2/ticket_fields?page[after]={cursor}" if more else None},
            }
        if "page" in one:
            number, size = int(one["page"]), int(one.get("per_page", "100"))
            page = fields[(number - 1) * size : number * size]
            more = number * size < len(fields)
            link = f"https://example.zendesk.com/api/v2/ticket_fields.json?page={number + 1}"
            return {"ticket_fields": page, "next_page": link if more else None}
        return {"ticket_fields": fields, "next_page": None, "count": len(fields)}

    def _update(self, ticket: _Ticket, body: Any) -> tuple[int, Any]:
        data = body.get("ticket") if isinstance(body, dict) else None
        if not isinstance(data, dict):
            return 400, {"error": "InvalidValue", "description": "ticket missing"}
        if data.get("safe_update") and data.get("updated_stamp") != ticket.stamp():
            return 409, {"errors": [{"code": "UpdateConflict", "title": "Ticket has been updated"}]}
        comment = data.get("comment")
        if comment is not None:
            if not isinstance(comment, dict) or not (
                comment.get("body") or comment.get("html_body")
            ):
                return 422, {
                    "error": "RecordInvalid",
                    "description": "Record validation errors",
                    "details": {
                        "base": [{"description": "Comment: cannot be blank", "error": "BlankValue"}]
                    },
                }
            self._next_comment += 1
            text = str(comment.get("body") or comment.get("html_body"))
            ticket.comments.append(
                {
                    "id": self._next_comment,
                    "author_id": AGENT_ID,
                    "public": comment.get("public", True),
                    "body": text,
                    "html_body": f'<div class="zd-comment"><p>{text}</p></div>',
                    "plain_body": text,
                    "created_at": _now_stamp(),
                }
            )
        if "priority" in data:
            if data["priority"] not in ("urgent", "high", "normal", "low"):
                return 422, {"error": "RecordInvalid", "description": "bad priority"}
            ticket.priority = data["priority"]
        if "status" in data:
            if data["status"] not in ("new", "open", "pending", "hold", "solved", "closed"):
                return 422, {
                    "error": "RecordInvalid",
                    "description": f"bad status {data['status']}",
                }
            ticket.status = data["status"]
        # A single ticket's update replaces the tags with "tags"; "additional_tags" and
        # "remove_tags" work on the bulk endpoint only and are ignored here, as Zendesk does.
        if "tags" in data:
            ticket.tags = [str(t) for t in data["tags"]]
        for item in data.get("custom_fields") or []:
            ticket.custom_fields[int(item["id"])] = item.get("value")
        for name in ("assignee_id", "group_id"):
            if name in data:
                setattr(ticket, name, data[name])
        ticket.updated_at += timedelta(seconds=1)
        return 200, {"ticket": ticket.to_json(), "audit": {"id": self._next_comment + 50000}}


def _actions(macro: dict[str, Any]) -> list[dict[str, Any]]:
    """A macro's actions; one given only a ``body`` writes that comment."""
    if "actions" in macro:
        return list(macro["actions"])
    return [{"field": "comment_value", "value": macro.get("body", "")}]


def _after_macro(ticket: _Ticket, macro: dict[str, Any]) -> dict[str, Any]:
    """The whole ticket as the macro would leave it (``GET tickets/{id}/macros/{id}/apply``).

    Placeholders are filled for this ticket (``{{ticket.requester.first_name}}``,
    ``current_user``, ``current_groups``); tags are the final list; nothing is stored.
    """
    after: dict[str, Any] = {**ticket.to_json(), "assignee_id": None, "group_id": 360001}
    tags, fields = list(ticket.tags), []
    comment: dict[str, Any] = {"body": "", "public": True}
    for action in _actions(macro):
        name, value = action["field"], action["value"]
        words = value.split() if isinstance(value, str) else list(value)
        if name in ("comment_value", "comment_value_html"):
            text = value[-1] if isinstance(value, list) else value
            comment["body"] = text.replace("{{ticket.requester.first_name}}", "Chris")
        elif name == "comment_mode_is_public":
            comment["public"] = str(value) == "true"
        elif name == "assignee_id":
            after["assignee_id"] = AGENT_ID if value == "current_user" else int(value or 0) or None
        elif name == "group_id":
            after["group_id"] = 360001 if value == "current_groups" else int(value or 0) or None
        elif name == "current_tags":
            tags += [t for t in words if t not in tags]
        elif name == "set_tags":
            tags = words
        elif name == "remove_tags":
            tags = [t for t in tags if t not in words]
        elif name.startswith("custom_fields_"):
            fields.append({"id": int(name.removeprefix("custom_fields_")), "value": value})
        else:
            after[name] = value
    return {**after, "tags": tags, "fields": fields, "comment": comment}


def _now_stamp() -> str:
    """This moment as Zendesk writes a comment's ``created_at`` (whole seconds, UTC)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _handler_for(fake: FakeZendesk) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body leave in two writes: without TCP_NODELAY the body waits for the
        # client's delayed ACK, ~40 ms an answer that no real server adds.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:  # base signature
            """Quiet: tests read ``fake.requests`` instead."""

        def do_GET(self) -> None:
            self._serve("GET")

        def do_PUT(self) -> None:
            self._serve("PUT")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_DELETE(self) -> None:
            self._serve("DELETE")

        def _serve(self, method: str) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else None
            except json.JSONDecodeError:
                body = raw.decode(errors="replace")
            record = Recorded(
                method, parts.path, parse_qs(parts.query), body, self.headers.get("Authorization")
            )
            fake.requests.append(record)
            delay = fake.latency + fake._delay(method, parts.path)
            if delay:
                fake._stop.wait(delay)
            if parts.path == "/oauth/authorizations/new" and method == "GET":
                status, answer = fake._authorize(record.query)
                if status == 302:
                    self._send_raw(302, b"", "text/html", {"Location": answer})
                else:
                    self._send_raw(status, answer.encode(), "text/html", None)
                return
            if not parts.path.startswith("/oauth/") and not fake._authorised(record.authorization):
                if (record.authorization or "").startswith("Bearer "):
                    self._send(
                        401,
                        {
                            "error": "invalid_token",
                            "error_description": "The access token provided is expired, "
                            "revoked, malformed or invalid for other reasons.",
                        },
                    )
                else:
                    self._send(401, {"error": "Couldn't authenticate you"})
                return
            fault = fake._take_fault(method, parts.path)
            if isinstance(fault, Status):
                if fault.content_type == "application/json":
                    self._send(fault.code, fault.body, fault.headers)
                else:
                    self._send_raw(
                        fault.code,
                        str(fault.body or "").encode(),
                        fault.content_type,
                        fault.headers,
                    )
                return
            if isinstance(fault, RateLimit):
                self._send(
                    429,
                    {
                        "errors": [
                            {"code": "TooManyRequests", "title": "Too many requests to update"}
                        ]
                    },
                    {"Retry-After": str(fault.retry_after)},
                )
                return
            if isinstance(fault, Drop):
                self._drop()
                return
            if isinstance(fault, Huge):
                self._send_huge(fault.size)
                return
            if isinstance(fault, Hang) and not fault.apply_first:
                fake._stop.wait(fault.seconds)
                self._drop()
                return
            if method == "DELETE" and parts.path == "/api/v2/oauth/tokens/current.json":
                fake._revoke_current(record.authorization)
                self._send_raw(204, b"", "application/json; charset=utf-8", None)
                return
            status, payload = fake._route(method, parts.path, record.query, body)
            if isinstance(fault, LoseResponse):
                self._drop()
                return
            if isinstance(fault, Hang):
                fake._stop.wait(fault.seconds)
            if isinstance(fault, Drip):
                self._drip(status, payload, fault.interval)
                return
            self._send(status, payload)

        def _drip(self, status: int, payload: Any, interval: float) -> None:
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.flush()
                for index in range(len(data)):
                    self.wfile.write(data[index : index + 1])
                    self.wfile.flush()
                    if fake._stop.wait(interval):
                        break
            except OSError:
                pass
            self.close_connection = True

        def _send_huge(self, size: int) -> None:
            chunk = b"[" + b"0," * 32767 + b"0]"  # 64 KiB of valid-looking JSON, again and again
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                sent = 0
                while sent < size and not fake._stop.is_set():
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    sent += len(chunk)
                    fake.huge_bytes_sent = sent
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass
            self.close_connection = True

        def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload).encode() if payload is not None else b""
            self._send_raw(status, data, "application/json; charset=utf-8", headers)

        def _send_raw(
            self, status: int, data: bytes, content_type: str, headers: dict[str, str] | None
        ) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                self.close_connection = True

        def _drop(self) -> None:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)

    return Handler
