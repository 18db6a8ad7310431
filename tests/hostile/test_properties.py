"""Property-based tests: every reader's parser on arbitrary and on damaged bytes.

Whatever the bytes, a reader gives Articles and Rejections only, never an
exception and never silence, and what it gives is safe to store and print.
``make fuzz`` runs the same properties with many more examples
(``STORYLINE_FUZZ_EXAMPLES``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
from hostile_corpus import LIMITS, rss, warc_record, warcinfo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.bench.ingest import news_page
from storyline.ingest.dates_de import find_dates
from storyline.ingest.discover import read_file
from storyline.ingest.errors import InputError, Rejection
from storyline.ingest.jsonl import parse_record
from storyline.ingest.names import shown, unshown
from storyline.ingest.safejson import loads
from storyline.types import Article, PartialDate

EXAMPLES = int(os.environ.get("STORYLINE_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                              HealthCheck.data_too_large])
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

_PAGE = news_page(1, text="Ein Absatz mit genug Wörtern für einen Artikel. " * 8).encode()
SAMPLES = {
    ".txt": ["date 2022-01-14 14:03\nText über Köln.\n\nZweiter Absatz.".encode(),
             "date 2022-01\nGrüße".encode("utf-16")],
    ".jsonl": [b'{"date": "2022-01-11", "text": "Ein Text.", "title": "T", "url": "https://a.example/x"}\n'
               b'{"date": "2021-12-31T23:30:00-05:00", "text": "Zwei", "id": 7, "lang": "de"}\n'],
    ".html": [_PAGE],
    ".xml": [rss(["<item><title>T</title><link>https://f.example/1</link><pubDate>Tue, 11 Jan 2022 14:03:00 +0100"
                  "</pubDate><description>Text &amp; mehr</description></item>"]).encode()],
    ".warc": [warcinfo() + warc_record("https://w.example/1", _PAGE)],
}


def damaged(suffix: str):
    """A sample with random overwrites, insertions and a cut."""
    edit = st.tuples(st.integers(0, 10**6), st.binary(min_size=1, max_size=40), st.booleans())

    def apply(sample: bytes, edits, cut: int) -> bytes:
        data = bytearray(sample)
        for pos, chunk, insert in edits:
            pos %= len(data) + 1
            data[pos:pos if insert else pos + len(chunk)] = chunk
        return bytes(data[:cut] if cut else data)

    return st.builds(apply, st.sampled_from(SAMPLES[suffix]), st.lists(edit, max_size=6),
                     st.integers(0, 4000))


def inputs(suffix: str):
    return st.one_of(st.binary(max_size=3000), damaged(suffix))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def check(items: list) -> None:
    assert items, "a file gave neither an article nor a rejection"
    for item in items:
        assert isinstance(item, (Article, Rejection))
        if isinstance(item, Rejection):
            assert item.reason and not item.reason.startswith("unreadable ("), item
            assert not _UNSAFE.search(item.origin + item.reason), item
        else:
            for value in (item.text, item.title, item.source, item.url, item.origin, item.lang, item.author):
                if value is not None:
                    value.encode("utf-8")
            assert len(item.text.encode()) <= LIMITS.article_bytes


def read_bytes_as(scratch: Path, suffix: str, data: bytes) -> list:
    path = scratch / f"input{suffix}"
    path.write_bytes(data)
    return list(read_file(path, LIMITS))


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".html", ".xml", ".warc"])
def test_reader_on_arbitrary_bytes(scratch, suffix):
    @FUZZ
    @given(data=inputs(suffix))
    def run(data):
        check(read_bytes_as(scratch, suffix, data))

    run()


@FUZZ
@given(data=damaged(".warc"))
def test_gzipped_warc_on_damaged_bytes(scratch, data):
    import gzip
    check(read_bytes_as(scratch, ".warc.gz", gzip.compress(data, mtime=0)))


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                     max_leaves=20)


@FUZZ
@given(record=st.dictionaries(st.sampled_from(["text", "title", "date", "id", "source", "url", "lang", "x"]), _JSON))
def test_parse_record_names_the_field_or_gives_an_article(record):
    try:
        article = parse_record(record, default_source="s", origin="o", limits=LIMITS)
    except InputError as exc:
        assert str(exc)
        return
    assert isinstance(record["text"], str)
    for value in (article.title, article.url, article.lang, article.source):
        assert value is None or isinstance(value, str)


@FUZZ
@given(value=_JSON)
def test_safe_json_round_trips_what_fits_the_limits(value):
    text = json.dumps(value)
    try:
        assert loads(text, LIMITS.json_depth, LIMITS.number_digits) == value
    except InputError as exc:
        assert "nested" in str(exc) or "number" in str(exc)


@FUZZ
@given(text=st.text(max_size=200))
def test_safe_json_on_arbitrary_text(text):
    try:
        loads(text, 8, 20)
    except InputError:
        pass


@FUZZ
@given(text=st.text(max_size=60) | st.from_regex(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d|Z)?", fullmatch=True))
def test_partial_date_parse_raises_only_value_error(text):
    try:
        date = PartialDate.parse(text)
    except ValueError:
        return
    assert 1 <= date.year <= 9999 and PartialDate.parse(date.iso()) == date


@FUZZ
@given(stamp=st.datetimes(timezones=st.timezones() | st.just(dt.timezone(dt.timedelta(hours=-23, minutes=-59)))))
def test_partial_date_of_any_aware_timestamp(stamp):
    try:
        date = PartialDate.parse(stamp.isoformat())
    except ValueError as exc:
        assert "out of range" in str(exc)
        return
    utc = stamp.astimezone(dt.timezone.utc)
    assert (date.year, date.month, date.day) == (utc.year, utc.month, utc.day)


@FUZZ
@given(text=st.text(alphabet=st.sampled_from(list("0123456789. :JanurMäzDezemberUhr,\n")), max_size=300))
def test_written_dates_are_found_in_disjoint_spans_in_order(text):
    found = find_dates(text)
    spans = [(s, e) for _, s, e in found]
    assert spans == sorted(spans)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:]))
    assert all(text[s:e].strip() for s, e in spans)


@FUZZ
@given(name=st.binary(min_size=1, max_size=60).filter(lambda b: b"/" not in b and b"\x00" not in b))
def test_file_names_are_escaped_losslessly_and_printably(name):
    text = shown(os.fsdecode(name))
    text.encode("utf-8")
    assert not _UNSAFE.search(text)
    assert os.fsencode(unshown(text)) == name
