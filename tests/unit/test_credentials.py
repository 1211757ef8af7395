from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest
from keyring.backends.chainer import ChainerBackend

from callcompanion.services.credentials import CredentialError, CredentialStore, keyring_status
from tests.conftest import MemoryKeyring


def test_a_real_backend_is_secure(memory_keyring: MemoryKeyring) -> None:
    status = keyring_status()
    assert status.secure
    assert status.backend == "tests.fakes.memory_keyring.MemoryKeyring"
    assert "system keyring" in status.description


def test_the_fail_backend_is_reported_plainly() -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    status = keyring_status()
    assert not status.secure
    assert status.backend == "keyring.backends.fail.Keyring"
    assert "No secure password store" in status.description
    assert "will not be saved" in status.description


def test_a_chainer_is_judged_by_what_it_chains(monkeypatch: pytest.MonkeyPatch) -> None:
    chain = ChainerBackend()
    monkeypatch.setattr(ChainerBackend, "backends", property(lambda self: [MemoryKeyring()]))
    keyring.set_keyring(chain)
    assert keyring_status().secure
    monkeypatch.setattr(
        ChainerBackend, "backends", property(lambda self: [keyring.backends.fail.Keyring()])
    )
    assert not keyring_status().secure


def test_a_broken_keyring_install_does_not_raise(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode() -> None:
        raise RuntimeError("D-Bus went away")

    monkeypatch.setattr(keyring, "get_keyring", explode)
    status = keyring_status()
    assert not status.secure
    assert "D-Bus went away" in status.description


def test_tokens_go_to_the_keyring(memory_keyring: MemoryKeyring) -> None:
    store = CredentialStore()
    assert store.set("zendesk:abcd1234", "tok") is True
    assert memory_keyring.items == {("callcompanion", "zendesk:abcd1234"): "tok"}
    assert store.get("zendesk:abcd1234") == "tok"
    store.delete("zendesk:abcd1234")
    store.delete("zendesk:abcd1234")  # twice is fine
    assert store.get("zendesk:abcd1234") is None


def test_without_a_keyring_tokens_stay_in_memory_only() -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    store = CredentialStore()
    assert not store.secure
    assert store.set("zendesk:abcd1234", "tok") is False
    assert store.get("zendesk:abcd1234") == "tok"
    assert CredentialStore().get("zendesk:abcd1234") is None, "gone when the app quits"


def test_a_locked_keyring_is_a_plain_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring.errors

    store = CredentialStore()

    def locked(*_args: object) -> None:
        raise keyring.errors.KeyringLocked("locked")

    monkeypatch.setattr(keyring, "get_password", locked)
    monkeypatch.setattr(keyring, "set_password", locked)
    with pytest.raises(CredentialError, match="locked"):
        store.get("zendesk:x")
    with pytest.raises(CredentialError, match="Unlock it"):
        store.set("zendesk:x", "tok")
