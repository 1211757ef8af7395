"""OAuth tokens per connection in the keyring: kept, replaced after a refresh, forgotten on
sign-out, and never written to a file or a log."""

from __future__ import annotations

import json
import logging
import threading
from datetime import UTC, datetime
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from callcompanion.core.connections import OAuthClient, ZendeskConnection
from callcompanion.core.settings import Settings
from callcompanion.log import RotatingFile
from callcompanion.paths import AppPaths
from callcompanion.services.credentials import CredentialStore, OAuthTokenStore
from callcompanion.services.oauth.tokens import TokenSet
from callcompanion.services.settings_file import save_settings
from tests.conftest import MemoryKeyring

CONNECTION = ZendeskConnection(
    "abcd1234", "Global", "https://acme.zendesk.com", "", OAuthClient("callcompanion_global", 47823)
)
OTHER = ZendeskConnection("ef015678", "Gov", "https://gov.zendesk.com", "", OAuthClient("cc"))
EXPIRES = datetime(2026, 5, 4, 13, 30, tzinfo=UTC).timestamp()
ACCESS = "access-3f9c1e7a5b2d4c6e8f0a1b2c3d4e5f60"
REFRESH = "refresh-0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d"
ENTRY = ("callcompanion", "zendesk-oauth:abcd1234:acme.zendesk.com:callcompanion_global:47823")


def tokens(n: int = 0) -> TokenSet:
    return TokenSet(f"{ACCESS}-{n}", f"{REFRESH}-{n}", EXPIRES + 1800 * n, "read write")


def test_tokens_round_trip_through_one_keyring_entry(memory_keyring: MemoryKeyring) -> None:
    store = OAuthTokenStore(CredentialStore())
    assert store.load(CONNECTION) is None, "not signed in yet"
    assert store.save(CONNECTION, tokens()) is True
    assert list(memory_keyring.items) == [ENTRY]
    assert json.loads(memory_keyring.items[ENTRY]) == {
        "access_token": f"{ACCESS}-0",
        "refresh_token": f"{REFRESH}-0",
        "expires_at": EXPIRES,
        "scope": "read write",
    }
    assert store.load(CONNECTION) == tokens()
    assert store.load(OTHER) is None, "each connection has its own"


def test_a_sign_in_without_expiry_or_refresh_token_is_kept_as_it_is() -> None:
    store = OAuthTokenStore(CredentialStore())
    store.save(CONNECTION, TokenSet("only-access"))
    assert store.load(CONNECTION) == TokenSet("only-access")


def test_sign_out_forgets_the_tokens_and_nothing_else(memory_keyring: MemoryKeyring) -> None:
    credentials = CredentialStore()
    store = OAuthTokenStore(credentials)
    credentials.set(CONNECTION.keyring_user, "an-api-token")
    store.save(CONNECTION, tokens())
    store.save(OTHER, tokens(1))
    store.forget(CONNECTION)
    store.forget(CONNECTION)  # twice is fine
    assert store.load(CONNECTION) is None
    assert store.load(OTHER) == tokens(1)
    assert credentials.get(CONNECTION.keyring_user) == "an-api-token"
    assert ENTRY not in memory_keyring.items


def test_a_refreshed_pair_replaces_the_one_it_came_from() -> None:
    store = OAuthTokenStore(CredentialStore())
    store.save(CONNECTION, tokens(0))
    assert store.save_refreshed(CONNECTION, tokens(0), tokens(1)) is True
    assert store.load(CONNECTION) == tokens(1)
    # A second refresh from the same (now rotated) pair is not kept over the newer one.
    assert store.save_refreshed(CONNECTION, tokens(0), tokens(2)) is False
    assert store.load(CONNECTION) == tokens(1)


def test_a_refresh_that_ends_after_sign_out_brings_nothing_back() -> None:
    store = OAuthTokenStore(CredentialStore())
    store.save(CONNECTION, tokens(0))
    store.forget(CONNECTION)
    assert store.save_refreshed(CONNECTION, tokens(0), tokens(1)) is False
    assert store.load(CONNECTION) is None


def test_a_refresh_that_ends_after_a_new_sign_in_keeps_the_new_sign_in() -> None:
    store = OAuthTokenStore(CredentialStore())
    store.save(CONNECTION, tokens(0))
    store.save(CONNECTION, tokens(5))  # signed in again meanwhile
    assert store.save_refreshed(CONNECTION, tokens(0), tokens(1)) is False
    assert store.load(CONNECTION) == tokens(5)


def test_a_token_sources_saver_follows_each_rotation_until_sign_out() -> None:
    store = OAuthTokenStore(CredentialStore())
    store.save(CONNECTION, tokens(0))
    save = store.saver(CONNECTION, tokens(0))
    assert save(tokens(1)) is True
    assert save(tokens(2)) is True
    assert store.load(CONNECTION) == tokens(2)
    store.forget(CONNECTION)
    assert save(tokens(3)) is False
    assert store.load(CONNECTION) is None


def test_two_refreshes_of_one_pair_keep_exactly_one() -> None:
    store = OAuthTokenStore(CredentialStore())
    store.save(CONNECTION, tokens(0))
    start = threading.Barrier(8)
    results: dict[int, bool] = {}

    def refresh(n: int) -> None:
        start.wait(timeout=10)
        results[n] = store.save_refreshed(CONNECTION, tokens(0), tokens(n))

    threads = [threading.Thread(target=refresh, args=(n,)) for n in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert sorted(results.values()) == [False] * 7 + [True]
    (winner,) = [n for n, kept in results.items() if kept]
    assert store.load(CONNECTION) == tokens(winner)


@pytest.mark.parametrize(
    "damaged",
    ["not json", "[]", '{"refresh_token": "r-damaged"}', '{"access_token": 7}'],
)
def test_a_damaged_entry_means_sign_in_again(
    damaged: str, memory_keyring: MemoryKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    memory_keyring.items[ENTRY] = damaged
    store = OAuthTokenStore(CredentialStore())
    with caplog.at_level(logging.WARNING):
        assert store.load(CONNECTION) is None
    assert "the sign-in kept for abcd1234 is not usable" in caplog.text
    assert damaged not in caplog.text
    store.save(CONNECTION, tokens())
    assert store.load(CONNECTION) == tokens(), "the next sign-in replaces it"


def test_without_a_keyring_tokens_stay_in_memory_and_never_in_a_file(tmp_path: Path) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    store = OAuthTokenStore(CredentialStore())
    assert store.save(CONNECTION, tokens()) is False
    assert store.load(CONNECTION) == tokens()
    assert OAuthTokenStore(CredentialStore()).load(CONNECTION) is None, "gone when the app quits"
    assert _files_holding(tmp_path, [ACCESS, REFRESH]) == []


def test_no_token_reaches_a_file_under_the_profile_or_the_log(
    tmp_path: Path, memory_keyring: MemoryKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    paths = AppPaths.for_profile(tmp_path / "profile")
    paths.create()
    handler = RotatingFile(paths.log_dir / "callcompanion.log")
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.DEBUG)
    try:
        with caplog.at_level(logging.DEBUG):
            store = OAuthTokenStore(CredentialStore())
            save_settings(
                paths.config_dir / "settings.json", Settings(zendesk_connections=(CONNECTION,))
            )
            store.save(CONNECTION, tokens(0))
            store.save_refreshed(CONNECTION, tokens(0), tokens(1))
            store.save_refreshed(CONNECTION, tokens(0), tokens(2))  # refused, logged
            memory_keyring.items[
                ("callcompanion", "zendesk-oauth:ef015678:gov.zendesk.com:cc:any")
            ] = f'{{"access_token": ["{ACCESS}-9"], "refresh_token": "{REFRESH}-9"}}'
            assert store.load(OTHER) is None  # damaged, logged
            assert store.load(CONNECTION) == tokens(1)
            store.forget(CONNECTION)
    finally:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(level)
    log_text = (paths.log_dir / "callcompanion.log").read_text(encoding="utf-8")
    assert "was not kept: it was replaced" in log_text, "the log file did get the records"
    assert "the sign-in kept for ef015678 is not usable" in log_text
    assert ACCESS not in caplog.text
    assert REFRESH not in caplog.text
    assert _files_holding(tmp_path, [ACCESS, REFRESH]) == []
    settings_text = (paths.config_dir / "settings.json").read_text(encoding="utf-8")
    assert '"sign_in": "oauth"' in settings_text, "the connection itself is in the file"


def _files_holding(folder: Path, secrets: list[str]) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if any(secret.encode() in data for secret in secrets):
                found.append(path)
    return found
