"""Drives the real app in its own process, for tests that kill it (SIGKILL) mid-way.

    python -m tests.fakes.app_driver PROFILE type     # start a call, type notes, keep running
    python -m tests.fakes.app_driver PROFILE post     # run a call, end it, post its summary
    python -m tests.fakes.app_driver PROFILE report   # print what came back, then quit
    python -m tests.fakes.app_driver PROFILE settle   # wait until the outbox is empty, report

Each prints one JSON line when it reaches its point; the parent test acts on it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest

from callcompanion.app import CallCompanion, run
from callcompanion.core.call import Call
from callcompanion.gui.summary_editor import SummaryEditor
from callcompanion.log import setup_logging
from callcompanion.paths import AppPaths

TYPED = "The proxy strips the auth header before"


def say(**data: object) -> None:
    print(json.dumps(data), flush=True)


def start_call_with_notes(app: CallCompanion) -> tuple[Call, SummaryEditor]:
    """Start a call on #12345 as the window's Start button does, and open its notes."""
    app.window.ticketEdit.setText("12345")
    app.window.joinedCheck.setChecked(True)
    app.window.start_call()
    app.summary_windows.open_notes()
    call = app.controller.call
    assert call is not None
    editor = app.summary_windows.editor(call.id)
    assert editor is not None
    return call, editor


def main(profile: str, mode: str) -> int:
    paths = AppPaths.for_profile(Path(profile))
    paths.create()
    setup_logging(paths.log_file)

    def ready(app: CallCompanion) -> None:
        if mode == "type":
            call, editor = start_call_with_notes(app)
            QTest.keyClicks(editor.learnedEdit, TYPED)
            say(typed=TYPED, call_id=call.id)
        elif mode == "post":
            app.window.ticketEdit.setText("12345")
            app.window.joinedCheck.setChecked(True)
            app.window.start_call()
            app.controller.end_call()
            ended = app.controller.last_ended
            assert ended is not None
            ended_editor = app.summary_windows.editor(ended.id)
            assert ended_editor is not None
            QTest.keyClicks(ended_editor.learnedEdit, TYPED)
            ended_editor.post()
            say(posting=ended.id)
        elif mode == "report":
            say(
                editors=[
                    {"call_id": e.call_id, "learned": e.learnedEdit.toPlainText()}
                    for e in (
                        app.summary_windows.editor(cid)
                        for cid in app.summary_windows.open_call_ids()
                    )
                    if e is not None
                ],
                call_running=app.controller.call is not None,
                macro_lines={
                    e.call_id: e.macroBar.label.text()
                    for e in (
                        app.summary_windows.editor(cid)
                        for cid in app.summary_windows.open_call_ids()
                    )
                    if e is not None and not e.macroBar.isHidden()
                },
            )
            app.quit()
        elif mode == "settle":

            def check() -> None:
                counts = app.outbox.counts()
                if counts.total == 0 and not app.outbox.busy:
                    say(settled=True)
                    app.quit()
                else:
                    app.outbox.kick()
                    QTimer.singleShot(100, check)

            check()

    return run(paths, on_ready=ready)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
