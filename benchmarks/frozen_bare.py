"""The bare baseline, frozen: a QLabel window that records when it is shown, then quits.

Built by ``benchmarks/frozen_bare.spec`` with the app's own trimming; run by
``benchmarks/frozen.py`` as ``frozen_bare RESULT.json``, like ``callcompanion
--quit-when-ready RESULT.json``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    result = Path(argv[0])
    qapp = QApplication(["frozen_bare"])
    window = QLabel("00:00")
    window.setWindowTitle("bare")
    window.resize(360, 240)
    window.show()

    def ready() -> None:
        moment = time.monotonic()
        result.write_text(
            json.dumps({"ready": moment, "window_shown": window.isVisible()}), encoding="utf-8"
        )
        qapp.quit()

    QTimer.singleShot(0, ready)
    return qapp.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
