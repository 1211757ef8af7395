"""Run the real tray tests (``-m tray``) under Xvfb and trayer from the normal test run.

The tests in ``tests/gui/test_tray_xcb.py`` need X11 and a tray host, so the normal (offscreen)
run skips them; this test runs them through ``.ci/tray-tests.sh`` in a subprocess and checks
that they all ran and passed. It is not marked ``tray``, so the ``-m tray`` run inside the script
does not select it (and an environment guard stops any recursion).

Without the tools it skips, naming the Debian packages to install; with
``CALLCOMPANION_REQUIRE_TRAY=1`` (as ``.ci/run`` sets) it fails instead.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / ".ci" / "tray-tests.sh"
TIMEOUT_SECONDS = 180
# tests/gui/test_tray_xcb.py has 11 tray tests, test_tray_xcb_attention.py 4; raise this when
# tray tests are added.
MIN_PASSED = 15
TOOLS = ("xvfb-run", "xauth", "trayer", "xdotool")
PACKAGES = (
    "xvfb xauth trayer xdotool libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 "
    "libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0"
)
INSIDE = "CALLCOMPANION_TRAY_TESTS_RUNNING"

_SUMMARY = re.compile(r"^=+ (?P<counts>.+?) in [\d.]+s\b.* =+$")
_COUNT = re.compile(r"(\d+) (\w+)")


def summary_counts(output: str) -> dict[str, int]:
    """The counts of pytest's final summary line (``9 passed, 2 xfailed in 3.2s``)."""
    for line in reversed(output.splitlines()):
        match = _SUMMARY.match(line.strip())
        if match:
            counts: dict[str, int] = {}
            for number, word in _COUNT.findall(match["counts"]):
                key = {"error": "errors", "warning": "warnings"}.get(word, word)
                counts[key] = counts.get(key, 0) + int(number)
            return counts
    raise AssertionError("no pytest summary line in the output:\n" + tail(output))


def tail(output: str, lines: int = 80) -> str:
    return "\n".join(output.splitlines()[-lines:])


def test_summary_counts_parses_pytest_summary_lines() -> None:
    line = "====== 9 passed, 166 deselected, 2 xfailed, 1 warning in 11.91s ======"
    assert summary_counts("noise\n" + line + "\n") == {
        "passed": 9,
        "deselected": 166,
        "xfailed": 2,
        "warnings": 1,
    }
    assert summary_counts("= 1 failed, 1 error in 0.10s (0:00:00) =") == {"failed": 1, "errors": 1}
    with pytest.raises(AssertionError, match="no pytest summary"):
        summary_counts("Traceback (most recent call last):\n")


def test_tray_tests_pass_under_xvfb_and_trayer() -> None:
    if os.environ.get(INSIDE) == "1":
        pytest.skip("already inside .ci/tray-tests.sh")
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        message = (
            f"the tray tests need {', '.join(missing)} on PATH; on Debian 12: "
            f"apt-get install --no-install-recommends {PACKAGES}"
        )
        if os.environ.get("CALLCOMPANION_REQUIRE_TRAY") == "1":
            pytest.fail(message + " (CALLCOMPANION_REQUIRE_TRAY=1 forbids skipping)")
        pytest.skip(message)

    env = dict(os.environ, PYTHON=sys.executable, **{INSIDE: "1"})
    process = subprocess.Popen(
        ["bash", str(SCRIPT), "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: Xvfb, trayer and pytest go together
    )
    try:
        output, _ = process.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            output, _ = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output, _ = process.communicate()
        pytest.fail(f"{SCRIPT.name} took over {TIMEOUT_SECONDS} s:\n{tail(output)}")

    assert process.returncode == 0, f"{SCRIPT.name} exited {process.returncode}:\n{tail(output)}"
    counts = summary_counts(output)
    problems = {
        kind: counts[kind]
        for kind in ("failed", "errors", "skipped", "xpassed")
        if counts.get(kind, 0)
    }
    assert not problems, f"tray tests: {counts}\n{tail(output)}"
    assert counts.get("passed", 0) >= MIN_PASSED, f"tray tests: {counts}\n{tail(output)}"
