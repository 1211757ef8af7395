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
from typing import IO

from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from callcompanion import __version__

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


class CrashDialog(QDialog):
    """Shows what went wrong, with the report ready to copy."""

    def __init__(self, log_file: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("callcompanion hit a problem")
        self.setAccessibleName("Error report")
        layout = QVBoxLayout(self)
        where = f" The log is at {log_file}." if log_file else ""
        intro = QLabel(
            "Something went wrong inside callcompanion. Your call keeps running and nothing you "
            f"entered was lost. Please send this report to the maintainers.{where}",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.report = QPlainTextEdit(self)
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Report text")
        self.report.setMinimumSize(520, 240)
        layout.addWidget(self.report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton("Copy report", QDialogButtonBox.ButtonRole.ActionRole)
        copy.setAccessibleName("Copy the report")
        copy.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

    def add_report(self, text: str) -> None:
        current = self.report.toPlainText()
        self.report.setPlainText(f"{current}\n\n{'-' * 60}\n\n{text}" if current else text)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report.toPlainText())


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
