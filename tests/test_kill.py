"""SIGKILL at the worst moments: mid-sentence in the summary, mid-post to Zendesk."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from callcompanion.core.connections import make_connection
from callcompanion.core.settings import Settings
from callcompanion.paths import AppPaths
from callcompanion.services.settings_file import save_settings
from callcompanion.services.storage import open_store
from callcompanion.services.summaries import SummaryStore
from tests.fakes.app_driver import TYPED
from tests.fakes.file_keyring import FileKeyring
from tests.fakes.zendesk_server import EMAIL, TOKEN, FakeZendesk, Hang

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "tests.fakes.file_keyring.FileKeyring",
        "CALLCOMPANION_TEST_KEYRING": str(tmp_path / "keyring.json"),
        "PYTHONPATH": str(ROOT),
    }


def driver(profile: Path, mode: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.app_driver", str(profile), mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def first_line(proc: subprocess.Popen[str]) -> dict[str, object]:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        _, err = proc.communicate(timeout=TIMEOUT)
        raise AssertionError(f"the app said nothing; stderr:\n{err}")
    return dict(json.loads(line))


def kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == -signal.SIGKILL


def test_sigkill_mid_sentence_loses_nothing(tmp_path: Path, env: dict[str, str]) -> None:
    profile = tmp_path / "profile"
    typing = driver(profile, "type", env)
    said = first_line(typing)
    assert said["typed"] == TYPED
    time.sleep(2.0)  # the draft is saved within two seconds of the last key
    kill(typing)

    store = open_store(AppPaths.for_profile(profile).store_file).store
    draft = SummaryStore(store).get(str(said["call_id"]))
    store.close()
    assert draft is not None
    assert draft.learned == TYPED

    again = driver(profile, "report", env)
    report = first_line(again)
    again.communicate(timeout=TIMEOUT)
    assert report["call_running"] is True
    assert report["editors"] == [{"call_id": said["call_id"], "learned": TYPED}], (
        "the relaunched app opens the draft again"
    )


@pytest.fixture
def zendesk() -> Iterator[FakeZendesk]:
    with FakeZendesk() as server:
        server.add_ticket(12345, subject="Upgrade fails")
        yield server


def test_sigkill_mid_post_then_relaunch_posts_exactly_once(
    tmp_path: Path, env: dict[str, str], zendesk: FakeZendesk
) -> None:
    profile = tmp_path / "profile"
    paths = AppPaths.for_profile(profile)
    paths.create()
    connection = make_connection(id="abcd1234", label="Loopback", address=zendesk.url, email=EMAIL)
    save_settings(
        paths.settings_file,
        Settings(zendesk_connections=(connection,), default_connection=connection.id),
    )
    os.environ["CALLCOMPANION_TEST_KEYRING"] = env["CALLCOMPANION_TEST_KEYRING"]
    try:
        FileKeyring().set_password("callcompanion", connection.keyring_user, TOKEN)
    finally:
        del os.environ["CALLCOMPANION_TEST_KEYRING"]
    zendesk.fail("PUT", r"/tickets/12345$", Hang(60, apply_first=True))

    posting = driver(profile, "post", env)
    assert "posting" in first_line(posting)
    deadline = time.monotonic() + TIMEOUT
    while not zendesk.calls("PUT", r"/tickets/12345$"):
        assert time.monotonic() < deadline, "the post never reached the server"
        time.sleep(0.05)
    time.sleep(0.2)  # the comment is in; the answer never comes
    kill(posting)
    assert len(zendesk.comments(12345)) == 1

    settling = driver(profile, "settle", env)
    assert first_line(settling) == {"settled": True}
    settling.communicate(timeout=TIMEOUT)
    assert len(zendesk.comments(12345)) == 1, "not posted twice"
    assert len(zendesk.calls("PUT", r"/tickets/12345$")) == 1
    assert zendesk.calls("GET", r"/tickets/12345/comments"), "the marker was looked for"
