"""PKCE, the sign-in's ``state`` and the authorization URL (pure)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from callcompanion.core.pkce import (
    Pkce,
    authorization_url,
    challenge_for,
    loopback_redirect_uri,
    new_pkce,
    new_state,
)


def test_the_s256_challenge_of_rfc_7636s_example() -> None:
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert challenge_for(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_each_sign_in_gets_a_fresh_verifier_and_state() -> None:
    first, second = new_pkce(), new_pkce()
    for pkce in (first, second):
        assert re.fullmatch(r"[A-Za-z0-9_-]{43,128}", pkce.verifier)
        assert pkce.challenge == challenge_for(pkce.verifier)
        assert pkce.verifier not in repr(pkce)
    assert first.verifier != second.verifier
    assert new_state() != new_state()
    assert len(new_state()) >= 32


def test_the_authorization_url_carries_every_parameter() -> None:
    pkce = Pkce("v" * 43, challenge_for("v" * 43))
    url = authorization_url(
        "https://acme.zendesk.com/",
        client_id="callcompanion_acme",
        redirect_uri=loopback_redirect_uri(4711),
        state="s-1",
        pkce=pkce,
    )
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "acme.zendesk.com",
        "/oauth/authorizations/new",
    )
    assert {key: values[0] for key, values in parse_qs(parts.query).items()} == {
        "response_type": "code",
        "client_id": "callcompanion_acme",
        "redirect_uri": "http://127.0.0.1:4711",
        "scope": "read write",
        "state": "s-1",
        "code_challenge": pkce.challenge,
        "code_challenge_method": "S256",
    }
    assert pkce.verifier not in url
