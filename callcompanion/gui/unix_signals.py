"""SIGINT and SIGTERM end the app cleanly (the call is saved), with no polling timer.

Python runs signal handlers only between bytecodes, which never happens while Qt's event loop
waits. A socket pair registered with :func:`signal.set_wakeup_fd` wakes the loop instead.
"""

from __future__ import annotations

import contextlib
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier


class SignalWatcher(QObject):
    def __init__(self, on_signal: Callable[[int], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_signal = on_signal
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = {
            sig: signal.signal(sig, self._python_handler) for sig in (signal.SIGINT, signal.SIGTERM)
        }
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        self._pending: list[int] = []

    def _python_handler(self, signum: int, _frame: object) -> None:
        self._pending.append(signum)

    def _drain(self) -> None:
        with contextlib.suppress(OSError):
            self._reader.recv(64)
        pending, self._pending = self._pending, []
        for signum in pending:
            self._on_signal(signum)

    def restore(self) -> None:
        self._notifier.setEnabled(False)
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()
