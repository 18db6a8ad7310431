"""A web site on 127.0.0.1 that tests start: feeds and pages for ``watch``."""

from __future__ import annotations

import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Site:
    """Routes path -> (content type, body); ETag from the body, 304 on If-None-Match; a log of requests."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[str, bytes]] = {}
        self.slow: dict[str, float] = {}
        self.log: list[tuple[float, str, int, str]] = []  # (time, path, status, user agent)
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                path = self.path.split("?")[0]
                if path in site.slow:
                    time.sleep(site.slow[path])
                route = site.routes.get(path)
                if route is None:
                    status, ctype, body = 404, "text/html", b"<html><body>Nicht gefunden</body></html>"
                else:
                    ctype, body = route
                    status = 200
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    status, body = 304, b""
                with site.lock:
                    site.log.append((time.monotonic(), path, status, self.headers.get("User-Agent", "")))
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    if status in (200, 304) and route is not None:
                        self.send_header("ETag", etag)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def requests(self, since: int = 0) -> list[tuple[str, int]]:
        with self.lock:
            return [(p, s) for _, p, s, _ in self.log[since:]]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
