"""SIGINT and SIGTERM end the app cleanly (the call is saved), with no polling timer.

Python runs signal handlers only between bytecodes, which never happens while Qt's event loop
waits. A pipe registered with :func:`signal.set_wakeup_fd` wakes the loop instead.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier


class SignalWatcher(QObject):
    def __init__(self, on_signal: Callable[[int], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_signal = on_signal
        self._pending: list[int] = []
        self._reader, self._writer = os.pipe()
        os.set_blocking(self._reader, False)
        os.set_blocking(self._writer, False)
        self._previous_fd = signal.set_wakeup_fd(self._writer)
        self._previous = {
            sig: signal.signal(sig, self._python_handler) for sig in (signal.SIGINT, signal.SIGTERM)
        }
        self._notifier = QSocketNotifier(self._reader, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _python_handler(self, signum: int, _frame: object) -> None:
        self._pending.append(signum)

    def _drain(self) -> None:
        with contextlib.suppress(OSError):
            os.read(self._reader, 64)
        pending, self._pending = self._pending, []
        for signum in pending:
            self._on_signal(signum)

    def restore(self) -> None:
        self._notifier.setEnabled(False)
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        signal.set_wakeup_fd(self._previous_fd)
        os.close(self._reader)
        os.close(self._writer)
