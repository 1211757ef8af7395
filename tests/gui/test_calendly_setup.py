"""Loading Calendly event types for Settings: off the GUI thread, every failure a sentence."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import keyring
import keyring.errors
import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from callcompanion.controllers.calendly_setup import CalendlyAccount, CalendlySetup
from callcompanion.controllers.scheduling_links import CALENDLY_USER
from callcompanion.services.credentials import CredentialStore
from tests.conftest import MemoryKeyring
from tests.fakes.calendly_server import TOKEN, FakeCalendly


class Heard:
    """What a :class:`CalendlySetup` said."""

    def __init__(self, setup: CalendlySetup) -> None:
        self.accounts: list[CalendlyAccount] = []
        self.failures: list[str] = []
        setup.loaded.connect(self.accounts.append)
        setup.failed.connect(self.failures.append)

    def answered(self) -> bool:
        return bool(self.accounts or self.failures)


@pytest.fixture
def owner(qapp: object) -> Iterator[QObject]:
    parent = QObject()
    yield parent
    parent.deleteLater()


def setup_for(url: str, owner: QObject) -> tuple[CalendlySetup, Heard]:
    setup = CalendlySetup(CredentialStore(), url, owner)
    return setup, Heard(setup)


def test_the_typed_token_loads_the_account_and_its_event_types(
    qtbot: QtBot, fake_calendly: FakeCalendly, owner: QObject
) -> None:
    keyring.set_password("callcompanion", CALENDLY_USER, "an-older-token")
    setup, heard = setup_for(fake_calendly.url, owner)
    assert setup.load_event_types(f"  {TOKEN}\n")
    assert setup.is_busy()
    assert not setup.load_event_types(TOKEN), "one request at a time"
    qtbot.waitUntil(heard.answered)
    (account,) = heard.accounts
    assert account.name == "Ana Example"
    assert [t.name for t in account.event_types][:2] == [
        "Support - Customer Call",
        "Support - Discovery Call with Ana",
    ]
    assert not setup.is_busy()
    assert [path for _method, path, _body in fake_calendly.requests] == [
        "/users/me",
        "/event_types",
    ]


def test_without_a_typed_token_the_stored_one_is_used(
    qtbot: QtBot, fake_calendly: FakeCalendly, owner: QObject
) -> None:
    keyring.set_password("callcompanion", CALENDLY_USER, TOKEN)
    setup, heard = setup_for(fake_calendly.url, owner)
    setup.load_event_types("   ")
    qtbot.waitUntil(heard.answered)
    assert heard.failures == []
    assert len(heard.accounts[0].event_types) == 3


def test_no_token_anywhere_asks_for_one_without_a_request(
    qtbot: QtBot, fake_calendly: FakeCalendly, owner: QObject
) -> None:
    setup, heard = setup_for(fake_calendly.url, owner)
    setup.load_event_types("")
    qtbot.waitUntil(heard.answered)
    assert heard.failures == [
        "Event types could not be loaded: Paste your Calendly personal access token first."
    ]
    assert fake_calendly.requests == []
    assert not setup.is_busy()


def test_a_refused_token_is_explained_and_a_retry_works(
    qtbot: QtBot, fake_calendly: FakeCalendly, owner: QObject
) -> None:
    setup, heard = setup_for(fake_calendly.url, owner)
    setup.load_event_types("not-the-token")
    qtbot.waitUntil(heard.answered)
    (failure,) = heard.failures
    assert failure.startswith("Event types could not be loaded: ")
    assert "token" in failure.lower()
    assert "not-the-token" not in failure
    assert setup.load_event_types(TOKEN), "free again after a failure"
    qtbot.waitUntil(lambda: len(heard.accounts) == 1)


def test_a_server_error_is_a_sentence(
    qtbot: QtBot, fake_calendly: FakeCalendly, owner: QObject
) -> None:
    fake_calendly.fail_next = 500
    setup, heard = setup_for(fake_calendly.url, owner)
    setup.load_event_types(TOKEN)
    qtbot.waitUntil(heard.answered)
    (failure,) = heard.failures
    assert failure.startswith("Event types could not be loaded: ")
    assert "500" in failure
    assert heard.accounts == []


def test_an_unreachable_calendly_is_a_network_problem(qtbot: QtBot, owner: QObject) -> None:
    with socket.socket() as probe:  # a loopback port that nothing listens on any more
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    setup, heard = setup_for(f"http://127.0.0.1:{port}", owner)
    setup.load_event_types(TOKEN)
    qtbot.waitUntil(heard.answered, timeout=10_000)
    (failure,) = heard.failures
    assert "Could not reach Calendly" in failure
    assert "Check your network connection." in failure


def test_a_locked_keyring_says_to_unlock_it(
    qtbot: QtBot,
    fake_calendly: FakeCalendly,
    owner: QObject,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def locked(service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    monkeypatch.setattr(memory_keyring, "get_password", locked)
    setup, heard = setup_for(fake_calendly.url, owner)
    setup.load_event_types("")
    qtbot.waitUntil(heard.answered)
    (failure,) = heard.failures
    assert "The system keyring is locked. Unlock it" in failure
    assert fake_calendly.requests == []
