"""The browser's way back: a one-shot listener on 127.0.0.1, and opening the system browser.

:class:`LoopbackListener` binds 127.0.0.1 only (never every interface), on the port the team's
OAuth client names or on any free one. It takes exactly one redirect to ``/``: the one whose
``state`` is this sign-in's ends the wait with its code; one with another ``state``, a refusal
(``error=access_denied``), the timeout or :meth:`LoopbackListener.stop` end it with a
:class:`~callcompanion.services.oauth.errors.SignInError`. Either way the browser gets a small
page saying what happened and that the tab can be closed, and the port is closed before
:meth:`LoopbackListener.wait` returns. Other requests (a browser asking for ``/favicon.ico``,
connections opened in advance that send nothing) are answered or ignored without ending it.
"""

from __future__ import annotations

import contextlib
import html
import logging
import secrets
import selectors
import socket
import sys
import threading
import time
import webbrowser
from urllib.parse import parse_qs, urlsplit

from callcompanion.core.pkce import LOOPBACK_HOST, loopback_redirect_uri
from callcompanion.services.oauth.errors import (
    ListenerUnavailableError,
    SignInDeniedError,
    SignInError,
    SignInRefusedError,
    SignInStateMismatchError,
    SignInTimedOutError,
)

log = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 16 * 1024  # a redirect's request line and headers; browsers send ~1 KB
_IDLE_CONNECTION = 10.0  # seconds a connection that sends nothing is kept open

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;margin:4em auto;max-width:32em;padding:0 1em}}
</style></head><body><h1>{title}</h1><p>{text}</p></body></html>
"""


def open_browser(url: str) -> bool:
    """Open *url* in the system browser; ``False`` when none could be started.

    ``webbrowser`` honours ``$BROWSER`` on Linux, then ``xdg-open`` and the known browsers.
    With ``$BROWSER`` it waits for that command to exit, so call this off the thread that waits
    for the redirect.
    """
    try:
        return webbrowser.open(url, new=1)
    except webbrowser.Error as err:
        log.warning("no web browser could be opened: %s", err)
        return False


class LoopbackListener:
    """Listens on 127.0.0.1 for one redirect. Bound when made; :meth:`wait` closes it."""

    def __init__(self, port: int | None = None) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            if sys.platform != "win32":  # elsewhere it would let another program share the port
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((LOOPBACK_HOST, port or 0))
            sock.listen(8)
            sock.setblocking(False)
        except OSError as err:
            sock.close()
            log.info("loopback listener on port %s: %s", port, err)
            raise ListenerUnavailableError(
                f"Port {port} on this computer is in use by another program, so the app "
                "cannot hear back from the browser. Close that program and sign in again, or "
                "ask your Zendesk admin about the sign-in port in the team file."
            ) from None
        self._sock = sock
        self.port = int(sock.getsockname()[1])
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._lock = threading.Lock()
        self._stopped: SignInError | None = None
        self._closed = False

    @property
    def redirect_uri(self) -> str:
        return loopback_redirect_uri(self.port)

    def stop(self, error: SignInError) -> None:
        """From any thread: end :meth:`wait` with *error* (unless it has already ended)."""
        with self._lock:
            if self._stopped is None:
                self._stopped = error
            closed = self._closed
        if not closed:
            with contextlib.suppress(OSError):
                self._wake_w.send(b"x")

    def close(self) -> None:
        with self._lock:
            self._closed = True
        for sock in (self._sock, self._wake_r, self._wake_w):
            sock.close()

    def wait(self, state: str, timeout: float) -> str:
        """The authorization code from the one redirect that carries *state*.

        Raises:
            SignInError: A subclass saying why there is no code (another ``state``, a refusal,
                the timeout, or the reason given to :meth:`stop`). The port is closed either way.
        """
        try:
            return self._serve(state, time.monotonic() + timeout, timeout)
        finally:
            self.close()

    # -- serving ----------------------------------------------------------------------------------

    def _serve(self, state: str, deadline: float, timeout: float) -> str:
        pending: dict[socket.socket, tuple[bytearray, float]] = {}
        with selectors.DefaultSelector() as selector:
            selector.register(self._sock, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            try:
                while True:
                    with self._lock:
                        stopped = self._stopped
                    if stopped is not None:
                        raise stopped
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise SignInTimedOutError(
                            "No answer came back from the browser within "
                            f"{_duration(timeout)}, so the sign-in was stopped and nothing was "
                            "saved. If the browser tab was closed, sign in again."
                        )
                    for key, _ in selector.select(min(remaining, 1.0)):
                        sock = key.fileobj
                        assert isinstance(sock, socket.socket)
                        if sock is self._wake_r:
                            with contextlib.suppress(OSError):
                                self._wake_r.recv(64)
                        elif sock is self._sock:
                            self._accept(selector, pending)
                        else:
                            code = self._read(sock, selector, pending, state)
                            if code is not None:
                                return code
                    self._drop_idle(selector, pending)
            finally:
                for sock in pending:
                    sock.close()

    def _accept(
        self,
        selector: selectors.BaseSelector,
        pending: dict[socket.socket, tuple[bytearray, float]],
    ) -> None:
        with contextlib.suppress(BlockingIOError, InterruptedError):
            conn, _ = self._sock.accept()
            conn.setblocking(False)
            pending[conn] = (bytearray(), time.monotonic())
            selector.register(conn, selectors.EVENT_READ)

    def _drop_idle(
        self,
        selector: selectors.BaseSelector,
        pending: dict[socket.socket, tuple[bytearray, float]],
    ) -> None:
        now = time.monotonic()
        for sock, (_, opened) in list(pending.items()):
            if now - opened > _IDLE_CONNECTION:
                selector.unregister(sock)
                del pending[sock]
                sock.close()

    def _read(
        self,
        sock: socket.socket,
        selector: selectors.BaseSelector,
        pending: dict[socket.socket, tuple[bytearray, float]],
        state: str,
    ) -> str | None:
        buffer, _ = pending[sock]
        try:
            chunk = sock.recv(4096)
        except (BlockingIOError, InterruptedError):
            return None
        except OSError:
            chunk = b""
        buffer.extend(chunk)
        complete = b"\r\n\r\n" in buffer
        if chunk and not complete and len(buffer) <= MAX_REQUEST_BYTES:
            return None
        selector.unregister(sock)
        del pending[sock]
        try:
            if not complete:  # closed early, or far larger than any redirect
                if chunk:
                    _answer(sock, 431, "Request too large", "This request was too large.")
                return None
            return self._handle(sock, bytes(buffer), state)
        finally:
            sock.close()

    def _handle(self, sock: socket.socket, request: bytes, state: str) -> str | None:
        line = request.split(b"\r\n", 1)[0].decode("latin-1")
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != "GET":
            _answer(sock, 405, "Not here", "This address only takes the sign-in's answer.")
            return None
        target = urlsplit(parts[1])
        if target.path != "/":
            _answer(sock, 404, "Not here", "This address only takes the sign-in's answer.")
            return None
        query = parse_qs(target.query)
        try:
            code = _outcome(query, state)
        except SignInError as err:
            log.info("sign-in redirect refused: %s", type(err).__name__)
            _answer(sock, 400, "Sign-in did not finish", f"{err} You can close this tab.")
            raise
        _answer(
            sock,
            200,
            "Back to callcompanion",
            "Zendesk answered. You can close this tab: callcompanion shows who is signed in.",
        )
        return code


def _outcome(query: dict[str, list[str]], state: str) -> str:
    """The code in a redirect's *query*, or the sign-in error it carries."""

    def one(name: str) -> str:
        values = query.get(name) or [""]
        return values[0]

    if not secrets.compare_digest(one("state").encode(), state.encode()):
        raise SignInStateMismatchError(
            "The browser brought back a sign-in that this app did not start (perhaps from an "
            "older sign-in tab), so it was refused and nothing was saved. Sign in again."
        )
    error = one("error")
    if error == "access_denied":
        raise SignInDeniedError(
            "Access was not allowed on Zendesk's page, so you are not signed in and nothing was "
            "saved. Sign in again and choose Allow to connect."
        )
    if error:
        detail = _printable(one("error_description") or error)
        raise SignInRefusedError(f"Zendesk did not sign you in ({detail}). Nothing was saved.")
    code = one("code")
    if not code:
        raise SignInRefusedError(
            "Zendesk's answer carried no sign-in code, so nothing was saved. Sign in again."
        )
    return code


def _printable(text: str) -> str:
    cleaned = "".join(ch if ch.isprintable() else " " for ch in text)
    return cleaned[:200].strip()


def _duration(seconds: float) -> str:
    if seconds >= 120:
        return f"{round(seconds / 60)} minutes"
    return f"{seconds:g} seconds"


def _answer(sock: socket.socket, status: int, title: str, text: str) -> None:
    body = _PAGE.format(title=html.escape(title), text=html.escape(text)).encode()
    reason = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"}
    head = (
        f"HTTP/1.1 {status} {reason.get(status, 'Request Header Fields Too Large')}\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Cache-Control: no-store\r\n"
        "Referrer-Policy: no-referrer\r\n"
        "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\n"
        "Connection: close\r\n\r\n"
    ).encode("ascii")
    with contextlib.suppress(OSError):
        sock.setblocking(True)
        sock.settimeout(2.0)
        sock.sendall(head + body)
