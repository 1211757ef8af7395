"""One running app per profile, and the requests later launches hand to it.

Qt-free and light, because it runs before Qt loads at every start:

- **The lock.** The app that runs on a profile holds an OS lock on ``instance.lock`` in the
  profile's data folder (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows), taken before
  the window is built. The OS drops it when the process ends, however it ends, so a crash never
  leaves a stale lock. Two launches at the same moment: exactly one gets it.
- **The protocol.** A launch that finds the lock taken hands its request to the running app over
  the single-instance socket: one JSON line ``{"v": 1, "command": ..., "args": {...}}``, and one
  JSON line back, ``{"v": 1, "ok": true|false, ...}`` (``error`` says why when not ok).
- **The knock.** On POSIX the C socket module (``_socket``) talks to the socket directly:
  ``socket.py`` and QtNetwork would each cost milliseconds at every start.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROTOCOL_VERSION = 1
MAX_REQUEST_BYTES = 16 * 1024
MAX_REPLY_BYTES = 1024 * 1024
CONNECT_TIMEOUT_S = 0.5
REPLY_TIMEOUT_S = 20.0
HANDOVER_SECONDS = 15.0  # how long a later launch keeps knocking while the first one starts
RETRY_PAUSE_S = 0.05

SHOW, STATUS, START_CALL, END_CALL = "show", "status", "start_call", "end_call"
SIGN_IN = "sign_in"
COMMANDS = (SHOW, STATUS, START_CALL, END_CALL, SIGN_IN)
_START_CALL_ARGS = {"ticket": str, "call_type": str, "platform": str, "customer_joined": bool}


class ProtocolError(ValueError):
    """A request or reply that does not follow the protocol; the message says how."""


class NotAnsweringError(RuntimeError):
    """The running app holds the profile but did not answer in time."""


@dataclass(frozen=True)
class Request:
    """What a launch asks the running app to do."""

    command: str = SHOW
    args: dict[str, Any] = field(default_factory=dict)

    def encode(self) -> bytes:
        import json

        line = json.dumps({"v": PROTOCOL_VERSION, "command": self.command, "args": self.args})
        return line.encode("utf-8") + b"\n"


def parse_request(line: bytes) -> Request:
    """The request in one line, or :class:`ProtocolError` saying what is wrong with it."""
    import json

    if len(line) > MAX_REQUEST_BYTES:
        raise ProtocolError(f"The request is longer than {MAX_REQUEST_BYTES} bytes.")
    text = line.strip()
    if text == b"show":  # the plain knock of earlier versions
        return Request(SHOW)
    try:
        data = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        raise ProtocolError(f"The request is not a JSON line ({err}).") from None
    if not isinstance(data, dict):
        raise ProtocolError("The request is not a JSON object.")
    version = data.get("v")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProtocolError('The request has no protocol version ("v").')
    if version > PROTOCOL_VERSION:
        raise ProtocolError(
            f"The request uses protocol version {version}; this callcompanion understands "
            f"version {PROTOCOL_VERSION}. Update callcompanion, then try again."
        )
    command = data.get("command")
    if command not in COMMANDS:
        raise ProtocolError(f"Unknown command {command!r}; known commands: {', '.join(COMMANDS)}.")
    args = data.get("args", {})
    if not isinstance(args, dict):
        raise ProtocolError('The request\'s "args" is not a JSON object.')
    if command == START_CALL:
        if not isinstance(args.get("ticket"), str):
            raise ProtocolError("start_call needs a ticket.")
        for name, value in args.items():
            wanted = _START_CALL_ARGS.get(name)
            if wanted is None:
                raise ProtocolError(f"start_call has no argument {name!r}.")
            if value is not None and not isinstance(value, wanted):
                raise ProtocolError(f"start_call's {name!r} must be a {wanted.__name__}.")
    elif args:
        raise ProtocolError(f"{command} takes no arguments.")
    return Request(str(command), dict(args))


def encode_reply(reply: dict[str, Any]) -> bytes:
    import json

    return json.dumps({"v": PROTOCOL_VERSION, **reply}).encode("utf-8") + b"\n"


def parse_reply(data: bytes) -> dict[str, Any]:
    import json

    try:
        reply = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        raise ProtocolError(f"The running callcompanion answered something else ({err}).") from None
    if not isinstance(reply, dict) or not isinstance(reply.get("ok"), bool):
        raise ProtocolError("The running callcompanion answered something else.")
    return reply


# -- the lock -------------------------------------------------------------------------------------


class InstanceLock:
    """The profile's lock, held until :meth:`release` or the end of the process."""

    def __init__(self, fd: int | None, path: Path) -> None:
        self._fd = fd
        self.path = path

    @property
    def enforced(self) -> bool:
        """False when the profile's folder could not hold a lock (read-only, missing)."""
        return self._fd is not None

    @classmethod
    def acquire(cls, path: Path, *, create: bool = True) -> InstanceLock | None:
        """Take the lock without waiting; ``None`` when another process holds it.

        Without *create*, a missing lock file means nobody runs: an unenforced lock is
        returned. A folder that cannot hold the file also gives an unenforced lock, so such a
        profile still starts (its store falls back to memory and says so).
        """
        flags = os.O_RDWR | (os.O_CREAT if create else 0)
        try:
            fd = os.open(path, flags, 0o600)
        except OSError:
            return cls(None, path)
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            return None
        try:  # who holds it, for the message a later launch may print
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError:
            pass
        return cls(fd, path)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the lock
            self._fd = None


def _lock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def holder_pid(path: Path) -> int | None:
    """The process that holds the lock, as it wrote it (``None`` when unreadable)."""
    try:
        return int(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


# -- talking to the running app --------------------------------------------------------------------


class _UnreachedError(Exception):
    """Nobody accepted the connection (no socket, or one left behind by a crash)."""


def send(key: str, request: Request, *, reply_timeout: float = REPLY_TIMEOUT_S) -> dict[str, Any]:
    """Hand *request* to the app listening at *key* and return its reply.

    Raises ``_UnreachedError`` when nobody listens (safe to try again),
    :class:`NotAnsweringError` when the request went out but no reply came, and
    :class:`ProtocolError` for a reply that makes no sense.
    """
    if sys.platform == "win32":
        data = _exchange_windows(key, request, reply_timeout)
    else:
        data = _exchange_posix(key, request, reply_timeout)
    if not data:
        raise NotAnsweringError(
            "The running callcompanion closed the connection without answering."
        )
    return parse_reply(data)


def _exchange_posix(key: str, request: Request, reply_timeout: float) -> bytes:
    if not os.path.exists(key):
        raise _UnreachedError
    import _socket  # the C module: no enum set-up, unlike socket.py

    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.settimeout(CONNECT_TIMEOUT_S)
        try:
            sock.connect(key)
        except OSError:
            raise _UnreachedError from None
        sock.settimeout(reply_timeout)
        received = b""
        try:
            sock.sendall(request.encode())
            while b"\n" not in received and len(received) < MAX_REPLY_BYTES:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                received += chunk
        except TimeoutError:
            raise NotAnsweringError(
                f"The running callcompanion did not answer within {reply_timeout:.0f} seconds."
            ) from None
        except OSError as err:
            if not received:
                raise _UnreachedError from err
        return received.split(b"\n", 1)[0]
    finally:
        sock.close()


def _exchange_windows(key: str, request: Request, reply_timeout: float) -> bytes:
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(key)
    if not socket.waitForConnected(int(CONNECT_TIMEOUT_S * 1000)):
        raise _UnreachedError
    socket.write(request.encode())
    socket.flush()
    received = b""
    deadline = time.monotonic() + reply_timeout
    while b"\n" not in received and time.monotonic() < deadline:
        if not socket.waitForReadyRead(int(max(0.0, deadline - time.monotonic()) * 1000)):
            break
        received += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    if b"\n" not in received and time.monotonic() >= deadline:
        raise NotAnsweringError(
            f"The running callcompanion did not answer within {reply_timeout:.0f} seconds."
        )
    return received.split(b"\n", 1)[0]


@dataclass(frozen=True)
class Claim:
    """The outcome of a launch: this process runs the app, or another one took the request."""

    lock: InstanceLock | None = None
    reply: dict[str, Any] | None = None


def claim(lock_file: Path, key: str, request: Request, *, wait: float = HANDOVER_SECONDS) -> Claim:
    """Become the app on this profile, or hand *request* to the one that is.

    Whatever the timing of two launches, one gets the lock; the other knocks until the first
    answers (it may still be starting) and returns its reply. If the first one ends meanwhile,
    the lock is free and this launch takes over. :class:`NotAnsweringError` after *wait* seconds.
    """
    deadline = time.monotonic() + wait
    while True:
        lock = InstanceLock.acquire(lock_file)
        if lock is not None:
            return Claim(lock=lock)
        try:
            return Claim(reply=send(key, request))
        except _UnreachedError:
            pass
        if time.monotonic() >= deadline:
            raise NotAnsweringError(_silent_holder(lock_file, wait))
        time.sleep(RETRY_PAUSE_S)


def ask(
    lock_file: Path, key: str, request: Request, *, wait: float = HANDOVER_SECONDS
) -> dict[str, Any] | None:
    """The running app's reply to *request*, or ``None`` when no app runs on this profile.

    Never starts the app. An app that holds the profile but is still starting is waited for.
    """
    deadline = time.monotonic() + wait
    while True:
        try:
            return send(key, request)
        except _UnreachedError:
            pass
        lock = InstanceLock.acquire(lock_file, create=False)
        if lock is not None:
            lock.release()
            return None
        if time.monotonic() >= deadline:
            raise NotAnsweringError(_silent_holder(lock_file, wait))
        time.sleep(RETRY_PAUSE_S)


def _silent_holder(lock_file: Path, wait: float) -> str:
    pid = holder_pid(lock_file)
    who = f" (process {pid})" if pid else ""
    return (
        f"callcompanion is already running on this profile{who} but did not answer within "
        f"{wait:.0f} seconds. If its window does not respond, end that process and start "
        "callcompanion again."
    )


# -- what a launch says about the reply it got -----------------------------------------------------

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_NOT_RUNNING = 0, 1, 2, 3


def report_reply(request: Request, reply: dict[str, Any]) -> int:
    """Print what the running app answered (stdout, or stderr for a refusal); the exit code."""
    if not reply.get("ok"):
        _print(f"callcompanion: {reply.get('error') or 'the running app refused.'}", err=True)
        return EXIT_REFUSED
    if request.command == STATUS:
        import json

        _print(json.dumps(reply, sort_keys=True))
    elif request.command == SHOW:
        _print("callcompanion is already running; its window was brought forward.")
    elif request.command == START_CALL:
        _print(
            f"Call started on {reply.get('ticket')} ({reply.get('call_type_name')}) in the "
            "running callcompanion."
        )
    elif request.command == END_CALL:
        _print("Call ended; its summary editor is open in callcompanion.")
    elif request.command == SIGN_IN:
        _print(
            f"Signing in to {reply.get('signing_in')} with Zendesk: finish it in your browser. "
            "callcompanion --status tells when you are signed in."
        )
    return EXIT_OK


def _print(text: str, *, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    if stream is not None:  # a windowed build on Windows has neither
        stream.write(text + "\n")
        stream.flush()
