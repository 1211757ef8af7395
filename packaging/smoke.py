#!/usr/bin/env python3
"""Smoke-test a built or installed callcompanion, on any platform.

    python packaging/smoke.py EXECUTABLE [--check-keyring] [--backend NAME] [--platform NAME]
                              [--tray] [--source]

Runs ``EXECUTABLE --profile TMP --smoke-test TMP/report.json`` (a file, because a windowed build
on Windows has no console), then checks the report: the app started, found its resources,
templates and checklists, is a frozen build (unless ``--source``), and, with
``--check-keyring``, kept a secret in a real keyring backend, never the fail or null one a
frozen app falls back to when its backends were not bundled. Prints what it found; exits 1 with
the reasons when something is off.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

INSECURE_BACKENDS = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")
TIMEOUT_S = 120


def problems_in(report: dict[str, Any], args: argparse.Namespace) -> list[str]:
    found = []
    if not report.get("ok"):
        found.append(f"the app reported a problem: {report.get('reason')}")
    if not args.source and report.get("frozen") is not True:
        found.append("the report does not come from a frozen build")
    if not report.get("window_shown"):
        found.append("the main window did not show")
    if not report.get("resources"):
        found.append("the bundled resources were not found")
    if not report.get("templates"):
        found.append("no message templates were found")
    if not report.get("checklist_items"):
        found.append("no checklist items were loaded")
    if report.get("http") != "ok":
        found.append(f"the HTTP client does not work: {report.get('http')}")
    keyring = report.get("keyring") or {}
    backend = str(keyring.get("backend", ""))
    if args.check_keyring:
        if backend.startswith(INSECURE_BACKENDS) or not keyring.get("secure"):
            found.append(f"no real keyring backend: {backend or 'none reported'}")
        if keyring.get("round_trip") != "ok":
            found.append(f"the keyring round trip failed: {keyring.get('round_trip')}")
    if args.backend and args.backend not in backend:
        found.append(f"keyring backend {backend!r} is not {args.backend!r}")
    if args.platform and report.get("platform") != args.platform:
        found.append(f"Qt platform {report.get('platform')!r} is not {args.platform!r}")
    if args.tray and not report.get("tray_available"):
        found.append("no system tray was found")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("executable", type=Path)
    parser.add_argument("--check-keyring", action="store_true", help="require a real keyring")
    parser.add_argument("--backend", help="the keyring backend must contain this name")
    parser.add_argument("--platform", help="the Qt platform plugin must be this one")
    parser.add_argument("--tray", action="store_true", help="require a system tray")
    parser.add_argument("--source", action="store_true", help="not a frozen build")
    args = parser.parse_args(argv)

    executable = args.executable.absolute()  # not resolved: run the link users run
    if not executable.exists():
        print(f"smoke test: {executable} does not exist", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="callcompanion-smoke-") as tmp:
        report_file = Path(tmp) / "report.json"
        command = [str(executable), "--profile", str(Path(tmp) / "profile")]
        command += ["--smoke-test", str(report_file)]
        if args.check_keyring:
            command.append("--check-keyring")
        started = time.monotonic()
        try:
            result = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_S,
                env=os.environ.copy(),
                check=False,
            )
        except subprocess.TimeoutExpired:
            print(f"smoke test: {executable.name} did not exit in {TIMEOUT_S} s", file=sys.stderr)
            return 1
        wall_ms = (time.monotonic() - started) * 1000
        if not report_file.exists():
            print(
                f"smoke test: no report (exit {result.returncode})\n"
                f"stdout: {result.stdout}\nstderr: {result.stderr}",
                file=sys.stderr,
            )
            return 1
        report = json.loads(report_file.read_text(encoding="utf-8"))
    print(json.dumps(report, indent=2, sort_keys=True))
    problems = problems_in(report, args)
    if result.returncode != 0 and not problems:
        problems.append(f"exit code {result.returncode}")
    keyring = report.get("keyring") or {}
    print(
        f"smoke test of {executable}: {wall_ms:.0f} ms, Qt {report.get('platform')}, "
        f"keyring {keyring.get('backend')} (round trip: {keyring.get('round_trip')}), "
        f"tray {'yes' if report.get('tray_available') else 'no'}"
    )
    if problems:
        for problem in problems:
            print(f"FAILED: {problem}", file=sys.stderr)
        if result.stderr.strip():
            print(f"stderr:\n{result.stderr}", file=sys.stderr)
        return 1
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
