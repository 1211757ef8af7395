"""The real app starts with a hand-edited file too big or too deeply nested to read."""

from __future__ import annotations

import json
import signal
from pathlib import Path

from callcompanion.paths import AppPaths
from tests.test_cli import TIMEOUT, app, launch, wait_for_log


def broken_profile(root: Path) -> AppPaths:
    paths = AppPaths.for_profile(root)
    paths.create()
    paths.settings_file.write_text("[" * 100_000, encoding="utf-8")
    (paths.config_dir / "checklists.toml").write_text("x = " + "{a = " * 100_000, encoding="utf-8")
    return paths


def test_the_smoke_test_passes_and_names_both_files(tmp_path: Path) -> None:
    paths = broken_profile(tmp_path / "profile")
    result = app("--profile", str(tmp_path / "profile"), "--smoke-test")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["ok"] is True
    assert report["window_shown"] is True
    assert report["checklist_items"] > 10, "the shipped checklists are used"
    notices = " ".join(report["notices"])
    assert str(paths.settings_file) in notices
    assert str(paths.config_dir / "checklists.toml") in notices
    assert notices.count("nested more than 64 deep") == 2
    assert "RecursionError" not in result.stderr


def test_the_app_runs_with_such_a_profile_until_asked_to_quit(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    broken_profile(profile)
    proc = launch(profile)
    try:
        wait_for_log(profile, "ready:", proc)
        assert proc.poll() is None, "still running"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 0
