"""The app, started through ``callcompanion.app.run`` with an ``on_ready`` callback.

Usage (run by ``run.py``)::

    python benchmarks/app_child.py startup PROFILE_DIR RESULT.json
    python benchmarks/app_child.py seed PROFILE_DIR

``startup`` follows ``callcompanion/__main__.py`` (paths, logging, then Qt and the app), writes
``time.monotonic()`` when the window is first painted (``ready``: exposed, with the tray icon) and
when the whole app is built after it (``built``), and quits.
``seed`` creates the profile and stores a running call in it, through the app's own store API;
``seed-history PROFILE_DIR N`` stores N ended calls.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING


def startup(profile: Path, result: Path) -> int:
    from callcompanion.log import setup_logging
    from callcompanion.paths import AppPaths

    paths = AppPaths.for_profile(profile)
    paths.create()
    setup_logging(paths.log_file)

    from callcompanion.gui.pyside_startup import lighten_feature_check

    lighten_feature_check()
    from callcompanion.bootstrap import run

    if TYPE_CHECKING:
        from callcompanion.app import CallCompanion
    shown: dict[str, object] = {}

    def on_shown() -> None:
        # The first paint: the window is exposed (with a running call's line) and the tray
        # icon is shown when a tray is available; the app is built on the next turn.
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtWidgets import QApplication, QSystemTrayIcon

        shown["ready"] = time.monotonic()
        shown["platform"] = QGuiApplication.platformName()
        shown["window_shown"] = any(w.isVisible() for w in QApplication.topLevelWidgets())
        shown["tray_available"] = QSystemTrayIcon.isSystemTrayAvailable()

    def on_ready(companion: CallCompanion) -> None:
        data = dict(shown)
        data["built"] = time.monotonic()
        data["window_shown"] = companion.window.isVisible()
        data["tray_available"] = companion.tray.available and companion.tray.icon.isVisible()
        result.write_text(json.dumps(data), encoding="utf-8")
        companion.quit()

    return run(paths, smoke_test=False, qt_args=[], on_ready=on_ready, on_shown=on_shown)


def seed(profile: Path) -> int:
    from callcompanion.core.call import Call, Platform
    from callcompanion.core.calltypes import CallTypeCatalog
    from callcompanion.core.clock import SystemClock
    from callcompanion.core.ticket import TicketRef
    from callcompanion.paths import AppPaths
    from callcompanion.services.storage import open_store

    paths = AppPaths.for_profile(profile)
    paths.create()
    record = Call.start(
        ticket=TicketRef(12345),
        call_type=CallTypeCatalog().get("troubleshooting"),
        platform=Platform.ZOOM,
        clock=SystemClock(),
        default_wrapup_lead_minutes=10,
        customer_joined=True,
    ).record
    opened = open_store(paths.store_file)
    try:
        opened.store.save_call(record)
        active = opened.store.active_call()
    finally:
        opened.store.close()
    if active is None or active.id != record.id:
        raise SystemExit("seeding the running call failed")
    return 0


def seed_history(profile: Path, count: int) -> int:
    """*count* ended calls in the profile's store, through the store's own API."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from callcompanion.paths import AppPaths
    from callcompanion.services.storage import open_store
    from tests.fakes.history import fill_history

    paths = AppPaths.for_profile(profile)
    paths.create()
    opened = open_store(paths.store_file)
    try:
        fill_history(opened.store, count)
    finally:
        opened.store.close()
    return 0


def main(argv: list[str]) -> int:
    mode = argv[0]
    if mode == "startup":
        return startup(Path(argv[1]), Path(argv[2]))
    if mode == "seed":
        return seed(Path(argv[1]))
    if mode == "seed-history":
        return seed_history(Path(argv[1]), int(argv[2]))
    raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
