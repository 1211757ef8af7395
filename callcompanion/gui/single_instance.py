"""The running app's side of the single-instance socket: requests from later launches.

The app that holds the profile's lock (:mod:`callcompanion.instance`) listens here, just after
its first paint (QtNetwork is not needed to show the window). Each connection carries one JSON
request line and gets one JSON reply line; anything malformed, oversized or too slow gets an
error reply or is dropped, never an exception in the event loop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from callcompanion.instance import (
    MAX_REQUEST_BYTES,
    ProtocolError,
    Request,
    encode_reply,
    parse_request,
)

log = logging.getLogger(__name__)

IDLE_TIMEOUT_MS = 5000

Handler = Callable[[Request], dict[str, Any]]


class SingleInstance(QObject):
    """Listens for later launches and answers their requests through *handler*."""

    def __init__(self, key: str, handler: Handler, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._handler = handler
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        # This process holds the profile's lock, so whatever sits at the key was left by a
        # crash (or is not ours): it never keeps the app from answering.
        QLocalServer.removeServer(key)
        if self._server.listen(key):
            log.info("listening for later launches")
        else:
            log.warning(
                "later launches cannot reach this instance (%s): %s",
                key,
                self._server.errorString(),
            )

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    def _on_connection(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            _Connection(socket, self._answer)

    def _answer(self, line: bytes) -> dict[str, Any]:
        try:
            request = parse_request(line)
        except ProtocolError as err:
            log.warning("a malformed request from a later launch: %s", err)
            return {"ok": False, "error": str(err)}
        log.info("another launch asked: %s", request.command)
        try:
            return self._handler(request)
        except Exception as err:  # a request must never take the app down
            log.exception("request %s failed", request.command)
            return {
                "ok": False,
                "error": f"callcompanion could not do that ({type(err).__name__}: {err}); "
                "the details are in its log.",
            }

    def close(self) -> None:
        self._server.close()


class _Connection(QObject):
    """One later launch: reads its request line, writes the reply, hangs up."""

    def __init__(self, socket: QLocalSocket, answer: Callable[[bytes], dict[str, Any]]) -> None:
        super().__init__(socket)  # lives and dies with the socket
        self._socket = socket
        self._answer = answer
        self._buffer = b""
        self._done = False
        socket.readyRead.connect(self._read)
        socket.disconnected.connect(socket.deleteLater)
        QTimer.singleShot(IDLE_TIMEOUT_MS, self, self._give_up)
        if socket.bytesAvailable():
            self._read()

    def _read(self) -> None:
        if self._done:
            self._socket.readAll()
            return
        self._buffer += bytes(self._socket.readAll().data())
        line, newline, _rest = self._buffer.partition(b"\n")
        if newline:
            self._reply(self._answer(line))
        elif len(self._buffer) > MAX_REQUEST_BYTES:
            log.warning("a request from a later launch was too long; dropped")
            self._reply(
                {"ok": False, "error": f"The request is longer than {MAX_REQUEST_BYTES} bytes."}
            )

    def _reply(self, reply: dict[str, Any]) -> None:
        self._done = True
        self._buffer = b""
        if self._socket.state() != QLocalSocket.LocalSocketState.ConnectedState:
            return
        self._socket.write(encode_reply(reply))
        self._socket.flush()
        self._socket.disconnectFromServer()  # after what is written has gone out

    def _give_up(self) -> None:
        if not self._done:
            self._done = True
            self._socket.abort()
