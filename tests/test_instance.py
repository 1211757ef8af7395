"""One app per profile, its command line, the smoke test and crash traces, as real processes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.paths import AppPaths
from callcompanion.services.outbox import NewPost, Outbox
from callcompanion.services.storage import open_store
from tests.fakes.processes import ROOT, TIMEOUT, loopback_connection, profile_connected_to
from tests.fakes.zendesk_server import FakeZendesk
from tests.test_cli import seed_running_call, wait_for_log

RACES = 5

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX sockets and signals")


def launch(profile: Path, env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "callcompanion", "--profile", str(profile), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def cli(profile: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "callcompanion", "--profile", str(profile), *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
        cwd=ROOT,
        check=False,
    )


def status(profile: Path, env: dict[str, str]) -> dict[str, Any]:
    result = cli(profile, env, "--status")
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.strip().splitlines()
    return dict(json.loads(line))


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.05)


def _any_exited(procs: list[subprocess.Popen[str]]) -> bool:
    return any(proc.poll() is not None for proc in procs)


def stop(proc: subprocess.Popen[str]) -> tuple[str, str]:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=TIMEOUT)
    return out, err


@pytest.fixture
def running(tmp_path: Path, env: dict[str, str]) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    profile = tmp_path / "profile"
    proc = launch(profile, env)
    try:
        wait_for_log(profile, "listening for later launches", proc)
        yield profile, proc
    finally:
        stop(proc)


# -- two launches at the same moment ------------------------------------------------------------


def test_simultaneous_launches_leave_exactly_one_app(tmp_path: Path, env: dict[str, str]) -> None:
    for attempt in range(RACES):
        profile = tmp_path / f"profile{attempt}"
        AppPaths.for_profile(profile).create()
        pair = [launch(profile, env), launch(profile, env)]
        try:
            wait_until(partial(_any_exited, pair), "one launch exits")
            (loser,) = [p for p in pair if p.poll() is not None]
            (survivor,) = [p for p in pair if p is not loser]
            out, err = loser.communicate(timeout=TIMEOUT)
            assert loser.returncode == 0, err
            assert "already running" in out
            wait_for_log(profile, "another launch asked: show", survivor)
            assert survivor.poll() is None, "the first one keeps running"
            assert status(profile, env)["running"] is True
        finally:
            for proc in pair:
                stop(proc)


def test_a_later_launch_waits_for_an_app_that_is_still_starting(
    tmp_path: Path, env: dict[str, str]
) -> None:
    # The second launch comes before the first one listens: it knocks until it is answered.
    profile = tmp_path / "profile"
    first = launch(profile, env, "--start-call", "12345", "--customer-joined")
    try:
        wait_until(lambda: AppPaths.for_profile(profile).lock_file.exists(), "the lock is taken")
        second = cli(profile, env, "--status")
        assert second.returncode == 0, second.stderr
        assert json.loads(second.stdout)["running"] is True
        wait_until(lambda: status(profile, env)["call_running"], "the call starts")
        assert first.poll() is None
    finally:
        stop(first)


# -- the command line ---------------------------------------------------------------------------


def test_status_when_nothing_runs(tmp_path: Path, env: dict[str, str]) -> None:
    result = cli(tmp_path / "profile", env, "--status")
    assert result.returncode == 3
    assert json.loads(result.stdout) == {"running": False}
    ended = cli(tmp_path / "profile", env, "--end-call")
    assert ended.returncode == 3
    assert "not running" in ended.stderr
    assert not (tmp_path / "profile" / "data" / "instance.lock").exists(), "nothing started"


def test_start_status_and_end_a_call_from_the_command_line(
    running: tuple[Path, subprocess.Popen[str]], env: dict[str, str]
) -> None:
    profile, proc = running
    idle = status(profile, env)
    assert idle["call_running"] is False
    assert idle["outbox"] == {"waiting": 0, "in_flight": 0, "failed": 0, "not_connected": 0}

    started = cli(profile, env, "--start-call", "#12345", "--call-type", "troubleshooting")
    assert started.returncode == 0, started.stderr
    assert "#12345" in started.stdout
    now = status(profile, env)
    assert now["call_running"] is True
    assert now["ticket"] == "#12345"
    assert now["call_type"] == "troubleshooting"
    assert now["call_type_name"] == "Troubleshooting"
    assert now["state"] == "waiting"  # the customer has not joined yet
    assert now["planned_minutes"] == 60
    assert isinstance(now["elapsed_seconds"], int)
    assert now["due_prompts"] == []

    again = cli(profile, env, "--start-call", "999")
    assert again.returncode == 1
    assert "A call on #12345 is already running" in again.stderr
    assert any("already running" in n for n in status(profile, env)["notices"])

    ended = cli(profile, env, "--end-call")
    assert ended.returncode == 0, ended.stderr
    assert status(profile, env)["call_running"] is False
    nothing = cli(profile, env, "--end-call")
    assert nothing.returncode == 1
    assert "No call is running" in nothing.stderr
    assert proc.poll() is None


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["abc"], "is not a ticket"),
        (["12345", "--call-type", "nonsense"], "nonsense"),
        (["12345", "--platform", "teams"], "use zoom or webex"),
        (["12345", "--call-type", "upgrade_assistance"], "backup"),
    ],
)
def test_a_refused_start_says_why_on_stderr_and_in_the_window(
    running: tuple[Path, subprocess.Popen[str]], env: dict[str, str], args: list[str], said: str
) -> None:
    profile, _proc = running
    result = cli(profile, env, "--start-call", *args)
    assert result.returncode == 1
    assert said in result.stderr.lower() or said in result.stderr
    after = status(profile, env)
    assert after["call_running"] is False
    assert any(said in notice for notice in after["notices"]), after["notices"]


def test_start_call_launches_the_app_when_it_is_not_running(
    tmp_path: Path, env: dict[str, str]
) -> None:
    profile = tmp_path / "profile"
    proc = launch(profile, env, "--start-call", "4242", "--platform", "webex", "--customer-joined")
    try:
        wait_until(
            lambda: (
                cli(profile, env, "--status").returncode == 0
                and status(profile, env)["call_running"]
            ),
            "the launched app starts the call",
        )
        now = status(profile, env)
        assert now["ticket"] == "#4242"
        assert now["platform"] == "webex"
        assert now["state"] == "in_progress"
    finally:
        stop(proc)


def test_options_for_a_call_need_start_call(tmp_path: Path, env: dict[str, str]) -> None:
    result = cli(tmp_path / "profile", env, "--call-type", "discovery")
    assert result.returncode == 2
    assert "--call-type only goes with --start-call" in result.stderr


def _exchange(key: str, data: bytes) -> dict[str, Any]:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(TIMEOUT)
        sock.connect(key)
        sock.sendall(data)
        received = b""
        while b"\n" not in received:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    return dict(json.loads(received))


def test_malformed_requests_get_an_error_reply_and_the_app_carries_on(
    running: tuple[Path, subprocess.Popen[str]], env: dict[str, str]
) -> None:
    profile, proc = running
    key = AppPaths.for_profile(profile).instance_key()
    for data in (
        b"{not json\n",
        b"[1, 2]\n",
        b'{"v": 1, "command": "format_disk"}\n',
        b'{"v": 99, "command": "status"}\n',
        b'{"v": 1, "command": "start_call", "args": {"ticket": 12345}}\n',
        b"x" * 20_000,  # no newline, too long
    ):
        reply = _exchange(key, data)
        assert reply["ok"] is False
        assert reply["v"] == 1
        assert reply["error"]
    assert proc.poll() is None
    assert status(profile, env)["running"] is True


def test_a_socket_that_is_not_ours_does_not_stop_the_app(
    tmp_path: Path, env: dict[str, str]
) -> None:
    profile = tmp_path / "profile"
    paths = AppPaths.for_profile(profile)
    paths.create()
    key = paths.instance_key()
    squatter = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    squatter.bind(key)
    squatter.listen(8)  # accepts connections, never answers
    proc = launch(profile, env)
    try:
        wait_for_log(profile, "listening for later launches", proc)
        assert status(profile, env)["running"] is True
        assert status(profile, env)["pid"] == proc.pid
    finally:
        stop(proc)
        squatter.close()


# -- the smoke test never sends -----------------------------------------------------------------


def _profile_with_a_queued_post(profile: Path, zendesk: FakeZendesk, env: dict[str, str]) -> None:
    paths = profile_connected_to(profile, zendesk, env)
    seed_running_call(profile, minutes_ago=3)  # its ticket details would be fetched
    store = open_store(paths.store_file).store
    Outbox(store).add(
        [
            NewPost(
                ticket=12345,
                body="Queued before the smoke test.",
                public=True,
                marker="cc-smoke-marker",
                kind=OutboxKind.SUMMARY,
                label="Summary for #12345",
                call_id=None,
                connection_id=loopback_connection(zendesk).id,
            )
        ],
        datetime.now(UTC),
        connected=True,
    )
    store.close()


def test_simultaneous_launches_with_a_queued_post_send_it_once(
    tmp_path: Path, env: dict[str, str], zendesk: FakeZendesk
) -> None:
    profile = tmp_path / "profile"
    _profile_with_a_queued_post(profile, zendesk, env)
    # Slow enough that a second sender, if there were one, would start before the first is done.
    zendesk.slow("PUT", r"/tickets/12345$", 2.0)
    pair = [launch(profile, env), launch(profile, env)]
    try:
        wait_until(partial(_any_exited, pair), "one launch exits")
        (survivor,) = [p for p in pair if p.poll() is None]

        def settled() -> bool:
            outbox = status(profile, env)["outbox"]
            return bool(zendesk.comments(12345)) and outbox["waiting"] + outbox["in_flight"] == 0

        wait_until(settled, "the queued post is sent")
        assert survivor.poll() is None
    finally:
        for proc in pair:
            stop(proc)
    assert len(zendesk.comments(12345)) == 1, "exactly one comment"
    assert len(zendesk.calls("PUT", r"/tickets/12345$")) == 1


def test_the_smoke_test_sends_nothing(
    tmp_path: Path, env: dict[str, str], zendesk: FakeZendesk
) -> None:
    profile = tmp_path / "profile"
    _profile_with_a_queued_post(profile, zendesk, env)
    result = cli(profile, env, "--smoke-test")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert report["profile_in_use"] is False
    assert report["call_running"] is True
    assert zendesk.calls("GET", ".*") == []
    assert zendesk.calls("PUT", ".*") == []
    assert zendesk.comments(12345) == []
    store = open_store(AppPaths.for_profile(profile).store_file).store
    (entry,) = Outbox(store).entries()
    store.close()
    assert entry.state.value == "pending", "the queued post is untouched"


def test_the_smoke_test_leaves_a_running_app_alone(
    running: tuple[Path, subprocess.Popen[str]], env: dict[str, str]
) -> None:
    profile, proc = running
    result = cli(profile, env, "--smoke-test")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert report["profile_in_use"] is True
    assert report["data_dir"] != str(profile / "data")
    assert any("throwaway copy" in notice for notice in report["notices"])
    assert not Path(report["throwaway_profile"]).exists(), "the copy is removed afterwards"
    assert proc.poll() is None
    assert status(profile, env)["pid"] == proc.pid, "the running app still answers"


# -- crashes leave a trace ----------------------------------------------------------------------


def test_an_abort_leaves_a_native_trace_and_a_notice_at_the_next_start(
    tmp_path: Path, env: dict[str, str]
) -> None:
    profile = tmp_path / "profile"
    paths = AppPaths.for_profile(profile)
    seed_running_call(profile, minutes_ago=2)
    proc = launch(profile, env)
    wait_for_log(profile, "listening for later launches", proc)
    os.kill(proc.pid, signal.SIGABRT)
    proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == -signal.SIGABRT
    trace = paths.fault_file.read_text(encoding="utf-8")
    assert "Fatal Python error: Aborted" in trace
    assert 'File "' in trace, "the Python stack at the crash"
    assert "in run" in trace

    again = launch(profile, env)
    try:
        wait_for_log(profile, "listening for later launches", again, count=2)
        notices = status(profile, env)["notices"]
        (notice,) = [n for n in notices if "closed unexpectedly" in n]
        assert "Fatal Python error: Aborted" in notice
        assert "The call on #12345 was resumed" in notice
        assert "faults.log.previous" in notice
        assert str(paths.log_dir) in notice
        kept = paths.fault_file.with_name("faults.log.previous").read_text(encoding="utf-8")
        assert kept == trace
    finally:
        stop(again)


def test_a_kill_is_noticed_and_a_clean_quit_is_not(tmp_path: Path, env: dict[str, str]) -> None:
    profile = tmp_path / "profile"
    proc = launch(profile, env)
    wait_for_log(profile, "listening for later launches", proc)
    proc.kill()
    proc.communicate(timeout=TIMEOUT)

    again = launch(profile, env)
    wait_for_log(profile, "listening for later launches", again, count=2)
    notices = status(profile, env)["notices"]
    assert any("closed unexpectedly last time" in n for n in notices), notices
    stop(again)
    assert again.returncode == 0

    third = launch(profile, env)
    try:
        wait_for_log(profile, "listening for later launches", third, count=3)
        assert not any("closed unexpectedly" in n for n in status(profile, env)["notices"])
    finally:
        stop(third)


def test_the_help_documents_the_command_line(tmp_path: Path, env: dict[str, str]) -> None:
    result = cli(tmp_path / "profile", env, "--help")
    assert result.returncode == 0
    for option in ("--start-call TICKET", "--call-type KEY", "--status", "--end-call", "--show"):
        assert option in result.stdout
    assert "exit codes:" in result.stdout
    assert "not running on this profile" in result.stdout
