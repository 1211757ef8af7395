"""A long call history: opening the History tab, and starting the app, with 100 to 100,000 calls.

1. History: the app (its composition root, offscreen) on a profile holding N ended calls; the
   clock runs from switching to the History tab until the table's first row has been painted.
   The baseline is the same switch in a bare PySide6 window: a tab holding an empty table.
2. Start-up: ``benchmarks/app_child.py startup`` (spawn → window shown, as ``run.py`` measures
   it) on a copy of a profile holding N calls, after a clean quit, against the bare window
   (``bare_child.py``), alternating.

    .venv/bin/python benchmarks/history.py [--sizes 100 1000 10000 100000] [--runs 5] \
        [--write-md docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="xdg-runtime-"))
HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from benchmarks.markdown import replace_section  # noqa: E402 - after the path set-up
from benchmarks.run import child_env, read_json, run_child  # noqa: E402

PYTHON = sys.executable
HISTORY_TARGET_MS = 100.0


def seed(path: Path, calls: int) -> None:
    from callcompanion.services.storage import open_store
    from tests.fakes.history import fill_history

    store = open_store(path).store
    fill_history(store, calls)
    store.close()


def _settle_until(done: object, timeout: float = 30.0) -> None:
    from PySide6.QtCore import QCoreApplication

    deadline = time.monotonic() + timeout
    while not done():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError("not painted in time")
        QCoreApplication.processEvents()


def history_once(profile_store: Path, work: Path) -> float:
    import keyring
    from PySide6.QtCore import QEvent, QObject

    from callcompanion.app import CallCompanion, make_qapplication
    from callcompanion.paths import AppPaths
    from tests.conftest import MemoryKeyring  # the tests' in-memory keyring

    class Painted(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
            if event.type() == QEvent.Type.Paint:
                self.seen = True
            return False

    keyring.set_keyring(MemoryKeyring())
    qapp = make_qapplication([])
    paths = AppPaths.for_profile(work / "profile")
    paths.create()
    shutil.copyfile(profile_store, paths.store_file)
    app = CallCompanion(qapp, paths, single_instance=False)
    app.start()
    window = app.window
    _settle_until(window.isVisible)
    painted = Painted()
    window.historyView.viewport().installEventFilter(painted)
    began = time.perf_counter()
    window.tabs.setCurrentWidget(window.historyTab)
    _settle_until(lambda: painted.seen)
    elapsed = (time.perf_counter() - began) * 1000
    shown = window.historyView.model().rowCount()
    app.close()
    if not shown:
        raise RuntimeError("the History tab showed no calls")
    return elapsed


def bare_history_once() -> float:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QApplication, QLabel, QTableView, QTabWidget

    class Painted(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
            if event.type() == QEvent.Type.Paint:
                self.seen = True
            return False

    QApplication.instance() or QApplication([])
    tabs = QTabWidget()
    tabs.addTab(QLabel("00:00"), "Call")
    view = QTableView()
    view.setModel(QStandardItemModel(0, 5, view))
    tabs.addTab(view, "History")
    tabs.resize(420, 640)
    tabs.show()
    _settle_until(tabs.isVisible)
    painted = Painted()
    view.viewport().installEventFilter(painted)
    began = time.perf_counter()
    tabs.setCurrentWidget(view)
    _settle_until(lambda: painted.seen)
    elapsed = (time.perf_counter() - began) * 1000
    tabs.close()
    tabs.deleteLater()
    return elapsed


def startup_once(kind: str, root: Path, store: Path | None) -> float:
    work = Path(tempfile.mkdtemp(prefix=f"{kind}-", dir=root))
    result = work / "result.json"
    if kind == "app":
        profile = work / "profile"
        if store is not None:
            (profile / "data").mkdir(parents=True)
            shutil.copyfile(store, profile / "data" / "callcompanion.sqlite3")
        cmd = [PYTHON, str(HERE / "app_child.py"), "startup", str(profile), str(result)]
    else:
        cmd = [PYTHON, str(HERE / "bare_child.py"), "startup", str(result)]
    done = run_child(cmd, child_env(root / "env", "offscreen"), work)
    data = read_json(result)
    if done.exit_code != 0 or "ready" not in data:
        raise RuntimeError(f"{kind} start-up failed:\n{done.stderr[-2000:]}")
    return (float(data["ready"]) - done.spawned) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write-md", type=Path)
    args = parser.parse_args()
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    history: dict[int, list[float]] = {}
    bare: list[float] = []
    startup: dict[str, list[float]] = {"bare": [], "app, empty profile": []}
    with tempfile.TemporaryDirectory(prefix="history-bench-") as tmp:
        root = Path(tmp)
        stores = {}
        for size in args.sizes:
            stores[size] = root / f"calls-{size}.sqlite3"
            seed(stores[size], size)
        for size in args.sizes:
            history_once(stores[size], Path(tempfile.mkdtemp(dir=root)))  # warm-up
            history[size] = []
            for _ in range(args.runs):
                history[size].append(history_once(stores[size], Path(tempfile.mkdtemp(dir=root))))
                bare.append(bare_history_once())
            print(f"History, {size:,} calls: {statistics.median(history[size]):.1f} ms", flush=True)
        largest = max(args.sizes)
        startup[f"app, {largest:,} calls"] = []
        for index in range(args.runs + 1):
            order = ["bare", "app, empty profile", f"app, {largest:,} calls"]
            if index % 2:
                order.reverse()
            for name in order:
                store = stores[largest] if "calls" in name else None
                ms = startup_once("bare" if name == "bare" else "app", root, store)
                if index:  # the first round warms up
                    startup[name].append(ms)
        print({k: round(statistics.median(v)) for k, v in startup.items()}, flush=True)
    section = render(history, bare, startup, load, " ".join(sys.argv[1:]))
    print(section)
    if args.write_md:
        replace_section(args.write_md, "history", section, heading="## A long call history")
    return 0


def render(
    history: dict[int, list[float]],
    bare: list[float],
    startup: dict[str, list[float]],
    load: str,
    argv: str,
) -> str:
    bare_ms = statistics.median(bare)
    lines = [
        f"Command: `.venv/bin/python benchmarks/history.py {argv}`",
        f"Load average before: {load}.",
        "",
        "| Calls in the history | Show History → painted, app (ms) | Bare window, same switch "
        "(ms) | Target | Result |",
        "|---|---|---|---|---|",
    ]
    for size, times in history.items():
        median = statistics.median(times)
        verdict = "pass" if median <= HISTORY_TARGET_MS else "**FAIL**"
        lines.append(
            f"| {size:,} | {median:.1f} ({min(times):.1f}–{max(times):.1f}) | {bare_ms:.1f} | "
            f"≤ {HISTORY_TARGET_MS:.0f} ms | {verdict} |"
        )
    sizes = sorted(history)
    if len(sizes) > 1:
        growth = statistics.median(history[sizes[-1]]) / statistics.median(history[sizes[0]])
        lines.append("")
        lines.append(f"Growth {sizes[0]:,} → {sizes[-1]:,} calls: {growth:.2f}×.")
    bare_start = statistics.median(startup["bare"])
    lines += [
        "",
        "| Start-up (spawn → window shown, offscreen, clean last quit) | Median (ms) | vs bare |",
        "|---|---|---|",
    ]
    for name, times in startup.items():
        median = statistics.median(times)
        lines.append(f"| {name} | {median:.0f} | {median / bare_start:.2f}× |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
