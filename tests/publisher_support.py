"""A list publisher on 127.0.0.1 (a free port) for ``magnitsky update`` tests: serves files with an
ETag and a Last-Modified, answers conditional requests with 304 as official publishers do, and can
misbehave as they sometimes do (a cut body, no Content-Length, ignoring the validators, 404)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Published:
    body: bytes
    etag: str
    last_modified: str
    conditional: bool = True  # honour If-None-Match / If-Modified-Since
    declared: int | None = None  # Content-Length sent; None: the body's length
    length_header: bool = True  # False: no Content-Length, the body ends when the connection closes


class Publisher:
    def __init__(self):
        self.files: dict[str, Published] = {}
        self.requests: list[tuple[str, dict[str, str], int]] = []  # path, headers, status answered
        self._versions = 0
        publisher = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (http.server's name)
                publisher.answer(self)

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):  # a client dropping a refused download
                pass

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def publish(self, path: str, body: bytes, **how) -> Published:
        """Serve ``body`` at ``path`` as a new publication (new ETag and Last-Modified)."""
        self._versions += 1
        self.files[path] = Published(
            body, f'"v{self._versions}"', formatdate(1_700_000_000 + self._versions, usegmt=True), **how
        )
        return self.files[path]

    def _record(self, handler: BaseHTTPRequestHandler, status: int) -> None:
        """Note the request before answering it: noted after, a client that has its answer (and a
        test reading ``requests`` next) could run ahead of the server's thread."""
        self.requests.append((handler.path, dict(handler.headers), status))

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        found = self.files.get(handler.path)
        if found is None:
            self._record(handler, 404)
            handler.send_error(404, "Not Found")
            return
        headers = handler.headers
        if found.conditional and (
            headers.get("If-None-Match") == found.etag or headers.get("If-Modified-Since") == found.last_modified
        ):
            self._record(handler, 304)
            handler.send_response(304)
            handler.send_header("ETag", found.etag)
            handler.end_headers()
            return
        self._record(handler, 200)
        handler.send_response(200)
        handler.send_header("ETag", found.etag)
        handler.send_header("Last-Modified", found.last_modified)
        if found.length_header:
            handler.send_header("Content-Length", str(found.declared or len(found.body)))
        else:
            handler.send_header("Connection", "close")
            handler.close_connection = True
        handler.end_headers()
        handler.wfile.write(found.body)
        if found.declared and found.declared > len(found.body):  # cut: close before the declared length
            handler.wfile.flush()
            handler.close_connection = True

    def requests_for(self, path: str) -> list[tuple[dict[str, str], int]]:
        return [(headers, status) for p, headers, status in self.requests if p == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
