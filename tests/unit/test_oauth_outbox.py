"""The outbox's attempts through ZendeskAuth: how a post waits for credentials, and its clients.

Qt-free: :class:`~callcompanion.controllers.outbox_attempts.Attempts` against the loopback
Zendesk with its OAuth endpoints (the whole app's path is in tests/gui/test_oauth_app.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import keyring
import keyring.errors
import pytest

from callcompanion.controllers.outbox_attempts import KEYRING_RETRY_SECONDS, Attempts
from callcompanion.core.connections import OAuthClient, ZendeskConnection
from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.services.credentials import CredentialStore
from callcompanion.services.oauth import TokenEndpoint
from callcompanion.services.outbox import EntryState, OutboxEntry
from callcompanion.services.zendesk_auth import ZendeskAuth
from tests.fakes.zendesk_server import OAUTH_CLIENT_ID, FakeZendesk
from tests.unit.test_oauth_tokens import signed_in

TICKET = 12345


@pytest.fixture
def zendesk() -> Iterator[FakeZendesk]:
    with FakeZendesk() as fake:
        fake.add_ticket(TICKET, subject="Upgrade to 17.3 fails")
        yield fake


@pytest.fixture
def auth() -> Iterator[ZendeskAuth]:
    made = ZendeskAuth(CredentialStore())
    yield made
    made.close()


def oauth_connection(zendesk: FakeZendesk) -> ZendeskConnection:
    return ZendeskConnection("c0ffee02", "Global", zendesk.url, "", OAuthClient(OAUTH_CLIENT_ID))


def sign_in(zendesk: FakeZendesk, auth: ZendeskAuth, connection: ZendeskConnection) -> None:
    endpoint = TokenEndpoint(zendesk.url, OAUTH_CLIENT_ID)
    try:
        auth.signed_in(connection, signed_in(zendesk, endpoint))
    finally:
        endpoint.close()


def note(entry_id: int = 1, connection_id: str = "c0ffee02") -> OutboxEntry:
    return OutboxEntry(
        id=entry_id,
        ticket=TICKET,
        body=f"Internal note {entry_id}",
        public=False,
        marker=f"cc-{entry_id}",
        kind=OutboxKind.UPGRADE_NOTE,
        label="Internal note",
        call_id=None,
        connection_id=connection_id,
        state=EntryState.PENDING,
        created_at=datetime.now(UTC),
        outcome_unknown=False,
    )


def test_not_signed_in_waits_for_a_connection_with_a_sentence(
    zendesk: FakeZendesk, auth: ZendeskAuth
) -> None:
    attempts = Attempts(auth, threading.Event())
    result = attempts.attempt(note(), oauth_connection(zendesk))
    assert result.state is EntryState.NOT_CONNECTED
    assert "Sign in with Zendesk in Settings" in (result.error or "")
    assert zendesk.requests == []


def test_a_locked_keyring_is_tried_again_later(
    zendesk: FakeZendesk, auth: ZendeskAuth, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(service: str, user: str) -> str:
        raise keyring.errors.KeyringLocked("the keyring is locked")

    monkeypatch.setattr(keyring, "get_password", locked)
    result = Attempts(auth, threading.Event()).attempt(note(), oauth_connection(zendesk))
    assert result.state is EntryState.PENDING
    assert result.retry_in == KEYRING_RETRY_SECONDS
    assert "locked" in (result.error or "")


def test_one_client_per_sign_in_and_a_new_one_after_signing_out_and_in(
    zendesk: FakeZendesk, auth: ZendeskAuth
) -> None:
    connection = oauth_connection(zendesk)
    sign_in(zendesk, auth, connection)
    attempts = Attempts(auth, threading.Event())
    assert attempts.attempt(note(1), connection).state is EntryState.SENT
    zendesk.expire_access_tokens()
    assert attempts.attempt(note(2), connection).state is EntryState.SENT
    assert len(zendesk.token_grants("refresh_token")) == 1

    auth.sign_out(connection)
    assert attempts.attempt(note(3), connection).state is EntryState.NOT_CONNECTED
    sign_in(zendesk, auth, connection)
    assert attempts.attempt(note(3), connection).state is EntryState.SENT
    attempts.close()
    assert [c["body"] for c in zendesk.comments(TICKET)] == [
        "Internal note 1",
        "Internal note 2",
        "Internal note 3",
    ]
