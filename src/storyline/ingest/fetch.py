"""Polite HTTP: one client, a User-Agent that names us, timeouts, a per-host pace and a size cap."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from storyline import __version__

USER_AGENT = f"storyline/{__version__} (+self-hosted news monitor)"
DEFAULT_DELAY = 1.0  # seconds between two requests to the same host
DEFAULT_TIMEOUT = 15.0  # seconds for the whole response; connect gets a third of it
MAX_BYTES = 10 * 1024 * 1024


class FetchError(Exception):
    """A request that gave nothing usable; the message says why (status, timeout, refused ...)."""


@dataclass
class Response:
    url: str  # after redirects
    status: int  # 200 or 304
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip('"\'')
        return None


class Fetcher:
    """``get(url, etag=..., last_modified=...)`` -> :class:`Response` or :class:`FetchError`.

    Requests to one host are spaced by at least ``delay`` seconds (the pace is
    kept across threads); bodies larger than ``max_bytes`` are refused.
    """

    def __init__(self, delay: float = DEFAULT_DELAY, timeout: float = DEFAULT_TIMEOUT,
                 max_bytes: int = MAX_BYTES, user_agent: str = USER_AGENT,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.delay = delay
        self.max_bytes = max_bytes
        self.timeout = timeout
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self.client = httpx.Client(
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(timeout, connect=max(1.0, timeout / 3)),
            follow_redirects=True, max_redirects=5, transport=transport,
        )
        self.requests = 0

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait_turn(self, url: str) -> None:
        host = (urlsplit(url).netloc or "").lower()
        with self._lock:
            now = time.monotonic()
            start = max(now, self._last.get(host, -1e9) + self.delay)
            self._last[host] = start
        if start > now:
            time.sleep(start - now)

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str | None = None) -> Response:
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(f"not an http(s) URL: {url}")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        self._wait_turn(url)
        self.requests += 1
        try:
            with self.client.stream("GET", url, headers=headers) as r:
                if r.status_code == 304:
                    return Response(str(r.url), 304, b"", {k.lower(): v for k, v in r.headers.items()})
                if r.status_code >= 400:
                    raise FetchError(f"HTTP {r.status_code} {r.reason_phrase}".strip())
                declared = r.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(f"too large ({int(declared)} bytes, limit {self.max_bytes})")
                chunks, size = [], 0
                deadline = time.monotonic() + 2 * self.timeout  # a server that trickles bytes
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if time.monotonic() > deadline:
                        raise FetchError(f"timed out (body still arriving after {2 * self.timeout:.0f} s)")
                    if size > self.max_bytes:
                        raise FetchError(f"too large (over {self.max_bytes} bytes)")
                    chunks.append(chunk)
                return Response(str(r.url), r.status_code, b"".join(chunks),
                                {k.lower(): v for k, v in r.headers.items()})
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out ({type(exc).__name__})") from None
        except httpx.TooManyRedirects:
            raise FetchError("too many redirects") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}") from None
