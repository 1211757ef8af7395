"""Sign in with Zendesk: the browser hand-off from start to a checked token.

:class:`SignIn` runs on a worker thread: it listens on 127.0.0.1, opens the system browser at
the instance's authorization page (PKCE S256, a fresh ``state``), waits for the one redirect,
exchanges the code, and asks ``users/me`` who signed in. It returns the tokens only when all of
that worked; any other ending is a
:class:`~callcompanion.services.oauth.errors.SignInError` and nothing is returned to save.
:meth:`SignIn.cancel` ends it from the GUI thread, also once the browser has answered: the
token just received is then revoked (best effort) and nothing is returned.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from callcompanion.core.pkce import DEFAULT_SCOPE, authorization_url, new_pkce, new_state
from callcompanion.services.oauth.errors import (
    BrowserNotOpenedError,
    SignInCancelledError,
    SignInError,
    SignInRefusedError,
)
from callcompanion.services.oauth.loopback import LoopbackListener, open_browser
from callcompanion.services.oauth.tokens import TokenEndpoint, TokenSet
from callcompanion.services.zendesk import Me, ZendeskClient, ZendeskError

log = logging.getLogger(__name__)

# Long enough to sign in with SSO and a second factor; Zendesk's code itself lives 2 minutes.
SIGN_IN_TIMEOUT = 300.0


@dataclass(frozen=True)
class OAuthConfig:
    """The OAuth client a team registered for one Zendesk instance.

    Attributes:
        base_url: The instance, e.g. ``https://acme.zendesk.com``.
        client_id: The client's unique identifier (a public client: no secret).
        redirect_port: The port registered in ``http://127.0.0.1:<port>``; ``None`` for any
            free port (only where the client accepts any port).
        scope: What the app asks for.
    """

    base_url: str
    client_id: str
    redirect_port: int | None = None
    scope: str = DEFAULT_SCOPE


@dataclass(frozen=True)
class SignInResult:
    """A finished sign-in: the tokens to save and who they belong to."""

    tokens: TokenSet
    me: Me


class _Fixed:
    """The one token a sign-in just received, for its ``users/me`` check."""

    def __init__(self, token: str) -> None:
        self._token = token

    def access_token(self) -> str:
        return self._token

    def after_rejection(self, rejected: str) -> str:
        # A token received a moment ago and refused: asking again would only be refused again.
        raise SignInRefusedError(
            "Zendesk did not accept the sign-in it had just given. Nothing was saved; "
            "sign in again."
        )


class SignIn:
    """One sign-in. Make it, call :meth:`run` on a worker; :meth:`cancel` from anywhere."""

    def __init__(
        self,
        config: OAuthConfig,
        *,
        open_url: Callable[[str], bool] = open_browser,
        on_browser_failed: Callable[[str], None] | None = None,
        timeout: float = SIGN_IN_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        """Prepare a sign-in.

        Args:
            config: The instance and its OAuth client.
            open_url: Opens the authorization page; ``False`` when no browser started.
            on_browser_failed: Called with the authorization address when no browser started,
                so the window can offer it to copy while the sign-in keeps waiting. Without it,
                the sign-in ends with :class:`BrowserNotOpenedError`.
            timeout: How long to wait for the browser's answer, in seconds.
            transport: For the token and ``users/me`` requests (tests, proxies).
        """
        self.config = config
        self._open_url = open_url
        self._on_browser_failed = on_browser_failed
        self._timeout = timeout
        self._transport = transport
        self._lock = threading.Lock()
        self._listener: LoopbackListener | None = None
        self._cancelled = False

    @property
    def cancelled(self) -> bool:
        """:meth:`cancel` was called (the caller keeps nothing :meth:`run` returned after it)."""
        with self._lock:
            return self._cancelled

    def cancel(self) -> None:
        """End the sign-in: :meth:`run` raises :class:`SignInCancelledError` (nothing saved)."""
        with self._lock:
            self._cancelled = True
            listener = self._listener
        if listener is not None:
            listener.stop(SignInCancelledError("Sign-in cancelled. Nothing was saved."))

    def run(self) -> SignInResult:
        """Sign in; blocks until the browser answers, the timeout, or :meth:`cancel`.

        Raises:
            SignInError: Why there is no sign-in; nothing was kept.
        """
        listener = LoopbackListener(self.config.redirect_port)
        with self._lock:
            self._listener = listener
            cancelled = self._cancelled
        if cancelled:
            listener.close()
            raise SignInCancelledError("Sign-in cancelled. Nothing was saved.")
        pkce = new_pkce()
        state = new_state()
        url = authorization_url(
            self.config.base_url,
            client_id=self.config.client_id,
            redirect_uri=listener.redirect_uri,
            state=state,
            pkce=pkce,
            scope=self.config.scope,
        )
        opener = threading.Thread(
            target=self._open, args=(url, listener), name="sign-in browser", daemon=True
        )
        opener.start()
        code = listener.wait(state, self._timeout)
        endpoint = TokenEndpoint(
            self.config.base_url, self.config.client_id, transport=self._transport
        )
        try:
            tokens = endpoint.exchange_code(
                code,
                verifier=pkce.verifier,
                redirect_uri=listener.redirect_uri,
                scope=self.config.scope,
            )
            with ZendeskClient(
                self.config.base_url, tokens=_Fixed(tokens.access_token), transport=self._transport
            ) as client:
                me = client.me()
        except ZendeskError as err:
            raise SignInError(f"Signing in to Zendesk did not finish: {err}") from None
        finally:
            endpoint.close()
        result = SignInResult(tokens, me)
        if self.cancelled:  # cancelled while the code was exchanged: the engineer wants none
            self.discard(result)
            raise SignInCancelledError("Sign-in cancelled. Nothing was saved.")
        log.info("signed in to %s as agent %s", httpx.URL(self.config.base_url).host, me.id)
        return result

    def discard(self, result: SignInResult) -> None:
        """Revoke a finished sign-in nobody keeps (best effort: it expires on its own)."""
        try:
            with ZendeskClient(
                self.config.base_url,
                tokens=_Fixed(result.tokens.access_token),
                transport=self._transport,
            ) as client:
                client.revoke_sign_in()
        except (ZendeskError, SignInError) as err:
            log.info("revoking a cancelled sign-in failed: %s", type(err).__name__)

    def _open(self, url: str, listener: LoopbackListener) -> None:
        try:
            opened = self._open_url(url)
        except Exception as err:  # a broken browser set-up is reported, not raised on a thread
            log.warning("opening the browser failed: %s", type(err).__name__)
            opened = False
        if opened:
            return
        if self._on_browser_failed is not None:
            self._on_browser_failed(url)
            return
        listener.stop(
            BrowserNotOpenedError(
                "No web browser could be opened for the sign-in. Set a default browser, or copy "
                "the sign-in address into one, and sign in again.",
                url,
            )
        )
