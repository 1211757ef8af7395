"""Signing in to Zendesk with OAuth (authorization code + PKCE) and keeping the tokens valid.

- :mod:`.sign_in`: :class:`SignIn`, the browser hand-off from start to a checked token.
- :mod:`.loopback`: the one-shot listener on 127.0.0.1 and opening the system browser.
- :mod:`.tokens`: :class:`TokenSet`, the ``/oauth/tokens`` grants, and :class:`TokenSource`
  (one refresh at a time for every sender of a connection).
- :mod:`.errors`: why a sign-in or a refresh did not work, as sentences.

The pure parts (PKCE, ``state``, the authorization URL) are in :mod:`callcompanion.core.pkce`.
"""

from callcompanion.services.oauth.errors import (
    BrowserNotOpenedError,
    ListenerUnavailableError,
    SignInAgainError,
    SignInCancelledError,
    SignInDeniedError,
    SignInError,
    SignInRefusedError,
    SignInStateMismatchError,
    SignInTimedOutError,
)
from callcompanion.services.oauth.loopback import LoopbackListener, open_browser
from callcompanion.services.oauth.sign_in import OAuthConfig, SignIn, SignInResult
from callcompanion.services.oauth.tokens import TokenEndpoint, TokenSet, TokenSource

__all__ = [
    "BrowserNotOpenedError",
    "ListenerUnavailableError",
    "LoopbackListener",
    "OAuthConfig",
    "SignIn",
    "SignInAgainError",
    "SignInCancelledError",
    "SignInDeniedError",
    "SignInError",
    "SignInRefusedError",
    "SignInResult",
    "SignInStateMismatchError",
    "SignInTimedOutError",
    "TokenEndpoint",
    "TokenSet",
    "TokenSource",
    "open_browser",
]
