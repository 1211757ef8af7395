"""A real HTTP server on 127.0.0.1 answering like GitHub's ``releases/latest``.

    with FakeReleases(tag="v0.3.0") as releases:
        ... the app asks releases.url ...
        assert len(releases.requests) == 1

``body`` (bytes) replaces the JSON answer (a malformed one), ``status`` the 200. Every request
is recorded with its path, query string and headers, to check nothing else is sent.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

PATH = "/repos/callcompanion/callcompanion/releases/latest"


@dataclass(frozen=True)
class SeenRequest:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


class FakeReleases:
    def __init__(self, tag: str = "v0.3.0", *, name: str | None = None) -> None:
        self.tag = tag
        self.name = name if name is not None else f"callcompanion {tag.lstrip('v')}"
        self.body: bytes | None = None
        self.status = 200
        self.requests: list[SeenRequest] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                parts = urlsplit(self.path)
                seen = SeenRequest(
                    "GET",
                    parts.path,
                    parts.query,
                    {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length) if length else b"",
                )
                with server._lock:
                    server.requests.append(seen)
                status, body = server.answer(parts.path)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{PATH}"

    @property
    def notes_url(self) -> str:
        return f"https://github.com/callcompanion/callcompanion/releases/tag/{self.tag}"

    def answer(self, path: str) -> tuple[int, bytes]:
        if path != PATH:
            return 404, b'{"message": "Not Found"}'
        if self.body is not None:
            return self.status, self.body
        release = {
            "tag_name": self.tag,
            "name": self.name,
            "html_url": self.notes_url,
            "draft": False,
            "prerelease": False,
            "body": "## What's new\n- Start at login\n",
        }
        return self.status, json.dumps(release).encode()

    def __enter__(self) -> FakeReleases:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
