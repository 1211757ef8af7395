"""Work off the GUI thread: run a function in the thread pool, get the result by signal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid

log = logging.getLogger(__name__)


class WorkerSignals(QObject):
    """Delivered on the receiver's thread (queued), so slots may touch widgets.

    Signals:
        result: The function's return value.
        error: The exception it raised.
        finished: Always, after ``result`` or ``error``.
    """

    result = Signal(object)
    error = Signal(object)
    finished = Signal()


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        super().__init__()
        self.fn = fn
        self.args = args
        self.signals = WorkerSignals()

    def run(self) -> None:
        try:
            value = self.fn(*self.args)
        except Exception as err:  # delivered to the caller, never lost in a thread
            log.warning("background job %s failed: %s", getattr(self.fn, "__name__", self.fn), err)
            self.signals.error.emit(err)
        else:
            self.signals.result.emit(value)
        finally:
            self.signals.finished.emit()


_running: set[_Job] = set()


def _while_alive(owner: QObject | None, callback: Callable[[Any], None]) -> Callable[[Any], None]:
    if owner is None:
        return callback

    def deliver(value: Any) -> None:
        if isValid(owner):
            callback(value)
        else:
            log.debug("answer for a closed window dropped")

    return deliver


def run_in_pool(
    fn: Callable[..., Any],
    *args: Any,
    on_result: Callable[[Any], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
    owner: QObject | None = None,
) -> WorkerSignals:
    """Run ``fn(*args)`` in the global thread pool.

    The callbacks are connected before the job starts, so a fast job cannot finish unheard;
    they run on the calling (GUI) thread. With *owner* (the dialog that asked), they are
    dropped when the owner has been deleted meanwhile: an answer that arrives after its
    window closed has nowhere to go.
    """
    job = _Job(fn, args)
    job.setAutoDelete(False)
    if on_result is not None:
        job.signals.result.connect(_while_alive(owner, on_result))
    if on_error is not None:
        job.signals.error.connect(_while_alive(owner, on_error))
    _running.add(job)
    job.signals.finished.connect(lambda: _running.discard(job))
    QThreadPool.globalInstance().start(job)
    return job.signals
