"""The feed poller behind ``storyline watch``.

One poll, for each feed: a conditional GET with the stored ETag/Last-Modified
(304 -> nothing to do), then each item that is new or that the feed says has
changed (its fingerprint: title, summary, date, link) has its page fetched,
extracted (:mod:`storyline.ingest.html`) and ingested; a changed page becomes
a revision of the stored article (:mod:`storyline.dedup`). A page that yields
no article falls back to the item's own title and summary.

A feed that is down, slow (timeouts) or malformed is reported and the others
go on. When a page could not be fetched the feed's validators are not
updated, so the next poll sees the item again and retries it.

A feed may also be a local file (``file:///srv/feeds/feed.xml`` or a plain path): it is read
from disk, its modification time standing in for Last-Modified. Items are stored with the
feed's title as their source (the outlet the feed names), else the page's host.
"""

from __future__ import annotations

import email.utils
import mimetypes
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from storyline.ingest import feed as feeds
from storyline.ingest.errors import InputError, Rejection
from storyline.ingest.fetch import DEFAULT_DELAY, DEFAULT_TIMEOUT, Fetcher, FetchError, Response
from storyline.ingest.html import extract_article
from storyline.ingest.identity import article_id
from storyline.jobs.ingest import ingest
from storyline.jobs.writer import IngestReport, Writer
from storyline.store import revisions as db
from storyline.types import Article

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True)
class _Retry:
    reason: str


@dataclass
class FeedResult:
    url: str
    status: str  # "new items", "not modified", "unchanged", "failed"
    error: str | None = None
    items: int = 0  # items in the feed
    fetched: int = 0  # pages fetched
    fallbacks: list[str] = field(default_factory=list)  # items ingested from their summary, with why
    report: IngestReport = field(default_factory=IngestReport)

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    def summary(self) -> str:
        if self.failed:
            return f"{self.url}: FAILED {self.error}"
        if self.status == "not modified":
            return f"{self.url}: not modified"
        r = self.report
        return (f"{self.url}: {self.items} items, {self.fetched} pages fetched; {len(r.added)} added"
                f" ({len(r.copies)} copies), {len(r.revisions)} revisions, {len(r.duplicates)} duplicate,"
                f" {len(r.rejected)} rejected")


@dataclass
class PollReport:
    feeds: list[FeedResult] = field(default_factory=list)

    @property
    def failures(self) -> list[FeedResult]:
        return [f for f in self.feeds if f.failed]

    def total(self) -> IngestReport:
        out = IngestReport()
        for f in self.feeds:
            out.merge(f.report)
        return out


def parse_every(value: str) -> float:
    """"90s", "10m", "1h", "1h30m" or plain seconds -> seconds."""
    text = value.strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*(h|m|s)", text)
    if not parts or "".join(n + u for n, u in parts) != re.sub(r"\s+", "", text):
        raise ValueError(f"not a duration: {value!r} (use e.g. 90s, 10m, 1h)")
    return sum(float(n) * {"h": 3600, "m": 60, "s": 1}[u] for n, u in parts)


def local_path(target: str) -> Path:
    """The file a ``file://`` URL (or a plain path) names."""
    if target.lower().startswith("file:"):
        parts = urlsplit(target)
        host = parts.netloc if parts.netloc not in ("", "localhost") else ""
        return Path(unquote(("/" + host if host else "") + parts.path))  # "file://tmp/x": a slash lost on the way
    return Path(target)


def read_local(url: str, last_modified: str | None = None) -> Response:
    """A local file as a fetch would answer it: 304 when unchanged since ``last_modified`` (its mtime)."""
    path = local_path(url)
    try:
        stamp = email.utils.formatdate(path.stat().st_mtime, usegmt=True)
        if last_modified == stamp:
            return Response(url, 304, b"", {"last-modified": stamp})
        data = path.read_bytes()
    except OSError as exc:
        raise FetchError(f"cannot read {path}: {exc.strerror or exc}") from None
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return Response(url, 200, data, {"last-modified": stamp, "content-type": kind})


def expand_targets(targets: Iterable[str]) -> tuple[list[str], list[FeedResult]]:
    """Feed URLs from URLs, local feeds (as ``file://`` URLs) and local OPML files; other files are reported."""
    urls: list[str] = []
    bad: list[FeedResult] = []
    for t in targets:
        if re.match(r"^https?://", t, re.IGNORECASE):
            urls.append(t)
            continue
        path = local_path(t)
        try:
            data = path.read_bytes()
        except OSError as exc:
            bad.append(FeedResult(t, "failed", f"not a URL and not a readable file: {exc.strerror or exc}"))
            continue
        kind = feeds.sniff(data)
        if kind == "feed":
            urls.append(path.resolve().as_uri())
            continue
        if kind != "opml":
            bad.append(FeedResult(t, "failed", "a local file must be an RSS/Atom feed or an OPML list of feeds"))
            continue
        try:
            urls.extend(feeds.parse_opml(data))
        except InputError as exc:
            bad.append(FeedResult(t, "failed", str(exc)))
    return list(dict.fromkeys(urls)), bad


class Watcher:
    def __init__(self, writer: Writer, fetcher: Fetcher | None = None, *, delay: float = DEFAULT_DELAY,
                 timeout: float = DEFAULT_TIMEOUT, max_items: int = 200,
                 on_article: Callable[[], None] | None = None) -> None:
        self.writer = writer  # every write (articles, feed state) goes through the database's writer
        self.store = writer.store
        self.fetcher = fetcher or Fetcher(delay=delay, timeout=timeout)
        self.max_items = max_items  # items per feed per poll, newest first as the feed lists them
        self.on_article = on_article  # called as each new item is analysed (a progress bar)

    def _get(self, url: str, **kwargs) -> Response:  # noqa: ANN003 - Fetcher.get's keywords
        if url.lower().startswith("file:"):
            return read_local(url, kwargs.get("last_modified"))
        return self.fetcher.get(url, **kwargs)

    def close(self) -> None:
        self.fetcher.close()

    def poll_once(self, targets: Iterable[str],
                  on_feed: Callable[[FeedResult], None] | None = None) -> PollReport:
        report = PollReport()
        urls, bad = expand_targets(targets)
        for r in bad:
            report.feeds.append(r)
            if on_feed:
                on_feed(r)
        queue = list(urls)
        expanded: set[str] = set(queue)
        while queue:
            url = queue.pop(0)
            try:
                result, nested = self.poll_feed(url)
            except Exception as exc:  # one feed must never stop the others
                result, nested = FeedResult(url, "failed", f"{type(exc).__name__}: {exc}"), []
            for u in nested:  # an OPML list served over HTTP
                if u not in expanded:
                    expanded.add(u)
                    queue.append(u)
            if result is not None:
                report.feeds.append(result)
                if on_feed:
                    on_feed(result)
        return report

    def run(self, targets: list[str], every: float, on_poll: Callable[[PollReport], None] | None = None,
            on_feed: Callable[[FeedResult], None] | None = None, polls: int | None = None) -> None:
        """Poll every ``every`` seconds (measured start to start), forever or ``polls`` times."""
        n = 0
        while polls is None or n < polls:
            started = time.monotonic()
            report = self.poll_once(targets, on_feed)
            if on_poll:
                on_poll(report)
            n += 1
            if polls is not None and n >= polls:
                break
            time.sleep(max(0.0, every - (time.monotonic() - started)))

    # -- one feed ---------------------------------------------------------------------------

    def _fail(self, url: str, error: str) -> FeedResult:
        with self.writer.transaction() as store:
            db.save_feed_state(store, url, status=f"failed: {error}"[:500], keep_validators=True, failed=True)
        return FeedResult(url, "failed", error)

    def poll_feed(self, url: str) -> tuple[FeedResult | None, list[str]]:
        state = db.feed_state(self.store, url)
        try:
            resp = self._get(url, etag=state.etag if state else None,
                             last_modified=state.last_modified if state else None, accept=FEED_ACCEPT)
        except FetchError as exc:
            return self._fail(url, str(exc)), []
        if resp.status == 304:
            with self.writer.transaction() as store:
                db.save_feed_state(store, url, status="304", keep_validators=True)
            return FeedResult(url, "not modified"), []
        if feeds.sniff(resp.content) == "opml":
            try:
                return None, feeds.parse_opml(resp.content)
            except InputError as exc:
                return FeedResult(url, "failed", str(exc)), []
        try:
            parsed = feeds.parse_feed(resp.content, resp.url)
        except InputError as exc:
            return self._fail(url, str(exc)), []

        seen = db.feed_items(self.store, url)
        todo = [it for it in parsed.items[: self.max_items] if seen.get(it.key) != it.fingerprint]
        result = FeedResult(url, "new items" if todo else "unchanged", items=len(parsed.items))
        items: list[Article | Rejection] = []
        handled: list[tuple[feeds.FeedItem, str | None]] = []
        unfetched: list[Rejection] = []
        for it in todo:
            got = self._item(it, parsed, result)
            if isinstance(got, _Retry):
                unfetched.append(Rejection(it.link or it.key, got.reason))
                continue
            items.append(got)
            handled.append((it, got.id if isinstance(got, Article) else None))
        result.report = ingest(self.writer, items, on_article=self.on_article) if items else IngestReport()
        result.report.rejected += unfetched
        with self.writer.transaction() as store:
            # with pages still to fetch, keep the old validators so the next poll sees those items again
            db.save_feed_state(store, url, status=str(resp.status), title=parsed.title, etag=resp.etag,
                               last_modified=resp.last_modified, keep_validators=bool(unfetched))
            for it, aid in handled:
                db.save_feed_item(store, url, it.key, it.link, it.fingerprint, aid)
        return result, []

    def _item(self, it: feeds.FeedItem, parsed: feeds.Feed, result: FeedResult) -> Article | Rejection | _Retry:
        """The item's article (from its page, else its summary), a Rejection, or _Retry when the fetch failed."""
        origin = it.link or it.key
        if not it.link:
            return self._from_summary(it, parsed, origin, "item has no link", result)
        if it.link.lower().startswith("file:") and not local_path(it.link).is_file():
            return self._from_summary(it, parsed, origin, "the linked file does not exist", result)
        try:
            page = self._get(it.link, accept=PAGE_ACCEPT)
            result.fetched += 1
        except FetchError as exc:
            return _Retry(f"page not fetched (will retry): {exc}")
        if page.content_type and page.content_type not in ("text/html", "application/xhtml+xml"):
            return self._from_summary(it, parsed, origin, f"page is {page.content_type}, not HTML", result)
        try:
            article = extract_article(page.content, origin=origin, url=page.url, charset=page.charset,
                                      fallback_date=it.date)
        except InputError as exc:
            return self._from_summary(it, parsed, origin, str(exc), result)
        if article.title is None and it.title:
            article.title = it.title
            article.id = article_id(article.text, article.title)
        if article.lang is None:
            article.lang = parsed.lang
        if parsed.title:  # the feed names the outlet; the page's host may be a CDN or an address
            article.source = parsed.title
        return article

    def _from_summary(self, it: feeds.FeedItem, parsed: feeds.Feed, origin: str, why: str,
                      result: FeedResult) -> Article | Rejection:
        try:
            article = it.article(source=parsed.title or origin, origin=origin, lang=parsed.lang)
        except InputError as exc:
            return Rejection(origin, f"{why}; {exc}")
        if parsed.title:
            article.source = parsed.title
        result.fallbacks.append(f"{origin}: {why}; ingested the feed's summary")
        return article
