"""A day of once-a-second Qt signals, run by ``test_signal_day.py`` on a fast clock.

    python -m tests.longhaul.emit_day SECONDS

A QTimer fires every second; each time a Python-defined Signal is emitted and a slot counts it,
as the app's call timer does. After SECONDS emits it prints one JSON line
``{"emitted": N, "received": N, "clock_seconds": S}`` and exits 0. A Qt-bindings bug that aborts
after some number of emits ends the process with a signal instead.
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication


class Ticker(QObject):
    ticked = Signal(int)


def main(seconds: int) -> int:
    app = QApplication(sys.argv[:1])
    ticker = Ticker()
    counts = {"emitted": 0, "received": 0}
    began = time.monotonic()

    def received(number: int) -> None:
        counts["received"] += 1
        assert number == counts["emitted"]

    def tick() -> None:
        counts["emitted"] += 1
        ticker.ticked.emit(counts["emitted"])
        if counts["emitted"] >= seconds:
            timer.stop()
            app.quit()

    ticker.ticked.connect(received)
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(1000)
    timer.timeout.connect(tick)
    timer.start()
    app.exec()
    print(json.dumps({**counts, "clock_seconds": round(time.monotonic() - began, 1)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1])))
