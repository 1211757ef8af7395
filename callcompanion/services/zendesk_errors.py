"""Zendesk's failures as typed errors whose ``str()`` is a sentence for the engineer.

Every failure of :class:`~callcompanion.services.zendesk.ZendeskClient` is one of these
(``zendesk`` re-exports them). Network errors say whether the request may have reached Zendesk
(``outcome_unknown``), which is what the outbox needs to avoid posting twice.
"""

from __future__ import annotations

import json
import ssl

import httpx


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


def network_error(err: httpx.HTTPError, base_url: str, *, write: bool) -> ZendeskError:
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


def status_error(response: httpx.Response, base_url: str, *, write: bool) -> ZendeskError:
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
