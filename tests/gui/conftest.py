"""GUI fixtures: the whole app built by its composition root, on a fake clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import keyring
import pytest
from PySide6.QtWidgets import QApplication

from callcompanion.app import CallCompanion
from callcompanion.core.connections import ZendeskConnection, make_connection
from callcompanion.core.settings import Settings
from callcompanion.paths import AppPaths
from callcompanion.services import zendesk as zendesk_service
from callcompanion.services.settings_file import save_settings
from tests.fakes.calendly_server import FakeCalendly
from tests.fakes.clock import FakeClock
from tests.fakes.zendesk_server import EMAIL, TOKEN, FakeZendesk

FAST_TIMEOUT = httpx.Timeout(connect=2.0, read=0.5, write=2.0, pool=2.0)

MakeCompanion = Callable[..., CallCompanion]


@pytest.fixture
def make_companion(
    qapp: QApplication, profile: AppPaths, clock: FakeClock
) -> Iterator[MakeCompanion]:
    created: list[CallCompanion] = []

    def make(**kwargs: Any) -> CallCompanion:
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("single_instance", False)
        companion = CallCompanion(qapp, kwargs.pop("paths", profile), **kwargs)
        companion.start()
        created.append(companion)
        return companion

    yield make
    for companion in created:
        companion.close()


@pytest.fixture
def companion(make_companion: MakeCompanion) -> CallCompanion:
    return make_companion()


@dataclass
class ZendeskSetup:
    """The app with a connection to a loopback Zendesk (token in the test keyring)."""

    companion: CallCompanion
    zendesk: FakeZendesk
    connection: ZendeskConnection
    clock: FakeClock


@pytest.fixture
def fake_zendesk() -> Iterator[FakeZendesk]:
    with FakeZendesk() as server:
        server.add_ticket(12345, subject="Upgrade to 17.3 fails")
        yield server


@pytest.fixture
def zendesk_app(
    make_companion: MakeCompanion,
    fake_zendesk: FakeZendesk,
    profile: AppPaths,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> ZendeskSetup:
    monkeypatch.setattr(zendesk_service, "DEFAULT_TIMEOUT", FAST_TIMEOUT)
    connection = make_connection(id="abcd1234", label="Test", address=fake_zendesk.url, email=EMAIL)
    save_settings(
        profile.settings_file,
        Settings(
            engineer_name="Ana Example",
            zendesk_connections=(connection,),
            default_connection=connection.id,
            summary_status="pending",
        ),
    )
    keyring.set_password("callcompanion", connection.keyring_user, TOKEN)
    companion = make_companion()
    return ZendeskSetup(companion, fake_zendesk, connection, clock)


@pytest.fixture
def fake_calendly() -> Iterator[FakeCalendly]:
    with FakeCalendly() as server:
        yield server
