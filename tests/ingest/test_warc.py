"""WARC archives: HTML responses become articles, every other response a rejection naming its record."""

from __future__ import annotations

import gzip
import inspect
from pathlib import Path

import pytest

from storyline.bench.ingest import cookie_wall, index_page, news_page, synthetic_text, write_warc
from storyline.ingest import read_paths
from storyline.ingest.errors import Rejection
from storyline.ingest.warc import iter_warc
from storyline.jobs.ingest import ingest
from storyline.store import Store
from storyline.types import Article


@pytest.fixture(autouse=True)
def _lexical_engine(monkeypatch):
    """Reading WARC files is under test, not clustering quality: the dense signal's embeddings (~0.1-0.2 s
    of CPU per article) would be most of the run, so these engines use the lexical models
    (STORYLINE_DENSE=0, docs/embeddings.md)."""
    monkeypatch.setenv("STORYLINE_DENSE", "0")


NON_ARTICLES = {  # record number (1-based) -> (status, content type, body, expected reason)
    10: (200, "text/html; charset=utf-8", index_page(1).encode(), "index page"),
    20: (200, "text/html", index_page(2).encode(), "index page"),
    30: (200, "text/html", cookie_wall().encode(), "cookie wall"),
    40: (200, "text/html", news_page(40, text="Kurz: Die A1 ist wieder frei.").encode(), "too little text"),
    50: (404, "text/html", b"<html><body><h1>Seite nicht gefunden</h1></body></html>", "HTTP 404"),
    60: (301, "text/html", b"", "HTTP 301"),
    70: (200, "image/jpeg", b"\xff\xd8\xff\xe0" + bytes(2000), "not HTML (image/jpeg)"),
    80: (200, "application/pdf", b"%PDF-1.7\n" + bytes(500), "not HTML (application/pdf)"),
    90: (200, "text/css", b"body{color:red}", "not HTML (text/css)"),
    100: (200, "text/html", b"", "empty page"),
}


def _records():
    for n in range(1, 101):
        uri = f"https://www.outlet{n % 5}.example/meldung/{n}.html"
        if n in NON_ARTICLES:
            status, ctype, body, _ = NON_ARTICLES[n]
            yield uri, status, ctype, body
        else:
            date = None if n % 3 == 0 else "2022-01-11T14:03:00+01:00"  # every third page has no date of its own
            byline = None if n % 3 == 0 else "11. Januar 2022, 14:03 Uhr"
            page = news_page(n, host=f"www.outlet{n % 5}.example", date=date, byline=byline,
                             text=synthetic_text(n, paragraphs=2, words=30))  # short: analysis is the cost
            yield uri, 200, "text/html; charset=utf-8", page.encode()


def test_warc_of_100_records_gives_90_articles_and_10_named_rejections(tmp_path: Path):
    path = tmp_path / "crawl.warc.gz"
    assert write_warc(path, _records(), warcinfo=False) == 100
    items = list(read_paths([path]))
    articles = [i for i in items if isinstance(i, Article)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert len(articles) == 90 and len(rejections) == 10
    for r in rejections:
        n = int(r.origin.split("#record-")[1].split()[0])
        assert r.origin == f"{path}#record-{n} https://www.outlet{n % 5}.example/meldung/{n}.html"
        assert NON_ARTICLES[n][3] in r.reason, (n, r.reason)
        assert str(r).startswith(f"{path}#record-{n} https://")
    a = articles[0]
    assert a.url == "https://www.outlet1.example/meldung/1.html" and a.source == "outlet1.example"
    assert (a.date.iso()[:16], a.date.precision) == ("2022-01-11T14:03", "time")
    undated = next(x for x in articles if x.url.endswith("/3.html"))
    assert undated.date.precision == "time" and not undated.date.iso().startswith("2022")  # WARC-Date: crawl time
    assert undated.origin == f"{path}#record-3 https://www.outlet3.example/meldung/3.html"

    with Store(tmp_path / "s.db") as store:
        report = ingest(store, iter_warc(path))
        assert len(report.added) == 90 and len(report.rejected) == 10
        assert store.count_articles() == 90


def test_page_without_date_takes_the_warc_date_with_its_precision(tmp_path: Path):
    path = tmp_path / "one.warc"
    write_warc(path, [("https://www.a.example/x.html", 200, "text/html",
                       news_page(1, date=None, byline=None, json_ld=False, host="www.a.example").encode())],
               gzip=False, warc_date="2022-01-12T09:30:05Z")
    (a,) = list(iter_warc(path))
    assert (a.date.iso(), a.date.precision) == ("2022-01-12T09:30:05", "time")


def test_reader_streams_and_a_damaged_tail_is_named(tmp_path: Path):
    assert inspect.isgeneratorfunction(iter_warc)
    path = tmp_path / "cut.warc.gz"
    write_warc(path, [(f"https://www.a.example/{i}.html", 200, "text/html",
                       news_page(i, host="www.a.example", text=synthetic_text(i)).encode()) for i in range(6)],
               with_requests=True)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.8)])  # a download that stopped
    items = list(read_paths([path]))
    articles = [i for i in items if isinstance(i, Article)]
    assert 3 <= len(articles) < 6
    assert isinstance(items[-1], Rejection) and items[-1].origin == str(path)
    assert "cut short" in items[-1].reason or "damaged" in items[-1].reason


def test_not_a_warc_is_rejected(tmp_path: Path):
    path = tmp_path / "fake.warc.gz"
    path.write_bytes(gzip.compress(b"this is not a web archive\n" * 10))
    (r,) = list(read_paths([path]))
    assert isinstance(r, Rejection) and r.origin == str(path) and "not a WARC archive" in r.reason
