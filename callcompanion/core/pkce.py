"""The pure parts of signing in with OAuth: PKCE, the ``state`` value and the authorization URL.

A desktop app cannot keep a client secret, so it signs in as a *public* client with PKCE
(RFC 7636, method S256): it makes a random *verifier*, sends its SHA-256 (the *challenge*) with
the authorization request, and proves it started the sign-in by sending the verifier with the
code. A fresh random ``state`` ties the browser's redirect to this one sign-in. The redirect
goes to a loopback address on this computer (RFC 8252): ``http://127.0.0.1:<port>``.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlencode

# Zendesk's scope for reading and writing everything the app uses (tickets, users/me, macros,
# organizations); a token can never do more than the engineer who signed in.
DEFAULT_SCOPE = "read write"
LOOPBACK_HOST = "127.0.0.1"


@dataclass(frozen=True)
class Pkce:
    """One sign-in's PKCE pair. The verifier stays in memory and is sent only with the code."""

    verifier: str = field(repr=False)
    challenge: str
    method: str = "S256"


def challenge_for(verifier: str) -> str:
    """The S256 challenge of *verifier*: unpadded base64url of its SHA-256."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def new_pkce() -> Pkce:
    """A fresh verifier and its challenge.

    The verifier is 86 characters of base64url, within RFC 7636's 43 to 128.
    """
    verifier = secrets.token_urlsafe(64)
    return Pkce(verifier, challenge_for(verifier))


def new_state() -> str:
    """A fresh, unguessable ``state`` for one sign-in."""
    return secrets.token_urlsafe(32)


def loopback_redirect_uri(port: int) -> str:
    """The redirect URL for a listener on *port* (as the team's admin registers it)."""
    return f"http://{LOOPBACK_HOST}:{port}"


def authorization_url(
    base_url: str,
    *,
    client_id: str,
    redirect_uri: str,
    state: str,
    pkce: Pkce,
    scope: str = DEFAULT_SCOPE,
) -> str:
    """Where the browser goes to sign in: the instance's authorization page with every parameter."""
    query = urlencode(
        {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "scope": scope,
            "state": state,
            "code_challenge": pkce.challenge,
            "code_challenge_method": pkce.method,
        }
    )
    return f"{base_url.rstrip('/')}/oauth/authorizations/new?{query}"
