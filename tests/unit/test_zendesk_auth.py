"""ZendeskAuth: one client recipe per connection, one shared token source per sign-in, signing
out revokes at Zendesk; against the loopback Zendesk with its OAuth endpoints."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace

import keyring
import keyring.errors
import pytest

from callcompanion.core.connections import OAuthClient, ZendeskConnection
from callcompanion.services.credentials import CredentialStore
from callcompanion.services.oauth import SignInAgainError, TokenEndpoint
from callcompanion.services.zendesk import AuthError, ZendeskError
from callcompanion.services.zendesk_auth import (
    KeyringUnavailableError,
    NotConnectedError,
    ZendeskAuth,
)
from tests.conftest import MemoryKeyring
from tests.fakes.zendesk_server import OAUTH_CLIENT_ID, FakeZendesk
from tests.unit.test_oauth_tokens import signed_in


@pytest.fixture
def zendesk() -> Iterator[FakeZendesk]:
    with FakeZendesk() as fake:
        fake.add_ticket(12345, subject="Upgrade to 17.3 fails")
        yield fake


def oauth_connection(zendesk: FakeZendesk) -> ZendeskConnection:
    return ZendeskConnection("c0ffee01", "Global", zendesk.url, "", OAuthClient(OAUTH_CLIENT_ID))


def sign_in(zendesk: FakeZendesk, auth: ZendeskAuth, connection: ZendeskConnection) -> None:
    endpoint = TokenEndpoint(zendesk.url, OAUTH_CLIENT_ID)
    try:
        auth.signed_in(connection, signed_in(zendesk, endpoint))
    finally:
        endpoint.close()


@pytest.fixture(autouse=True)
def closed_at_the_end(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every ZendeskAuth made in a test closes its token endpoints when the test ends."""
    made: list[ZendeskAuth] = []
    original = ZendeskAuth.__init__

    def init(self: ZendeskAuth, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        made.append(self)

    monkeypatch.setattr(ZendeskAuth, "__init__", init)
    yield
    for auth in made:
        auth.close()


def test_a_connection_never_signed_in_asks_for_the_sign_in(zendesk: FakeZendesk) -> None:
    auth = ZendeskAuth(CredentialStore())
    with pytest.raises(NotConnectedError, match="Sign in with Zendesk in Settings"):
        auth.client(oauth_connection(zendesk))


def test_every_sender_shares_one_source_and_one_refresh(zendesk: FakeZendesk) -> None:
    auth = ZendeskAuth(CredentialStore())
    connection = oauth_connection(zendesk)
    sign_in(zendesk, auth, connection)
    assert auth.credential_key(connection) == auth.credential_key(connection)
    zendesk.expire_access_tokens()
    start = threading.Barrier(4)
    names: list[str] = []

    def read() -> None:
        with auth.client(connection) as client:
            start.wait()
            names.append(client.ticket(12345).subject)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert names == ["Upgrade to 17.3 fails"] * 4
    assert len(zendesk.token_grants("refresh_token")) == 1, "rotation allows one refresh"


def test_a_refreshed_pair_goes_to_the_keyring_and_a_restart_uses_it(
    zendesk: FakeZendesk, memory_keyring: MemoryKeyring
) -> None:
    connection = oauth_connection(zendesk)
    first = ZendeskAuth(CredentialStore())
    sign_in(zendesk, first, connection)
    zendesk.expire_access_tokens()
    with first.client(connection) as client:
        client.me()
    # A new app process reads the rotated pair: the one the old process received is dead.
    again = ZendeskAuth(CredentialStore())
    with again.client(connection) as client:
        assert client.me().email == zendesk.email
    assert len(zendesk.token_grants("refresh_token")) == 1


def test_a_refused_refresh_waits_for_a_new_sign_in_on_the_same_source(
    zendesk: FakeZendesk,
) -> None:
    auth = ZendeskAuth(CredentialStore())
    connection = oauth_connection(zendesk)
    sign_in(zendesk, auth, connection)
    held = auth.client(connection)  # a sender that holds its client across the sign-in
    zendesk.revoke_refresh_tokens()
    with pytest.raises(SignInAgainError, match="Sign in with Zendesk again"):
        held.me()
    assert auth.needs_sign_in(connection)
    with pytest.raises(AuthError):
        held.me()  # no more requests to the token endpoint meanwhile
    assert len(zendesk.token_grants("refresh_token")) == 1
    sign_in(zendesk, auth, connection)
    assert not auth.needs_sign_in(connection)
    assert held.me().email == zendesk.email, "the held client uses the new sign-in"
    held.close()


def test_api_token_connections_use_the_token_in_the_keyring(zendesk: FakeZendesk) -> None:
    credentials = CredentialStore()
    auth = ZendeskAuth(credentials)
    connection = ZendeskConnection("beef0002", "Sandbox", zendesk.url, zendesk.email)
    with pytest.raises(NotConnectedError, match="No API token is stored"):
        auth.client(connection)
    with auth.client(connection, api_token=zendesk.token) as client:
        assert client.me().email == zendesk.email, "a token typed and not saved yet"
    credentials.set(connection.keyring_user, zendesk.token)
    with auth.client(connection) as client:
        assert client.me().email == zendesk.email
    key = auth.credential_key(connection)
    credentials.set(connection.keyring_user, "another-token")
    assert auth.credential_key(connection) != key, "a new token needs a new client"


def test_a_locked_keyring_is_a_wait_not_a_sign_out(
    zendesk: FakeZendesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth = ZendeskAuth(CredentialStore())

    def locked(service: str, user: str) -> str:
        raise keyring.errors.KeyringLocked("locked")

    monkeypatch.setattr(keyring, "get_password", locked)
    with pytest.raises(KeyringUnavailableError, match="locked"):
        auth.client(oauth_connection(zendesk))


def test_sign_out_revokes_at_zendesk_and_forgets_here(
    zendesk: FakeZendesk, memory_keyring: MemoryKeyring
) -> None:
    auth = ZendeskAuth(CredentialStore())
    connection = oauth_connection(zendesk)
    sign_in(zendesk, auth, connection)
    held = auth.client(connection)
    text = auth.sign_out(connection)
    assert text.startswith("Signed out of Global")
    assert "the sign-in was revoked" in text
    assert len(zendesk.calls("DELETE", r"oauth/tokens/current")) == 1
    assert not memory_keyring.items, "nothing of the sign-in is left in the keyring"
    with pytest.raises(SignInAgainError, match="You signed out"):
        held.me()  # a sender still holding the client sends nothing more
    with pytest.raises(NotConnectedError):
        auth.client(connection)


def test_sign_out_without_network_still_forgets_and_says_so(
    zendesk: FakeZendesk, memory_keyring: MemoryKeyring
) -> None:
    auth = ZendeskAuth(CredentialStore())
    connection = oauth_connection(zendesk)
    sign_in(zendesk, auth, connection)
    zendesk.stop()  # the network is gone
    text = auth.sign_out(connection)
    assert "could not be told" in text
    assert not memory_keyring.items


def answers_within(seconds: float, ask: Callable[[], object]) -> list[object]:
    """*ask* run on another thread (as the GUI thread would); its answer if it came in time."""
    answer: list[object] = []
    thread = threading.Thread(target=lambda: answer.append(ask()), daemon=True)
    thread.start()
    thread.join(seconds)
    return answer


def test_needs_sign_in_answers_while_a_refresh_is_under_way(zendesk: FakeZendesk) -> None:
    auth = ZendeskAuth(CredentialStore())
    connection = oauth_connection(zendesk)
    sign_in(zendesk, auth, connection)
    zendesk.expire_access_tokens()
    zendesk.slow("POST", r"^/oauth/tokens$", 30)  # the refresh holds its lock all along

    def send() -> None:
        with auth.client(connection) as client, contextlib.suppress(ZendeskError):
            client.me()  # fails once the server stops

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    deadline = time.monotonic() + 10
    while not zendesk.token_grants("refresh_token") and time.monotonic() < deadline:
        time.sleep(0.01)
    assert zendesk.token_grants("refresh_token"), "the refresh is under way"
    assert answers_within(5, lambda: auth.needs_sign_in(connection)) == [False]
    zendesk.stop()  # ends the held answer
    sender.join(10)


def test_needs_sign_in_answers_while_the_keyring_waits_for_an_unlock(
    zendesk: FakeZendesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth = ZendeskAuth(CredentialStore())
    waiting = oauth_connection(zendesk)
    other = ZendeskConnection("c0ffee02", "Gov", zendesk.url, "", OAuthClient(OAUTH_CLIENT_ID))
    sign_in(zendesk, auth, other)
    unlocked = threading.Event()
    asked = threading.Event()
    real_get = keyring.get_password

    def prompt(service: str, user: str) -> str | None:
        if user == waiting.oauth_keyring_user:
            asked.set()
            unlocked.wait(30)  # the unlock prompt is up
        return real_get(service, user)

    monkeypatch.setattr(keyring, "get_password", prompt)
    reader = threading.Thread(target=lambda: auth.source(other), daemon=True)
    blocked = threading.Thread(
        target=lambda: pytest.raises(NotConnectedError, auth.source, waiting), daemon=True
    )
    blocked.start()
    assert asked.wait(10)
    reader.start()
    assert answers_within(5, lambda: auth.needs_sign_in(waiting)) == [False]
    assert answers_within(5, lambda: auth.needs_sign_in(other)) == [False]
    unlocked.set()
    blocked.join(10)
    reader.join(10)


def test_a_connection_with_an_email_but_no_sign_in_here_reads_sign_in_again(
    zendesk: FakeZendesk,
) -> None:
    """Who signed in is saved, the tokens are not (kept in memory only, or removed)."""
    auth = ZendeskAuth(CredentialStore())
    connection = replace(oauth_connection(zendesk), email=zendesk.email)
    never = oauth_connection(zendesk)
    assert not auth.needs_sign_in(connection), "unknown until a sender looks"
    with pytest.raises(NotConnectedError):
        auth.client(connection)
    assert auth.needs_sign_in(connection)
    assert not auth.needs_sign_in(never), "nobody signed in to it: not signed in, not again"
    sign_in(zendesk, auth, connection)
    assert not auth.needs_sign_in(connection)


def test_sign_out_removes_the_keyring_entry_before_a_sender_can_reload_it(
    zendesk: FakeZendesk,
) -> None:
    """A sender that asks for the connection while the sign-out is under way never brings
    the revoked pair back from the keyring."""

    class SenderDuringSignOut(ZendeskAuth):
        def forget(self, connection: ZendeskConnection) -> None:
            super().forget(connection)
            with contextlib.suppress(NotConnectedError):
                self.source(connection)  # an outbox attempt arrives just now

    auth = SenderDuringSignOut(CredentialStore())
    connection = oauth_connection(zendesk)
    sign_in(zendesk, auth, connection)
    assert "revoked" in auth.sign_out(connection)
    with pytest.raises(NotConnectedError):
        auth.client(connection)
