"""A small HTTP server on 127.0.0.1 for the web tests and the benchmark: routes answer with
fixed bodies (optionally gzipped, with an ETag honoured for conditional GETs) or run a
function that writes the response itself (trickling, bombs, broken connections). Started
and stopped by the test; every loop in it is bounded."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    gzip: bool = False
    etag: str | None = None
    last_modified: str | None = None
    handler: Callable | None = None  # handler(request_handler) writes everything itself
    packed: bytes | None = None  # the body gzipped, once


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so connection reuse can be seen
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms wait for an ACK between them

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        server: Loopback = self.server.owner
        path = self.path.split("#")[0]
        with server.lock:
            server.log.append((path, dict(self.headers)))
            server.connections.add(self.client_address)
        route = server.routes.get(path) or server.routes.get(path.split("?")[0])
        if route is None:
            self._send(404, b"<html><body>not here</body></html>", "text/html")
            return
        if route.handler is not None:
            route.handler(self)
            return
        if route.etag and self.headers.get("If-None-Match") == route.etag:
            self.send_response(304)
            self.send_header("ETag", route.etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified:
            self.send_response(304)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = route.body
        headers = dict(route.headers)
        if route.gzip and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = route.packed = route.packed or gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        if route.etag:
            headers["ETag"] = route.etag
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
        self._send(route.status, body, route.content_type, headers)

    def do_POST(self) -> None:  # a form posted (an API): read, then answered as a GET of the path
        length = int(self.headers.get("Content-Length") or 0)
        self.posted = self.rfile.read(min(length, 16 * 1024 * 1024))
        self.do_GET()

    def _send(self, status: int, body: bytes, content_type: str | None, headers: dict | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


class Loopback:
    """with Loopback() as server: server.add("/a", body=...); fetch server.url("/a")"""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host  # any 127.x.y.z is this machine: several "hosts" for the fetcher's per-host limit
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, dict]] = []
        self.connections: set = set()
        self.lock = threading.Lock()

    def add(self, path: str, body: bytes | str = b"", **options) -> str:
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.routes[path] = Route(body=body, **options)
        return self.url(path)

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.log if p == path)

    def __enter__(self) -> Loopback:
        self.server = ThreadingHTTPServer((self.host, 0), _Handler)
        self.server.handle_error = lambda request, address: None  # a client hanging up is not news
        self.server.daemon_threads = True
        self.server.owner = self
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


# --- hostile handlers ----------------------------------------------------------------


def trickle(seconds: float = 30, every: float = 0.2) -> Callable:
    """Headers at once, then one byte every `every` s, for at most `seconds`."""

    def handler(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        deadline = time.monotonic() + seconds
        try:
            while time.monotonic() < deadline:
                h.wfile.write(b"<")
                h.wfile.flush()
                time.sleep(every)
        except (BrokenPipeError, ConnectionResetError):
            pass

    return handler


def gzip_bomb(unpacked: int = 50 * 1024 * 1024) -> Callable:
    """A small gzip body (about 50 KB) that unpacks to `unpacked` bytes of zeros."""
    packed = gzip.compress(b"\0" * unpacked, compresslevel=9)

    def handler(h: _Handler) -> None:
        h._send(200, packed, "text/html", {"Content-Encoding": "gzip"})

    return handler


def endless(chunk: int = 64 * 1024, limit: int = 64 * 1024 * 1024) -> Callable:
    """A body with no Content-Length that goes on (up to `limit` bytes)."""

    def handler(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        sent = 0
        try:
            while sent < limit:
                h.wfile.write(b"<p>" + b"x" * chunk)
                sent += chunk
        except (BrokenPipeError, ConnectionResetError):
            pass
        h.close_connection = True

    return handler


def redirect(to: str, status: int = 302) -> Route:
    return Route(status=status, headers={"Location": to}, content_type="text/html")
