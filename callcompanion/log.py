"""Logging: a rotating file in the log directory, warnings also to stderr.

Nothing secret is ever logged; records carry tickets, call types and states only. The rotating
handler is a few lines of our own: ``logging.handlers`` pulls in pickle, socket and queue, which
cost more at every start than the whole log set-up.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

LOG_BYTES = 1_000_000
LOG_BACKUPS = 3
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


class RotatingFile(logging.FileHandler):
    """Appends to *path*; past *max_bytes* it becomes ``path.1`` (up to ``path.<backups>``)."""

    def __init__(self, path: Path, max_bytes: int = LOG_BYTES, backups: int = LOG_BACKUPS) -> None:
        super().__init__(path, encoding="utf-8", delay=False)
        self.path = path
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is not None and self.stream.tell() >= self.max_bytes:
                self._rotate()
        except OSError:
            self.handleError(record)
        super().emit(record)

    def _rotate(self) -> None:
        self.close()
        for index in range(self.backups - 1, 0, -1):
            older = self.path.with_name(f"{self.path.name}.{index}")
            if older.exists():
                os.replace(older, self.path.with_name(f"{self.path.name}.{index + 1}"))
        if self.path.exists():
            os.replace(self.path, self.path.with_name(f"{self.path.name}.1"))
        self.stream = self._open()


def setup_logging(log_file: Path, *, verbose: bool = False) -> None:
    """Send the app's log records to *log_file* (rotated) and warnings to stderr."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        file_handler = RotatingFile(log_file)
        file_handler.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(file_handler)
    except OSError as err:
        if sys.stderr is not None:
            sys.stderr.write(f"callcompanion: cannot write the log file {log_file}: {err}\n")
    if sys.stderr is not None:  # a windowed app on Windows has no stderr
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(logging.DEBUG if verbose else logging.WARNING)
        console.setFormatter(logging.Formatter("callcompanion: %(levelname)s %(message)s"))
        root.addHandler(console)
    logging.captureWarnings(True)
