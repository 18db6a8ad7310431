"""Two writers on one database, for real: separate processes, as users run them, on a SQLite file and
on a PostgreSQL database (the ``db_target`` fixture; there the writers serialise on an advisory lock).

Two ``storyline ingest`` runs over overlapping inputs, and ``storyline watch`` beside
``POST /api/articles`` on a running ``storyline serve``. Afterwards every article is stored once,
nothing is lost, no process printed a traceback, the saved story engine has seen every stored article
exactly once and knows every story they are in, and a later ingest continues from the combined state.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import httpx
import pytest

from storyline.bench.ingest import news_page, synthetic_text
from storyline.bench.synthesis import varied_story
from storyline.cluster import StoryEngine
from storyline.ingest import read_paths
from storyline.jobs import ENGINE_STATE, Writer, ingest
from storyline.store import Store, open_store, read

from _sites import Site
from _support import serve_process


@pytest.fixture(autouse=True)
def _lexical_engine(monkeypatch):
    """The write path is under test, not clustering quality: the dense signal's embeddings (~0.1-0.2 s of CPU per
    article) would be most of the run, so these engines (and the processes started here) use the lexical
    models (STORYLINE_DENSE=0, docs/embeddings.md)."""
    monkeypatch.setenv("STORYLINE_DENSE", "0")


CLI = [sys.executable, "-m", "storyline.cli"]


def _records(n: int, seed: int) -> list[dict]:
    """Reports of one big story (re-cut seed reports, some of them wire copies) mixed with unrelated ones."""
    rng = random.Random(seed)
    out = [{"date": str(a.date), "text": a.text, "source": a.source, "lang": "de"} for a in varied_story(n, seed)]
    out += [{"date": f"2022-01-{rng.randint(10, 24):02d}", "title": f"Meldung {k}",
             "text": synthetic_text(seed * 1000 + k, paragraphs=2, words=40), "source": f"blatt{k % 7}.example"}
            for k in range(n // 2)]
    rng.shuffle(out)
    return out


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def assert_consistent(db: str | Path) -> None:
    """Every stored article went through the saved engine once, and every story users see is one it knows."""
    with open_store(db) as store:
        engine = StoryEngine.from_bytes(store.load_state(ENGINE_STATE))
        n = store.count_articles()
        assert engine.seq == n, f"the saved engine saw {engine.seq} articles, the database holds {n}"
        partition = store.story_assignments()
        assert len(partition) == n, "an article without a story"
        known = set(engine.by_id) | set(engine.merged)
        assert set(partition.values()) <= known, set(partition.values()) - known
        assert store.integrity_ok()
        assert len(read.list_stories(store)) == len(set(partition.values()))


def _run(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})


def _finish(proc: subprocess.Popen, timeout: float = 300) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    assert "Traceback" not in err and "Traceback" not in out, err
    return proc.returncode, out, err


def test_two_ingest_processes_on_overlapping_inputs(tmp_path: Path, db_target: str) -> None:
    records = _records(70, seed=7)  # 105 articles
    first = _jsonl(tmp_path / "first.jsonl", records[:65])
    second = _jsonl(tmp_path / "second.jsonl", records[40:])  # 25 records in both
    db = db_target
    open_store(db).close()  # created and migrated once, as a first ingest would
    procs = [_run(["ingest", str(p), "--db", str(db), "--batch-size", "8"]) for p in (first, second)]
    for p in procs:
        code, out, _ = _finish(p)
        assert code == 0, out

    reference = tmp_path / "alone.db"  # the same inputs, one after the other
    with Store(reference) as alone:
        ingest(Writer(alone), read_paths([first, second]))
    with open_store(db) as both, Store(reference) as alone:
        # the same reports stored (which outlet's copy of a wire text is "the original", and so keeps the
        # content id, depends on which process got there first: compare what was stored, not the ids)
        stored = sorted(tuple(r) for r in both.conn.execute("SELECT source, text FROM articles"))
        assert stored == sorted(tuple(r) for r in alone.conn.execute("SELECT source, text FROM articles"))
        dup = both.conn.execute("SELECT count(*) - count(DISTINCT id) FROM articles").fetchone()[0]
        assert dup == 0
    assert_consistent(db)

    later = _jsonl(tmp_path / "later.jsonl", _records(10, seed=8))
    code, _, _ = _finish(_run(["ingest", str(later), "--db", str(db)]))
    assert code == 0
    assert_consistent(db)


START = datetime(2022, 1, 11, 8, 0, tzinfo=timezone(timedelta(hours=1)))


def _publish(site: Site, n_items: int) -> None:
    host = site.base.split("//")[1]
    items = []
    for n in range(1, n_items + 1):
        site.routes[f"/meldung/{n}.html"] = ("text/html; charset=utf-8", news_page(
            n, host=host, path=f"/meldung/{n}.html", title=f"Meldung {n} aus Kasachstan",
            text=synthetic_text(n, paragraphs=2, words=30), date=None,
            byline=f"{11 + n // 10}. Januar 2022, {8 + n % 10}:15 Uhr").encode())
        items.append(f"<item><title>Meldung {n} aus Kasachstan</title><link>{site.url(f'/meldung/{n}.html')}</link>"
                     f"<guid>{site.url(f'/meldung/{n}.html')}</guid>"
                     f"<pubDate>{format_datetime(START + timedelta(hours=n))}</pubDate>"
                     f"<description>{escape(f'Kurzfassung {n}.')}</description></item>")
    site.routes["/rss.xml"] = ("application/rss+xml", (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Tagesblick</title>'
        f"<link>{site.base}/</link><language>de</language>{''.join(items)}</channel></rss>").encode())


def test_watch_beside_posts_to_the_api(db_target: str) -> None:
    db = db_target
    open_store(db).close()
    site = Site()
    server, base = serve_process(str(db), {**os.environ, "STORYLINE_TOKEN": "t0ken"})
    try:
        _publish(site, 20)
        watch = _run(["watch", site.url("/rss.xml"), "--once", "--delay", "0", "--db", str(db)])
        posted = []
        with httpx.Client(base_url=base, timeout=120,
                          headers={"Authorization": "Bearer t0ken"}) as client:
            for r in _records(12, seed=9):
                answer = client.post("/api/articles", json=r)
                assert answer.status_code in (200, 201), answer.text
                posted.append(answer.json()["id"])
        code, out, err = _finish(watch)
        assert code == 0, err
        with open_store(db) as store:
            stored = {r[0] for r in store.conn.execute("SELECT id FROM articles")}
            from_feed = store.conn.execute("SELECT count(*) FROM feed_items WHERE article_id IS NOT NULL").fetchone()[0]
        assert set(posted) <= stored and from_feed == 20
        assert len(stored) == len(set(posted)) + 20
        assert_consistent(db)
        # the server's writer picks up what watch wrote: a later post lands in the combined state
        with httpx.Client(base_url=base, timeout=120,
                          headers={"Authorization": "Bearer t0ken"}) as client:
            answer = client.post("/api/articles", json=_records(2, seed=10)[0])
            assert answer.status_code == 201
        assert_consistent(db)
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
        site.close()
    assert "Traceback" not in err, err
