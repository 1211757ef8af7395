"""The app against a real Secret Service (gnome-keyring on a private D-Bus session)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / ".ci" / "keyring-session.sh"
TOOLS = ("dbus-run-session", "dbus-send", "gnome-keyring-daemon")


def require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        message = (
            f"needs {', '.join(missing)}: "
            "apt-get install --no-install-recommends gnome-keyring dbus"
        )
        if os.environ.get("CALLCOMPANION_REQUIRE_SECRET_SERVICE") == "1":
            pytest.fail(message)
        pytest.skip(message)


def test_smoke_test_finds_the_real_secret_service(tmp_path: Path) -> None:
    require_tools()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_DATA_HOME": str(tmp_path / "data-home"),
    }
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    result = subprocess.run(
        [
            "dbus-run-session",
            "--",
            str(SCRIPT),
            sys.executable,
            "-m",
            "callcompanion",
            "--profile",
            str(tmp_path / "profile"),
            "--smoke-test",
            "--check-keyring",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["keyring"]["secure"] is True, report["keyring"]
    assert (
        "SecretService" in report["keyring"]["backend"]
        or "chainer" in report["keyring"]["backend"].lower()
    )
    assert "system keyring" in report["keyring"]["description"]
    assert report["keyring"]["round_trip"] == "ok"


ROUND_TRIP = """
from callcompanion.services.credentials import CredentialStore
store = CredentialStore()
assert store.secure, store.status()
assert store.set("zendesk:abcd1234", "tok-" + "123") is True
assert CredentialStore().get("zendesk:abcd1234") == "tok-123"
store.delete("zendesk:abcd1234")
assert CredentialStore().get("zendesk:abcd1234") is None
print("round trip ok:", store.status().backend)
"""


def test_tokens_round_trip_through_the_real_secret_service(tmp_path: Path) -> None:
    require_tools()
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data-home")}
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    result = subprocess.run(
        ["dbus-run-session", "--", str(SCRIPT), sys.executable, "-c", ROUND_TRIP],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "round trip ok" in result.stdout
