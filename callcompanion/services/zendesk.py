"""A thin Zendesk Support client: the calls the app makes, errors a person can act on.

Synchronous httpx; run it on a worker thread. Every request ends within an overall deadline
(connect, send and the whole answer: :data:`DEFAULT_DEADLINE`) and reads at most
:data:`MAX_RESPONSE_BYTES` of an answer (see :mod:`callcompanion.services.http_limits`); a quitting
app calls :meth:`ZendeskClient.abort` to stop a request at once. Every failure becomes a
:class:`ZendeskError` subclass whose ``str()`` is a sentence for the engineer. Network errors say
whether the request may have reached Zendesk (``outcome_unknown``), which is what the outbox needs
to avoid posting twice. The token goes into the Authorization header and nowhere else.

A client signs in one of two ways: an agent's email and API token (HTTP Basic), or OAuth access
tokens from a :class:`BearerTokens` source (``Authorization: Bearer``), which is asked for a
token before each request and, after a 401, for a renewed one, with which the request is sent
once more (a 401 means Zendesk applied nothing, so a write may be repeated).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlsplit

import httpx

from callcompanion.core.macro_actions import plain_text
from callcompanion.services.http_limits import (
    RequestAbortedError,
    RequestDeadlineError,
    SocketGuard,
    bounded_request,
)
from callcompanion.services.zendesk_errors import (
    AuthError,
    ConflictError,
    DeadlineError,
    ForbiddenError,
    InvalidError,
    NetworkError,
    NotFoundError,
    NotZendeskError,
    RateLimitedError,
    ServerError,
    TLSError,
    TooLargeError,
    ZendeskError,
    network_error,
    status_error,
)

__all__ = [
    "AuthError",
    "ConflictError",
    "DeadlineError",
    "ForbiddenError",
    "InvalidError",
    "NetworkError",
    "NotFoundError",
    "NotZendeskError",
    "RateLimitedError",
    "ServerError",
    "TLSError",
    "TooLargeError",
    "ZendeskError",
]

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=20.0, write=20.0, pool=5.0)
# The longest any one request may take, from connecting to the last byte of the answer. Zendesk
# answers in well under a second; a request still running after this is stopped (a write then
# counts as an unknown outcome: its marker is looked for before it is sent again).
DEFAULT_DEADLINE = 20.0
# Zendesk's largest answers (a page of 100 comments with their HTML) stay well below this.
MAX_RESPONSE_BYTES = 10 * 1024 * 1024
# An account has at most a few hundred ticket fields; a listing that goes on past this is not
# one (the pages are read once per client).
MAX_FIELD_PAGES = 50


class BearerTokens(Protocol):
    """Where a client signed in with OAuth gets its access tokens (``oauth.TokenSource``)."""

    def access_token(self) -> str:
        """A token valid for a while yet (may refresh first; raises ``AuthError`` subclasses)."""
        ...

    def after_rejection(self, rejected: str) -> str:
        """A token to try once more after Zendesk answered 401 to *rejected*."""
        ...


@dataclass(frozen=True)
class Me:
    id: int
    name: str
    email: str
    role: str


@dataclass(frozen=True)
class TicketInfo:
    """What the app shows about a ticket, and the stamp for the next safe update."""

    id: int
    subject: str
    status: str
    priority: str | None
    requester: str | None
    organization: str | None
    updated_at: str
    organization_id: int | None = None
    tags: tuple[str, ...] = ()
    custom_fields: tuple[tuple[int, Any], ...] = ()

    def field_value(self, field_id: int) -> Any:
        """The ticket's value of custom field *field_id* (``None`` when it has none)."""
        return next((value for fid, value in self.custom_fields if fid == field_id), None)


@dataclass(frozen=True)
class TicketField:
    """One of the account's ticket fields (``GET ticket_fields``)."""

    id: int
    title: str
    type: str
    active: bool = True


@dataclass(frozen=True)
class Comment:
    id: int
    author_id: int | None
    public: bool
    created_at: str
    text: str  # body, html_body and plain_body joined: where a marker is looked for
    bodies: tuple[str, ...] = ()  # body and plain_body, each as Zendesk gave it
    html_body: str = ""


@dataclass(frozen=True)
class Macro:
    id: int
    title: str


@dataclass(frozen=True)
class MacroPreview:  # a macro on one ticket: see apply_macro
    body: str  # "" when the macro writes no comment
    public: bool | None
    assignee_id: int | None = None
    group_id: int | None = None
    actions: tuple[dict[str, Any], ...] = ()


class ZendeskClient:
    """One Zendesk instance, as one agent. Not thread-safe: one call at a time."""

    def __init__(
        self,
        base_url: str,
        email: str = "",
        token: str = "",
        *,
        tokens: BearerTokens | None = None,
        timeout: httpx.Timeout | None = None,
        transport: httpx.BaseTransport | None = None,
        deadline: float | None = None,
        max_response_bytes: int | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.deadline = deadline or DEFAULT_DEADLINE
        self.max_response_bytes = max_response_bytes or MAX_RESPONSE_BYTES
        self._guard = SocketGuard()
        self._my_id: int | None = None
        self._ticket_fields: list[TicketField] | None = None
        self._tokens = tokens
        self._client = httpx.Client(
            base_url=f"{self.base_url}/api/v2/",
            auth=None if tokens is not None else httpx.BasicAuth(f"{email}/token", token),
            headers={"Accept": "application/json", "User-Agent": "callcompanion"},
            timeout=timeout or DEFAULT_TIMEOUT,
            transport=transport,
            follow_redirects=False,
        )

    def close(self) -> None:
        self._client.close()

    def abort(self) -> None:
        """From any thread: stop the request under way and refuse further ones (at quit)."""
        self._guard.abort()

    def __enter__(self) -> ZendeskClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- calls ------------------------------------------------------------------------------------

    def me(self) -> Me:
        """The agent the token belongs to (validates the connection)."""
        data = self._json("GET", "users/me")
        user = data.get("user") if isinstance(data, dict) else None
        if not isinstance(user, dict) or not user.get("id"):
            raise AuthError(
                "Zendesk did not recognise this sign-in. Sign in with Zendesk again in Settings."
                if self._tokens is not None
                else "Zendesk did not recognise these credentials. Check the email and the API "
                "token."
            )
        return Me(
            int(user["id"]),
            str(user.get("name") or ""),
            str(user.get("email") or ""),
            str(user.get("role") or ""),
        )

    def my_id(self) -> int:
        """The id of the agent the token belongs to, asked once per client."""
        if self._my_id is None:
            self._my_id = self.me().id
        return self._my_id

    def ticket(self, ticket_id: int) -> TicketInfo:
        data = self._json("GET", f"tickets/{ticket_id}", params={"include": "users,organizations"})
        ticket = _require(data, "ticket")
        users = {u.get("id"): u for u in data.get("users", []) if isinstance(u, dict)}
        orgs = {o.get("id"): o for o in data.get("organizations", []) if isinstance(o, dict)}
        requester = users.get(ticket.get("requester_id"), {})
        organization = orgs.get(ticket.get("organization_id"), {})
        return TicketInfo(
            id=int(ticket.get("id") or ticket_id),
            subject=str(ticket.get("subject") or ""),
            status=str(ticket.get("status") or ""),
            priority=ticket.get("priority"),
            requester=requester.get("name"),
            organization=organization.get("name"),
            updated_at=str(ticket.get("updated_at") or ""),
            organization_id=ticket.get("organization_id")
            if isinstance(ticket.get("organization_id"), int)
            else None,
            tags=tuple(str(t) for t in ticket.get("tags") or () if isinstance(t, str)),
            custom_fields=tuple(
                (int(f["id"]), f.get("value"))
                for f in ticket.get("custom_fields") or ()
                if isinstance(f, dict) and isinstance(f.get("id"), int)
            ),
        )

    def update_ticket(
        self,
        ticket_id: int,
        *,
        body: str,
        public: bool,
        status: str | None = None,
        priority: str | None = None,
        updated_stamp: str | None = None,
        tags: Sequence[str] | None = None,
        custom_fields: Sequence[tuple[int, Any]] = (),
        assignee_id: int | None = None,
        group_id: int | None = None,
    ) -> str:
        """Add one comment and change the ticket with it; returns the new ``updated_at``.

        *tags* is the ticket's whole new tag list: Zendesk's ticket update replaces the tags
        (it has no adding form), so it is only sent under ``safe_update`` (with
        *updated_stamp*), computed from the ticket as read for that stamp: a change made in
        between gets a 409 instead of being overwritten.
        """
        ticket: dict[str, Any] = {"comment": {"body": body, "public": public}}
        if status is not None:
            ticket["status"] = status
        if priority is not None:
            ticket["priority"] = priority
        if tags is not None:
            if not updated_stamp:
                raise ValueError("a ticket's tags are replaced only under safe_update")
            ticket["tags"] = list(tags)
        if custom_fields:
            ticket["custom_fields"] = [{"id": fid, "value": value} for fid, value in custom_fields]
        if assignee_id is not None:
            ticket["assignee_id"] = assignee_id
        if group_id is not None:
            ticket["group_id"] = group_id
        if updated_stamp:
            ticket["safe_update"] = True
            ticket["updated_stamp"] = updated_stamp
        data = self._json("PUT", f"tickets/{ticket_id}", json_body={"ticket": ticket})
        try:
            return str(_require(data, "ticket").get("updated_at") or "")
        except NotZendeskError as err:
            err.outcome_unknown = True  # a 2xx to a write: the comment may well be there
            raise

    def organization_notes(self, organization_id: int) -> str:
        data = self._json("GET", f"organizations/{organization_id}")
        return str(_require(data, "organization").get("notes") or "")

    def set_organization_notes(self, organization_id: int, notes: str) -> None:
        """Replace the organization's notes (only ``notes``: never ``domain_names``)."""
        self._json(
            "PUT",
            f"organizations/{organization_id}",
            json_body={"organization": {"notes": notes}},
        )

    def revoke_sign_in(self) -> None:
        """Revoke the OAuth access token this client uses (``DELETE oauth/tokens/current``).

        Zendesk deletes the token's refresh token with it, so the sign-in ends everywhere.
        """
        self._json("DELETE", "oauth/tokens/current.json")

    def add_tags(self, ticket_id: int, tags: Iterable[str]) -> None:
        """Add tags, keeping the ticket's others (never the replacing ``ticket.tags``)."""
        self._json("PUT", f"tickets/{ticket_id}/tags", json_body={"tags": list(tags)})

    def remove_tags(self, ticket_id: int, tags: Iterable[str]) -> None:
        """Take tags off the ticket, keeping its others (``DELETE tickets/{id}/tags``)."""
        self._json("DELETE", f"tickets/{ticket_id}/tags", json_body={"tags": list(tags)})

    def ticket_fields(self) -> list[TicketField]:
        """The account's ticket fields, system and custom, every page (read once per client).

        Cursor pages of 100 (``meta.has_more``, ``meta.after_cursor``); an answer paged by
        offset (``next_page``) is followed as well.
        """
        if self._ticket_fields is not None:
            return self._ticket_fields
        found: list[TicketField] = []
        params: dict[str, str] = {"page[size]": "100"}
        for _page in range(MAX_FIELD_PAGES):
            data = self._json("GET", "ticket_fields", params=params)
            for item in data.get("ticket_fields") or ():
                if isinstance(item, dict) and isinstance(item.get("id"), int):
                    found.append(
                        TicketField(
                            int(item["id"]),
                            str(item.get("title") or ""),
                            str(item.get("type") or ""),
                            item.get("active") is not False,
                        )
                    )
            meta: dict[str, Any] = data["meta"] if isinstance(data.get("meta"), dict) else {}
            next_page = data.get("next_page")
            if meta.get("has_more") and meta.get("after_cursor"):
                params = {"page[size]": "100", "page[after]": str(meta["after_cursor"])}
            elif isinstance(next_page, str) and next_page:
                query = dict(parse_qsl(urlsplit(next_page).query))
                if not query.get("page", "").isdigit():
                    break
                params = {k: v for k, v in query.items() if k in ("page", "per_page")}
            else:
                break
        self._ticket_fields = found
        return found

    def recent_comments(self, ticket_id: int, limit: int = 100) -> list[Comment]:
        """The newest comments first (one page of at most 100)."""
        data = self._json(
            "GET",
            f"tickets/{ticket_id}/comments",
            params={"sort": "-created_at", "page[size]": str(min(limit, 100))},
        )
        comments = []
        for item in data.get("comments", []) if isinstance(data, dict) else []:
            if not isinstance(item, dict):
                continue
            text = "\n".join(
                str(item.get(key) or "") for key in ("body", "html_body", "plain_body")
            )
            comments.append(
                Comment(
                    id=int(item.get("id") or 0),
                    author_id=item.get("author_id"),
                    public=bool(item.get("public")),
                    created_at=str(item.get("created_at") or ""),
                    text=text,
                    bodies=tuple(str(item.get(key) or "") for key in ("body", "plain_body")),
                    html_body=str(item.get("html_body") or ""),
                )
            )
        return comments

    def search_macros(self, query: str) -> list[Macro]:
        data = self._json("GET", "macros/search", params={"query": query})
        return [
            Macro(int(m["id"]), str(m.get("title") or ""))
            for m in data.get("macros", [])
            if isinstance(m, dict) and m.get("id") and m.get("active", True)
        ]

    def apply_macro(self, ticket_id: int, macro_id: int) -> MacroPreview:
        """What the macro would do: its actions, and its comment and people as on this ticket.

        Zendesk does not change the ticket; :mod:`callcompanion.core.macro_actions` says why both.
        """
        macro = _require(self._json("GET", f"macros/{macro_id}"), "macro")
        data = self._json("GET", f"tickets/{ticket_id}/macros/{macro_id}/apply")
        result = _require(data, "result")
        ticket: dict[str, Any] = result["ticket"] if isinstance(result.get("ticket"), dict) else {}
        comment = result.get("comment") or ticket.get("comment")
        comment = comment if isinstance(comment, dict) else {}
        body = comment.get("body") or comment.get("plain_body") or ""
        if not body and isinstance(comment.get("html_body"), str):
            body = plain_text(comment["html_body"])  # a reply is plain text, never markup
        public, people = comment.get("public"), [ticket.get("assignee_id"), ticket.get("group_id")]
        assignee, group = (p if isinstance(p, int) else None for p in people)
        actions = tuple(a for a in macro.get("actions") or () if isinstance(a, dict))
        return MacroPreview(
            str(body), public if isinstance(public, bool) else None, assignee, group, actions
        )

    # -- plumbing ---------------------------------------------------------------------------------

    def _json(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json_body: Any = None,
    ) -> dict[str, Any]:
        if self._tokens is None:
            return self._send(method, path, params=params, json_body=json_body)
        token = self._tokens.access_token()
        self._client.headers["Authorization"] = f"Bearer {token}"
        try:
            return self._send(method, path, params=params, json_body=json_body)
        except AuthError as err:
            if err.status != 401:
                raise
        log.info("zendesk %s %s → 401: renewing the sign-in and trying once more", method, path)
        token = self._tokens.after_rejection(token)
        self._client.headers["Authorization"] = f"Bearer {token}"
        try:
            return self._send(method, path, params=params, json_body=json_body)
        except AuthError as err:
            if err.status != 401:
                raise
            raise AuthError(
                "Zendesk refused the sign-in (401) even after renewing it. Sign in with Zendesk "
                "again in Settings; posts waiting to go out are kept.",
                status=401,
            ) from None

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json_body: Any = None,
    ) -> dict[str, Any]:
        what = f"{method} {path.split('?')[0]}"
        write = method != "GET"
        host = httpx.URL(self.base_url).host
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
            log.info("zendesk %s → no complete answer within %g s", what, err.seconds)
            error: ZendeskError = DeadlineError(
                f"{host} did not answer completely within {err.seconds:g} seconds, so the "
                "request was stopped."
            )
            error.outcome_unknown = write and err.sent
            raise error from None
        except RequestAbortedError as err:
            error = NetworkError(f"The request to {host} was stopped because the app is quitting.")
            error.outcome_unknown = write and err.sent
            raise error from None
        except httpx.HTTPError as err:
            raise network_error(err, self.base_url, write=write) from err
        response = bounded.response
        log.info("zendesk %s → %s", what, response.status_code)
        if response.status_code >= 400 or response.status_code in (301, 302, 303, 307, 308):
            raise status_error(response, self.base_url, write=write)
        if bounded.truncated:
            error = TooLargeError(
                f"{host} sent an answer larger than {self.max_response_bytes // (1024 * 1024)} "
                "MB, more than Zendesk ever sends, so it was not read. Check the address.",
                status=response.status_code,
            )
            error.outcome_unknown = write  # a write answered 2xx: it may be applied
            raise error
        if not response.content:
            return {}
        try:
            data = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            error = NotZendeskError(
                f"{self.base_url} answered, but not like Zendesk. Check the subdomain or address.",
                status=response.status_code,
            )
            error.outcome_unknown = write  # a write answered 2xx: it may be applied
            raise error from None
        if not isinstance(data, dict):
            error = NotZendeskError(f"{self.base_url} answered in an unexpected format.")
            error.outcome_unknown = write
            raise error
        return data


def _require(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise NotZendeskError(f"Zendesk's answer had no “{key}”.")
    return value
