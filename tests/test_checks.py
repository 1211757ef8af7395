"""The suite's own checks: an error logged or a Qt warning fails a test unless it is expected.

Runs the probe tests in ``tests/fixtures/checks/`` in a pytest of their own, with this
repository's configuration and ``tests/conftest.py``, and reads the outcome of each.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = ROOT / "tests" / "fixtures" / "checks" / "probe_logged_errors.py"


def outcomes(tmp_path: Path) -> dict[str, str]:
    report = tmp_path / "report.xml"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            str(PROBE),
            f"--junitxml={report}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    found: dict[str, str] = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        name = case.attrib["name"]
        bad = [child.tag for child in case if child.tag in ("failure", "error")]
        found[name] = "failed" if bad else "passed"
    return found


def test_logged_errors_and_qt_warnings_fail_unless_expected(tmp_path: Path) -> None:
    found = outcomes(tmp_path)
    expected_names = [
        line.split("(")[0][4:]
        for line in PROBE.read_text().splitlines()
        if line.startswith("def test_")
    ]
    assert sorted(found) == sorted(expected_names)
    wrong = {
        name: outcome
        for name, outcome in found.items()
        if outcome != ("failed" if name.startswith("test_fails_") else "passed")
    }
    assert wrong == {}
