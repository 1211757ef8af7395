"""Draining a queue of posts through the app's outbox, against as many bare httpx PUTs.

N posts (1, 10, 100, 1,000) to one ticket are written into a fresh profile's outbox, as if the
app had been offline; the clock starts when the real ``OutboxController`` is kicked and stops
when it has reported the last one sent (posts claimed in SQLite in batches, sent one after
another by the outbox's sending thread with the real Zendesk client and ``safe_update``, the
outcomes written back a batch at a time, each post's stamp passed on to the next). The
baseline is N bare PUTs of the same bodies, one after the other on one ``httpx.Client``, each
with the stamp the previous answer gave. Both go to the same loopback
Zendesk-like server (tests/fakes/zendesk_server.py), alternating app/bare run by run.

    .venv/bin/python benchmarks/drain.py [--sizes 1 10 100 1000] [--runs 3] \
        [--write-md docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="xdg-runtime-"))
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
import keyring  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.markdown import replace_section  # noqa: E402 - after the path set-up
from callcompanion.app import CallCompanion, make_qapplication  # noqa: E402
from callcompanion.core.connections import make_connection  # noqa: E402
from callcompanion.core.settings import Settings  # noqa: E402
from callcompanion.paths import AppPaths  # noqa: E402
from callcompanion.services.outbox import NewPost, OutboxEntry  # noqa: E402
from callcompanion.services.settings_file import save_settings  # noqa: E402
from tests.conftest import MemoryKeyring  # noqa: E402 - the tests' in-memory keyring
from tests.fakes.posts import internal_notes  # noqa: E402
from tests.fakes.zendesk_server import EMAIL, TOKEN, FakeZendesk  # noqa: E402

TARGET_RATIO = 3.0
TICKET = 12345
BODY = (
    "Upgrade information from the call preparation:\n"
    "Current version: 16.11.4\nTarget version: 17.5.1\nInstallation: Omnibus, single node"
)


@dataclass(frozen=True)
class DrainResult:
    size: int
    app: list[float]  # seconds per run
    bare: list[float]
    comments: int
    expected_comments: int

    @property
    def app_s(self) -> float:
        return statistics.median(self.app)

    @property
    def bare_s(self) -> float:
        return statistics.median(self.bare)

    @property
    def ratio(self) -> float:
        return self.app_s / self.bare_s

    @property
    def app_per_post_ms(self) -> float:
        return self.app_s * 1000 / self.size

    @property
    def bare_per_post_ms(self) -> float:
        return self.bare_s * 1000 / self.size


def wait_for(qapp: QApplication, condition: Callable[[], bool], timeout: float) -> None:
    """Run the event loop until *condition* holds; TimeoutError after *timeout* seconds."""
    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the outbox did not drain in time")
        QTimer.singleShot(5, loop.quit)
        loop.exec()


def connected_app(qapp: QApplication, server: FakeZendesk, folder: Path) -> CallCompanion:
    """The whole app on a fresh profile with one connection to *server* (token in the keyring)."""
    paths = AppPaths.for_profile(folder)
    paths.create()
    connection = make_connection(id="bench001", label="Bench", address=server.url, email=EMAIL)
    save_settings(
        paths.settings_file,
        Settings(
            engineer_name="Ana Example",
            zendesk_connections=(connection,),
            default_connection=connection.id,
        ),
    )
    keyring.set_password("callcompanion", connection.keyring_user, TOKEN)
    app = CallCompanion(qapp, paths, single_instance=False)
    app.start()
    return app


def queued_posts(count: int) -> list[NewPost]:
    return internal_notes(
        [TICKET] * count,
        "bench001",
        text=lambda index, _ticket: f"{BODY}\n(post {index + 1} of {count})",
    )


def app_drain(qapp: QApplication, server: FakeZendesk, count: int, folder: Path) -> float:
    app = connected_app(qapp, server, folder)
    try:
        app.outbox.outbox.add(queued_posts(count), app.clock.now(), connected=True)
        sent: list[OutboxEntry] = []
        app.outbox.sent.connect(sent.append)
        started = time.perf_counter()
        app.outbox.kick()
        wait_for(qapp, lambda: len(sent) >= count, timeout=60 + count * 0.2)
        took = time.perf_counter() - started
        wait_for(qapp, lambda: not app.outbox.busy, timeout=10)
        return took
    finally:
        app.close()


def bare_drain(client: httpx.Client, server: FakeZendesk, count: int) -> float:
    bodies = [p.body for p in queued_posts(count)]
    started = time.perf_counter()
    stamp = client.get(f"{server.url}/api/v2/tickets/{TICKET}").json()["ticket"]["updated_at"]
    for body in bodies:
        payload = {
            "ticket": {
                "comment": {"body": body, "public": False},
                "safe_update": True,
                "updated_stamp": stamp,
            }
        }
        response = client.put(f"{server.url}/api/v2/tickets/{TICKET}", json=payload)
        response.raise_for_status()
        stamp = response.json()["ticket"]["updated_at"]
    return time.perf_counter() - started


def measure(size: int, runs: int) -> DrainResult:
    keyring.set_keyring(MemoryKeyring())
    qapp = make_qapplication([])
    app_times: list[float] = []
    bare_times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, FakeZendesk() as server:
        server.add_ticket(TICKET, subject="Upgrade fails")
        auth = httpx.BasicAuth(f"{EMAIL}/token", TOKEN)
        with httpx.Client(auth=auth, timeout=20.0) as client:
            app_drain(qapp, server, 1, Path(tmp) / "warm-up")  # imports, threads, clients
            bare_drain(client, server, 1)
            for index in range(runs):
                app_first = index % 2 == 0
                for app_turn in (app_first, not app_first):
                    if app_turn:
                        folder = Path(tmp) / f"run{index}"
                        app_times.append(app_drain(qapp, server, size, folder))
                    else:
                        bare_times.append(bare_drain(client, server, size))
        comments = len(server.comments(TICKET))
    return DrainResult(size, app_times, bare_times, comments, 2 * (runs * size + 1))


def render(results: list[DrainResult], command: str, load: tuple[str, str]) -> str:
    lines = [
        f"Command: `{command}`",
        "",
        f"Load average before / after: {load[0]} / {load[1]}.",
        "",
        "| Posts queued | App: drain (ms) | Bare PUTs (ms) | App per post (ms) | "
        "Bare per post (ms) | App vs bare | Target | Result |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.size:,} | {r.app_s * 1000:.1f} ({min(r.app) * 1000:.1f}–"
            f"{max(r.app) * 1000:.1f}) | {r.bare_s * 1000:.1f} ({min(r.bare) * 1000:.1f}–"
            f"{max(r.bare) * 1000:.1f}) | {r.app_per_post_ms:.2f} | {r.bare_per_post_ms:.2f} | "
            f"{r.ratio:.2f}× | ≤ {TARGET_RATIO:.0f}× | "
            f"{'pass' if r.ratio <= TARGET_RATIO else '**FAIL**'} |"
        )
    if len(results) > 1:
        small, large = results[0], results[-1]
        lines += [
            "",
            f"Growth from {small.size:,} to {large.size:,} posts, per post: app "
            f"{large.app_per_post_ms / small.app_per_post_ms:.2f}×, bare "
            f"{large.bare_per_post_ms / small.bare_per_post_ms:.2f}× (1.00× is linear).",
        ]
    checks = ", ".join(f"{r.comments}/{r.expected_comments}" for r in results)
    lines += [
        "",
        f"Every post arrived exactly once (comments on the server / posts made: {checks}).",
    ]
    return "\n".join(lines)


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write-md", type=Path)
    args = parser.parse_args()
    before = load_average()
    results = [measure(size, args.runs) for size in args.sizes]
    after = load_average()
    command = ".venv/bin/python benchmarks/drain.py " + " ".join(sys.argv[1:])
    section = render(results, command.strip(), (before, after))
    print(section)
    if args.write_md:
        replace_section(args.write_md, "drain", section, heading="## Draining the outbox")
    bad = [r for r in results if r.comments != r.expected_comments]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
