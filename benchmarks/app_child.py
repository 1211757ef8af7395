"""The app, started through ``callcompanion.app.run`` with an ``on_ready`` callback.

Usage (run by ``run.py``)::

    python benchmarks/app_child.py startup PROFILE_DIR RESULT.json
    python benchmarks/app_child.py seed PROFILE_DIR

``startup`` follows ``callcompanion/__main__.py`` (paths, logging, then Qt and the app), writes
``time.monotonic()`` when ``on_ready`` fires (window shown, tray controller created) and quits.
``seed`` creates the profile and stores a running call in it, through the app's own store API.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def startup(profile: Path, result: Path) -> int:
    from callcompanion.log import setup_logging
    from callcompanion.paths import AppPaths

    paths = AppPaths.for_profile(profile)
    paths.create()
    setup_logging(paths.log_file)

    from callcompanion.gui.pyside_startup import lighten_feature_check

    lighten_feature_check()
    from callcompanion.app import CallCompanion, run

    def on_ready(companion: CallCompanion) -> None:
        ready = time.monotonic()
        from PySide6.QtGui import QGuiApplication

        data = {
            "ready": ready,
            "platform": QGuiApplication.platformName(),
            "window_shown": companion.window.isVisible(),
            "tray_available": companion.tray.available,
        }
        result.write_text(json.dumps(data), encoding="utf-8")
        companion.quit()

    return run(paths, smoke_test=False, qt_args=[], on_ready=on_ready)


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


def main(argv: list[str]) -> int:
    mode = argv[0]
    if mode == "startup":
        return startup(Path(argv[1]), Path(argv[2]))
    if mode == "seed":
        return seed(Path(argv[1]))
    raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
