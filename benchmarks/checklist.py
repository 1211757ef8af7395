"""Checklists of 100 to 5,000 steps: how long the panel takes to show them, on screen.

The panel sits where the window has it (a group box in a scroll area, the window shown), and
is filled with a realistic mix of steps: plain ones, gates, nags, choices, fields with their
buttons, copy links and "Write it down". Each size is rendered several times (a new call's
checklist replacing the last one); the clock stops when the window has settled (laid out,
the old rows deleted) and the top row has been painted.

    .venv/bin/python benchmarks/checklist.py [--sizes 100 500 1000 5000] [--runs 3] \
        [--write-md docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="xdg-runtime-"))
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QCoreApplication, QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QGroupBox,
    QMainWindow,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from benchmarks.markdown import replace_section  # noqa: E402 - after the path set-up
from callcompanion.core.checklists import (  # noqa: E402
    ChecklistItem,
    Choice,
    Field,
    ItemAction,
    ItemResult,
    Stage,
)
from callcompanion.gui.checklist_panel import ChecklistPanel  # noqa: E402

TARGET_500_S = 0.5


def make_items(count: int, stage: Stage, prefix: str) -> list[ChecklistItem]:
    """*count* steps, every kind the team's checklists use, in a repeating mix."""
    items = []
    for index in range(count):
        kind = index % 8
        items.append(
            ChecklistItem(
                id=f"{prefix}{index}",
                stage=stage,
                title=f"Step {index}: confirm the customer's backup and the version they run",
                help="Why it matters, in a sentence or two of help text." if kind else "",
                gate=kind == 1,
                nag=kind == 2,
                choices=(Choice("yes", "Yes"), Choice("no", "No")) if kind == 3 else (),
                fields=(Field("version", "Version"), Field("kind", "Kind", ("Omnibus", "Helm")))
                if kind == 4
                else (),
                actions=(ItemAction.POST_INTERNAL_NOTE,) if kind == 4 else (),
                copy="https://example.com/{webex_room_url}" if kind == 5 else "",
                section="learned" if kind == 6 else "",
            )
        )
    return items


class PaintCounter(QObject):
    """Counts paint events of the widget it is installed on."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def settle(panel: ChecklistPanel, counter: PaintCounter) -> None:
    """Handle events until the panel's size stays put and nothing more is painted."""
    last = None
    for _ in range(1000):
        QCoreApplication.processEvents()
        now = (panel.size(), counter.paints)
        if now == last:
            return
        last = now
    raise RuntimeError("the window never settled")


def render_once(panel: ChecklistPanel, size: int, counter: PaintCounter) -> float:
    half = size // 2
    start, wrap_up = make_items(half, Stage.START, "s"), make_items(size - half, Stage.WRAP_UP, "w")
    results = {item.id: ItemResult(item.id) for item in start[::3]}
    began = time.perf_counter()
    panel.show_items(
        [("As the call starts", start), ("Wrap-up", wrap_up)],
        results,
        substitutions={"webex_room_url": "room"},
        actions={
            i.id: [("Post as an internal note", lambda _r: None)]
            for i in (*start, *wrap_up)
            if i.actions
        },
    )
    first = next(iter(panel.rows.values()))
    first.title.installEventFilter(counter)  # the top row's title is on screen: painted
    painted = counter.paints
    settle(panel, counter)  # laid out, old rows deleted, painted
    if counter.paints == painted:
        raise RuntimeError("the panel was not painted")
    return time.perf_counter() - began


def measure(sizes: list[int], runs: int) -> dict[int, list[float]]:
    QApplication.instance() or QApplication([])
    window = QMainWindow()
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    content = QWidget()
    box = QGroupBox("Checklist", content)
    layout = QVBoxLayout(box)
    panel = ChecklistPanel(box)
    layout.addWidget(panel)
    QVBoxLayout(content).addWidget(box)
    scroll.setWidget(content)
    window.setCentralWidget(scroll)
    window.resize(420, 800)
    window.show()
    counter = PaintCounter()
    settle(panel, counter)
    results: dict[int, list[float]] = {}
    for size in sizes:
        render_once(panel, size, counter)  # warm-up at this size
        results[size] = [render_once(panel, size, counter) for _ in range(runs)]
        assert panel.item_count() == size
        rows = list(panel.rows.values())
        floor = rows[0].check.sizeHint().height()
        if min(rows[0].height(), rows[-1].height()) < floor:
            raise RuntimeError("rows were measured before they were laid out")
        print(f"{size:>6} steps: {statistics.median(results[size]) * 1000:.0f} ms", flush=True)
    return results


def render(results: dict[int, list[float]], command: str) -> str:
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    lines = [
        f"Command: `{command}` (load average before: {load})",
        "",
        "| Steps (half as the call starts, half wrap-up) | Render → painted (ms, median) | "
        "Range (ms) | Per step (ms) |",
        "|---|---|---|---|",
    ]
    for size, times in results.items():
        median = statistics.median(times)
        lines.append(
            f"| {size:,} | {median * 1000:.0f} | {min(times) * 1000:.0f}–{max(times) * 1000:.0f} "
            f"| {median * 1000 / size:.2f} |"
        )
    if 500 in results:
        median = statistics.median(results[500])
        verdict = "pass" if median <= TARGET_500_S else "**FAIL**"
        lines += ["", f"Target: 500 steps in ≤ {TARGET_500_S} s: {median:.2f} s, {verdict}."]
    sizes = sorted(results)
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        growth = statistics.median(results[last]) / statistics.median(results[first])
        lines.append(
            f"Growth {first:,} → {last:,} steps: {growth:.1f}× (linear would be "
            f"{last / first:.0f}×)."
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write-md", type=Path)
    args = parser.parse_args()
    results = measure(args.sizes, args.runs)
    command = ".venv/bin/python benchmarks/checklist.py " + " ".join(sys.argv[1:])
    section = render(results, command.strip())
    print(section)
    if args.write_md:
        replace_section(args.write_md, "checklist", section, heading="## A long checklist")
    return 0


if __name__ == "__main__":
    sys.exit(main())
