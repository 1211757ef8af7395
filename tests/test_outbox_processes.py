"""The outbox across real processes: two apps on one store, and a quit while a PUT hangs."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.core.summary import new_marker, with_marker
from callcompanion.services.outbox import EntryState, NewPost, Outbox
from callcompanion.services.storage import open_store
from tests.fakes.posts import internal_notes
from tests.fakes.processes import TIMEOUT, driver, first_line, kill, profile_connected_to
from tests.fakes.zendesk_server import FakeZendesk, Hang

QUIT_WITHIN = 2.0

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and symlinks")


def test_two_apps_on_one_store_send_a_post_once(
    tmp_path: Path, env: dict[str, str], zendesk: FakeZendesk
) -> None:
    # Two profiles whose data folder is one folder (a synced or linked data directory): two
    # running apps, one SQLite file.
    first = profile_connected_to(tmp_path / "first", zendesk, env)
    second_profile = tmp_path / "second"
    (second_profile / "data").parent.mkdir()
    (second_profile / "data").symlink_to(first.data_dir, target_is_directory=True)
    second = profile_connected_to(second_profile, zendesk, env)
    assert second.store_file.resolve() == first.store_file.resolve()

    store = open_store(first.store_file).store
    marker = new_marker()
    (entry_id,) = Outbox(store).add(
        [
            NewPost(
                ticket=12345,
                body=with_marker("Summary of our call", marker),
                public=True,
                marker=marker,
                kind=OutboxKind.SUMMARY,
                label="Summary for #12345",
                call_id=None,
                connection_id="abcd1234",
            )
        ],
        datetime.now(UTC),
        connected=True,
    )
    store.close()
    # Slow enough that both apps are up and looking at the post before the first PUT returns.
    zendesk.slow("PUT", r"/tickets/12345$", 4.0)

    apps = [driver(tmp_path / name, "settle", env) for name in ("first", "second")]
    try:
        for app in apps:
            assert first_line(app) == {"settled": True}
        for app in apps:
            app.communicate(timeout=TIMEOUT)
            assert app.returncode == 0
    finally:
        for app in apps:
            if app.poll() is None:
                app.kill()
                app.communicate(timeout=TIMEOUT)

    assert len(zendesk.comments(12345)) == 1, "exactly one comment"
    assert len(zendesk.calls("PUT", r"/tickets/12345$")) == 1, "one app sent it, once"
    store = open_store(first.store_file).store
    try:
        entry = Outbox(store).get(entry_id)
    finally:
        store.close()
    assert entry is not None
    assert entry.state is EntryState.SENT
    assert entry.claim_owner is None, "the claim was released with the outcome"


def test_quit_while_a_put_hangs_is_prompt_and_the_post_goes_once_later(
    tmp_path: Path, env: dict[str, str], zendesk: FakeZendesk
) -> None:
    profile = tmp_path / "profile"
    paths = profile_connected_to(profile, zendesk, env)
    zendesk.fail("PUT", r"/tickets/12345$", Hang(60, apply_first=True))

    posting = driver(profile, "post", env)
    assert "posting" in first_line(posting)
    deadline = time.monotonic() + TIMEOUT
    while not zendesk.calls("PUT", r"/tickets/12345$"):
        assert time.monotonic() < deadline, "the post never reached the server"
        time.sleep(0.05)
    asked = time.monotonic()
    posting.send_signal(signal.SIGTERM)
    try:
        _, stderr = posting.communicate(timeout=QUIT_WITHIN + 3)
    except subprocess.TimeoutExpired:
        posting.kill()
        posting.communicate(timeout=TIMEOUT)
        raise AssertionError("the app was still running 5 s after being asked to quit") from None
    took = time.monotonic() - asked
    assert took <= QUIT_WITHIN, f"quitting took {took:.1f} s"
    assert posting.returncode == 0
    assert "Traceback" not in stderr
    assert "Error" not in stderr, stderr
    log = paths.log_file.read_text(encoding="utf-8")
    assert "Traceback" not in log
    assert "RuntimeError" not in log
    assert " ERROR " not in log
    assert len(zendesk.comments(12345)) == 1, "the comment went in; its answer never came"

    settling = driver(profile, "settle", env)  # the server answers again
    assert first_line(settling) == {"settled": True}
    settling.communicate(timeout=TIMEOUT)
    assert len(zendesk.comments(12345)) == 1, "not posted twice"
    assert len(zendesk.calls("PUT", r"/tickets/12345$")) == 1
    assert zendesk.calls("GET", r"/tickets/12345/comments"), "the marker was looked for"


def test_sigkill_between_a_batch_claim_and_its_outcomes_posts_each_once(
    tmp_path: Path, env: dict[str, str], zendesk: FakeZendesk
) -> None:
    profile = tmp_path / "profile"
    paths = profile_connected_to(profile, zendesk, env)
    tickets = [101, 102, 103, 103, 104, 101]
    for ticket in set(tickets):
        zendesk.add_ticket(ticket, subject=f"Ticket {ticket}")
    store = open_store(paths.store_file).store
    markers = [new_marker() for _ in tickets]
    ids = Outbox(store).add(
        internal_notes(tickets, "abcd1234", markers=markers),
        datetime.now(UTC),
        connected=True,
    )
    store.close()
    # The third post reaches Zendesk and its answer never comes: the app dies waiting for it.
    zendesk.fail("PUT", r"/tickets/103$", Hang(60, apply_first=True))

    draining = driver(profile, "settle", env)
    deadline = time.monotonic() + TIMEOUT
    while not zendesk.comments(103):
        assert draining.poll() is None, draining.communicate(timeout=TIMEOUT)
        assert time.monotonic() < deadline, "the third post never reached the server"
        time.sleep(0.02)
    kill(draining)

    store = open_store(paths.store_file).store
    try:
        left = [Outbox(store).get(entry_id) for entry_id in ids]
    finally:
        store.close()
    # Claimed together before the first request: the one under way and the three behind it
    # are still the killed app's, their outcomes never stored.
    for entry in left[2:]:
        assert entry is not None
        assert entry.state is EntryState.SENDING
        assert entry.claim_owner is not None
    assert len({entry.claim_owner for entry in left[2:] if entry}) == 1

    settling = driver(profile, "settle", env)
    assert first_line(settling) == {"settled": True}
    settling.communicate(timeout=TIMEOUT)
    bodies = [str(c["body"]) for ticket in sorted(set(tickets)) for c in zendesk.comments(ticket)]
    for marker in markers:
        assert sum(marker in body for body in bodies) == 1, "each post exactly once"
    assert [str(c["body"]).split("\n")[0] for c in zendesk.comments(103)] == [
        "Note 2 for #103",
        "Note 3 for #103",
    ], "in the order queued"
    assert zendesk.calls("GET", r"/tickets/103/comments"), "the marker was looked for"
