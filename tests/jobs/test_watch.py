"""`storyline watch` against feeds and pages served on 127.0.0.1 by a server the tests start."""

from __future__ import annotations

import socket
import time
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from typer.testing import CliRunner

from storyline import __version__
from storyline.bench.ingest import cookie_wall, news_page, synthetic_text
from storyline.cli import app
from storyline.ingest.fetch import USER_AGENT, Fetcher, FetchError
from storyline.jobs import Writer
from storyline.jobs.watch import Watcher, parse_every
from storyline.store import Store, open_store
from storyline.store.revisions import feed_state, revisions_of

from _sites import Site


@pytest.fixture
def site():
    s = Site()
    yield s
    s.close()


START = datetime(2022, 1, 11, 8, 0, tzinfo=timezone(timedelta(hours=1)))


def _item_page(site: Site, n: int, extra: str = "") -> bytes:
    host = site.base.split("//")[1]
    return news_page(n, host=host, path=f"/meldung/{n}.html", title=f"Meldung {n} aus Kasachstan",
                     text=synthetic_text(n, paragraphs=2, words=30) + extra, date=None,
                     byline=f"{11 + n // 10}. Januar 2022, {8 + n % 10}:15 Uhr").encode()


def _rss(site: Site, items: list[tuple[int, str]]) -> bytes:
    """items: (n, summary); the pubDate of item n is START + n hours."""
    body = "".join(
        f"<item><title>Meldung {n} aus Kasachstan</title><link>{site.url(f'/meldung/{n}.html')}</link>"
        f"<guid>{site.url(f'/meldung/{n}.html')}</guid>"
        f"<pubDate>{format_datetime(START + timedelta(hours=n))}</pubDate>"
        f"<description>{escape(summary)}</description></item>" for n, summary in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Tagesblick</title>'
            f"<link>{site.base}/</link><language>de</language>{body}</channel></rss>").encode()


def _publish(site: Site, n_items: int = 20) -> None:
    for n in range(1, n_items + 1):
        site.routes[f"/meldung/{n}.html"] = ("text/html; charset=utf-8", _item_page(site, n))
    site.routes["/rss.xml"] = ("application/rss+xml", _rss(site, [(n, f"Kurzfassung {n}.")
                                                                  for n in range(1, n_items + 1)]))


def test_watch_twenty_items_then_304_then_one_revision(db_target: str, site: Site):
    _publish(site)
    feed = site.url("/rss.xml")
    with open_store(db_target) as store:  # once per backend: feeds, revisions, the near-duplicate index
        watcher = Watcher(Writer(store), delay=0, timeout=5)
        first = watcher.poll_once([feed])
        (result,) = first.feeds
        assert not result.failed and result.items == 20 and result.fetched == 20
        assert len(result.report.added) == 20 and not result.report.rejected
        assert store.count_articles() == 20
        rows = store.conn.execute("SELECT title, date, date_precision, text, url FROM articles ORDER BY url").fetchall()
        assert all(r["title"].startswith("Meldung ") and r["text"].strip() for r in rows)
        dated = {r["url"].rsplit("/", 1)[1]: (r["date"], r["date_precision"]) for r in rows}
        assert dated["7.html"] == ("2022-01-11T15:15", "time")  # the page's byline, not the feed's pubDate
        state = feed_state(store, feed)
        assert state.etag and state.status == "200" and state.title == "Tagesblick"

        mark = len(site.log)
        second = watcher.poll_once([feed])
        assert second.feeds[0].status == "not modified"
        assert site.requests(mark) == [("/rss.xml", 304)]  # the feed only, and nothing fetched
        assert store.count_articles() == 20

        # item 7 changes: the page gets a correction, the feed a new summary
        site.routes["/meldung/7.html"] = ("text/html; charset=utf-8",
                                          _item_page(site, 7, extra="\n\nKorrektur: Die Zahl wurde berichtigt."))
        site.routes["/rss.xml"] = ("application/rss+xml", _rss(site, [
            (n, f"Kurzfassung {n}." + (" (aktualisiert)" if n == 7 else "")) for n in range(1, 21)]))
        mark = len(site.log)
        third = watcher.poll_once([feed])
        assert site.requests(mark) == [("/rss.xml", 200), ("/meldung/7.html", 200)]
        report = third.feeds[0].report
        assert not report.added and len(report.revisions) == 1
        assert store.count_articles() == 20
        (target,) = [r[0] for r in store.conn.execute("SELECT id FROM articles WHERE url LIKE '%/meldung/7.html'")]
        revs = revisions_of(store, target)
        assert len(revs) == 1 and revs[0].n == 1 and "Korrektur" in revs[0].text
        assert store.conn.execute("SELECT count(*) FROM revisions").fetchone()[0] == 1
        watcher.close()


def test_down_malformed_and_slow_feeds_are_reported_and_the_others_go_on(tmp_path: Path, site: Site):
    _publish(site, 3)
    site.routes["/kaputt.xml"] = ("application/rss+xml", b"<rss><channel><title>Kaputt</title><item><titl")
    site.routes["/html.xml"] = ("text/html", b"<html><body>Wartungsarbeiten</body></html>")
    site.routes["/langsam.xml"] = site.routes["/rss.xml"]
    site.slow["/langsam.xml"] = 3.0
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    dead = f"http://127.0.0.1:{closed.getsockname()[1]}/rss.xml"
    closed.close()  # nothing listens there: connection refused
    opml = tmp_path / "abos.opml"
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><body>'
                    f'<outline text="tot" xmlUrl="{dead}"/><outline text="404" xmlUrl="{site.url("/weg.xml")}"/>'
                    f'<outline text="kaputt" xmlUrl="{site.url("/kaputt.xml")}"/>'
                    f'<outline text="html" xmlUrl="{site.url("/html.xml")}"/>'
                    f'<outline text="langsam" xmlUrl="{site.url("/langsam.xml")}"/>'
                    f'<outline text="gut" xmlUrl="{site.url("/rss.xml")}"/></body></opml>', encoding="utf-8")
    db = tmp_path / "s.db"
    started = time.monotonic()
    result = CliRunner().invoke(app, ["watch", str(opml), "--once", "--delay", "0", "--timeout", "1",
                                      "--db", str(db)])
    assert time.monotonic() - started < 20
    assert result.exit_code == 1, result.output
    out = result.output
    for url, why in [(dead, "ConnectError"), (site.url("/weg.xml"), "HTTP 404"), (site.url("/kaputt.xml"), "feed"),
                     (site.url("/html.xml"), "not an RSS/Atom feed"), (site.url("/langsam.xml"), "timed out")]:
        line = next((ln for ln in out.splitlines() if url in ln), "")
        assert "failed" in line and why in line, (url, out)
    assert "3 added" in out
    with Store(db) as store:
        assert store.count_articles() == 3
        assert feed_state(store, site.url("/kaputt.xml")).failures == 1
        assert feed_state(store, site.url("/rss.xml")).failures == 0


def test_unreachable_page_is_retried_and_cookie_walls_fall_back_to_the_summary(tmp_path: Path, site: Site):
    _publish(site, 3)
    del site.routes["/meldung/2.html"]  # 404 for now
    site.routes["/meldung/3.html"] = ("text/html", cookie_wall().encode())
    feed = site.url("/rss.xml")
    with Store(tmp_path / "s.db") as store:
        watcher = Watcher(Writer(store), delay=0, timeout=5)
        (first,) = watcher.poll_once([feed]).feeds
        assert len(first.report.added) == 2  # item 1 from its page, item 3 from its feed summary
        assert any("cookie wall" in f for f in first.fallbacks)
        assert [r.origin for r in first.report.rejected] == [site.url("/meldung/2.html")]
        assert "HTTP 404" in first.report.rejected[0].reason
        assert feed_state(store, feed).etag is None  # validators kept back: the next poll must see item 2
        site.routes["/meldung/2.html"] = ("text/html; charset=utf-8", _item_page(site, 2))
        mark = len(site.log)
        (second,) = watcher.poll_once([feed]).feeds
        assert site.requests(mark) == [("/rss.xml", 200), ("/meldung/2.html", 200)]
        assert len(second.report.added) == 1 and store.count_articles() == 3
        assert feed_state(store, feed).etag
        watcher.close()


def test_fetcher_names_itself_and_paces_requests_per_host(site: Site):
    site.routes["/a"] = ("text/plain", b"a")
    with Fetcher(delay=0.3, timeout=5) as fetcher:
        for _ in range(3):
            fetcher.get(site.url("/a"))
        with pytest.raises(FetchError, match="HTTP 404"):
            fetcher.get(site.url("/nichts"))
    times = [t for t, _, _, _ in site.log]
    assert all(b - a >= 0.25 for a, b in zip(times, times[1:]))
    assert {ua for *_, ua in site.log} == {USER_AGENT}
    assert USER_AGENT == f"storyline/{__version__} (+self-hosted news monitor)"


def test_parse_every():
    assert parse_every("10m") == 600 and parse_every("90s") == 90 and parse_every("1h30m") == 5400
    assert parse_every("45") == 45
    with pytest.raises(ValueError):
        parse_every("zehn Minuten")


def test_last_modified_is_stored_and_sent_back(db_target: str):
    import httpx

    seen: list[dict[str, str]] = []
    feed = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>LM</title><item><title>Nur Titel</title>'
            b'<guid isPermaLink="false">lm-1</guid>'
            b"<description>Eine Meldung ohne Link, aus dem Feed allein.</description></item>"
            b"</channel></rss>")
    stamp = "Tue, 11 Jan 2022 14:03:00 GMT"

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(dict(request.headers))
        if request.headers.get("if-modified-since") == stamp:
            return httpx.Response(304)
        return httpx.Response(200, content=feed, headers={"Last-Modified": stamp,
                                                          "Content-Type": "application/rss+xml"})

    with open_store(db_target) as store:
        watcher = Watcher(Writer(store), Fetcher(delay=0, transport=httpx.MockTransport(handler)))
        (first,) = watcher.poll_once(["https://lm.example/feed"]).feeds
        assert len(first.report.added) == 1
        assert first.fallbacks == ["lm-1: item has no link; ingested the feed's summary"]
        assert feed_state(store, "https://lm.example/feed").last_modified == stamp
        (second,) = watcher.poll_once(["https://lm.example/feed"]).feeds
        assert second.status == "not modified" and seen[-1]["if-modified-since"] == stamp
        assert seen[0]["user-agent"] == USER_AGENT
