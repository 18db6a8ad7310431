"""The hostile corpus through the readers: no exception, no good article lost, no input dropped silently."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from hostile_corpus import LIMITS, build

from storyline.ingest import read_paths
from storyline.ingest.errors import Rejection
from storyline.ingest.names import shown
from storyline.types import Article

SCALE = int(os.environ.get("STORYLINE_HOSTILE_SCALE", "1"))
SEED = int(os.environ.get("STORYLINE_HOSTILE_SEED", "16"))
_ORIGIN = re.compile(r"^(.*?)(?::\d+(?: \(id .*\))?|#(?:record|item)-\d+(?: .*)?)?$", re.DOTALL)
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    manifest = build(root, seed=SEED, scale=SCALE)
    started = time.perf_counter()
    items = list(read_paths([root], LIMITS))
    return root, manifest, items, time.perf_counter() - started


def test_the_corpus_is_large_and_mixed(corpus):
    _, manifest, items, _ = corpus
    hostile = [e for e in manifest.entries if not e.good or e.rejected]
    assert len(hostile) >= 1000, len(hostile)
    assert len(manifest.markers) >= 300
    kinds = {e.kind.split()[0] for e in manifest.entries}
    assert {"text", "jsonl", "html", "feed", "warc", "name", "symlink", "fifo"} <= kinds


def test_every_good_article_is_read(corpus):
    _, manifest, items, _ = corpus
    found = " ".join(f"{a.title or ''} {a.text}" for a in items if isinstance(a, Article))
    missing = [(e.kind, shown(e.path), m) for e in manifest.entries for m in e.good if m not in found]
    assert not missing, missing[:20]


def file_of(origin: str) -> str:
    """The file an origin names: ``f.jsonl:3 (id x)`` -> ``f.jsonl``, ``a.warc#record-2 uri`` -> ``a.warc``."""
    return _ORIGIN.match(origin)[1]


def by_file(items) -> dict[str, list]:
    out: dict[str, list] = {}
    for item in items:
        out.setdefault(file_of(item.origin or ""), []).append(item)
    return out


def test_every_hostile_input_is_read_or_named_with_a_reason(corpus):
    _, manifest, items, _ = corpus
    assert all(r.reason.strip() for r in items if isinstance(r, Rejection))
    said = by_file(items)
    silent = [(e.kind, shown(e.path)) for e in manifest.entries if e.named and shown(e.path) not in said]
    assert not silent, silent[:20]
    hidden = [shown(e.path) for e in manifest.entries if not e.named]
    assert not any(h in said for h in hidden)


def test_named_records_are_rejected_for_their_reason(corpus):
    _, manifest, items, _ = corpus
    rejected = by_file(i for i in items if isinstance(i, Rejection))
    wrong = []
    for e in manifest.entries:
        mine = rejected.get(shown(e.path), [])
        for suffix, word in e.rejected:
            where = shown(e.path) + suffix
            reasons = [r.reason for r in mine if not suffix or r.origin == where or r.origin.startswith(where + " ")]
            if not any(word.lower() in why.lower() for why in reasons):
                wrong.append((e.kind, where, word, reasons[:3]))
    assert not wrong, wrong[:20]


def test_no_reader_fell_through_to_the_safety_net(corpus):
    _, _, items, _ = corpus
    caught = [str(r) for r in items if isinstance(r, Rejection) and r.reason.startswith("unreadable (")]
    assert not caught, caught[:10]


def test_what_comes_out_is_safe_to_store_and_print(corpus):
    _, _, items, _ = corpus
    for item in items:
        texts = [item.origin, item.reason] if isinstance(item, Rejection) else \
            [item.origin, item.source, item.title, item.url, item.lang, item.author, item.id]
        for text in filter(None, texts):
            text.encode("utf-8")  # no lone surrogates: SQLite and JSON take it
            assert not _UNSAFE.search(text), text[:200]
        if isinstance(item, Rejection):
            assert len(item.reason) < 1000, item.reason[:200]
        else:
            item.text.encode("utf-8")
            assert len(item.text.encode()) <= LIMITS.article_bytes


def test_the_xxe_feed_reads_no_local_file(corpus):
    _, _, items, _ = corpus
    assert not any("root:" in a.text for a in items if isinstance(a, Article))


def test_the_corpus_is_read_in_bounded_time(corpus):
    """A generous ceiling: reading (not analysing) ~1,100 hostile files takes ~10 s on the 2 shared cores."""
    _, _, _, seconds = corpus
    assert seconds < 120 * SCALE


def test_hostile_json_lines_read_in_ranges_as_a_whole(corpus):
    """A backfill reads a JSON Lines file in ranges of lines on several workers and joins them; on every
    hostile JSON Lines file (mutated bytes, UTF-16, a 100 MB line, too many records, many bad lines) the
    join must give exactly what one reader gives."""
    from storyline.ingest.discover import join_ranges, read_file, read_range
    from storyline.ingest.jsonl import line_ranges
    from storyline.types import to_plain

    root, manifest, _, _ = corpus
    files = [e.path for e in manifest.entries if e.kind.startswith("jsonl") and e.path.is_file()
             and not e.path.is_symlink()]
    assert len(files) >= 20
    split = 0
    for path in files:
        ranges = line_ranges(path, 3, LIMITS)
        if not ranges or len(ranges) < 2:
            continue
        split += 1
        joined = list(join_ranges(path, (read_range(path, a, b, first, LIMITS) for a, b, first in ranges), LIMITS))
        assert [to_plain(x) for x in joined] == [to_plain(x) for x in read_file(path, LIMITS)], shown(path)
    assert split >= 10
