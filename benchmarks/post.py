"""From pressing Post to the comment confirmed by Zendesk, against a bare httpx PUT.

Both go to the same loopback Zendesk-like server (tests/fakes/zendesk_server.py) in the same
run, alternating, with the same body. The app's path is the real one: the editor's Post (secret
scan; the draft, the outbox row and its claim written to SQLite in one transaction), the outbox's
sending thread reading the token and sending the PUT (with safe_update and the stamp the editor
fetched when it opened), and the outcome written back; the clock stops when the outbox reports
the comment sent (the outcome is on the disk by then).

    .venv/bin/python benchmarks/post.py [--runs 15] [--latency-ms 0 25] \
        [--write-md docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="xdg-runtime-"))
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
import keyring  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402

from benchmarks.markdown import replace_section  # noqa: E402 - after the path set-up
from callcompanion.app import CallCompanion, make_qapplication  # noqa: E402
from tests.fakes.memory_keyring import MemoryKeyring  # noqa: E402
from tests.fakes.profiles import connected_profile  # noqa: E402
from tests.fakes.zendesk_server import EMAIL, TOKEN, FakeZendesk  # noqa: E402

TARGET_RATIO = 1.2
BODY = (
    "Hello,\n\nThank you for the troubleshooting call. What we learned and did:\n"
    "The upgrade stopped at a background migration.\n\nNext steps for you:\n"
    "Send the output of gitlab-rake db:migrate:status.\n\nBest regards,\nAna Example"
)


@dataclass(frozen=True)
class PostResult:
    latency_ms: float
    runs: int
    app: list[float]
    queued: list[float]
    bare: list[float]
    comments: int

    @property
    def app_ms(self) -> float:
        return statistics.median(self.app)

    @property
    def bare_ms(self) -> float:
        return statistics.median(self.bare)

    @property
    def ratio(self) -> float:
        return self.app_ms / self.bare_ms

    @property
    def expected_comments(self) -> int:
        return 2 * (self.runs + 1)  # the app's and the bare PUT's, warm-up included


def wait_until(condition: object, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        QTimer.singleShot(1, loop.quit)
        loop.exec()


def measure(latency_ms: float, runs: int) -> PostResult:
    keyring.set_keyring(MemoryKeyring())
    qapp = make_qapplication([])
    with tempfile.TemporaryDirectory() as tmp, FakeZendesk() as server:
        server.latency = latency_ms / 1000
        server.add_ticket(12345, subject="Upgrade fails")
        paths, connection = connected_profile(
            Path(tmp) / "profile", server, engineer_name="Ana Example"
        )
        keyring.set_password("callcompanion", connection.keyring_user, TOKEN)
        app = CallCompanion(qapp, paths, single_instance=False)
        app.start()
        bare = httpx.Client(auth=httpx.BasicAuth(f"{EMAIL}/token", TOKEN), timeout=20.0)
        app_times: list[float] = []
        bare_times: list[float] = []
        queued_times: list[float] = []
        sent: list[object] = []
        app.outbox.sent.connect(sent.append)

        def app_once() -> None:
            app.window.ticketEdit.setText("12345")
            app.window.joinedCheck.setChecked(True)
            app.window.start_call()
            app.controller.end_call()
            ended = app.controller.last_ended
            assert ended is not None
            editor = app.summary_windows.editor(ended.id)
            assert editor is not None
            wait_until(lambda: app.ticket_context.cached(ended.id) is not None)
            editor.bodyEdit.setPlainText(BODY)
            editor.save_now()
            sent.clear()
            loop = QEventLoop()
            app.outbox.sent.connect(loop.quit)
            started = time.perf_counter()
            assert editor.post()
            queued = time.perf_counter()
            if not sent:
                loop.exec()
            done = time.perf_counter()
            app.outbox.sent.disconnect(loop.quit)
            assert sent
            app_times.append((done - started) * 1000)
            queued_times.append((queued - started) * 1000)
            app.window.new_call()

        def bare_once() -> None:
            stamp = server.ticket(12345)["updated_at"]
            payload = {
                "ticket": {
                    "comment": {"body": BODY + "\n\n(ref: cc-000000000000)", "public": True},
                    "safe_update": True,
                    "updated_stamp": stamp,
                }
            }
            started = time.perf_counter()
            response = bare.put(f"{server.url}/api/v2/tickets/12345", json=payload)
            response.raise_for_status()
            response.json()
            bare_times.append((time.perf_counter() - started) * 1000)

        app_once()  # warm-up: imports, the worker thread, the httpx clients
        bare_once()
        app_times.clear()
        bare_times.clear()
        queued_times.clear()
        for index in range(runs):
            for step in (app_once, bare_once) if index % 2 == 0 else (bare_once, app_once):
                step()
        comments = len(server.comments(12345))
        bare.close()
        app.close()
    return PostResult(latency_ms, runs, app_times, queued_times, bare_times, comments)


def render(results: list[PostResult], command: str, load: tuple[str, str]) -> str:
    lines = [
        f"Command: `{command}`",
        "",
        f"Load average before / after: {load[0]} / {load[1]}.",
        "",
        "| Server latency | Post → confirmed, app (ms) | Bare httpx PUT (ms) | App vs bare | "
        "App overhead | Target | Result |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        overhead = r.app_ms - r.bare_ms
        lines.append(
            f"| {r.latency_ms:.0f} ms | {r.app_ms:.1f} ({min(r.app):.1f}–{max(r.app):.1f}) | "
            f"{r.bare_ms:.1f} ({min(r.bare):.1f}–{max(r.bare):.1f}) | {r.ratio:.2f}× | "
            f"+{overhead:.1f} ms (of which {statistics.median(r.queued):.1f} ms to queue) | "
            f"≤ {TARGET_RATIO}× | {'pass' if r.ratio <= TARGET_RATIO else '**FAIL**'} |"
        )
    checks = ", ".join(f"{r.comments}/{r.expected_comments}" for r in results)
    lines += [
        "",
        f"Every post arrived exactly once (comments on the server / posts made: {checks}).",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--latency-ms", type=float, nargs="+", default=[0.0, 25.0])
    parser.add_argument("--write-md", type=Path)
    args = parser.parse_args()
    before = " ".join(f"{value:.2f}" for value in os.getloadavg())
    results = [measure(latency, args.runs) for latency in args.latency_ms]
    after = " ".join(f"{value:.2f}" for value in os.getloadavg())
    command = ".venv/bin/python benchmarks/post.py " + " ".join(sys.argv[1:])
    section = render(results, command.strip(), (before, after))
    print(section)
    if args.write_md:
        replace_section(args.write_md, "post", section, heading="## Posting a summary")
    bad = [r for r in results if r.comments != r.expected_comments]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
