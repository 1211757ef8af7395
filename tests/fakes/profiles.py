"""Profiles set up for a loopback Zendesk: for tests in process, app processes and benchmarks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from callcompanion.core.connections import ZendeskConnection, make_connection
from callcompanion.core.settings import Settings
from callcompanion.paths import AppPaths
from callcompanion.services.settings_file import save_settings
from tests.fakes.zendesk_server import EMAIL, FakeZendesk


def loopback_connection(
    zendesk: FakeZendesk, *, id: str = "abcd1234", label: str = "Loopback"
) -> ZendeskConnection:
    return make_connection(id=id, label=label, address=zendesk.url, email=EMAIL)


def connected_profile(
    profile: Path, zendesk: FakeZendesk, *, connection_id: str = "abcd1234", **settings: Any
) -> tuple[AppPaths, ZendeskConnection]:
    """A profile whose default Zendesk connection is *zendesk* (its token is the caller's to
    store, in whichever keyring the app will read).

    *settings*: further :class:`Settings` fields (``engineer_name``, ``summary_status``…).
    """
    paths = AppPaths.for_profile(profile)
    paths.create()
    connection = loopback_connection(zendesk, id=connection_id)
    save_settings(
        paths.settings_file,
        Settings(zendesk_connections=(connection,), default_connection=connection.id, **settings),
    )
    return paths, connection
