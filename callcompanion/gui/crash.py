"""Unexpected errors: logged, reported in a dialog with a copyable report, never fatal.

An exception that escapes a slot lands in :func:`sys.excepthook`; the hook logs it and shows
(or extends) one non-modal dialog. The event loop keeps running, so a running call keeps its
timer, and the call's record is already saved after each action.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING

from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from callcompanion import __version__

if TYPE_CHECKING:
    from callcompanion.gui.crash_dialog import CrashDialog

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def crash_report(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """OS, versions and the traceback: what a bug report needs, nothing personal."""
    import platform
    import traceback

    lines = [
        f"callcompanion {__version__}",
        f"Python {platform.python_version()}{' (frozen)' if getattr(sys, 'frozen', False) else ''}",
        f"Qt {qVersion()}, platform plugin {QGuiApplication.platformName() or '?'}",
        f"OS {platform.platform()}",
        "",
        "".join(traceback.format_exception(exc_type, exc, tb)).rstrip(),
    ]
    return "\n".join(lines)


class CrashHandler:
    """Installs itself as :data:`sys.excepthook` while a QApplication runs."""

    def __init__(self, log_file: Path | None) -> None:
        self._log_file = log_file
        self.dialog: CrashDialog | None = None
        self._previous: ExceptHook = sys.excepthook
        self._handling = False

    def install(self) -> None:
        sys.excepthook = self.handle

    def uninstall(self) -> None:
        sys.excepthook = self._previous

    def handle(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous(exc_type, exc, tb)
            return
        log.critical("unexpected error", exc_info=(exc_type, exc, tb))
        if self._handling or QApplication.instance() is None:
            self._previous(exc_type, exc, tb)
            return
        self._handling = True
        try:
            report = crash_report(exc_type, exc, tb)
            if self.dialog is None:
                from callcompanion.gui.crash_dialog import CrashDialog

                self.dialog = CrashDialog(self._log_file)
                self.dialog.finished.connect(self._dialog_closed)
            self.dialog.add_report(report)
            self.dialog.show()
            self.dialog.raise_()
        except Exception:  # never let the crash handler itself crash the app
            log.exception("could not show the error report")
        finally:
            self._handling = False

    def _dialog_closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None


_fault_stream: IO[str] | None = None


def enable_fault_log(path: Path) -> str | None:
    """Log hard crashes (segfaults) to *path*; returns what the previous run left there."""
    global _fault_stream
    previous = None
    try:
        if path.exists() and path.stat().st_size:
            previous = path.read_text(encoding="utf-8", errors="replace")
            path.replace(path.with_name(path.name + ".previous"))
        _fault_stream = path.open("w", encoding="utf-8")
        faulthandler.enable(_fault_stream)
    except OSError as err:
        log.warning("fault log unavailable: %s", err)
    return previous
