"""The single-instance protocol, the profile's lock and where the socket lives."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from callcompanion.instance import (
    MAX_REQUEST_BYTES,
    PROTOCOL_VERSION,
    InstanceLock,
    NotAnsweringError,
    ProtocolError,
    Request,
    ask,
    claim,
    encode_reply,
    parse_reply,
    parse_request,
    report_reply,
)
from callcompanion.paths import SOCKET_PATH_MAX, AppPaths, private_folder

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX socket paths")


# -- requests and replies -------------------------------------------------------------------------


def test_a_request_survives_the_round_trip() -> None:
    request = Request(
        "start_call",
        {"ticket": "#12345", "call_type": "discovery", "platform": None, "customer_joined": True},
    )
    line = request.encode()
    assert line.endswith(b"\n")
    assert line.count(b"\n") == 1
    assert json.loads(line)["v"] == PROTOCOL_VERSION
    assert parse_request(line) == request


def test_the_plain_knock_of_earlier_versions_still_shows_the_window() -> None:
    assert parse_request(b"show\n") == Request("show")


@pytest.mark.parametrize(
    ("line", "said"),
    [
        (b"{not json", "not a JSON line"),
        (b"\xff\xfe", "not a JSON line"),
        (b"[1, 2]", "not a JSON object"),
        (b'{"command": "status"}', "protocol version"),
        (b'{"v": true, "command": "status"}', "protocol version"),
        (b'{"v": 2, "command": "status"}', "Update callcompanion"),
        (b'{"v": 1, "command": "rm -rf"}', "Unknown command"),
        (b'{"v": 1}', "Unknown command"),
        (b'{"v": 1, "command": "status", "args": []}', "not a JSON object"),
        (b'{"v": 1, "command": "status", "args": {"x": 1}}', "takes no arguments"),
        (b'{"v": 1, "command": "start_call", "args": {}}', "needs a ticket"),
        (b'{"v": 1, "command": "start_call", "args": {"ticket": 5}}', "needs a ticket"),
        (
            b'{"v": 1, "command": "start_call", "args": {"ticket": "1", "call_type": 3}}',
            "must be a str",
        ),
        (
            b'{"v": 1, "command": "start_call", "args": {"ticket": "1", "customer_joined": "y"}}',
            "must be a bool",
        ),
        (b'{"v": 1, "command": "start_call", "args": {"ticket": "1", "rm": "x"}}', "no argument"),
    ],
)
def test_malformed_requests_are_refused_with_a_reason(line: bytes, said: str) -> None:
    with pytest.raises(ProtocolError, match=said):
        parse_request(line)


def test_requests_are_bounded() -> None:
    padding = "x" * MAX_REQUEST_BYTES
    with pytest.raises(ProtocolError, match="longer than"):
        parse_request(json.dumps({"v": 1, "command": "show", "pad": padding}).encode())


def test_replies_carry_the_version_and_are_checked() -> None:
    line = encode_reply({"ok": False, "error": "No call is running."})
    assert json.loads(line) == {"v": 1, "ok": False, "error": "No call is running."}
    assert parse_reply(line.strip())["error"] == "No call is running."
    for bad in (b"", b"hello", b'{"v": 1}', b"[true]"):
        with pytest.raises(ProtocolError):
            parse_reply(bad)


def test_a_refusal_goes_to_stderr_with_exit_code_1(capsys: pytest.CaptureFixture[str]) -> None:
    code = report_reply(Request("end_call"), {"ok": False, "error": "No call is running."})
    assert code == 1
    assert capsys.readouterr().err == "callcompanion: No call is running.\n"
    assert report_reply(Request("status"), {"ok": True, "running": True}) == 0
    assert json.loads(capsys.readouterr().out) == {"ok": True, "running": True}


def test_sign_in_is_a_request_of_its_own_from_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from callcompanion.__main__ import _request, parse_args

    args, _rest = parse_args(["--sign-in"])
    request = _request(args)
    assert request == Request("sign_in")
    assert parse_request(request.encode()) == request
    with pytest.raises(ProtocolError, match="takes no arguments"):
        parse_request(b'{"v": 1, "command": "sign_in", "args": {"ticket": "1"}}')
    with pytest.raises(SystemExit):
        parse_args(["--sign-in", "--status"])  # one action at a time
    capsys.readouterr()
    assert report_reply(request, {"ok": True, "signing_in": "Global (acme.zendesk.com)"}) == 0
    said = capsys.readouterr().out
    assert "Global (acme.zendesk.com)" in said
    assert "browser" in said


# -- the lock ------------------------------------------------------------------------------------


def test_one_lock_per_profile_until_released(tmp_path: Path) -> None:
    lock_file = tmp_path / "instance.lock"
    first = InstanceLock.acquire(lock_file)
    assert first is not None
    assert first.enforced
    assert InstanceLock.acquire(lock_file) is None, "taken, even within one process"
    assert lock_file.read_text().strip() == str(os.getpid())
    first.release()
    again = InstanceLock.acquire(lock_file)
    assert again is not None
    assert again.enforced
    again.release()


def test_a_profile_folder_that_cannot_hold_the_lock_still_starts(tmp_path: Path) -> None:
    lock = InstanceLock.acquire(tmp_path / "missing" / "instance.lock")
    assert lock is not None
    assert not lock.enforced
    assert InstanceLock.acquire(tmp_path / "nowhere.lock", create=False) is not None
    assert not (tmp_path / "nowhere.lock").exists(), "asking never creates it"


# -- where the socket lives ----------------------------------------------------------------------


@pytest.fixture
def tmp_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A short folder: socket paths have a length limit, pytest's own folders are long."""
    del tmp_path_factory
    folder = Path(tempfile.mkdtemp(prefix="cc-", dir="/tmp" if os.path.isdir("/tmp") else None))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def tmpdir_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    temp = tmp_path / "t"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    return temp


def _paths(tmp_path: Path) -> AppPaths:
    paths = AppPaths.for_profile(tmp_path / "p")
    paths.create()
    return paths


@posix_only
def test_the_socket_goes_to_a_private_runtime_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tmpdir_env: Path
) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    key = Path(_paths(tmp_path).instance_key())
    assert key.parent == runtime
    assert len(os.fsencode(key)) <= SOCKET_PATH_MAX


@posix_only
def test_a_runtime_folder_others_can_enter_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tmpdir_env: Path
) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir()
    runtime.chmod(0o755)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    key = Path(_paths(tmp_path).instance_key())
    assert key.parent == tmpdir_env / f"callcompanion-{os.getuid()}"


@posix_only
def test_without_a_runtime_folder_a_private_one_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tmpdir_env: Path
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    key = Path(_paths(tmp_path).instance_key())
    folder = tmpdir_env / f"callcompanion-{os.getuid()}"
    assert key.parent == folder
    assert folder.stat().st_mode & 0o777 == 0o700
    assert private_folder(folder)


@posix_only
@pytest.mark.parametrize("squat", ["open", "symlink", "file"])
def test_a_squatted_temporary_folder_falls_back_to_the_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tmpdir_env: Path, squat: str
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    folder = tmpdir_env / f"callcompanion-{os.getuid()}"
    if squat == "open":  # made first by someone else, open to all
        folder.mkdir()
        folder.chmod(0o777)
    elif squat == "symlink":  # pointing somewhere the squatter controls
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir(mode=0o700)
        folder.symlink_to(elsewhere)
    else:
        folder.write_text("in the way")
    paths = _paths(tmp_path)
    key = Path(paths.instance_key())
    assert key.parent == paths.data_dir / "run"
    assert private_folder(paths.data_dir / "run")


@posix_only
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
def test_a_temporary_folder_owned_by_another_user_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tmpdir_env: Path
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    folder = tmpdir_env / f"callcompanion-{os.getuid()}"
    folder.mkdir(mode=0o700)
    os.chown(folder, 4242, 4242)
    paths = _paths(tmp_path)
    assert Path(paths.instance_key()).parent == paths.data_dir / "run"


@posix_only
def test_a_long_profile_path_still_gives_a_short_socket_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tmpdir_env: Path
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    deep = AppPaths.for_profile(tmp_path / ("very-long-folder-name-" * 8) / "profile")
    key = deep.instance_key()
    assert len(os.fsencode(key)) <= SOCKET_PATH_MAX
    assert key != AppPaths.for_profile(tmp_path / "other").instance_key()


@posix_only
def test_macos_uses_the_per_user_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tmpdir_env: Path
) -> None:
    darwin_temp = tmp_path / "var-folders-T"
    darwin_temp.mkdir(mode=0o700)
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(
        os, "confstr", lambda name: str(darwin_temp) if name == "CS_DARWIN_USER_TEMP_DIR" else ""
    )
    assert Path(_paths(tmp_path).instance_key()).parent == darwin_temp


def test_windows_pipe_names_carry_the_user_and_the_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("USERNAME", "ana")
    one = AppPaths.for_profile(tmp_path / "a").instance_key()
    two = AppPaths.for_profile(tmp_path / "b").instance_key()
    assert one.startswith("callcompanion-ana-")
    assert one != two
    assert "/" not in one
    assert "\\" not in one


def test_a_holder_that_never_answers_is_reported_plainly(tmp_path: Path) -> None:
    lock_file = tmp_path / "instance.lock"
    holder = InstanceLock.acquire(lock_file)
    assert holder is not None
    try:
        with pytest.raises(NotAnsweringError, match=f"process {os.getpid()}.*did not answer"):
            claim(lock_file, str(tmp_path / "nobody.sock"), Request(), wait=0.2)
        with pytest.raises(NotAnsweringError):
            ask(lock_file, str(tmp_path / "nobody.sock"), Request("status"), wait=0.2)
    finally:
        holder.release()
    assert ask(lock_file, str(tmp_path / "nobody.sock"), Request("status"), wait=0.2) is None
    claimed = claim(lock_file, str(tmp_path / "nobody.sock"), Request(), wait=0.2)
    assert claimed.lock is not None, "a free profile is this launch's"
    claimed.lock.release()
