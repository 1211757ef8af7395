"""Qt signals once a second for a simulated ten-hour day, in the installed environment.

PySide6-Essentials 6.12.0 aborted on CPython 3.11 after about 1,500 ``Signal.emit()`` calls,
25 minutes into every call, and no test ran long enough to see it. This runs the venv's Python
with the installed Qt bindings on a fast clock (libfaketime): a QTimer at 1 Hz, one Python
Signal emit per second, 36,000 of them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from tests.longhaul.driver import ROOT, describe_exit, faketime_library

pytestmark = [pytest.mark.longhaul, pytest.mark.skipif(os.name != "posix", reason="X11")]

DAY_SECONDS = 10 * 3600
SPEED = 600  # a fake hour every six real seconds: about 600 emits per real second


def test_a_day_of_signals_once_a_second() -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "PYTHONPATH": str(ROOT),
        "PYTHONFAULTHANDLER": "1",
        "LD_PRELOAD": faketime_library(),
        "FAKETIME": f"+0 x{SPEED}",
        "FAKETIME_DONT_RESET": "1",
    }
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "tests.longhaul.emit_day", str(DAY_SECONDS)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=DAY_SECONDS / SPEED * 4 + 60,
        check=False,
    )
    real = time.monotonic() - began
    assert done.returncode == 0, (
        f"the process ended with {done.returncode} ({describe_exit(done.returncode)}) "
        f"after {real:.0f} real s:\n{done.stderr[-4000:]}"
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["emitted"] == DAY_SECONDS
    assert result["received"] == DAY_SECONDS
    # It really was a day on the process's own clock (timers fire late, never early).
    assert DAY_SECONDS <= result["clock_seconds"] <= DAY_SECONDS * 1.2, result
