"""SIGKILL while the engineer types: at most the last second of typing is lost.

The real app runs in its own process and types into its notes key by key through its own event
loop; the test kills it without warning, then reads the store file and relaunches the app.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from callcompanion.paths import AppPaths
from tests.fakes.processes import ROOT, TIMEOUT
from tests.fakes.steady_typist import TEXT

ALLOWED_LOSS_SECONDS = 1.0

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@dataclass
class Typist:
    proc: subprocess.Popen[str]
    call_id: str = ""
    keys: list[float] | None = None  # when each key was typed (monotonic clock, system-wide)

    def line(self) -> dict[str, object]:
        assert self.proc.stdout is not None
        text = self.proc.stdout.readline()
        if not text:
            _, err = self.proc.communicate(timeout=TIMEOUT)
            raise AssertionError(f"the app stopped talking; stderr:\n{err}")
        said = dict(json.loads(text))
        if "typed" in said:
            assert self.keys is not None
            self.keys.append(float(said["at"]))
            assert len(self.keys) == said["typed"]
        return said


def start_typing(profile: Path, env: dict[str, str], count: int) -> Typist:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.steady_typist", str(profile), str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    typist = Typist(proc, keys=[])
    said = typist.line()
    typist.call_id = str(said["call_id"])
    return typist


def kill(typist: Typist) -> float:
    """SIGKILL now; returns the moment, after collecting the keys typed up to it."""
    killed_at = time.monotonic()
    typist.proc.send_signal(signal.SIGKILL)
    out, _ = typist.proc.communicate(timeout=TIMEOUT)
    assert typist.proc.returncode == -signal.SIGKILL
    assert typist.keys is not None
    for text in out.splitlines():
        said = json.loads(text)
        if "typed" in said:
            typist.keys.append(float(said["at"]))
    return killed_at


def saved_notes(profile: Path, call_id: str) -> str:
    conn = sqlite3.connect(AppPaths.for_profile(profile).store_file)
    try:
        row = conn.execute("SELECT learned FROM summaries WHERE call_id = ?", (call_id,)).fetchone()
    finally:
        conn.close()
    return "" if row is None else str(row[0])


def assert_at_most_the_last_second_lost(
    profile: Path, typist: Typist, killed_at: float, env: dict[str, str]
) -> None:
    assert typist.keys is not None
    saved = saved_notes(profile, typist.call_id)
    typed = TEXT[: len(typist.keys)]
    assert typed.startswith(saved), "what was saved is what was typed, in order"
    must_survive = sum(at <= killed_at - ALLOWED_LOSS_SECONDS for at in typist.keys)
    assert must_survive >= 5, "the test typed for long enough to mean something"
    assert len(saved) >= must_survive, (
        f"{len(typed)} characters typed, {len(saved)} saved; every character typed more than "
        f"{ALLOWED_LOSS_SECONDS} s before the kill must be: {must_survive}"
    )

    # The relaunched app opens the notes again with what was saved.
    again = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.app_driver", str(profile), "report"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    out, err = again.communicate(timeout=TIMEOUT)
    assert out, err
    report = json.loads(out.splitlines()[0])
    assert report["editors"] == [{"call_id": typist.call_id, "learned": saved}]


def test_sigkill_while_typing_without_a_pause_loses_at_most_a_second(
    tmp_path: Path, env: dict[str, str]
) -> None:
    profile = tmp_path / "profile"
    typist = start_typing(profile, env, count=0)
    while len(typist.keys or []) < 45:  # four and a half seconds of steady typing
        typist.line()
    gaps = [b - a for a, b in zip(typist.keys or [], (typist.keys or [])[1:], strict=False)]
    assert max(gaps) < 0.4, "the typing never paused long enough for a pause to save it"
    killed_at = kill(typist)
    assert_at_most_the_last_second_lost(profile, typist, killed_at, env)


def test_sigkill_just_after_a_burst_of_typing_keeps_the_burst(
    tmp_path: Path, env: dict[str, str]
) -> None:
    profile = tmp_path / "profile"
    typist = start_typing(profile, env, count=25)
    while "done" not in typist.line():
        pass
    assert typist.keys is not None
    deadline = typist.keys[-1] + 0.3
    while time.monotonic() < deadline:  # the kill comes 0.3 s after the last key
        time.sleep(0.01)
    killed_at = kill(typist)
    assert_at_most_the_last_second_lost(profile, typist, killed_at, env)
