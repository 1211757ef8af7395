"""Calendly requests end within their deadline and never read a huge answer to the end."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from callcompanion.services.calendly import CalendlyClient, CalendlyError, CalendlyNetworkError

FAST = httpx.Timeout(connect=2.0, read=0.5, write=2.0, pool=2.0)


class Misbehaving:
    """A loopback server: ``/drip`` trickles one byte every 0.3 s, ``/huge`` sends 300 MB."""

    def __init__(self) -> None:
        self.sent = 0
        self.stop = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

            def do_GET(self) -> None:
                body = b'{"resource": {"uri": "https://api.calendly.com/users/ME"}}'
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    if self.path.startswith("/drip"):
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        for index in range(len(body)):
                            self.wfile.write(body[index : index + 1])
                            self.wfile.flush()
                            if owner.stop.wait(0.3):
                                break
                    else:
                        chunk = b" " * 65536
                        self.send_header("Content-Length", str(300 * 1024 * 1024))
                        self.end_headers()
                        while owner.sent < 300 * 1024 * 1024 and not owner.stop.is_set():
                            self.wfile.write(chunk)
                            owner.sent += len(chunk)
                except OSError:
                    pass
                self.close_connection = True

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def close(self) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server() -> Iterator[Misbehaving]:
    made = Misbehaving()
    yield made
    made.close()


def test_a_trickling_answer_ends_at_the_deadline(server: Misbehaving) -> None:
    with CalendlyClient("token", base_url=server.url("/drip"), timeout=FAST, deadline=1.5) as c:
        started = time.monotonic()
        with pytest.raises(CalendlyNetworkError, match="within 1.5 seconds"):
            c.me()
        assert time.monotonic() - started < 2.5


def test_a_huge_answer_is_not_read_to_the_end(server: Misbehaving) -> None:
    with (
        CalendlyClient(
            "token", base_url=server.url("/huge"), timeout=FAST, max_response_bytes=1024 * 1024
        ) as client,
        pytest.raises(CalendlyError, match="larger than 1 MB"),
    ):
        client.me()
    assert server.sent < 40 * 1024 * 1024
