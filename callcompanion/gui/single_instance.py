"""One running app per user and profile: a second launch brings the first one's window up.

The second launch knocks before Qt builds anything. On POSIX the key is a socket path, and the
knock uses the C socket module directly: ``socket.py`` and QtNetwork each cost milliseconds at
every start, and most starts find nobody. The listening side is created after the window shows.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 500
MESSAGE_SHOW = b"show\n"


def ask_running_instance_to_show(key: str) -> bool:
    """Tell a running instance to show its window; ``False`` if none is running."""
    if sys.platform != "win32":
        if not os.path.exists(key):
            return False
        import _socket  # the C module: no enum set-up, unlike socket.py

        sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        sock.settimeout(CONNECT_TIMEOUT_MS / 1000)
        try:
            sock.connect(key)
            sock.sendall(MESSAGE_SHOW)
        except OSError:
            return False  # a socket left behind by a crash: nobody answers
        finally:
            sock.close()
        return True
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(key)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(MESSAGE_SHOW)
    socket.flush()
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


class SingleInstance(QObject):
    """Listens for later launches.

    Signals:
        show_requested: Another launch asked for the window.
    """

    show_requested = Signal()

    def __init__(self, key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtNetwork import QLocalServer

        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        if self._server.listen(key):
            log.info("listening for later launches")
            return
        if ask_running_instance_to_show(key):
            # Two launches raced; the other one got there first. Never steal its socket.
            log.warning("another instance is running; this one will not answer later launches")
            return
        QLocalServer.removeServer(key)  # left behind by a crash
        if not self._server.listen(key):
            log.warning("single-instance socket unavailable: %s", self._server.errorString())

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    def _on_connection(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        data = bytes(socket.readAll().data())
        if MESSAGE_SHOW.strip() in data:
            log.info("another launch asked for the window")
            self.show_requested.emit()

    def close(self) -> None:
        self._server.close()
