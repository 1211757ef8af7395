"""Work off the GUI thread: run a function on a worker thread, get the result by signal.

Workers are daemon threads, so quitting never waits for one: a request that hangs cannot hold
the app open. Results that arrive after :func:`drop_pending_results` (the app is closing) are
dropped without a word, as are answers for a window that has closed meanwhile.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
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


_generation = 0  # bumped by drop_pending_results(); read and written on the GUI thread only
_running: set[_Job] = set()


class _Job:
    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self.fn = fn
        self.args = args
        self.generation = _generation
        self.signals = WorkerSignals()

    @property
    def name(self) -> str:
        return str(getattr(self.fn, "__name__", self.fn))

    def run(self) -> None:
        try:
            value = self.fn(*self.args)
        except Exception as err:  # delivered to the caller, never lost in a thread
            log.warning("background job %s failed: %s", self.name, err)
            self._emit(self.signals.error, err)
        else:
            self._emit(self.signals.result, value)
        finally:
            self._emit(self.signals.finished)

    def _emit(self, signal: Any, *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # Qt is shut down: nobody is left to tell
            signal.emit(*args)


def drop_pending_results() -> None:
    """From now on, drop what the jobs already running report (the app is closing)."""
    global _generation
    _generation += 1


def _deliverable(
    job: _Job, owner: QObject | None, callback: Callable[[Any], None]
) -> Callable[[Any], None]:
    def deliver(value: Any) -> None:
        if job.generation != _generation:
            log.debug("answer of %s after shutdown dropped", job.name)
        elif owner is not None and not isValid(owner):
            log.debug("answer for a closed window dropped")
        else:
            callback(value)

    return deliver


def run_in_pool(
    fn: Callable[..., Any],
    *args: Any,
    on_result: Callable[[Any], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
    owner: QObject | None = None,
) -> WorkerSignals:
    """Run ``fn(*args)`` on a worker (daemon) thread.

    The callbacks are connected before the job starts, so a fast job cannot finish unheard;
    they run on the calling (GUI) thread. With *owner* (the object that asked), they are
    dropped when the owner has been deleted meanwhile: an answer that arrives after its
    window closed has nowhere to go.
    """
    job = _Job(fn, args)
    if on_result is not None:
        job.signals.result.connect(_deliverable(job, owner, on_result))
    if on_error is not None:
        job.signals.error.connect(_deliverable(job, owner, on_error))
    _running.add(job)
    job.signals.finished.connect(lambda: _running.discard(job))
    threading.Thread(target=job.run, name=f"worker {job.name}", daemon=True).start()
    return job.signals
