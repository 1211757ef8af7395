"""Bounded HTTP requests: an overall deadline and a size cap for every answer.

httpx's timeouts apply to each network operation, so a server that drips one byte every few
seconds never trips them, and nothing stops a server that sends hundreds of megabytes.
:func:`bounded_request` adds what they lack:

- **One deadline for the whole request** (connect, send, and the complete answer). A watchdog
  shuts the request's sockets down when it passes, which wakes a read that is blocked, and the
  caller gets :class:`RequestDeadlineError` saying whether the request had already gone out.
- **A size cap**: the answer is streamed and reading stops past *max_bytes* (counted after
  decompression); the caller gets the beginning and ``truncated`` set.

A :class:`SocketGuard` belongs to one client: it keeps the client's connections so a deadline,
or :meth:`SocketGuard.abort` when the app quits, can shut them from another thread.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import weakref
from dataclasses import dataclass
from typing import Any

import httpx


class RequestDeadlineError(Exception):
    """The request did not finish in time.

    Attributes:
        sent: The request had started to go out, so the server may have acted on it.
    """

    def __init__(self, seconds: float, *, sent: bool) -> None:
        super().__init__(f"no complete answer within {seconds:g} s")
        self.seconds = seconds
        self.sent = sent


class RequestAbortedError(Exception):
    """The client was shut down (the app is quitting); nothing more is sent."""

    def __init__(self, *, sent: bool) -> None:
        super().__init__("the request was stopped because the app is quitting")
        self.sent = sent


@dataclass(frozen=True)
class BoundedResponse:
    """The answer, read in full (or up to the cap).

    Attributes:
        response: A fully read ``httpx.Response`` (its content is what was read).
        truncated: The answer was larger than the cap; ``response.content`` is its beginning.
    """

    response: httpx.Response
    truncated: bool


class SocketGuard:
    """The live connections of one client, so they can be shut from another thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._streams: weakref.WeakSet[Any] = weakref.WeakSet()
        self._aborted = False

    @property
    def aborted(self) -> bool:
        return self._aborted

    def add(self, stream: object) -> None:
        with self._lock:
            self._streams.add(stream)
            aborted = self._aborted
        if aborted:
            _shut(stream)

    def shut_all(self) -> None:
        """Shut every connection down: a blocked read or write returns at once."""
        with self._lock:
            streams = list(self._streams)
        for stream in streams:
            _shut(stream)

    def abort(self) -> None:
        """Stop what is running and refuse anything more (the app is quitting)."""
        with self._lock:
            self._aborted = True
        self.shut_all()


def _shut(stream: object) -> None:
    get_extra_info = getattr(stream, "get_extra_info", None)
    sock = get_extra_info("socket") if get_extra_info is not None else None
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


class _Progress:
    """What one request got to, from httpcore's trace events."""

    def __init__(self, guard: SocketGuard) -> None:
        self.guard = guard
        self.sent = False

    def __call__(self, event: str, info: dict[str, Any]) -> None:
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            stream = info.get("return_value")
            if stream is not None:
                self.guard.add(stream)
        elif event.endswith("send_request_headers.started"):
            self.sent = True


def bounded_request(
    client: httpx.Client,
    guard: SocketGuard,
    method: str,
    url: str,
    *,
    deadline: float,
    max_bytes: int,
    params: Any = None,
    json_body: Any = None,
) -> BoundedResponse:
    """Make one request that ends within *deadline* seconds and reads at most *max_bytes*.

    Raises:
        RequestDeadlineError: The complete answer did not arrive in time.
        RequestAbortedError: The guard was aborted (before or during the request).
        httpx.HTTPError: Any other network failure, as httpx reports it.
    """
    progress = _Progress(guard)
    if guard.aborted:
        raise RequestAbortedError(sent=False)
    started = time.monotonic()
    base = client.timeout

    def clamp(value: float | None) -> float:
        return deadline if value is None else min(value, deadline)

    request = client.build_request(
        method,
        url,
        params=params,
        json=json_body,
        timeout=httpx.Timeout(
            connect=clamp(base.connect),
            read=clamp(base.read),
            write=clamp(base.write),
            pool=clamp(base.pool),
        ),
        extensions={"trace": progress},
    )
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        guard.shut_all()

    watchdog = threading.Timer(deadline, expire)
    watchdog.daemon = True
    watchdog.start()
    try:
        try:
            response = client.send(request, stream=True)
        except httpx.HTTPError:
            _raise_if_stopped(guard, expired, deadline, progress)
            raise
        try:
            chunks: list[bytes] = []
            size = 0
            truncated = _declared_length(response) > max_bytes  # then not a byte is read
            for chunk in [] if truncated else response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    chunks.append(chunk[: max(0, max_bytes - (size - len(chunk)))])
                    truncated = True
                    break
                chunks.append(chunk)
                if time.monotonic() - started > deadline:
                    expired.set()
                    break
        except httpx.HTTPError:
            _raise_if_stopped(guard, expired, deadline, progress)
            raise
        finally:
            response.close()
        _raise_if_stopped(guard, expired, deadline, progress)
    finally:
        watchdog.cancel()
    read = httpx.Response(
        response.status_code,
        headers=[
            (k, v)
            for k, v in response.headers.multi_items()
            if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
        ],
        content=b"".join(chunks),
        request=request,
    )
    return BoundedResponse(read, truncated)


def _declared_length(response: httpx.Response) -> int:
    value = response.headers.get("content-length", "")
    return int(value) if value.isdigit() else 0


def _raise_if_stopped(
    guard: SocketGuard, expired: threading.Event, deadline: float, progress: _Progress
) -> None:
    if guard.aborted:
        raise RequestAbortedError(sent=progress.sent)
    if expired.is_set():
        raise RequestDeadlineError(deadline, sent=progress.sent)
