"""Helpers for tests that run the real app as its own process (and kill it, or start two).

The app process reads its tokens from :class:`tests.fakes.file_keyring.FileKeyring` (a JSON
file named by ``CALLCOMPANION_TEST_KEYRING``), so a test can put a token there beforehand and
grep for it afterwards.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from callcompanion.paths import AppPaths
from tests.fakes.file_keyring import FileKeyring
from tests.fakes.profiles import connected_profile
from tests.fakes.profiles import loopback_connection as loopback_connection  # (re-exported)
from tests.fakes.zendesk_server import TOKEN, FakeZendesk

ROOT = Path(__file__).resolve().parent.parent.parent
TIMEOUT = 60


def app_env(keyring_file: Path) -> dict[str, str]:
    """The environment of an app process: offscreen, this checkout, the file keyring."""
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "tests.fakes.file_keyring.FileKeyring",
        "CALLCOMPANION_TEST_KEYRING": str(keyring_file),
        "PYTHONPATH": str(ROOT),
    }


def spawn(module: str, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    """``python -m MODULE ARGS…`` with pipes for its output."""
    return subprocess.Popen(
        [sys.executable, "-m", module, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def driver(profile: Path, mode: str, env: dict[str, str]) -> subprocess.Popen[str]:
    """The app in a process of its own, driven by :mod:`tests.fakes.app_driver`."""
    return spawn("tests.fakes.app_driver", str(profile), mode, env=env)


def first_line(proc: subprocess.Popen[str]) -> dict[str, object]:
    """The next JSON line the process prints; its stderr in the failure when it prints none."""
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        _, err = proc.communicate(timeout=TIMEOUT)
        raise AssertionError(f"the app said nothing; stderr:\n{err}")
    return dict(json.loads(line))


def kill(proc: subprocess.Popen[str]) -> None:
    """SIGKILL, as a crash or a power cut would end it."""
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == -signal.SIGKILL


def profile_connected_to(profile: Path, zendesk: FakeZendesk, env: dict[str, str]) -> AppPaths:
    """A profile whose default Zendesk connection is ``zendesk``, its token in env's keyring."""
    paths, connection = connected_profile(profile, zendesk)
    previous = os.environ.get("CALLCOMPANION_TEST_KEYRING")
    os.environ["CALLCOMPANION_TEST_KEYRING"] = env["CALLCOMPANION_TEST_KEYRING"]
    try:
        FileKeyring().set_password("callcompanion", connection.keyring_user, TOKEN)
    finally:
        if previous is None:
            del os.environ["CALLCOMPANION_TEST_KEYRING"]
        else:
            os.environ["CALLCOMPANION_TEST_KEYRING"] = previous
    return paths
