"""Keeping an OAuth sign-in valid: refresh before expiry and after a 401, once for every sender,
rotation, ``invalid_grant``; the Zendesk client with Bearer tokens; no token in any log."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.core.pkce import challenge_for, new_pkce
from callcompanion.services.delivery import deliver
from callcompanion.services.oauth import (
    SignInAgainError,
    SignInRefusedError,
    TokenEndpoint,
    TokenSet,
    TokenSource,
)
from callcompanion.services.outbox import EntryState, OutboxEntry
from callcompanion.services.zendesk import AuthError, NetworkError, ZendeskClient
from tests.fakes.zendesk_server import OAUTH_CLIENT_ID, Drop, FakeZendesk

REDIRECT = "http://127.0.0.1:4711"


@pytest.fixture
def zendesk() -> Iterator[FakeZendesk]:
    with FakeZendesk() as fake:
        fake.add_ticket(12345, subject="Upgrade to 17.3 fails")
        yield fake


@pytest.fixture
def endpoint(zendesk: FakeZendesk) -> Iterator[TokenEndpoint]:
    made = TokenEndpoint(zendesk.url, OAUTH_CLIENT_ID)
    yield made
    made.close()


class Saved:
    """The keyring callback: what was saved, in order."""

    def __init__(self) -> None:
        self.pairs: list[TokenSet] = []
        self.fail = False

    def __call__(self, tokens: TokenSet) -> None:
        if self.fail:
            raise OSError("the keyring is locked")
        self.pairs.append(tokens)


def signed_in(zendesk: FakeZendesk, endpoint: TokenEndpoint) -> TokenSet:
    """Tokens from a real authorization-code grant (the consent page answered directly)."""
    pkce = new_pkce()
    consent = httpx.get(
        f"{zendesk.url}/oauth/authorizations/new",
        params={
            "response_type": "code",
            "client_id": OAUTH_CLIENT_ID,
            "redirect_uri": REDIRECT,
            "state": "s",
            "code_challenge": challenge_for(pkce.verifier),
            "code_challenge_method": "S256",
            "scope": "read write",
        },
    )
    code = httpx.URL(consent.headers["location"]).params["code"]
    return endpoint.exchange_code(
        code, verifier=pkce.verifier, redirect_uri=REDIRECT, scope="read write"
    )


def test_a_wrong_verifier_is_refused(zendesk: FakeZendesk, endpoint: TokenEndpoint) -> None:
    pkce = new_pkce()
    consent = httpx.get(
        f"{zendesk.url}/oauth/authorizations/new",
        params={
            "response_type": "code",
            "client_id": OAUTH_CLIENT_ID,
            "redirect_uri": REDIRECT,
            "state": "s",
            "code_challenge": pkce.challenge,
            "code_challenge_method": "S256",
        },
    )
    code = httpx.URL(consent.headers["location"]).params["code"]
    with pytest.raises(SignInRefusedError, match="Nothing was saved"):
        endpoint.exchange_code(code, verifier=new_pkce().verifier, redirect_uri=REDIRECT, scope="")


def test_a_post_after_the_token_expired_goes_out_once_after_one_refresh(
    zendesk: FakeZendesk, endpoint: TokenEndpoint
) -> None:
    tokens = signed_in(zendesk, endpoint)
    saved = Saved()
    source = TokenSource(tokens, endpoint, saved)
    zendesk.expire_access_tokens()  # Zendesk knows; the app's clock does not say so yet
    with ZendeskClient(zendesk.url, tokens=source) as client:
        client.update_ticket(12345, body="Summary of our call", public=True)
    assert [c["body"] for c in zendesk.comments(12345)] == ["Summary of our call"]
    assert len(zendesk.token_grants("refresh_token")) == 1
    (new,) = saved.pairs
    assert new.access_token != tokens.access_token
    assert new.refresh_token not in (None, tokens.refresh_token)
    puts = zendesk.calls("PUT", "/tickets/12345")
    assert [p.authorization for p in puts] == [
        f"Bearer {tokens.access_token}",  # answered 401, applied nothing
        f"Bearer {new.access_token}",
    ]


def test_the_token_is_refreshed_shortly_before_it_expires(
    zendesk: FakeZendesk, endpoint: TokenEndpoint
) -> None:
    tokens = signed_in(zendesk, endpoint)
    assert tokens.expires_at is not None
    now = [tokens.expires_at - 30]  # inside the margin
    source = TokenSource(tokens, endpoint, Saved(), clock=lambda: now[0])
    with ZendeskClient(zendesk.url, tokens=source) as client:
        client.update_ticket(12345, body="Summary", public=True)
    assert len(zendesk.calls("PUT", "/tickets/12345")) == 1  # no 401 first
    assert len(zendesk.token_grants("refresh_token")) == 1


def test_two_senders_racing_an_expiry_cause_one_refresh(
    zendesk: FakeZendesk, endpoint: TokenEndpoint
) -> None:
    source = TokenSource(signed_in(zendesk, endpoint), endpoint, Saved())
    zendesk.expire_access_tokens()
    zendesk.slow("POST", "/oauth/tokens", 0.3)  # both 401s arrive while the refresh runs
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def post(text: str) -> None:
        try:
            with ZendeskClient(zendesk.url, tokens=source) as client:
                start.wait(timeout=5)
                client.update_ticket(12345, body=text, public=False)
        except BaseException as err:
            errors.append(err)

    senders = [threading.Thread(target=post, args=(f"note {n}",)) for n in (1, 2)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join(timeout=10)
    assert errors == []
    assert sorted(c["body"] for c in zendesk.comments(12345)) == ["note 1", "note 2"]
    assert len(zendesk.token_grants("refresh_token")) == 1


def test_a_refused_refresh_asks_to_sign_in_again_and_keeps_the_post(
    zendesk: FakeZendesk, endpoint: TokenEndpoint, tmp_path: Path
) -> None:
    saved = Saved()
    source = TokenSource(signed_in(zendesk, endpoint), endpoint, saved)
    zendesk.revoke_refresh_tokens()
    entry = OutboxEntry(
        id=1,
        ticket=12345,
        body="Summary of our call",
        public=True,
        marker="cc-1",
        kind=OutboxKind.SUMMARY,
        label="Summary",
        call_id=None,
        connection_id=None,
        state=EntryState.PENDING,
        created_at=datetime.now(UTC),
        outcome_unknown=False,
    )
    with ZendeskClient(zendesk.url, tokens=source) as client:
        result = deliver(entry, client)
        assert result.state is EntryState.FAILED
        assert result.auth_failed
        assert "Sign in with Zendesk again" in (result.error or "")
        assert source.needs_sign_in
        with pytest.raises(SignInAgainError) as raised:
            client.me()
        assert isinstance(raised.value, AuthError)
    assert len(zendesk.token_grants("refresh_token")) == 1  # not tried again and again
    assert zendesk.comments(12345) == []
    assert saved.pairs == []

    source.replace(signed_in(zendesk, endpoint))  # the engineer signed in again
    with ZendeskClient(zendesk.url, tokens=source) as client:
        assert deliver(entry, client).state is EntryState.SENT
    assert [c["body"] for c in zendesk.comments(12345)] == ["Summary of our call"]


def test_a_refresh_lost_on_the_network_is_tried_again(
    zendesk: FakeZendesk, endpoint: TokenEndpoint
) -> None:
    source = TokenSource(signed_in(zendesk, endpoint), endpoint, Saved())
    zendesk.expire_access_tokens()
    zendesk.fail("POST", "/oauth/tokens", Drop())
    with ZendeskClient(zendesk.url, tokens=source) as client:
        with pytest.raises(NetworkError) as raised:
            client.update_ticket(12345, body="Summary", public=True)
        assert raised.value.retryable
        assert not raised.value.outcome_unknown
        assert not source.needs_sign_in
        client.update_ticket(12345, body="Summary", public=True)
    assert len(zendesk.comments(12345)) == 1


def test_a_pair_the_keyring_refused_is_saved_with_the_next_request(
    zendesk: FakeZendesk, endpoint: TokenEndpoint
) -> None:
    saved = Saved()
    saved.fail = True
    source = TokenSource(signed_in(zendesk, endpoint), endpoint, saved)
    zendesk.expire_access_tokens()
    with ZendeskClient(zendesk.url, tokens=source) as client:
        client.me()  # the post is not held up by the keyring
        saved.fail = False
        client.me()
    (pair,) = saved.pairs
    assert zendesk.requests[-1].authorization == f"Bearer {pair.access_token}"


def test_tokens_never_reach_the_logs_or_files(
    zendesk: FakeZendesk,
    endpoint: TokenEndpoint,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    first = signed_in(zendesk, endpoint)
    saved = Saved()
    source = TokenSource(first, endpoint, saved)
    zendesk.expire_access_tokens()
    with ZendeskClient(zendesk.url, tokens=source) as client:
        client.update_ticket(12345, body="Summary", public=True)
    zendesk.revoke_refresh_tokens()
    zendesk.expire_access_tokens()
    with ZendeskClient(zendesk.url, tokens=source) as client, pytest.raises(SignInAgainError):
        client.me()
    secrets = [first.access_token, first.refresh_token]
    secrets += [t for pair in saved.pairs for t in (pair.access_token, pair.refresh_token)]
    assert len(secrets) == 4
    assert all(secrets)
    text = caplog.text + "".join(repr(pair) for pair in [first, *saved.pairs])
    assert "oauth refresh_token → 201" in caplog.text
    assert [s for s in secrets if s and s in text] == []
    for path in tmp_path.rglob("*"):  # the test's profile folders included
        if path.is_file():
            assert [s for s in secrets if s and s in path.read_text(errors="replace")] == [], path


def test_the_keyring_form_round_trips_and_refuses_without_quoting() -> None:
    tokens = TokenSet("a-1", "r-1", 1_800_000_000.5, "read write")
    assert TokenSet.from_json(tokens.to_json()) == tokens
    assert TokenSet.from_json(TokenSet("a-2").to_json()) == TokenSet("a-2")
    with pytest.raises(ValueError, match="not readable") as raised:
        TokenSet.from_json("{secret-ish")
    assert "secret-ish" not in str(raised.value)
    now = time.time()
    assert TokenSet("a", expires_at=now + 30).expires_within(60, now)
    assert not TokenSet("a").expires_within(60, now)
