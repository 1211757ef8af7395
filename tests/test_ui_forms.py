"""The compiled Designer forms must match the .ui sources."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(root / ".ci" / "build_ui.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_compiled_forms_are_up_to_date() -> None:
    result = run_check(ROOT)
    assert result.returncode == 0, result.stderr


def test_the_check_catches_an_edited_ui_file(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    for part in ("ui", ".ci", "callcompanion/gui/forms"):
        shutil.copytree(ROOT / part, copy / part)
    ui = copy / "ui" / "main_window.ui"
    ui.write_text(ui.read_text().replace("&amp;Start call", "&amp;Begin call"))
    result = run_check(copy)
    assert result.returncode == 1
    assert "ui_main_window.py is stale" in result.stderr
