"""The OAuth token requests, checked against what Zendesk's OpenAPI file says of ``/oauth/tokens``.

Prism cannot check these: the file declares HTTP Basic as the only security scheme for every
path (so it refuses ``Bearer`` and a public client's unauthenticated token request) and gives
``POST /oauth/tokens`` no request body, only a table of parameters "formatted as JSON". So this
test reads that part of the file itself: the path (at the instance's root, not under
``/api/v2``), every field the client sends, and the answer's fields and example, which the
client must read. The file lives beside the checkout (tests/fakes/prism.py says where).
"""

from __future__ import annotations

import json
import re

import httpx
import pytest

from callcompanion.services.oauth import (
    SignInAgainError,
    SignInRefusedError,
    TokenEndpoint,
    TokenSet,
)
from tests.fakes.prism import CONTRACTS, need
from tests.fakes.zendesk_server import OAUTH_CLIENT_ID, FakeZendesk

SPEC = CONTRACTS / "zendesk-support-api.yaml"


def spec_block(text: str, start: str) -> str:
    """The lines from *start* to the next line indented as little as it is."""
    begin = text.index(f"\n{start}\n") + 1
    indent = len(start) - len(start.lstrip())
    lines = text[begin:].splitlines()
    block = [lines[0]]
    for line in lines[1:]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        block.append(line)
    return "\n".join(block)


def test_the_grant_requests_and_answer_match_the_contract() -> None:
    need(SPEC.exists(), f"the contract is not beside the checkout ({SPEC})")
    text = SPEC.read_text(encoding="utf-8")
    path = spec_block(text, "  /oauth/tokens:")
    assert "    post:" in path
    assert "must be formatted as JSON" in path

    with FakeZendesk() as zendesk:
        endpoint = TokenEndpoint(zendesk.url, OAUTH_CLIENT_ID)
        with pytest.raises(SignInRefusedError):  # a made-up code: only the request matters
            endpoint.exchange_code("code", verifier="v" * 43, redirect_uri="http://x", scope="read")
        with pytest.raises(SignInAgainError):
            endpoint.refresh("r")
        endpoint.close()
        sent = [r for r in zendesk.requests if r.path == "/oauth/tokens"]
    assert len(sent) == 2
    for request in sent:
        assert isinstance(request.body, dict)
        for name in request.body:
            documented = re.search(rf"\| {name}\s+\|", path) or re.search(rf"\b{name}: ", path)
            assert documented, f"{name} is not a documented /oauth/tokens parameter"
    assert {"grant_type": "refresh_token"}.items() <= sent[1].body.items()

    schema = spec_block(text, "    OAuthTokenForGrantTypesObject:")
    for field in ("access_token", "refresh_token", "expires_in", "token_type", "scope"):
        assert f"        {field}:" in schema, field

    example = spec_block(text, "    OAuthTokenForGrantTypesResponseExample:")
    answer = dict(
        re.findall(r"^        (\w+): (.+)$", example, flags=re.MULTILINE)
    )  # the example: an access token that never expires, no refresh token
    transport = httpx.MockTransport(lambda request: httpx.Response(201, json=answer))
    mocked = TokenEndpoint("https://acme.zendesk.com", "c", transport=transport)
    tokens = mocked.refresh("r")
    mocked.close()
    assert tokens == TokenSet(answer["access_token"], None, None, answer["scope"])
    assert json.loads(tokens.to_json())["refresh_token"] is None


def test_signing_out_revokes_the_token_the_way_the_contract_describes() -> None:
    """``DELETE /api/v2/oauth/tokens/{oauth_token_id}`` (Revoke Token), with ``current`` as the
    id: the file's Show Token description names ``tokens/current.json`` with a Bearer token for
    "its associated properties", and the same path answers ``delete``."""
    from callcompanion.services.zendesk import ZendeskClient

    need(SPEC.exists(), f"the contract is not beside the checkout ({SPEC})")
    text = SPEC.read_text(encoding="utf-8")
    path = spec_block(text, "  /api/v2/oauth/tokens/{oauth_token_id}:")
    assert "operationId: RevokeOAuthToken" in path
    assert "/api/v2/oauth/tokens/current.json" in path
    revoke = path[path.index("    delete:") :]
    assert '"204":' in revoke

    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    class Fixed:
        def access_token(self) -> str:
            return "the-access-token"

        def after_rejection(self, rejected: str) -> str:
            raise AssertionError("no 401 here")

    with ZendeskClient(
        "https://acme.zendesk.com", tokens=Fixed(), transport=httpx.MockTransport(answer)
    ) as client:
        client.revoke_sign_in()
    assert len(sent) == 1
    request = sent[0]
    assert request.method == "DELETE"
    assert request.url.path == "/api/v2/oauth/tokens/current.json"
    assert request.headers["authorization"] == "Bearer the-access-token"
    assert not request.content, "the contract gives Revoke Token no body"
