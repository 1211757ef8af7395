"""The app as a process: command line, smoke test, profiles, single instance, signals."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from callcompanion import __version__
from callcompanion.core.call import Call, Platform
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.ticket import TicketRef
from callcompanion.paths import AppPaths
from callcompanion.services.storage import open_store
from tests.fakes.clock import FakeClock

TIMEOUT = 60


def app(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "callcompanion", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )


def launch(profile: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "callcompanion", "--profile", str(profile)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def wait_for_log(
    profile: Path, text: str, proc: subprocess.Popen[str] | None = None, *, count: int = 1
) -> None:
    log_file = AppPaths.for_profile(profile).log_file
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if log_file.exists() and log_file.read_text(encoding="utf-8").count(text) >= count:
            return
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the app exited early: {proc.communicate()}")
        time.sleep(0.05)
    raise AssertionError(f"{text!r} never appeared in {log_file}")


def seed_running_call(profile: Path, minutes_ago: float) -> str:
    paths = AppPaths.for_profile(profile)
    paths.create()
    clock = FakeClock(wall=datetime.now(UTC) - timedelta(minutes=minutes_ago))
    call = Call.start(
        ticket=TicketRef(12345),
        call_type=CallTypeCatalog().get("troubleshooting"),
        platform=Platform.ZOOM,
        clock=clock,
        default_wrapup_lead_minutes=10,
        customer_joined=True,
    )
    store = open_store(paths.store_file).store
    store.save_call(call.record)
    store.close()
    return call.id


def stored_elapsed(profile: Path) -> float:
    store = open_store(AppPaths.for_profile(profile).store_file).store
    record = store.active_call()
    store.close()
    assert record is not None
    return record.last_elapsed


def test_version() -> None:
    result = app("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"callcompanion {__version__}"


def test_unknown_option_is_an_error() -> None:
    result = app("--no-such-option")
    assert result.returncode == 2
    assert "unknown option --no-such-option" in result.stderr


def test_smoke_test_reports_what_it_found(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    result = app("--profile", str(profile), "--smoke-test")
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.strip().splitlines()
    report = json.loads(line)
    assert report["ok"] is True
    assert report["reason"] is None
    assert report["window_shown"] is True
    assert report["tray_available"] is False  # offscreen: no tray
    assert report["platform"] == "offscreen"
    assert report["data_dir"] == str(profile / "data")
    assert report["store"]["persistent"] is True
    assert report["keyring"]["backend"]
    assert isinstance(report["keyring"]["secure"], bool)
    assert "no_show.md.j2" in report["templates"]
    assert report["version"] == __version__
    assert report["frozen"] is False
    assert report["checklist_items"] > 10
    assert report["keyring"]["round_trip"] is None, "only with --check-keyring"
    assert report["http"] == "ok"


def test_smoke_test_writes_its_report_to_a_file(tmp_path: Path) -> None:
    # A windowed build on Windows has no console: CI reads the report from a file.
    out = tmp_path / "smoke.json"
    result = app("--profile", str(tmp_path / "profile"), "--smoke-test", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["ok"] is True


def test_checking_the_keyring_fails_without_a_secure_one(tmp_path: Path) -> None:
    # What a frozen build without its keyring backends ends up with.
    result = subprocess.run(
        [sys.executable, "-m", "callcompanion", "--profile", str(tmp_path / "profile")]
        + ["--smoke-test", "--check-keyring"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        },
        check=False,
    )
    assert result.returncode == 1
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["ok"] is False
    assert report["keyring"]["secure"] is False
    assert report["reason"] == f"keyring: no secure backend ({report['keyring']['backend']})"


def test_profile_keeps_every_file_under_it(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    result = app("--profile", str(profile), "--smoke-test")
    assert result.returncode == 0, result.stderr
    created = sorted(str(p.relative_to(profile)) for p in profile.rglob("*") if p.is_file())
    assert "data/callcompanion.sqlite3" in created
    assert "logs/callcompanion.log" in created
    for var in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        leaked = [p for p in Path(os.environ[var]).rglob("*") if p.is_file()]
        assert leaked == [], f"files outside the profile in ${var}: {leaked}"


def test_without_a_profile_files_go_to_the_platform_folders(tmp_path: Path) -> None:
    result = app("--smoke-test")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["data_dir"] == str(Path(os.environ["XDG_DATA_HOME"]) / "callcompanion")
    assert (Path(os.environ["XDG_DATA_HOME"]) / "callcompanion" / "callcompanion.sqlite3").exists()


def test_smoke_test_fails_with_the_reason(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    profile.mkdir()
    (profile / "data").write_text("a file where the data folder should be")
    result = app("--profile", str(profile), "--smoke-test")
    assert result.returncode == 1
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["ok"] is False
    assert "not being saved" in report["reason"] or "folders" in report["reason"]


def test_a_second_launch_brings_the_first_forward(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    first = launch(profile)
    try:
        wait_for_log(profile, "listening for later launches", first)
        started = time.monotonic()
        second = app("--profile", str(profile))
        assert second.returncode == 0, second.stderr
        assert "already running" in second.stdout
        assert time.monotonic() - started < 20
        wait_for_log(profile, "another launch asked: show", first)
        assert first.poll() is None, "the first instance keeps running"
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=TIMEOUT)
    assert first.returncode == 0


def test_sigterm_saves_the_running_call(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    seed_running_call(profile, minutes_ago=5)
    proc = launch(profile)
    try:
        wait_for_log(profile, "resumed call", proc)
        wait_for_log(profile, "ready:", proc)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 0
    assert stored_elapsed(profile) >= 5 * 60
    assert "quitting" in AppPaths.for_profile(profile).log_file.read_text()


def test_sigkill_mid_call_then_relaunch_resumes(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    call_id = seed_running_call(profile, minutes_ago=3)
    proc = launch(profile)
    wait_for_log(profile, "ready:", proc)
    proc.kill()
    proc.communicate(timeout=TIMEOUT)
    result = app("--profile", str(profile), "--smoke-test")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["call_running"] is True
    store = open_store(AppPaths.for_profile(profile).store_file).store
    record = store.active_call()
    store.close()
    assert record is not None
    assert record.id == call_id
    assert record.last_elapsed >= 3 * 60


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_stale_socket_from_a_crashed_instance_does_not_block_the_next(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    proc = launch(profile)
    wait_for_log(profile, "listening for later launches", proc)
    proc.kill()
    proc.communicate(timeout=TIMEOUT)
    assert Path(AppPaths.for_profile(profile).instance_key()).exists(), "the crash left it"
    again = launch(profile)
    try:
        wait_for_log(profile, "listening for later launches", again, count=2)
        assert again.poll() is None
        second = app("--profile", str(profile))
        assert "already running" in second.stdout, "the new instance owns the socket"
    finally:
        again.send_signal(signal.SIGTERM)
        again.communicate(timeout=TIMEOUT)
