from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest
from keyring.backends.chainer import ChainerBackend

from callcompanion.services.credentials import keyring_status
from tests.conftest import MemoryKeyring


def test_a_real_backend_is_secure(memory_keyring: MemoryKeyring) -> None:
    status = keyring_status()
    assert status.secure
    assert status.backend == "tests.conftest.MemoryKeyring"
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
