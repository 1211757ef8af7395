"""Benchmarks: the app against a bare PySide6 window measured in the same run.

Usage (from the repository root, with the project's virtualenv)::

    .venv/bin/python benchmarks/run.py                  # full suite (about 8 minutes)
    .venv/bin/python benchmarks/run.py --quick          # a short smoke run (about 1 minute)
    .venv/bin/python benchmarks/run.py --write-md docs/benchmarks.md --json results.json

What it measures, each for the app and a bare window, alternating app/bare runs:

1. start-up: process spawn → window shown (and, for the app, the tray controller created), and
   the whole process wall time; offscreen and under Xvfb + trayer;
2. peak RSS of the same processes (``ru_maxrss`` from ``os.wait4``);
3. idle CPU with a running call, under Xvfb + trayer: ``utime + stime`` from ``/proc/PID/stat``
   over ``--idle-seconds``, after a warm-up.

The X11 part re-runs this script inside ``xvfb-run`` (``--inside-x``), which starts ``trayer``
and checks that a system tray is really available before measuring.

This process only uses the standard library: it never imports Qt, so it stays small (a child's
``ru_maxrss`` also counts its parent's pages until ``exec``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from benchmarks.markdown import replace_section  # noqa: E402 - after the path set-up

PYTHON = sys.executable
XVFB_SERVER_ARGS = "-screen 0 1280x800x24"
TRAYER = ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request", "--height", "24"]
CHILD_TIMEOUT_S = 60.0
CLK_TCK = os.sysconf("SC_CLK_TCK")
MIB = 1024 * 1024
VERSIONS_SNIPPET = "import PySide6, PySide6.QtCore as c; print(PySide6.__version__, c.qVersion())"

# Targets (docs/benchmarks.md).
STARTUP_MAX_RATIO = 1.3
RSS_MAX_DELTA_MIB = 20.0
IDLE_MAX_CPU_PERCENT = 0.2

# -- child processes ------------------------------------------------------------------------------


@dataclass
class Finished:
    """A child process that ran to its end."""

    spawned: float  # time.monotonic() just before the spawn
    ended: float  # time.monotonic() just after wait4 returned
    exit_code: int
    maxrss_kib: int
    stderr: str


def child_env(root: Path, qpa: str) -> dict[str, str]:
    """The environment of every child: its own HOME and XDG folders under *root*."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "PYTHON", "XDG_"))}
    for var in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        folder = root / var.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[var] = str(folder)
    tmp = root / "tmp"  # QLocalServer sockets and temporary files stay in here too
    tmp.mkdir(parents=True, exist_ok=True)
    env["TMPDIR"] = str(tmp)
    runtime = root / "xdg_runtime_dir"
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    env["QT_QPA_PLATFORM"] = qpa
    # Bytecode is cached (as an installed wheel has it), in a folder of our own so nothing is
    # written into the source tree; the warm-up runs fill it.
    env["PYTHONPYCACHEPREFIX"] = str(root / "pycache")
    return env


def run_child(cmd: Sequence[str], env: dict[str, str], workdir: Path) -> Finished:
    """Spawn *cmd*, wait for it with ``os.wait4`` and return its times and peak RSS."""
    with tempfile.TemporaryFile(dir=workdir) as err:
        spawned = time.monotonic()
        proc = subprocess.Popen(
            list(cmd),
            env=env,
            cwd=workdir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        watchdog = threading.Timer(CHILD_TIMEOUT_S, _kill, (proc.pid,))
        watchdog.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        finally:
            watchdog.cancel()
        ended = time.monotonic()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    return Finished(spawned, ended, proc.returncode, usage.ru_maxrss, stderr)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def read_json(path: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data


# -- start-up and peak memory ---------------------------------------------------------------------


@dataclass
class StartupRun:
    kind: str  # "app" or "bare"
    profile: str  # the app's profile: "empty", "resumed call" or "100,000 calls" ("" for bare)
    ready_ms: float  # spawn → first paint (window exposed, tray icon shown)
    built_ms: float | None  # spawn → the whole app built after it (app only)
    wall_ms: float
    maxrss_mib: float
    platform: str
    window_shown: bool
    tray_available: bool | None


# The profiles the app starts with: a fresh one, one with a call still running, and one with a
# long history and a running call (what a year of calls looks like).
STARTUP_PROFILES = ("empty", "resumed call", "100,000 calls")
HISTORY_CALLS = 100_000


def seed_profiles(root: Path, qpa: str) -> dict[str, Path]:
    """A store file per non-empty profile, made once through the app's own store API."""
    stores: dict[str, Path] = {}
    env = child_env(root / "env", qpa)
    for name, steps in (
        ("resumed call", [["seed"]]),
        ("100,000 calls", [["seed-history", str(HISTORY_CALLS)], ["seed"]]),
    ):
        profile = root / "seed" / name.replace(" ", "-").replace(",", "")
        for step in steps:
            cmd = [PYTHON, str(HERE / "app_child.py"), step[0], str(profile), *step[1:]]
            subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=600)
        stores[name] = profile / "data" / "callcompanion.sqlite3"
    return stores


def startup_once(
    kind: str, root: Path, qpa: str, profile_kind: str = "empty", store: Path | None = None
) -> StartupRun:
    work = Path(tempfile.mkdtemp(prefix=f"{kind}-", dir=root))
    result = work / "result.json"
    if kind == "app":
        profile = work / "profile"  # a fresh copy for every run
        if store is not None:
            (profile / "data").mkdir(parents=True)
            shutil.copyfile(store, profile / "data" / store.name)
        cmd = [PYTHON, str(HERE / "app_child.py"), "startup", str(profile), str(result)]
    else:
        cmd = [PYTHON, str(HERE / "bare_child.py"), "startup", str(result)]
    done = run_child(cmd, child_env(root / "env", qpa), work)
    data = read_json(result)
    if done.exit_code != 0 or "ready" not in data:
        raise RuntimeError(
            f"{kind} start-up failed (exit {done.exit_code}):\n{done.stderr[-2000:]}"
        )
    built = data.get("built")
    return StartupRun(
        kind=kind,
        profile=profile_kind if kind == "app" else "",
        ready_ms=(float(data["ready"]) - done.spawned) * 1000,
        built_ms=None if built is None else (float(built) - done.spawned) * 1000,
        wall_ms=(done.ended - done.spawned) * 1000,
        maxrss_mib=done.maxrss_kib / 1024,
        platform=str(data.get("platform")),
        window_shown=bool(data.get("window_shown")),
        tray_available=data.get("tray_available"),
    )


def startup_suite(qpa: str, runs: int, root: Path, log: Callable[[str], None]) -> list[StartupRun]:
    """Per profile: one warm-up of each, then *runs* alternating pairs (app first, bare first…)."""
    stores = seed_profiles(root, qpa)
    results: list[StartupRun] = []
    for profile_kind in STARTUP_PROFILES:
        store = stores.get(profile_kind)
        for i in range(runs + 1):
            order = ("app", "bare") if i % 2 == 0 else ("bare", "app")
            pair = [startup_once(kind, root, qpa, profile_kind, store) for kind in order]
            if i == 0:
                log(f"  {qpa}, {profile_kind}: warm-up done")
                continue
            results += pair
            log(
                f"  {qpa}, {profile_kind}, run {i}/{runs}: "
                + ", ".join(f"{r.kind} {r.ready_ms:.0f} ms / {r.maxrss_mib:.1f} MiB" for r in pair)
            )
    return results


# -- idle CPU -------------------------------------------------------------------------------------


@dataclass
class ProcSample:
    at: float
    cpu_ticks: int
    rss_kib: int
    main_ctxt_switches: int
    task_cpu_ns: dict[int, int]  # on-CPU time per live thread (schedstat, ns resolution)


def sample(pid: int) -> ProcSample:
    at = time.monotonic()
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"^VmRSS:\s+(\d+)", status, re.M)
    if found is None:
        raise RuntimeError(f"process {pid} has ended")
    rss = int(found.group(1))
    switches = sum(
        int(n) for n in re.findall(r"^(?:non)?voluntary_ctxt_switches:\s+(\d+)", status, re.M)
    )
    tasks: dict[int, int] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            tasks[int(task.name)] = int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue  # the thread ended meanwhile, or no schedstat in this kernel
    return ProcSample(at, utime + stime, rss, switches, tasks)


@dataclass
class IdleRun:
    kind: str
    seconds: float
    cpu_ms: float
    cpu_percent: float
    schedstat_percent: float  # the same from per-thread schedstat (threads alive at the end)
    wakeups_per_s: float  # context switches of the main thread per second
    rss_start_mib: float
    rss_end_mib: float
    tray_available: bool | None
    tray_icon_embedded: bool | None  # its icon window is a child of trayer's panel (xwininfo)
    call_running: bool | None
    exit_code: int
    problems: list[str] = field(default_factory=list)


def tray_icon_embedded(window_name: str) -> bool | None:
    """Whether trayer's panel holds a window called *window_name*; None without xwininfo."""
    if shutil.which("xwininfo") is None:
        return None
    tree = subprocess.run(
        ["xwininfo", "-root", "-tree"], capture_output=True, text=True, check=False
    ).stdout.splitlines()
    for i, line in enumerate(tree):
        if '"panel"' in line and "trayer" in line:
            indent = len(line) - len(line.lstrip())
            for child in tree[i + 1 :]:
                if child.strip() and len(child) - len(child.lstrip()) <= indent:
                    break
                if f'"{window_name}"' in child:
                    return True
    return False


def idle_once(kind: str, root: Path, seconds: float, warmup: float) -> IdleRun:
    work = Path(tempfile.mkdtemp(prefix=f"idle-{kind}-", dir=root))
    env = child_env(root / "env", "xcb")
    profile = work / "profile"
    result = work / "result.json"
    if kind == "app":
        seeded = run_child([PYTHON, str(HERE / "app_child.py"), "seed", str(profile)], env, work)
        if seeded.exit_code != 0:
            raise RuntimeError(f"seeding the profile failed:\n{seeded.stderr[-2000:]}")
        cmd = [PYTHON, "-m", "callcompanion", "--profile", str(profile)]
    else:
        cmd = [PYTHON, str(HERE / "bare_child.py"), "idle", str(result)]
    with tempfile.TemporaryFile(dir=work) as err:
        proc = subprocess.Popen(
            cmd,
            env=env,
            cwd=work,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        try:
            time.sleep(warmup)
            if proc.poll() is not None:
                err.seek(0)
                raise RuntimeError(f"{kind} exited early:\n{err.read().decode()[-2000:]}")
            embedded = tray_icon_embedded("callcompanion" if kind == "app" else "bare-idle")
            first = sample(proc.pid)
            time.sleep(seconds)
            last = sample(proc.pid)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    elapsed = last.at - first.at
    cpu_s = (last.cpu_ticks - first.cpu_ticks) / CLK_TCK
    fine_ns = sum(ns - first.task_cpu_ns.get(tid, 0) for tid, ns in last.task_cpu_ns.items())
    problems: list[str] = []
    tray: bool | None
    running: bool | None = None
    if kind == "app":
        log_text = (profile / "logs" / "callcompanion.log").read_text(encoding="utf-8")
        tray = "no system tray" not in log_text and "tray unavailable" not in log_text
        running = "resumed call" in log_text
        if "Traceback" in log_text or " ERROR " in log_text:
            problems.append("errors in the app log")
        exit_ok = proc.returncode == 0
    else:
        tray = read_json(result).get("tray_available")
        exit_ok = proc.returncode == -signal.SIGTERM
    if not exit_ok:
        problems.append(f"exit code {proc.returncode}: {stderr[-500:]}")
    if not tray:
        problems.append("no system tray")
    if embedded is False:
        problems.append("tray icon not embedded in trayer")
    return IdleRun(
        kind=kind,
        seconds=elapsed,
        cpu_ms=cpu_s * 1000,
        cpu_percent=100 * cpu_s / elapsed,
        schedstat_percent=100 * fine_ns / 1e9 / elapsed,
        wakeups_per_s=(last.main_ctxt_switches - first.main_ctxt_switches) / elapsed,
        rss_start_mib=first.rss_kib / 1024,
        rss_end_mib=last.rss_kib / 1024,
        tray_available=tray,
        tray_icon_embedded=embedded,
        call_running=running,
        exit_code=proc.returncode,
        problems=problems,
    )


def idle_suite(
    runs: int, seconds: float, warmup: float, root: Path, log: Callable[[str], None]
) -> list[IdleRun]:
    results: list[IdleRun] = []
    for i in range(runs):
        order = ("app", "bare") if i % 2 == 0 else ("bare", "app")
        for kind in order:
            run = idle_once(kind, root, seconds, warmup)
            results.append(run)
            log(
                f"  idle run {i + 1}/{runs} {kind}: {run.cpu_ms:.0f} ms CPU in {run.seconds:.1f} s"
                f" = {run.cpu_percent:.3f} % (tray {run.tray_available})"
                + (f" PROBLEMS: {run.problems}" if run.problems else "")
            )
    return results


# -- the X11 session (inside xvfb-run) ------------------------------------------------------------


def inside_x(args: argparse.Namespace) -> int:
    """Runs under ``xvfb-run``: start trayer, check the tray, measure, write JSON."""
    root = Path(tempfile.mkdtemp(prefix="callcompanion-bench-x-"))
    out: dict[str, Any] = {"display": os.environ.get("DISPLAY")}
    trayer = subprocess.Popen(TRAYER, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        check = run_child(
            [PYTHON, str(HERE / "bare_child.py"), "tray-check", str(root / "tray.json"), "10"],
            child_env(root / "env", "xcb"),
            root,
        )
        out["tray_check"] = read_json(root / "tray.json") | {"exit_code": check.exit_code}
        _log(f"  tray check under Xvfb + trayer: {out['tray_check']}")
        if args.runs > 0:
            out["startup"] = [asdict(r) for r in startup_suite("xcb", args.runs, root, _log)]
        if args.idle_runs > 0 and args.idle_seconds > 0:
            out["idle"] = [
                asdict(r)
                for r in idle_suite(args.idle_runs, args.idle_seconds, args.idle_warmup, root, _log)
            ]
    finally:
        trayer.terminate()
        trayer.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)
    Path(args.inside_x).write_text(json.dumps(out), encoding="utf-8")
    return 0


def run_under_xvfb(args: argparse.Namespace, root: Path) -> dict[str, Any]:
    out_file = root / "x-results.json"
    cmd = [
        "xvfb-run",
        "-a",
        "-s",
        XVFB_SERVER_ARGS,
        PYTHON,
        str(Path(__file__).resolve()),
        "--inside-x",
        str(out_file),
        "--runs",
        str(args.runs),
        "--idle-runs",
        str(args.idle_runs),
        "--idle-seconds",
        str(args.idle_seconds),
        "--idle-warmup",
        str(args.idle_warmup),
    ]
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    completed = subprocess.run(cmd, env=env, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"the Xvfb session failed (exit {completed.returncode})")
    return read_json(out_file)


# -- report ---------------------------------------------------------------------------------------


@dataclass
class Row:
    measure: str
    app: str
    bare: str
    compare: str
    target: str
    ok: bool | None


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _spread(values: list[float], fmt: str) -> str:
    return f"{format(_median(values), fmt)} ({format(min(values), fmt)}–{format(max(values), fmt)})"


def startup_rows(runs: list[dict[str, Any]]) -> list[Row]:
    """Per profile: first paint and process wall against the bare runs paired with them."""
    rows = []
    profiles = [p for p in STARTUP_PROFILES if any(r.get("profile") == p for r in runs)]
    for profile in profiles:
        mine = _pairs_of(runs, profile)

        def values(kind: str, key: str, source: list[dict[str, Any]] = mine) -> list[float]:
            return [float(r[key]) for r in source if r["kind"] == kind and r.get(key) is not None]

        for key, label in (
            ("ready_ms", "spawn → window painted + tray icon"),
            ("wall_ms", "process wall"),
        ):
            app, bare = values("app", key), values("bare", key)
            ratio = _median(app) / _median(bare)
            rows.append(
                Row(
                    f"{profile}: {label} (ms)",
                    _spread(app, ".0f"),
                    _spread(bare, ".0f"),
                    f"{ratio:.2f}×",
                    f"≤ {STARTUP_MAX_RATIO}×" if key == "ready_ms" else "",
                    ratio <= STARTUP_MAX_RATIO if key == "ready_ms" else None,
                )
            )
        built = values("app", "built_ms")
        if built:
            rows.append(
                Row(f"{profile}: spawn → app built (ms)", _spread(built, ".0f"), "", "", "", None)
            )
        app, bare = values("app", "maxrss_mib"), values("bare", "maxrss_mib")
        delta = _median(app) - _median(bare)
        rows.append(
            Row(
                f"{profile}: peak RSS (MiB)",
                _spread(app, ".1f"),
                _spread(bare, ".1f"),
                f"+{delta:.1f} MiB",
                f"≤ +{RSS_MAX_DELTA_MIB:.0f} MiB",
                delta <= RSS_MAX_DELTA_MIB,
            )
        )
    return rows


def _pairs_of(runs: list[dict[str, Any]], profile: str) -> list[dict[str, Any]]:
    """The app runs of *profile* and the bare runs measured in the same pairs."""
    picked: list[dict[str, Any]] = []
    for first, second in zip(runs[::2], runs[1::2], strict=False):
        pair = (first, second)
        if any(r["kind"] == "app" and r.get("profile", "empty") == profile for r in pair):
            picked += pair
    return picked


def idle_rows(runs: list[dict[str, Any]]) -> list[Row]:
    def values(kind: str, key: str) -> list[float]:
        return [float(r[key]) for r in runs if r["kind"] == kind]

    app, bare = values("app", "cpu_percent"), values("bare", "cpu_percent")
    rows = [
        Row(
            "CPU, % of one core",
            _spread(app, ".3f"),
            _spread(bare, ".3f"),
            f"{_median(app) / _median(bare):.2f}×" if _median(bare) > 0 else "–",
            f"app < {IDLE_MAX_CPU_PERCENT} %",
            _median(app) < IDLE_MAX_CPU_PERCENT,
        ),
        Row(
            "CPU, % of one core (schedstat, ns resolution)",
            _spread(values("app", "schedstat_percent"), ".3f"),
            _spread(values("bare", "schedstat_percent"), ".3f"),
            "",
            "",
            None,
        ),
        Row(
            "CPU time per run (ms)",
            _spread(values("app", "cpu_ms"), ".0f"),
            _spread(values("bare", "cpu_ms"), ".0f"),
            "",
            "",
            None,
        ),
        Row(
            "main-thread wake-ups / s",
            _spread(values("app", "wakeups_per_s"), ".2f"),
            _spread(values("bare", "wakeups_per_s"), ".2f"),
            "",
            "",
            None,
        ),
    ]
    for kind in ("app", "bare"):
        start, end = values(kind, "rss_start_mib"), values(kind, "rss_end_mib")
        rows.append(
            Row(
                f"RSS start → end, {kind} (MiB)",
                f"{_median(start):.1f} → {_median(end):.1f}" if kind == "app" else "",
                f"{_median(start):.1f} → {_median(end):.1f}" if kind == "bare" else "",
                "",
                "",
                None,
            )
        )
    return rows


def table(rows: list[Row]) -> str:
    header = "| Measure | App | Bare | App vs bare | Target | Result |\n|---|---|---|---|---|---|\n"
    verdict = {True: "**pass**", False: "**FAIL**", None: ""}
    return header + "".join(
        f"| {r.measure} | {r.app} | {r.bare} | {r.compare} | {r.target} | {verdict[r.ok]} |\n"
        for r in rows
    )


def machine_info() -> dict[str, str]:
    versions = subprocess.run(
        [PYTHON, "-c", VERSIONS_SNIPPET],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--", "callcompanion", "resources"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "cpus": f"{os.cpu_count()} × {cpu}",
        "memory": f"{mem_kib / MIB:.1f} GiB",
        "os": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "python": platform.python_version(),
        "pyside6": versions[0],
        "qt": versions[1],
        "commit": (commit or "unknown") + (" + uncommitted changes" if dirty else ""),
    }


def _yes(value: object) -> str:
    return "yes" if value else "**no**"


def render_markdown(results: dict[str, Any]) -> str:
    info = results["machine"]
    cfg = results["config"]
    parts = [
        f"Measured {results['date']} on {info['cpus']}, {info['memory']} RAM, {info['os']}; "
        f"Python {info['python']}, PySide6 {info['pyside6']} (Qt {info['qt']}); "
        f"app at commit {info['commit']}. "
        f"Load average before / after: {results['load_before']} / {results['load_after']}.\n",
        f"Command: `{cfg['command']}`\n",
        f"Start-up: {cfg['runs']} alternating app/bare runs each after one warm-up of each; "
        "values are medians (min–max).\n",
    ]
    if results.get("startup_offscreen"):
        parts.append("### Start-up and peak memory, offscreen (`QT_QPA_PLATFORM=offscreen`)\n")
        parts.append(table(startup_rows(results["startup_offscreen"])))
    x = results.get("xvfb") or {}
    if x.get("startup"):
        tray = x.get("tray_check", {}).get("tray_available")
        app_tray = all(r["tray_available"] for r in x["startup"] if r["kind"] == "app")
        parts.append(
            "### Start-up and peak memory, Xvfb + trayer (`QT_QPA_PLATFORM=xcb`)\n\n"
            f"Tray available: {_yes(tray)} (`isSystemTrayAvailable()` before the runs); "
            f"the app's tray controller saw it in every run: {_yes(app_tray)}.\n"
        )
        parts.append(table(startup_rows(x["startup"])))
    if x.get("idle"):
        idle = x["idle"]
        problems = sorted({p for r in idle for p in r["problems"]})
        parts.append(
            f"### Idle CPU with a running call, Xvfb + trayer, {cfg['idle_seconds']:.0f} s "
            f"after {cfg['idle_warmup']:.0f} s warm-up ({cfg['idle_runs']} run(s) of each)\n\n"
            f"In every run: tray available {_yes(all(r['tray_available'] for r in idle))}, "
            f"icon embedded in trayer's panel {_yes(all(r['tray_icon_embedded'] for r in idle))}; "
            f"call running in every app run "
            f"{_yes(all(r['call_running'] for r in idle if r['kind'] == 'app'))}; "
            f"problems: {', '.join(problems) or 'none'}.\n"
        )
        parts.append(table(idle_rows(idle)))
    return "\n".join(parts)


# -- entry ----------------------------------------------------------------------------------------


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="3 runs, one 15 s idle run of each")
    parser.add_argument("--runs", type=int, help="start-up runs of each (default 11)")
    parser.add_argument("--idle-runs", type=int, help="idle runs of each (default 3)")
    parser.add_argument("--idle-seconds", type=float, help="idle window (default 60)")
    parser.add_argument("--idle-warmup", type=float, default=5.0, help="seconds before sampling")
    parser.add_argument("--no-xvfb", action="store_true", help="offscreen start-up only")
    parser.add_argument("--write-md", type=Path, metavar="FILE", help="update the results section")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every run as JSON")
    parser.add_argument(
        "--from-json", type=Path, metavar="FILE", help="only render results saved with --json"
    )
    parser.add_argument("--inside-x", metavar="OUT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    quick = args.quick
    if args.runs is None:
        args.runs = 3 if quick else 11
    if args.idle_runs is None:
        args.idle_runs = 1 if quick else 3
    if args.idle_seconds is None:
        args.idle_seconds = 15.0 if quick else 60.0
    return args


def main(argv: list[str] | None = None) -> int:
    raw = sys.argv[1:] if argv is None else argv
    args = parse_args(raw)
    if args.inside_x:
        return inside_x(args)
    if args.from_json:
        section = render_markdown(read_json(args.from_json))
        print(section)
        if args.write_md:
            replace_section(args.write_md, "results", section, heading="## Results")
        return 0
    if not sys.platform.startswith("linux"):
        raise SystemExit("these benchmarks need Linux (/proc, os.wait4, Xvfb)")
    root = Path(tempfile.mkdtemp(prefix="callcompanion-bench-"))
    try:
        interpreter = str(Path(PYTHON).relative_to(REPO))
    except ValueError:
        interpreter = "python"
    command = f"{interpreter} benchmarks/run.py" + ("" if not raw else " " + " ".join(raw))
    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": machine_info(),
        "config": {
            "command": command,
            "runs": args.runs,
            "idle_runs": args.idle_runs,
            "idle_seconds": args.idle_seconds,
            "idle_warmup": args.idle_warmup,
        },
        "load_before": _loadavg(),
    }
    try:
        if args.runs > 0:
            _log("start-up, offscreen")
            offscreen = startup_suite("offscreen", args.runs, root, _log)
            results["startup_offscreen"] = [asdict(r) for r in offscreen]
        if not args.no_xvfb:
            missing = [tool for tool in ("xvfb-run", "trayer") if shutil.which(tool) is None]
            if missing:
                _log(f"skipping the Xvfb part: {', '.join(missing)} not installed")
            else:
                _log("Xvfb + trayer")
                results["xvfb"] = run_under_xvfb(args, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    results["load_after"] = _loadavg()
    section = render_markdown(results)
    print(section)
    if args.write_md:
        replace_section(args.write_md, "results", section, heading="## Results")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
