"""How a connection signs in: OAuth (with the team's client) or an API token; older settings read
as API-token connections."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from callcompanion.core.connections import (
    ConnectionSettingError,
    OAuthClient,
    SignInMethod,
    ZendeskConnection,
    make_connection,
    make_oauth_client,
)
from callcompanion.core.settings import Settings
from callcompanion.services.settings_file import load_settings, save_settings

OLD_SETTINGS = (
    Path(__file__).resolve().parent.parent
    / "fixtures"
    / "settings"
    / "written-before-sign-in-with-zendesk.json"
)


def test_settings_written_before_sign_in_read_as_api_token_connections(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    shutil.copyfile(OLD_SETTINGS, path)
    loaded = load_settings(path)
    assert loaded.notices == []
    global_, gov = loaded.settings.zendesk_connections
    assert global_ == ZendeskConnection(
        "abcd1234", "Global", "https://acme.zendesk.com", "ana@example.com"
    )
    assert gov.base_url == "https://support.example.gov"
    assert {c.sign_in for c in (global_, gov)} == {SignInMethod.API_TOKEN}
    assert {c.oauth for c in (global_, gov)} == {None}
    assert global_.keyring_user == "zendesk:abcd1234", "the saved API token is still found"
    assert loaded.settings.default_connection == "ef015678"
    # Saved again, each connection says which way it signs in.
    save_settings(path, loaded.settings)
    saved = json.loads(path.read_text(encoding="utf-8"))["zendesk_connections"]
    assert [c["sign_in"] for c in saved] == ["api_token", "api_token"]
    assert load_settings(path).settings == loaded.settings


def test_an_oauth_connection_round_trips_through_the_settings_file(tmp_path: Path) -> None:
    connection = make_connection(
        id="abcd1234",
        label="Global",
        address="acme",
        email="",
        oauth=OAuthClient("callcompanion_global", 47823),
    )
    assert connection.sign_in is SignInMethod.OAUTH
    assert connection.email == "", "known once the engineer has signed in"
    path = tmp_path / "settings.json"
    save_settings(path, Settings(zendesk_connections=(connection,)))
    stored = json.loads(path.read_text(encoding="utf-8"))["zendesk_connections"][0]
    assert stored == {
        "id": "abcd1234",
        "label": "Global",
        "base_url": "https://acme.zendesk.com",
        "email": "",
        "sign_in": "oauth",
        "oauth": {"client_id": "callcompanion_global", "redirect_port": 47823},
    }
    loaded = load_settings(path)
    assert loaded.notices == []
    assert loaded.settings.zendesk_connections == (connection,)


def test_an_oauth_connection_keeps_who_signed_in() -> None:
    connection = make_connection(
        id="abcd1234",
        label="",
        address="acme",
        email=" ana@example.com ",
        oauth=OAuthClient("cc"),
    )
    assert connection.email == "ana@example.com"
    with pytest.raises(ConnectionSettingError, match="email address"):
        make_connection(
            id="abcd1234", label="", address="acme", email="ana", oauth=OAuthClient("cc")
        )


def test_an_api_token_connection_still_needs_the_email() -> None:
    with pytest.raises(ConnectionSettingError, match="the API token's owner"):
        make_connection(id="abcd1234", label="", address="acme", email="")


def test_the_two_ways_keep_their_secrets_in_separate_keyring_entries() -> None:
    connection = ZendeskConnection("abcd1234", "", "https://acme.zendesk.com", "", OAuthClient("c"))
    assert connection.keyring_user == "zendesk:abcd1234"
    assert connection.oauth_keyring_user == "zendesk-oauth:abcd1234:acme.zendesk.com:c:any"


def test_a_sign_in_is_kept_for_the_instance_and_client_it_was_made_for() -> None:
    """Editing a connection's address or client names another keyring entry: the saved
    connection's sign-in is neither overwritten by the new one nor removed with it."""
    connection = ZendeskConnection(
        "abcd1234", "", "https://acme.zendesk.com", "", OAuthClient("c", 47823)
    )
    assert connection.oauth_keyring_user == "zendesk-oauth:abcd1234:acme.zendesk.com:c:47823"
    edits = [
        replace(connection, base_url="https://acme2.zendesk.com"),
        replace(connection, base_url="https://acme.zendesk.com:8443"),
        replace(connection, oauth=OAuthClient("d", 47823)),
        replace(connection, oauth=OAuthClient("c", 47824)),
        replace(connection, oauth=OAuthClient("c")),
        replace(connection, id="abcd1235"),
    ]
    names = {connection.oauth_keyring_user, *(c.oauth_keyring_user for c in edits)}
    assert len(names) == 1 + len(edits)
    assert replace(connection, label="Renamed", email="a@b.co").oauth_keyring_user == (
        connection.oauth_keyring_user
    ), "who signed in and the name are not part of it"


def test_each_way_says_what_it_is_and_why_oauth_is_preferred() -> None:
    assert SignInMethod.OAUTH.label == "Signs in with Zendesk"
    assert SignInMethod.API_TOKEN.label == "Uses an API token"
    assert "never sees your password" in SignInMethod.OAUTH.explanation
    assert "can act as any user" in SignInMethod.API_TOKEN.explanation


@pytest.mark.parametrize(
    ("client_id", "port", "problem"),
    [
        ("", None, "unique identifier"),
        ("a b", None, "unique identifier"),
        ("a/b", None, "unique identifier"),
        ("x" * 129, None, "unique identifier"),
        (7, None, "unique identifier"),
        ("cc", 0, "from 1024 to 65535"),
        ("cc", 65536, "from 1024 to 65535"),
        ("cc", True, "from 1024 to 65535"),
        ("cc", 8080.0, "from 1024 to 65535"),
    ],
)
def test_oauth_clients_are_checked(client_id: Any, port: Any, problem: str) -> None:
    with pytest.raises(ConnectionSettingError, match=problem):
        make_oauth_client(client_id, port)


@pytest.mark.parametrize(
    ("stored", "problem"),
    [
        ({"sign_in": "password"}, "“password” is not a way to sign in (oauth or api_token)"),
        ({"sign_in": "oauth"}, "signing in with Zendesk needs the OAuth client"),
        ({"sign_in": "oauth", "oauth": "cc"}, "signing in with Zendesk needs the OAuth client"),
        ({"sign_in": "oauth", "oauth": {"client_id": "a b"}}, "unique identifier"),
        (
            {"sign_in": "oauth", "oauth": {"client_id": "cc", "redirect_port": 22}},
            "redirect port",
        ),
    ],
)
def test_a_broken_stored_connection_is_left_out_with_a_sentence(
    stored: dict[str, Any], problem: str
) -> None:
    base = {"id": "abcd1234", "label": "G", "base_url": "https://acme.zendesk.com", "email": ""}
    good = {"id": "ef015678", "label": "H", "base_url": "https://b.zendesk.com", "email": "a@b.co"}
    settings, warnings = Settings.from_dict({"zendesk_connections": [base | stored, good]})
    assert [c.id for c in settings.zendesk_connections] == ["ef015678"]
    (warning,) = warnings
    assert warning.startswith("A Zendesk connection was left out: ")
    assert problem in warning
