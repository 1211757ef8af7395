"""The baseline: a bare PySide6 window, started the way the app is.

Usage (run by ``run.py``, one process per measurement)::

    python benchmarks/bare_child.py startup RESULT.json
    python benchmarks/bare_child.py idle RESULT.json
    python benchmarks/bare_child.py tray-check RESULT.json [TIMEOUT_S]

``startup`` shows a ``QMainWindow`` and a ``QSystemTrayIcon`` (when a tray is available) and
writes ``time.monotonic()`` once the window is exposed and the event loop has turned once (the
test the app's first paint passes), then quits. ``idle`` keeps a window and a tray icon open
and updates a label and the tray tooltip once a second until it is terminated. ``tray-check``
reports whether a system tray is available (waiting up to TIMEOUT_S for the tray host).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def _write(path: Path, data: dict[str, object]) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


def startup(result: Path) -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPixmap
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QSystemTrayIcon

    qapp = QApplication(["bare"])
    window = QMainWindow()
    window.setCentralWidget(QLabel("00:00"))
    window.setWindowTitle("bare")
    window.resize(440, 600)
    window.show()
    tray: QSystemTrayIcon | None = None
    if QSystemTrayIcon.isSystemTrayAvailable():
        pixmap = QPixmap(22, 22)
        pixmap.fill(QColor("#0f766e"))
        tray = QSystemTrayIcon(QIcon(pixmap))
        tray.show()

    def ready() -> None:
        _write(
            result,
            {
                "ready": time.monotonic(),
                "platform": QGuiApplication.platformName(),
                "window_shown": window.isVisible(),
                "tray_available": tray is not None and tray.isVisible(),
            },
        )
        qapp.quit()

    # The same ready test as the app's: the window exposed (it paints while the expose event is
    # handled), then one turn of the event loop.
    class Exposed(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Expose and handle is not None and handle.isExposed():
                handle.removeEventFilter(self)
                QTimer.singleShot(0, ready)
            return False

    handle = window.windowHandle()
    watch = Exposed()
    if handle is None or handle.isExposed():
        QTimer.singleShot(0, ready)
    else:
        handle.installEventFilter(watch)
    return qapp.exec()


def idle(result: Path) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPixmap
    from PySide6.QtWidgets import QApplication, QLabel, QSystemTrayIcon

    qapp = QApplication(["bare-idle"])
    qapp.setQuitOnLastWindowClosed(False)
    window = QLabel("00:00")
    window.setWindowTitle("bare idle")
    window.resize(360, 240)
    window.show()
    pixmap = QPixmap(22, 22)
    pixmap.fill(QColor("#0f766e"))
    tray = QSystemTrayIcon(QIcon(pixmap))
    tray.show()
    started = time.monotonic()

    def tick() -> None:
        seconds = int(time.monotonic() - started)
        text = f"{seconds // 60:02d}:{seconds % 60:02d}"
        window.setText(text)
        tray.setToolTip(f"#12345 · Troubleshooting · {text}")

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(1000)
    tick()
    _write(
        result,
        {
            "platform": QGuiApplication.platformName(),
            "tray_available": QSystemTrayIcon.isSystemTrayAvailable(),
        },
    )
    return qapp.exec()


def tray_check(result: Path, timeout_s: float) -> int:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication, QSystemTrayIcon

    QApplication(["tray-check"])
    deadline = time.monotonic() + timeout_s
    available = QSystemTrayIcon.isSystemTrayAvailable()
    while not available and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.05)
        available = QSystemTrayIcon.isSystemTrayAvailable()
    _write(result, {"platform": QGuiApplication.platformName(), "tray_available": available})
    return 0 if available else 1


def main(argv: list[str]) -> int:
    mode, result = argv[0], Path(argv[1])
    if mode == "startup":
        return startup(result)
    if mode == "idle":
        return idle(result)
    if mode == "tray-check":
        return tray_check(result, float(argv[2]) if len(argv) > 2 else 10.0)
    raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
