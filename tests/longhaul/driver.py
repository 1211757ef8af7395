"""Drives the installed app as its own process, from outside, as a user or a screen reader would.

The app runs on the X display of ``.ci/longhaul.sh`` (Xvfb with openbox and trayer), optionally
on a fast clock: libfaketime (``FAKETIME="+0 xN"``) makes its monotonic clock, ``CLOCK_BOOTTIME``,
its wall clock and Qt's timers run N times faster than real time, in that process only. The
test process keeps real time, so "fake seconds since X" is ``N × real seconds since X``.

The running app is read and steered through its own command line (``--status``,
``--start-call``, ``--end-call``), its window through real X input (``xdotool``), and its files
(the store, the log) after the fact.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[2]
REQUIRE = "CALLCOMPANION_REQUIRE_TRAY"
CLI_TIMEOUT = 30.0
T = TypeVar("T")

# Where Debian's libfaketime keeps its preload library (dpkg -L libfaketime).
FAKETIME_GLOBS = (
    "/usr/lib/*/faketime/libfaketime.so.1",
    "/usr/lib/faketime/libfaketime.so.1",
    "/usr/local/lib/faketime/libfaketime.so.1",
)


class CannotRunError(RuntimeError):
    """The machine lacks what these tests need (a display, a tool, libfaketime)."""


def faketime_library() -> str:
    """The libfaketime preload library, or :class:`CannotRunError` naming the package."""
    for pattern in FAKETIME_GLOBS:
        found = sorted(glob.glob(pattern))
        if found:
            return found[0]
    raise CannotRunError(
        "libfaketime is not installed: apt-get install --no-install-recommends faketime"
    )


def installed_app() -> Path:
    """The ``callcompanion`` launcher that ``pip install`` put beside this Python."""
    launcher = Path(sys.executable).parent / "callcompanion"
    if not launcher.exists():
        raise CannotRunError(f"no installed app at {launcher}: pip install -e '.[test]' first")
    return launcher


def wait_for(
    condition: Callable[[], T | None],
    *,
    timeout: float,
    what: str,
    interval: float = 0.05,
) -> T:
    """Poll *condition* until it returns something truthy; fail after *timeout* real seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


# -- X input -------------------------------------------------------------------------------------


def xdotool(*args: str, check: bool = True) -> str:
    result = subprocess.run(
        ["xdotool", *args], capture_output=True, text=True, timeout=CLI_TIMEOUT, check=False
    )
    if check and result.returncode != 0:
        raise AssertionError(f"xdotool {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout.strip()


def visible_windows(name_regex: str) -> list[str]:
    """The ids of mapped windows whose title matches *name_regex*."""
    out = xdotool("search", "--onlyvisible", "--name", name_regex, check=False)
    return [line for line in out.splitlines() if line.strip()]


def window_name(window: str) -> str:
    return xdotool("getwindowname", window, check=False)


def active_window_name() -> str:
    active = xdotool("getactivewindow", check=False)
    return window_name(active) if active else ""


def wait_window(name_regex: str, *, timeout: float = 20.0) -> str:
    """Wait until a window titled *name_regex* is on screen; returns its id."""
    windows = wait_for(
        lambda: visible_windows(name_regex), timeout=timeout, what=f"a window '{name_regex}'"
    )
    return windows[0]


def activate(window: str) -> None:
    """Bring *window* to the front with the keyboard focus, as clicking its title bar would."""
    xdotool("windowactivate", "--sync", window)
    wait_for(
        lambda: xdotool("getwindowfocus", check=False) == window,
        timeout=10,
        what=f"window {window} to have the keyboard focus",
    )


def click_in(window: str, fx: float, fy: float) -> None:
    """Click with the real pointer at a point of *window* given as fractions of its size."""
    out = xdotool("getwindowgeometry", "--shell", window)
    geometry = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    x = int(int(geometry["WIDTH"]) * fx)
    y = int(int(geometry["HEIGHT"]) * fy)
    xdotool("mousemove", "--window", window, str(x), str(y), "click", "1")


def key(*keys: str) -> None:
    """Press key combinations (``ctrl+Return``, ``alt+a``) on the focused window."""
    xdotool("key", "--delay", "60", *keys)


def type_text(text: str, *, delay_ms: int = 20) -> None:
    """Type *text* into the focused widget; returns once every key was sent."""
    xdotool("type", "--delay", str(delay_ms), text)


# -- the app process -----------------------------------------------------------------------------


@dataclass
class Sample:
    """One ``--status`` reading with the fake-clock interval it was taken in."""

    status: dict[str, Any]
    fake_low: float  # fake seconds since the reference point, just before asking
    fake_high: float  # ... and just after the answer came

    @property
    def call(self) -> dict[str, Any] | None:
        return call_of(self.status)


@dataclass
class LiveApp:
    """The installed app running on the test display, on a clock *speed* times real time."""

    profile: Path
    speed: int = 1
    keyring_file: Path | None = None
    process: subprocess.Popen[bytes] | None = None
    started_real: float = 0.0
    extra_env: dict[str, str] = field(default_factory=dict)

    # -- environment ------------------------------------------------------------------------

    def base_env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "xcb",
            "PYTHONPATH": str(ROOT),
            "PYTHONFAULTHANDLER": "1",
            **self.extra_env,
        }
        # A session bus with a StatusNotifier watcher would take the icon away from trayer.
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        for var in ("LD_PRELOAD", "FAKETIME", "FAKETIME_DONT_RESET"):
            env.pop(var, None)
        if self.keyring_file is not None:
            env["PYTHON_KEYRING_BACKEND"] = "tests.fakes.file_keyring.FileKeyring"
            env["CALLCOMPANION_TEST_KEYRING"] = str(self.keyring_file)
        return env

    def app_env(self) -> dict[str, str]:
        env = self.base_env()
        if self.speed != 1:
            env["LD_PRELOAD"] = faketime_library()
            env["FAKETIME"] = f"+0 x{self.speed}"
            # Without it, libfaketime restarts the fast clock in each child process.
            env["FAKETIME_DONT_RESET"] = "1"
        return env

    # -- life cycle -------------------------------------------------------------------------

    def launch(self) -> LiveApp:
        """Start the app and wait until its window is up and it answers ``--status``."""
        self.profile.mkdir(parents=True, exist_ok=True)
        self.started_real = time.monotonic()
        with self.stderr_path.open("ab") as stderr:
            self.process = subprocess.Popen(
                [str(installed_app()), "--profile", str(self.profile)],
                env=self.app_env(),
                cwd=self.profile,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=True,
            )
        wait_for(
            lambda: self.alive() and self.status_or_none() is not None,
            timeout=60,
            what="the app to start and answer --status",
            interval=0.2,
        )
        return self

    @property
    def stderr_path(self) -> Path:
        return self.profile.parent / f"{self.profile.name}-stderr.txt"

    def alive(self) -> bool:
        if self.process is None:
            return False
        if self.process.poll() is not None:
            raise AssertionError(
                f"the app exited with {self.process.returncode} "
                f"({describe_exit(self.process.returncode)}) after "
                f"{time.monotonic() - self.started_real:.0f} real s; stderr:\n{self.stderr()}"
            )
        return True

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the app has used so far, from /proc."""
        assert self.process is not None
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stderr(self) -> str:
        try:
            return self.stderr_path.read_text(encoding="utf-8", errors="replace")[-4000:]
        except FileNotFoundError:
            return ""

    def quit(self, timeout: float = 30) -> int:
        """Ask the app to quit (SIGTERM, as the session does at log-out); its exit code."""
        if self.process is None:
            return 0
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self.process = None

    def kill(self) -> None:
        """SIGKILL: the power cord."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        assert self.process.returncode == -signal.SIGKILL
        self.process = None

    def close(self) -> None:
        """Leave nothing running (used by fixtures whatever happened)."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None

    # -- the command line -------------------------------------------------------------------

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run ``callcompanion --profile P ARGS`` the way a user (or a script of theirs) would."""
        return subprocess.run(
            [str(installed_app()), "--profile", str(self.profile), *args],
            env=self.base_env(),
            capture_output=True,
            text=True,
            timeout=CLI_TIMEOUT,
            check=False,
        )

    def status_or_none(self) -> dict[str, Any] | None:
        done = self.cli("--status")
        try:
            data = json.loads(done.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            return None
        return dict(data) if isinstance(data, dict) and data.get("running") else None

    def status(self) -> dict[str, Any]:
        done = self.cli("--status")
        assert done.returncode == 0, (
            f"--status exited {done.returncode}: {done.stdout}{done.stderr}"
        )
        data = json.loads(done.stdout.strip().splitlines()[-1])
        assert data.get("running") is True, data
        return dict(data)

    def sample(self, since_real: float) -> Sample:
        """``--status`` plus the fake-clock interval (since *since_real*) it was answered in."""
        before = time.monotonic()
        status = self.status()
        after = time.monotonic()
        return Sample(status, (before - since_real) * self.speed, (after - since_real) * self.speed)

    def start_call(
        self,
        ticket: str,
        *,
        call_type: str | None = None,
        platform: str | None = None,
        joined: bool = False,
    ) -> float:
        """Start a call from the command line; returns the real moment just before asking."""
        args = ["--start-call", ticket]
        if call_type:
            args += ["--call-type", call_type]
        if platform:
            args += ["--platform", platform]
        if joined:
            args.append("--customer-joined")
        before = time.monotonic()
        done = self.cli(*args)
        assert done.returncode == 0, f"--start-call exited {done.returncode}: {done.stderr}"
        return before

    def end_call(self) -> None:
        done = self.cli("--end-call")
        assert done.returncode == 0, f"--end-call exited {done.returncode}: {done.stderr}"

    def call(self) -> dict[str, Any] | None:
        return call_of(self.status())

    # -- files ------------------------------------------------------------------------------

    def log_text(self) -> str:
        logs = sorted((self.profile / "logs").glob("callcompanion.log*"))
        return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in logs)

    def faults_text(self) -> str:
        path = self.profile / "logs" / "faults.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def assert_healthy(self) -> None:
        """Still running, nothing unexpected in the log, no fatal error dump."""
        self.alive()
        log = self.log_text()
        for bad in ("Traceback", "CRITICAL", "Fatal Python error"):
            assert bad not in log, f"the log holds '{bad}':\n{log[-4000:]}"
        assert not self.faults_text().strip(), self.faults_text()


def call_of(status: dict[str, Any]) -> dict[str, Any] | None:
    """The running call's part of a ``--status`` line (``ticket``, ``state``, ``elapsed_seconds``,
    ``due_prompts``...), or None when no call runs."""
    return status if status.get("call_running") else None


def describe_exit(code: int | None) -> str:
    if code is None:
        return "running"
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-code).name}"
    return "exit code"


def missing_tools(tools: tuple[str, ...]) -> list[str]:
    return [tool for tool in tools if shutil.which(tool) is None]


@contextlib.contextmanager
def running(app: LiveApp) -> Iterator[LiveApp]:
    try:
        yield app.launch()
    finally:
        app.close()
