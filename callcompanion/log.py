"""Logging: a rotating file in the log directory, warnings also to stderr.

Nothing secret is ever logged; records carry tickets, call types and states only.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

LOG_BYTES = 1_000_000
LOG_BACKUPS = 3
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def setup_logging(log_file: Path, *, verbose: bool = False) -> None:
    """Send the app's log records to *log_file* (rotated) and warnings to stderr."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        file_handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
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
