"""Types into the real app's notes like a person, key by key, for tests that kill it mid-way.

    python -m tests.fakes.steady_typist PROFILE COUNT   # COUNT keys (0: until killed)

Starts a call, opens its notes and types one character of :data:`TEXT` every 100 ms, each key
a timer event of the app's own event loop (the autosave timers run between the keys, as they
do for a person). Prints ``{"call_id": …}`` once the notes are open, then one line per key:
``{"typed": n, "at": time.monotonic()}``, and ``{"done": true}`` after COUNT keys.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

from callcompanion.app import CallCompanion, run
from callcompanion.log import setup_logging
from callcompanion.paths import AppPaths
from tests.fakes.app_driver import say, start_call_with_notes

TEXT = (
    "The proxy strips the auth header before the request reaches the runner; "
    "the customer will send the proxy config and the runner logs from Tuesday. "
) * 20
KEY_INTERVAL_MS = 100


def main(profile: str, count: int) -> int:
    paths = AppPaths.for_profile(Path(profile))
    paths.create()
    setup_logging(paths.log_file)
    keys = QTimer()
    keys.setTimerType(Qt.TimerType.PreciseTimer)
    keys.setInterval(KEY_INTERVAL_MS)

    def ready(app: CallCompanion) -> None:
        call, editor = start_call_with_notes(app)
        typed = 0

        def key() -> None:
            nonlocal typed
            QTest.keyClicks(editor.learnedEdit, TEXT[typed])
            typed += 1
            say(typed=typed, at=time.monotonic())
            if typed == count or typed == len(TEXT):
                keys.stop()
                say(done=True)

        keys.timeout.connect(key)
        say(call_id=call.id)
        keys.start()

    return run(paths, on_ready=ready)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
