#!/usr/bin/env python3
"""Run a call in a built (or installed) app on a clock sped up from outside, and watch it.

    python .ci/long_call.py EXECUTABLE [--minutes 40] [--speed 60]

The app runs offscreen under libfaketime (Debian: apt-get install faketime), which makes its
monotonic and wall clocks and Qt's timers run SPEED times faster. The call is started and read
the way a script would, with ``--start-call`` and ``--status``. Fails when the app exits during
the call, when no call is running, or when the elapsed time it reports strays from the fast
clock by more than a second per minute (plus its start-up time). Exits 0 after MINUTES of call
time and a clean quit.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

POLL_SECONDS = 3.0


def faketime_library() -> str:
    found = sorted(glob.glob("/usr/lib/*/faketime/libfaketime.so.1"))
    if not found:
        sys.exit("faketime is not installed: apt-get install --no-install-recommends faketime")
    return found[0]


def status(exe: str, profile: Path) -> dict[str, object]:
    result = subprocess.run(
        [exe, "--profile", str(profile), "--status"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    line = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "{}"
    parsed = json.loads(line)
    return parsed if isinstance(parsed, dict) else {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("executable")
    parser.add_argument("--minutes", type=int, default=40)
    parser.add_argument("--speed", type=int, default=60)
    args = parser.parse_args()

    profile = Path(tempfile.mkdtemp(prefix="long-call-"))
    env = dict(
        os.environ,
        FAKETIME=f"+0 x{args.speed}",
        FAKETIME_DONT_RESET="1",
        LD_PRELOAD=faketime_library(),
        QT_QPA_PLATFORM="offscreen",
    )
    output = (profile / "app.out").open("w")
    launched = time.monotonic()
    app = subprocess.Popen(
        [
            args.executable,
            "--profile",
            str(profile),
            "--start-call",
            "12345",
            "--call-type",
            "troubleshooting",
            "--customer-joined",
        ],
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    try:
        while True:
            time.sleep(POLL_SECONDS)
            if app.poll() is not None:
                print(f"the app ended during the call (exit {app.returncode}):", file=sys.stderr)
                print((profile / "app.out").read_text()[-3000:], file=sys.stderr)
                return 1
            now = status(args.executable, profile)
            fake = (time.monotonic() - launched) * args.speed
            elapsed = now.get("elapsed_seconds")
            if not now.get("call_running") or not isinstance(elapsed, int | float):
                print(f"no call is running: {now}", file=sys.stderr)
                return 1
            print(
                f"  {fake / 60:5.1f} fast-clock minutes since launch: the app says "
                f"{elapsed / 60:5.1f} ({now.get('state')})"
            )
            # The app starts its call a moment after launch: allow that moment (a few seconds
            # of real time, times the speed-up) below, and nothing above, plus a second a minute.
            tolerance = fake / 60
            if elapsed > fake + tolerance or elapsed < fake - tolerance - 5 * args.speed:
                print(
                    f"elapsed {elapsed} s strays from the fast clock ({fake:.0f} s)",
                    file=sys.stderr,
                )
                return 1
            if elapsed >= args.minutes * 60:
                break
        app.send_signal(signal.SIGTERM)
        app.wait(timeout=30)
        print(f"alive through {args.minutes} minutes of call; quit with exit {app.returncode}")
        return 0 if app.returncode == 0 else 1
    finally:
        if app.poll() is None:
            app.kill()
        output.close()


if __name__ == "__main__":
    sys.exit(main())
