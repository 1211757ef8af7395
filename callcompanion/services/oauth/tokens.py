"""OAuth tokens: the grant requests to ``/oauth/tokens`` and one source of valid access tokens.

:class:`TokenEndpoint` makes the two grants Zendesk offers a public client (``POST
/oauth/tokens``, a JSON body): the authorization code with its PKCE verifier, and the refresh
token. Each request has the same overall deadline and answer cap as every other Zendesk request
(:mod:`callcompanion.services.http_limits`).

:class:`TokenSource` hands every sender of one connection a valid access token. Zendesk rotates
refresh tokens: a refresh deletes the previous pair, so a second refresh with the same refresh
token is refused. The source therefore refreshes under ONE lock, shortly before the access token
expires and once after a 401; a sender that was waiting on the lock finds the new token and
uses it. Each new pair goes to the ``save`` callback (the keyring) before it is used. A refused
refresh raises :class:`~callcompanion.services.oauth.errors.SignInAgainError` and the source
stays "signed out" (no further requests) until :meth:`TokenSource.replace` gets new tokens.

Tokens never reach a log line or an error message, and :class:`TokenSet`'s ``repr`` hides them.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import httpx

from callcompanion.services.http_limits import (
    RequestDeadlineError,
    SocketGuard,
    bounded_request,
)
from callcompanion.services.oauth.errors import SignInAgainError, SignInRefusedError
from callcompanion.services.zendesk import (
    DEFAULT_DEADLINE,
    DEFAULT_TIMEOUT,
    DeadlineError,
    NetworkError,
    NotZendeskError,
    RateLimitedError,
    ServerError,
    ZendeskError,
)

log = logging.getLogger(__name__)

# Refresh when the access token has less than this left, so a request never leaves with a token
# that expires on the way (Zendesk's shortest access token lives 5 minutes).
REFRESH_MARGIN = 60.0
MAX_TOKEN_ANSWER_BYTES = 64 * 1024  # a token answer is a few hundred bytes


@dataclass(frozen=True)
class TokenSet:
    """One connection's tokens.

    Attributes:
        access_token: Sent as ``Authorization: Bearer``.
        refresh_token: Exchanged for a new pair; ``None`` when Zendesk gave none.
        expires_at: When the access token expires, in seconds since the epoch (wall clock, so it
            survives a restart); ``None`` when Zendesk named no lifetime.
        scope: What Zendesk granted.
    """

    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False, default=None)
    expires_at: float | None = None
    scope: str = ""

    def expires_within(self, seconds: float, now: float) -> bool:
        return self.expires_at is not None and self.expires_at - now <= seconds

    def to_json(self) -> str:
        """The form kept in the keyring (and nowhere else)."""
        return json.dumps(
            {
                "access_token": self.access_token,
                "refresh_token": self.refresh_token,
                "expires_at": self.expires_at,
                "scope": self.scope,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> TokenSet:
        """Read :meth:`to_json`'s form; raises ``ValueError`` (without the text) when unusable."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            raise ValueError("the saved sign-in is not readable") from None
        if not isinstance(data, dict) or not isinstance(data.get("access_token"), str):
            raise ValueError("the saved sign-in has no access token")
        refresh = data.get("refresh_token")
        expires = data.get("expires_at")
        return cls(
            data["access_token"],
            refresh if isinstance(refresh, str) and refresh else None,
            float(expires) if isinstance(expires, int | float) and math.isfinite(expires) else None,
            str(data.get("scope") or ""),
        )


class TokenEndpoint:
    """``POST {base_url}/oauth/tokens`` for one OAuth client. Thread-safe."""

    def __init__(
        self,
        base_url: str,
        client_id: str,
        *,
        timeout: httpx.Timeout | None = None,
        transport: httpx.BaseTransport | None = None,
        deadline: float | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.client_id = client_id
        self.deadline = deadline or DEFAULT_DEADLINE
        self._clock = clock
        self._guard = SocketGuard()
        self._host = httpx.URL(self.base_url).host
        self._client = httpx.Client(
            base_url=self.base_url,
            headers={"Accept": "application/json", "User-Agent": "callcompanion"},
            timeout=timeout or DEFAULT_TIMEOUT,
            transport=transport,
            follow_redirects=False,
        )

    def close(self) -> None:
        self._client.close()

    def exchange_code(self, code: str, *, verifier: str, redirect_uri: str, scope: str) -> TokenSet:
        """The tokens for an authorization code (raises ``SignInRefusedError`` when refused)."""
        return self._grant(
            {
                "grant_type": "authorization_code",
                "code": code,
                "client_id": self.client_id,
                "redirect_uri": redirect_uri,
                "code_verifier": verifier,
                "scope": scope,
            },
            refreshing=False,
        )

    def refresh(self, refresh_token: str) -> TokenSet:
        """A new pair for *refresh_token*, which Zendesk then deletes (with its access token).

        Raises:
            SignInAgainError: Zendesk refused the refresh token (expired, revoked, used).
            ZendeskError: Any other failure (network, 5xx…): the refresh can be tried again.
        """
        return self._grant(
            {
                "grant_type": "refresh_token",
                "refresh_token": refresh_token,
                "client_id": self.client_id,
            },
            refreshing=True,
        )

    def _grant(self, body: dict[str, str], *, refreshing: bool) -> TokenSet:
        grant = body["grant_type"]
        try:
            bounded = bounded_request(
                self._client,
                self._guard,
                "POST",
                "/oauth/tokens",
                json_body=body,
                deadline=self.deadline,
                max_bytes=MAX_TOKEN_ANSWER_BYTES,
            )
        except RequestDeadlineError as err:
            raise DeadlineError(
                f"{self._host} did not answer the sign-in request within {err.seconds:g} "
                "seconds. Check your network connection; it is tried again with the next request."
            ) from None
        except httpx.HTTPError as err:
            log.info("oauth %s → %s", grant, type(err).__name__)
            raise NetworkError(
                f"Could not reach {self._host} to renew the Zendesk sign-in. Check your network "
                "connection."
            ) from None
        response = bounded.response
        log.info("oauth %s → %s", grant, response.status_code)
        if response.status_code >= 300:
            raise self._refused(response, refreshing=refreshing)
        data = _json_object(response) if not bounded.truncated else None
        token = data.get("access_token") if data else None
        token_type = str(data.get("token_type") or "bearer") if data else ""
        if not data or not isinstance(token, str) or not token or token_type.lower() != "bearer":
            raise NotZendeskError(
                f"{self._host} answered the sign-in request, but not like Zendesk. Check the "
                "Zendesk address."
            )
        refresh = data.get("refresh_token")
        expires_in = data.get("expires_in")
        expires_at = (
            self._clock() + float(expires_in)
            if isinstance(expires_in, int | float) and not isinstance(expires_in, bool)
            else None
        )
        return TokenSet(
            token,
            refresh if isinstance(refresh, str) and refresh else None,
            expires_at,
            str(data.get("scope") or ""),
        )

    def _refused(self, response: httpx.Response, *, refreshing: bool) -> ZendeskError | Exception:
        status = response.status_code
        data = _json_object(response) or {}
        error = str(data.get("error") or "")
        host = self._host
        if status == 429:
            return RateLimitedError(
                "Zendesk asks to slow down (429); the sign-in is renewed in a minute.", 60.0
            )
        if status >= 500:
            return ServerError(
                f"Zendesk had a problem renewing the sign-in ({status}). It is tried again with "
                "the next request.",
                status=status,
            )
        if error in ("invalid_client", "unauthorized_client"):
            message = (
                f"Zendesk does not accept this app's OAuth client for {host} ({error}). Ask your "
                "Zendesk admin to check the client id in the team file."
            )
        elif refreshing:
            message = (
                f"Your Zendesk sign-in for {host} has expired or was revoked. Sign in with Zendesk "
                "again in Settings; posts waiting to go out are kept and sent once you have."
            )
        else:
            message = (
                f"Zendesk did not accept the sign-in ({error or status}): it may have taken too "
                "long. Nothing was saved; sign in again."
            )
        if refreshing:
            return SignInAgainError(message, status=status)
        return SignInRefusedError(message)


def _json_object(response: httpx.Response) -> dict[str, Any] | None:
    try:
        data = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


class TokenSource:
    """Valid access tokens for one connection, shared by all its senders. Thread-safe.

    Args:
        tokens: The tokens from the sign-in or the keyring.
        endpoint: Where to refresh them.
        save: Called with each new pair while the lock is held, before the new access token is
            handed out (the keyring store). If it raises, the pair is kept in memory and saving
            is tried again with the next request.
        margin: Refresh when the access token has less than this many seconds left.
        clock: Seconds since the epoch (the expiry is wall-clock time).
    """

    def __init__(
        self,
        tokens: TokenSet,
        endpoint: TokenEndpoint,
        save: Callable[[TokenSet], object],
        *,
        margin: float = REFRESH_MARGIN,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._tokens = tokens
        self._endpoint = endpoint
        self._save = save
        self._margin = margin
        self._clock = clock
        self._lock = threading.Lock()
        self._unsaved = False
        # Set and cleared under the lock; read without it (a refresh may hold the lock for a
        # whole request, and the windows ask from the GUI thread).
        self._refused: SignInAgainError | None = None

    @property
    def host(self) -> str:
        return httpx.URL(self._endpoint.base_url).host

    @property
    def needs_sign_in(self) -> bool:
        """Zendesk refused the refresh: nothing more is sent until :meth:`replace`.

        Answers at once, without waiting for a refresh under way (safe on the GUI thread).
        """
        return self._refused is not None

    def access_token(self) -> str:
        """A token that is valid for a while yet, refreshed first when it is about to expire.

        Raises:
            SignInAgainError: The sign-in was refused; the engineer must sign in again.
            ZendeskError: The refresh failed for now (network, 5xx): try again later.
        """
        with self._lock:
            self._usable()
            if self._tokens.expires_within(self._margin, self._clock()):
                self._refresh()
            return self._tokens.access_token

    def after_rejection(self, rejected: str) -> str:
        """A token to try once more after Zendesk answered 401 to *rejected*.

        When another sender has already refreshed, its new token is returned without a request;
        otherwise the tokens are refreshed (once, whoever else is waiting).
        """
        with self._lock:
            self._usable()
            if self._tokens.access_token == rejected:
                self._refresh()
            return self._tokens.access_token

    def replace(self, tokens: TokenSet, save: Callable[[TokenSet], object] | None = None) -> None:
        """New tokens from signing in again (already saved by whoever signed in).

        *save*, when given, replaces the ``save`` callback (one that starts from *tokens*).
        """
        with self._lock:
            self._tokens = tokens
            if save is not None:
                self._save = save
            self._refused = None
            self._unsaved = False

    def signed_out(self) -> None:
        """The engineer signed out: senders still holding this source get "sign in again"."""
        with self._lock:
            self._refused = SignInAgainError(
                f"You signed out of Zendesk for {self.host}. Sign in with Zendesk again in "
                "Settings; posts waiting to go out are kept and sent once you have.",
                status=401,
            )

    def close(self) -> None:
        """Close the connection to the token endpoint (the source is no longer used)."""
        self._endpoint.close()

    def _usable(self) -> None:
        if self._refused is not None:
            raise SignInAgainError(str(self._refused), status=self._refused.status)
        if self._unsaved:
            self._persist()

    def _refresh(self) -> None:
        old = self._tokens
        if old.refresh_token is None:
            self._refused = SignInAgainError(
                f"Your Zendesk sign-in for {self.host} has expired. Sign in with Zendesk again "
                "in Settings; posts waiting to go out are kept and sent once you have.",
                status=401,
            )
            raise self._refused
        try:
            new = self._endpoint.refresh(old.refresh_token)
        except SignInAgainError as err:
            self._refused = err
            raise
        if new.refresh_token is None:  # not rotated: the old refresh token stays valid
            new = replace(new, refresh_token=old.refresh_token)
        self._tokens = new
        self._unsaved = True
        self._persist()

    def _persist(self) -> None:
        try:
            self._save(self._tokens)
        except Exception as err:  # a locked keyring must not stop the post that needs the token
            log.warning(
                "the renewed Zendesk sign-in could not be saved (%s); it is kept in memory and "
                "saved with the next request",
                type(err).__name__,
            )
            return
        self._unsaved = False
