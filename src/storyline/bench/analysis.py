"""Analysis throughput on one core: German SmartData news documents through analyse()."""

from __future__ import annotations

import time

from storyline.analyse.pipeline import analyse
from storyline.bench.corpus import smartdata_news
from storyline.ingest.identity import article_id
from storyline.types import Article, PartialDate


def _date(value: str | None) -> PartialDate | None:
    try:
        return PartialDate.parse(value[:10]) if value else None
    except ValueError:
        return None


def long_text(megabytes: float = 5.0) -> dict:
    """One single-line text of ``megabytes``: it must be analysed without a crash; time and peak RSS."""
    import resource

    sentence = "Die Polizei nahm am Donnerstag in Almaty mehr als 20 Menschen fest, sagte ein Sprecher. "
    text = sentence * int(megabytes * 1_000_000 // len(sentence))
    start = time.process_time()
    result = analyse(Article(article_id(text), text, PartialDate(2022, 1, 14), "bench"))
    return {
        "megabytes": megabytes,
        "cpu_seconds": round(time.process_time() - start, 1),
        "sentences": len(result.sentences),
        "facts": len(result.facts),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def run(quick: bool = False) -> dict:
    docs = smartdata_news()[: 100 if quick else 400]
    articles = [Article(article_id(d["text"]), d["text"], _date(d["date"]), "smartdata") for d in docs]
    analyse(articles[0])  # load models outside the clock
    start = time.process_time()
    words = 0
    for a in articles:
        result = analyse(a)
        words += sum(len(s.tokens) for s in result.sentences)
    seconds = time.process_time() - start
    return {
        "articles": len(articles),
        "cpu_seconds": round(seconds, 2),
        "articles_per_s": round(len(articles) / seconds, 1),
        "words_per_s": round(words / seconds),
        "goal_articles_per_s": 50,
        "long_text": long_text(0.5 if quick else 5.0),
    }
