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
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from callcompanion.services.http_limits import (
    RequestAbortedError,
    RequestDeadlineError,
    SocketGuard,
    bounded_request,
)

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=20.0, write=20.0, pool=5.0)
# The longest any one request may take, from connecting to the last byte of the answer. Zendesk
# answers in well under a second; a request still running after this is stopped (a write then
# counts as an unknown outcome: its marker is looked for before it is sent again).
DEFAULT_DEADLINE = 20.0
# Zendesk's largest answers (a page of 100 comments with their HTML) stay well below this.
MAX_RESPONSE_BYTES = 10 * 1024 * 1024


class ZendeskError(Exception):
    """A request failed. ``str(err)`` says what happened and what to do.

    Attributes:
        status: The HTTP status, when there was a response.
        outcome_unknown: The request may have been applied although no answer arrived.
    """

    retryable = False

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.outcome_unknown = False


class AuthError(ZendeskError):
    """401: the email or the token is wrong, or the token was revoked."""


class ForbiddenError(ZendeskError):
    """403: the agent may not do this."""


class NotFoundError(ZendeskError):
    """404: no such ticket (or macro), or not visible to this agent."""


class ConflictError(ZendeskError):
    """409: the ticket changed since it was read (``safe_update``)."""

    retryable = True


class InvalidError(ZendeskError):
    """400/422: Zendesk refused the content."""


class RateLimitedError(ZendeskError):
    """429: too many requests; ``retry_after`` seconds to wait."""

    retryable = True

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message, status=429)
        self.retry_after = retry_after


class ServerError(ZendeskError):
    """5xx: Zendesk (or a proxy in front of it) failed."""

    retryable = True


class NetworkError(ZendeskError):
    """No answer: no network, a timeout, a dropped connection."""

    retryable = True


class DeadlineError(NetworkError):
    """The complete answer did not arrive within the deadline (a stalled or trickling server)."""


class TLSError(ZendeskError):
    """The secure connection could not be verified."""


class NotZendeskError(ZendeskError):
    """The address answered, but not like Zendesk (often a wrong subdomain)."""


class TooLargeError(NotZendeskError):
    """The answer was larger than any Zendesk answer; it was not read to the end."""


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
class MacroPreview:
    body: str
    public: bool | None


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
    ) -> str:
        """Add one comment (and set status or priority); returns the new ``updated_at``."""
        ticket: dict[str, Any] = {"comment": {"body": body, "public": public}}
        if status is not None:
            ticket["status"] = status
        if priority is not None:
            ticket["priority"] = priority
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
        """What the macro would write on this ticket (Zendesk does not change the ticket)."""
        data = self._json("GET", f"tickets/{ticket_id}/macros/{macro_id}/apply")
        result = _require(data, "result")
        ticket = result.get("ticket")
        ticket = ticket if isinstance(ticket, dict) else {}
        comment = result.get("comment") or ticket.get("comment") or {}
        if not isinstance(comment, dict):
            comment = {}
        body = comment.get("body") or comment.get("plain_body") or comment.get("html_body")
        if not body:
            raise InvalidError("That macro does not write a comment, so there is no text to use.")
        public = comment.get("public")
        return MacroPreview(str(body), public if isinstance(public, bool) else None)

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
            raise _network_error(err, self.base_url, write=write) from err
        response = bounded.response
        log.info("zendesk %s → %s", what, response.status_code)
        if response.status_code >= 400 or response.status_code in (301, 302, 303, 307, 308):
            raise _status_error(response, self.base_url, write=write)
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


def _network_error(err: httpx.HTTPError, base_url: str, *, write: bool) -> ZendeskError:
    host = httpx.URL(base_url).host
    tls = _find_cause(err, ssl.SSLError)
    if isinstance(err, httpx.ConnectError) and tls is not None:
        return TLSError(
            f"The secure connection to {host} could not be verified ({_ssl_reason(tls)}). "
            "Check the address; a company proxy may need its certificate installed."
        )
    if isinstance(err, httpx.ConnectError) and "Name or service not known" in str(err):
        error: ZendeskError = NetworkError(
            f"{host} was not found. Check the subdomain, or your network connection."
        )
    elif isinstance(err, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        error = NetworkError(f"Could not reach {host}. Check your network connection.")
    elif isinstance(err, httpx.TimeoutException):
        error = NetworkError(f"{host} did not answer in time.")
        error.outcome_unknown = write
    else:  # dropped after the request went out: it may have been applied
        error = NetworkError(f"The connection to {host} broke before Zendesk answered.")
        error.outcome_unknown = write
    return error


def _find_cause(err: BaseException, kind: type[ssl.SSLError]) -> ssl.SSLError | None:
    seen: BaseException | None = err
    for _ in range(10):  # httpx → httpcore → ssl
        if seen is None:
            return None
        if isinstance(seen, kind):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _ssl_reason(err: ssl.SSLError) -> str:
    reason = getattr(err, "verify_message", None) or getattr(err, "reason", None) or str(err)
    return str(reason)


def _status_error(response: httpx.Response, base_url: str, *, write: bool) -> ZendeskError:
    status = response.status_code
    detail = _error_detail(response)
    suffix = f" ({detail})" if detail else ""
    if status in (301, 302, 303, 307, 308):
        return NotZendeskError(
            f"{base_url} redirects elsewhere, which Zendesk's API does not do. Check the address.",
            status=status,
        )
    if status == 401:
        return AuthError(
            "Zendesk refused the email and API token (401). Check both in Settings; the token "
            "may have been revoked.",
            status=status,
        )
    if status == 403:
        return ForbiddenError(
            f"Zendesk says this agent may not do that (403){suffix}. Ask an administrator for "
            "access, or use another connection.",
            status=status,
        )
    if status == 404:
        if "json" not in response.headers.get("content-type", ""):
            return NotZendeskError(
                f"{base_url} has no Zendesk API (404). Check the subdomain or address.",
                status=status,
            )
        return NotFoundError(
            f"Zendesk could not find it (404){suffix}: check the ticket number, and that this "
            "agent can see the ticket.",
            status=status,
        )
    if status == 409:
        return ConflictError("The ticket changed in Zendesk since it was read (409).", status=409)
    if status == 429:
        retry_after = _retry_after(response)
        return RateLimitedError(
            f"Zendesk asks to slow down (429); trying again in {retry_after:.0f} s.", retry_after
        )
    if status in (400, 422):
        return InvalidError(f"Zendesk refused the update ({status}){suffix}.", status=status)
    if status >= 500:
        error = ServerError(f"Zendesk had a problem ({status}){suffix}.", status=status)
        error.outcome_unknown = write
        return error
    return ZendeskError(f"Zendesk answered {status}{suffix}.", status=status)


def _retry_after(response: httpx.Response) -> float:
    value = response.headers.get("retry-after", "")
    try:
        return max(1.0, min(float(value), 3600.0))
    except ValueError:
        return 60.0


def _error_detail(response: httpx.Response) -> str:
    """One line from any of Zendesk's three error shapes."""
    text = response.text.strip()
    try:
        data = json.loads(text) if text else None
    except json.JSONDecodeError:
        return (
            text.splitlines()[0][:200]
            if "html" not in response.headers.get("content-type", "") and text
            else ""
        )
    if isinstance(data, dict):
        if isinstance(data.get("errors"), list) and data["errors"]:
            first = data["errors"][0]
            if isinstance(first, dict):
                return str(first.get("detail") or first.get("title") or first.get("code") or "")
        parts = [str(data.get(k)) for k in ("error", "description") if data.get(k)]
        details = data.get("details")
        if isinstance(details, dict):
            for field, problems in details.items():
                if isinstance(problems, list) and problems and isinstance(problems[0], dict):
                    parts.append(f"{field}: {problems[0].get('description', '')}".strip())
        return ": ".join(parts)[:300]
    return ""
