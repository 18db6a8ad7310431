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
    }
