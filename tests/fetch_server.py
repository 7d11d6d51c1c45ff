"""A small web site on 127.0.0.1 for the fetch tests and the fetch benchmark: pages with ETag and
Last-Modified (answering conditional requests with 304), feeds, sitemaps, robots.txt, and the misbehaviour
a real site has (404, 500s, slow answers, redirects, huge or non-HTML bodies). It records every request."""
from __future__ import annotations

import email.utils
import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    fail_first: int = 0  # answer 503 to this many requests before the real answer
    validators: bool = True  # send ETag and Last-Modified, answer conditional requests with 304
    modified: float = 1_700_000_000.0  # Last-Modified, as a Unix time


@dataclass(frozen=True)
class Seen:
    path: str
    user_agent: str
    if_none_match: str | None
    if_modified_since: str | None
    status: int
    at: float  # time.monotonic() when the request arrived


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "Site":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def page(self, path: str, title: str, body_text: str, **kw) -> None:
        html = (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
                f"<article><h1>{title}</h1>{''.join(f'<p>{p}</p>' for p in body_text.split(chr(10)) if p)}</article></body></html>")
        self.routes[path] = Route(html.encode(), **kw)

    def rss(self, path: str, links: list[str]) -> None:
        items = "".join(f"<item><title>entry {i}</title><link>{self.base}{l}</link></item>" for i, l in enumerate(links))
        self.routes[path] = Route(f"<?xml version='1.0'?><rss version='2.0'><channel><title>news</title>{items}</channel></rss>".encode(),
                                  content_type="application/rss+xml")

    def sitemap(self, path: str, links: list[str]) -> None:
        urls = "".join(f"<url><loc>{self.base}{l}</loc></url>" for l in links)
        self.routes[path] = Route(f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>".encode(),
                                  content_type="application/xml")

    def seen(self, path: str) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                arrived = time.monotonic()
                route = site.routes.get(self.path.split("?")[0])
                status, body, headers = self._answer(route)
                with site._lock:
                    site.requests.append(Seen(self.path, self.headers.get("User-Agent", ""), self.headers.get("If-None-Match"),
                                              self.headers.get("If-Modified-Since"), status, arrived))
                if route is not None and route.delay:
                    time.sleep(route.delay)
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                    pass

            def _answer(self, route: Route | None) -> tuple[int, bytes, dict[str, str]]:
                if route is None:
                    return 404, b"not here", {"Content-Type": "text/plain"}
                if route.fail_first > 0:
                    route.fail_first -= 1
                    return 503, b"busy", {"Content-Type": "text/plain"}
                headers = {"Content-Type": route.content_type, **route.headers}
                if route.validators and route.status == 200:
                    etag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
                    headers["ETag"] = etag
                    headers["Last-Modified"] = email.utils.formatdate(route.modified, usegmt=True)
                    if self.headers.get("If-None-Match") == etag:
                        return 304, b"", {k: v for k, v in headers.items() if k != "Content-Type"}
                return route.status, route.body, headers

        return Handler
