"""Alert evaluation's share of ingest time, with 100 watchlists (``python -m storyline.bench alerts``).

SmartData news (300 articles; 60 with ``--quick``) are analysed once. Then the write path (clustering,
storing, and the alerts in the same transaction) runs twice over them in batches of 20, each time into
a fresh database: without watchlists, and with 100 watchlists drawn from the corpus itself (its most
mentioned entities, places and words, some with figure categories, languages and growth thresholds),
so many stories match and ledgers are built as they would be. The difference is what alerts cost; it is
reported against the whole ingest (analysis included, as ``storyline ingest`` spends it). Times are this
process's CPU seconds, so other work on the machine does not count; each run is repeated and the
faster kept. Goal: < 10 % of ingest time.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from pathlib import Path

from storyline.analyse.pipeline import analyse
from storyline.bench.corpus import smartdata_news
from storyline.ingest.identity import article_id
from storyline.types import Analysis, Article, Category, PartialDate
from storyline.types.watch import WatchlistIn, WatchQuery

WATCHLISTS = 100
BATCH = 20
REPEAT = 2


def _articles(n: int) -> list[Article]:
    out = []
    for d in smartdata_news()[:n]:
        try:
            date = PartialDate.parse(d["date"][:10]) if d.get("date") else None
        except ValueError:
            date = None
        out.append(Article(article_id(d["text"], None), d["text"], date, f"outlet{len(out) % 7}", lang="de"))
    return out


def watchlists(analyses: list[Analysis], n: int = WATCHLISTS) -> list[WatchlistIn]:
    """A mix like an analyst's: entities, places, keywords, some with figures, languages and thresholds."""
    keys = Counter(e.key for a in analyses for e in a.entities)
    places = [k for k, _ in keys.most_common() if k.startswith("loc:")]
    others = [k for k, _ in keys.most_common() if not k.startswith("loc:")]
    words = [w for w, _ in Counter(t.lemma for a in analyses for s in a.sentences for t in s.tokens
                                   if len(t.lemma) > 6 and t.text[:1].isupper()).most_common(200)]
    out = []
    for i in range(n):
        kind = i % 5
        if kind in (0, 1) and others:
            q = WatchQuery(entities=[others[i % len(others)]])
        elif kind == 2 and places:
            q = WatchQuery(places=[places[i % len(places)]], categories=[Category.KILLED, Category.INJURED])
        elif kind == 3 and words:
            q = WatchQuery(keywords=[words[i % len(words)]], languages=["de"])
        else:
            q = WatchQuery(places=[places[i % len(places)]] if places else [], languages=["de"],
                           keywords=[words[(i * 7) % len(words)]] if words else [])
        out.append(WatchlistIn(f"watch {i}", q, min_articles=3, min_sources=2))
    return out


def _write_all(articles: list[Article], analyses: dict[str, Analysis], watch: list[WatchlistIn]) -> tuple[float, int]:
    from storyline.jobs import Writer
    from storyline.jobs.watchlists import add
    from storyline.store import open_store

    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.db") as store:
        writer = Writer(store)
        for w in watch:
            add(writer, w)
        alerts = 0
        start = time.process_time()
        for i in range(0, len(articles), BATCH):
            alerts += len(writer.write(articles[i:i + BATCH], analyses=analyses).alerts)
        return time.process_time() - start, alerts


def run(quick: bool = False) -> dict:
    articles = _articles(60 if quick else 300)
    start = time.process_time()
    analysed = {a.id: analyse(a) for a in articles}
    analysis_s = time.process_time() - start
    watch = watchlists(list(analysed.values()))
    plain = min(_write_all(articles, analysed, [])[0] for _ in range(REPEAT))
    runs = [_write_all(articles, analysed, watch) for _ in range(REPEAT)]
    with_alerts = min(t for t, _ in runs)
    overhead = max(0.0, with_alerts - plain)
    ingest = analysis_s + plain
    return {
        "articles": len(articles), "watchlists": len(watch), "alerts_raised": runs[0][1],
        "analysis_cpu_s": round(analysis_s, 2), "write_cpu_s": round(plain, 2),
        "write_with_alerts_cpu_s": round(with_alerts, 2),
        "alerts_ms_per_article": round(1000 * overhead / len(articles), 2),
        "alerts_share_of_ingest_pct": round(100 * overhead / ingest, 2),
        "alerts_share_of_write_path_pct": round(100 * overhead / plain, 1) if plain else None,
        "goal": "alerts_share_of_ingest_pct < 10",
    }
