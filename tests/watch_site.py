"""A real HTTP server on 127.0.0.1 for the sources, watch and webhook tests: pages, feeds, redirects, receivers.

Routes are set per test (``site.page(...)``, ``site.feed(...)``) and may change between runs; every
request is recorded. POST requests are kept in ``site.posts`` (the webhook receiver), and a route may
answer a number of failures first (``fail_first``) to exercise retries.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from urllib.parse import urlsplit


@dataclass
class Route:
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    fail_first: int = 0  # answer 503 this many times before the real answer
    delay: float = 0.0


@dataclass
class Post:
    path: str
    headers: dict[str, str]
    body: bytes


class Site:
    def __init__(self, server: _Server) -> None:
        self._server = server

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    @property
    def requests(self) -> list[tuple[str, str]]:
        with self._server.lock:
            return list(self._server.log)

    @property
    def posts(self) -> list[Post]:
        with self._server.lock:
            return list(self._server.posts)

    def route(self, path: str, route: Route) -> None:
        with self._server.lock:
            self._server.routes[path] = route

    def page(self, path: str, title: str, text: str, *, published: str | None = None, delay: float = 0.0) -> str:
        """An HTML article at ``path`` (answered after ``delay`` seconds); returns its URL."""
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))
        meta = f'<meta property="article:published_time" content="{published}">' if published else ""
        html = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(title)}</title>{meta}</head>"
                f"<body><article><h1>{escape(title)}</h1>{paragraphs}</article></body></html>")
        self.route(path, Route(body=html.encode("utf-8"), delay=delay))
        return self.url(path)

    def feed(self, path: str, items: list[tuple[str, str, str]], title: str = "Test feed") -> str:
        """An RSS 2.0 feed at ``path`` of (title, link, YYYY-MM-DD) items; returns its URL."""
        entries = "".join(
            f"<item><title>{escape(t)}</title><link>{escape(link)}</link><guid>{escape(link)}</guid>"
            f"<pubDate>{format_datetime(datetime.fromisoformat(day).replace(tzinfo=UTC))}</pubDate></item>"
            for t, link, day in items
        )
        xml = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
               f"<link>{self.url('/')}</link>{entries}</channel></rss>")
        self.route(path, Route(content_type="application/rss+xml", body=xml.encode("utf-8")))
        return self.url(path)

    def redirect(self, path: str, to: str) -> str:
        self.route(path, Route(status=302, body=b"", headers={"Location": to}))
        return self.url(path)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        path = urlsplit(self.path).path
        with self.server.lock:
            self.server.log.append(("GET", path))
            route = self.server.routes.get(path)
            failing = route is not None and route.fail_first > 0
            if failing and route is not None:
                route.fail_first -= 1
        if route is None:
            self._reply(404, "text/plain", b"not found", {})
        elif failing:
            self._reply(503, "text/plain", b"try later", {})
        else:
            if route.delay:
                self.server.stop.wait(route.delay)
            self._reply(route.status, route.content_type, route.body, route.headers)

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        path = urlsplit(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        with self.server.lock:
            self.server.log.append(("POST", path))
            route = self.server.routes.get(path)
            failing = route is not None and route.fail_first > 0
            if failing and route is not None:
                route.fail_first -= 1
            if not failing:
                self.server.posts.append(Post(path, {k.lower(): v for k, v in self.headers.items()}, body))
        self._reply(503 if failing else 204, "text/plain", b"", {})

    def _reply(self, status: int, content_type: str, body: bytes, headers: dict[str, str]) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, str]] = []
        self.posts: list[Post] = []

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@contextmanager
def running_site() -> Iterator[Site]:
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(server)
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()
