"""Unexpected errors: logged, reported in a dialog with a copyable report, never fatal.

An exception that escapes a slot lands in :func:`sys.excepthook`; the hook logs it and shows
(or extends) one non-modal dialog. The event loop keeps running, so a running call keeps its
timer, and the call's record is already saved after each action.

A crash in native code (a segfault, an abort) cannot be caught: :class:`CrashTrace` makes sure
it leaves a traceback in the log folder and that the next start says what happened.
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QBoxLayout

from callcompanion import __version__
from callcompanion.paths import AppPaths

if TYPE_CHECKING:
    from callcompanion.gui.crash_dialog import CrashDialog
    from callcompanion.gui.main_window import MainWindow

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


# -- hard crashes: a trace now, a notice at the next start -----------------------------------------


@dataclass(frozen=True)
class PreviousCrash:
    """How the previous run on this profile ended without a clean quit.

    Attributes:
        when: When it stopped (local time): the native trace's time, or else the last sign of
            life (log, store, start) when nothing was written.
        exact: Whether *when* is the moment of the crash.
        fault: The first line of the native trace (``Fatal Python error: Aborted``), if any.
        trace_file: Where that trace was kept (``faults.log.previous``).
    """

    when: datetime
    exact: bool
    fault: str | None = None
    trace_file: Path | None = None


class CrashTrace:
    """Native tracebacks to the fault log, and a marker that says the app is running.

    :meth:`begin` looks at what the previous run left (the marker it did not remove, a
    non-empty fault log), then enables :mod:`faulthandler` on a file kept open for the life of
    the process (SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGFPE write every thread's Python stack).
    :meth:`end` after a clean quit removes the marker.
    """

    def __init__(self, paths: AppPaths) -> None:
        self._paths = paths
        self._stream: IO[str] | None = None

    def begin(self) -> PreviousCrash | None:
        previous = self._previous()
        fault_file = self._paths.fault_file
        try:
            fault_file.parent.mkdir(parents=True, exist_ok=True)
            if previous is not None and previous.trace_file is not None:
                fault_file.replace(previous.trace_file)
            self._stream = fault_file.open("w", encoding="utf-8")
            faulthandler.enable(self._stream, all_threads=True)
        except OSError as err:
            log.warning("fault log unavailable: %s", err)
        try:
            self._paths.running_marker.write_text(
                f"{os.getpid()} {datetime.now().astimezone().isoformat()}\n", encoding="utf-8"
            )
        except OSError as err:
            log.warning("cannot write %s: %s", self._paths.running_marker, err)
        if previous is not None:
            log.warning(
                "the previous run ended without a clean quit (%s%s)",
                previous.fault or "no native trace",
                f", trace kept in {previous.trace_file}" if previous.trace_file else "",
            )
        return previous

    def end(self) -> None:
        """After a clean quit: nothing to report at the next start."""
        if self._stream is not None:
            faulthandler.disable()
            self._stream.close()
            self._stream = None
        with contextlib.suppress(OSError):
            self._paths.running_marker.unlink()

    def _previous(self) -> PreviousCrash | None:
        paths = self._paths
        fault = None
        try:
            if paths.fault_file.stat().st_size:
                fault = paths.fault_file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            pass
        if fault is not None:
            first = next((line.strip() for line in fault.splitlines() if line.strip()), None)
            return PreviousCrash(
                when=_modified(paths.fault_file) or datetime.now().astimezone(),
                exact=True,
                fault=first,
                trace_file=paths.fault_file.with_name(paths.fault_file.name + ".previous"),
            )
        if not paths.running_marker.exists():
            return None
        seen = [
            _modified(path)
            for path in (
                paths.running_marker,
                paths.log_file,
                paths.store_file,
                paths.store_file.with_name(paths.store_file.name + "-wal"),
            )
        ]
        known = [moment for moment in seen if moment is not None]
        return PreviousCrash(when=max(known) if known else datetime.now().astimezone(), exact=False)


def _modified(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    except OSError:
        return None


def _moment(when: datetime, now: datetime) -> str:
    if when.date() == now.date():
        return f"{when:%H:%M}"
    return f"{when.day} {when:%B} at {when:%H:%M}"


def crash_notice(
    crash: PreviousCrash,
    *,
    resumed_ticket: str | None,
    drafts_open: bool,
    log_dir: Path,
    now: datetime | None = None,
) -> str:
    """The calm sentence the window shows after an unclean end: what happened, what was kept."""
    moment = _moment(crash.when, now or datetime.now().astimezone())
    if crash.exact:
        what = f"callcompanion closed unexpectedly at {moment}"
        if crash.fault:
            what += f" ({crash.fault.rstrip('.')})"
    else:
        what = f"callcompanion closed unexpectedly last time (last seen at {moment})"
    parts = [what + "."]
    if resumed_ticket:
        parts.append(f"The call on {resumed_ticket} was resumed with its time.")
    if drafts_open:
        parts.append("The summary drafts you were writing were kept and are open again.")
    files = "callcompanion.log"
    if crash.trace_file is not None:
        files = f"{crash.trace_file.name} and {files}"
    parts.append(f"If you report it, attach {files} from the log folder ({log_dir}).")
    return " ".join(parts)


def show_crash_notice(window: MainWindow, text: str) -> None:
    """The notice, with a button that opens the log folder."""
    from PySide6.QtWidgets import QPushButton

    from callcompanion.gui.main_window.banners import Level

    banner = window.add_notice(text, Level.WARNING)
    button = QPushButton("Open the log folder", banner)
    button.setAccessibleName("Open the log folder")
    button.clicked.connect(window.open_logs_requested)
    layout = banner.layout()
    if isinstance(layout, QBoxLayout):
        layout.insertWidget(1, button, 0, Qt.AlignmentFlag.AlignTop)
