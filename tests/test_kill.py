"""SIGKILL at the worst moments: mid-sentence in the summary, mid-post to Zendesk."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from callcompanion.paths import AppPaths
from callcompanion.services.storage import open_store
from callcompanion.services.summaries import SummaryStore
from tests.fakes.app_driver import TYPED
from tests.fakes.processes import TIMEOUT, driver, first_line, kill, profile_connected_to
from tests.fakes.zendesk_server import FakeZendesk, Hang

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


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


def test_sigkill_mid_post_then_relaunch_posts_exactly_once(
    tmp_path: Path, env: dict[str, str], zendesk: FakeZendesk
) -> None:
    profile = tmp_path / "profile"
    profile_connected_to(profile, zendesk, env)
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
