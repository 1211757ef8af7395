"""The frozen app against a bare PySide6 window frozen the same way: bundle size and start-up.

Usage (from the repository root, Linux, with ``pip install -e '.[build]'``)::

    .venv/bin/python benchmarks/frozen.py                       # build both, 11 runs each
    .venv/bin/python benchmarks/frozen.py --skip-build --runs 5
    .venv/bin/python benchmarks/frozen.py --write-md docs/benchmarks.md --json frozen.json

Both are built with PyInstaller into ``benchmarks/results/frozen/``: the app from
``callcompanion.spec``, the baseline (``benchmarks/frozen_bare.py``, a ``QLabel``) from
``benchmarks/frozen_bare.spec``, which shares the app's exclusions, trimming and pruning
(``packaging/pyinstaller_trim.py``). Measured:

1. bundle size: the bytes of every file in the onedir folder (symbolic links count as nothing),
   and of the folder packed as ``.tar.gz``;
2. start-up, offscreen: spawn → window shown (the app: ``--quit-when-ready``, written once the
   window is shown and the tray set up, with a fresh profile each run), and process wall time;
   alternating app/bare runs after one warm-up of each; peak RSS from ``os.wait4``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from benchmarks.markdown import replace_section  # noqa: E402 - after the path set-up
from benchmarks.run import (  # noqa: E402 - after the path set-up
    MIB,
    child_env,
    machine_info,
    read_json,
    run_child,
)

OUT = HERE / "results" / "frozen"
SIZE_MAX_RATIO = 1.15
STARTUP_MAX_RATIO = 1.3


@dataclass
class Bundle:
    kind: str
    folder: str
    files: int
    bytes: int
    targz_bytes: int
    build_s: float


@dataclass
class Run:
    kind: str
    ready_ms: float
    wall_ms: float
    maxrss_mib: float


def build(kind: str, spec: Path) -> tuple[Path, float]:
    dist = OUT / kind / "dist"
    with tempfile.TemporaryDirectory() as config:
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN"]
            + ["--distpath", str(dist), "--workpath", str(OUT / kind / "work"), str(spec)],
            check=True,
            env={**os.environ, "PYINSTALLER_CONFIG_DIR": config},
        )
        seconds = time.monotonic() - started
    name = "callcompanion" if kind == "app" else "frozen_bare"
    return dist / name, seconds


def measure_bundle(kind: str, folder: Path, build_s: float) -> Bundle:
    files = 0
    size = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            files += 1
            size += path.stat().st_size
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "bundle.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(folder, arcname=folder.name)
        packed = archive.stat().st_size
    return Bundle(kind, str(folder.relative_to(REPO)), files, size, packed, round(build_s, 1))


def start_once(kind: str, executable: Path, root: Path) -> Run:
    work = Path(tempfile.mkdtemp(prefix=f"{kind}-", dir=root))
    result = work / "result.json"
    if kind == "app":
        cmd = [str(executable), "--profile", str(work / "profile"), "--quit-when-ready"]
        cmd.append(str(result))
    else:
        cmd = [str(executable), str(result)]
    done = run_child(cmd, child_env(root / "env", "offscreen"), work)
    data = read_json(result)
    if done.exit_code != 0 or "ready" not in data or not data.get("window_shown"):
        raise RuntimeError(f"{kind} failed (exit {done.exit_code}):\n{done.stderr[-2000:]}")
    return Run(
        kind,
        (float(data["ready"]) - done.spawned) * 1000,
        (done.ended - done.spawned) * 1000,
        done.maxrss_kib / 1024,
    )


def startup(app: Path, bare: Path, runs: int) -> list[Run]:
    results: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="frozen-bench-") as tmp:
        root = Path(tmp)
        start_once("app", app, root)  # warm-up: page cache, fontconfig cache
        start_once("bare", bare, root)
        for index in range(runs):
            order = [("app", app), ("bare", bare)]
            if index % 2:
                order.reverse()
            for kind, executable in order:
                results.append(start_once(kind, executable, root))
            print(f"run {index + 1}/{runs} done", file=sys.stderr, flush=True)
    return results


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _cell(values: list[float], fmt: str) -> str:
    return f"{_median(values):{fmt}} ({min(values):{fmt}}–{max(values):{fmt}})"


def render(results: dict[str, Any]) -> str:
    info = results["machine"]
    app, bare = (Bundle(**b) for b in results["bundles"])
    runs = [Run(**r) for r in results["runs"]]

    def verdict(ok: bool) -> str:
        return "**pass**" if ok else "**FAIL**"

    size_ratio = app.bytes / bare.bytes
    packed_ratio = app.targz_bytes / bare.targz_bytes
    lines = [
        f"Measured {results['date']} on {info['cpus']}, {info['os']}; Python {info['python']}, "
        f"PySide6 {info['pyside6']}, PyInstaller {results['pyinstaller']}; app at commit "
        f"{info['commit']}. Command: `{results['command']}`\n",
        "| Measure | App | Bare | App vs bare | Target | Result |",
        "|---|---|---|---|---|---|",
        f"| onedir size (MiB) | {app.bytes / MIB:.1f} ({app.files} files) | "
        f"{bare.bytes / MIB:.1f} ({bare.files} files) | {size_ratio:.2f}× | "
        f"≤ {SIZE_MAX_RATIO}× | {verdict(size_ratio <= SIZE_MAX_RATIO)} |",
        f"| packed as .tar.gz (MiB) | {app.targz_bytes / MIB:.1f} | {bare.targz_bytes / MIB:.1f} "
        f"| {packed_ratio:.2f}× |  |  |",
    ]
    for label, key, target in (
        ("spawn → window shown (ms)", "ready_ms", STARTUP_MAX_RATIO),
        ("process wall (ms)", "wall_ms", STARTUP_MAX_RATIO),
        ("peak RSS (MiB)", "maxrss_mib", None),
    ):
        app_values = [getattr(r, key) for r in runs if r.kind == "app"]
        bare_values = [getattr(r, key) for r in runs if r.kind == "bare"]
        ratio = _median(app_values) / _median(bare_values)
        fmt = ".1f" if key == "maxrss_mib" else ".0f"
        if target is None:
            compare = f"+{_median(app_values) - _median(bare_values):.1f} MiB"
            lines.append(
                f"| {label} | {_cell(app_values, fmt)} | {_cell(bare_values, fmt)} | "
                f"{compare} |  |  |"
            )
        else:
            lines.append(
                f"| {label} | {_cell(app_values, fmt)} | {_cell(bare_values, fmt)} | "
                f"{ratio:.2f}× | ≤ {target}× | {verdict(ratio <= target)} |"
            )
    lines.append(
        f"\nStart-up offscreen: {results['runs_each']} alternating runs of each after one "
        f"warm-up; medians (min–max). Build time: app {app.build_s:.0f} s, bare "
        f"{bare.build_s:.0f} s."
    )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=11, help="start-up runs of each")
    parser.add_argument("--skip-build", action="store_true", help="reuse the last builds")
    parser.add_argument("--write-md", type=Path, metavar="FILE")
    parser.add_argument("--json", type=Path, metavar="FILE")
    args = parser.parse_args(argv)

    if args.skip_build:
        app_dir, app_s = OUT / "app" / "dist" / "callcompanion", 0.0
        bare_dir, bare_s = OUT / "bare" / "dist" / "frozen_bare", 0.0
    else:
        app_dir, app_s = build("app", REPO / "callcompanion.spec")
        bare_dir, bare_s = build("bare", HERE / "frozen_bare.spec")
    bundles = [measure_bundle("app", app_dir, app_s), measure_bundle("bare", bare_dir, bare_s)]
    runs = startup(app_dir / "callcompanion", bare_dir / "frozen_bare", args.runs)
    import PyInstaller

    results = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": machine_info(),
        "pyinstaller": PyInstaller.__version__,
        "command": "python benchmarks/frozen.py " + " ".join(argv or sys.argv[1:]),
        "runs_each": args.runs,
        "bundles": [asdict(b) for b in bundles],
        "runs": [asdict(r) for r in runs],
    }
    section = render(results)
    print(section)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    if args.write_md:
        replace_section(args.write_md, "frozen", section, heading="## The frozen build")
    return 0


if __name__ == "__main__":
    sys.exit(main())
