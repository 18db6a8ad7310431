"""Story and article views: the JSON contract of ``stories --json`` and ``show --json``."""

from __future__ import annotations

from typing import Any

from storyline.store import Store
from storyline.store.revisions import copies_of_story, extras
from storyline.store.sqlite import article_from_row
from storyline.synthesise.headline import story_headline
from storyline.synthesise.story import synthesise
from storyline.types import Analysis, PartialDate, to_plain

# keys the synthesis adds to ``show --json`` (``headline`` is replaced by the synthesised one)
# (copies show as each article's ``copy_of``)
SYNTHESIS_KEYS = ("headline", "headline_from", "headline_citation", "lang", "main_place", "independent_sources",
                  "timeline", "ledger", "summary", "entities")


def _article_summary(row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "source": row["source"],
        "date": row["date"],
        "date_precision": row["date_precision"],
        "lang": row["lang"],
        "title": row["title"],
        "url": row["url"],
    }


def _span(rows) -> tuple[str | None, str | None]:
    dates = [PartialDate.parse(r["date"]) for r in rows if r["date"]]
    if not dates:
        return None, None
    first = min(dates, key=lambda d: (d.first_day(), d.iso()))
    last = max(dates, key=lambda d: (d.last_day(), d.iso()))
    return first.iso(), last.iso()


def story_summary(store: Store, story_id: str) -> dict[str, Any] | None:
    return _summary(story_id, store.article_rows(story_id))


def _summary(story_id: str, rows, headline: bool = True) -> dict[str, Any] | None:
    if not rows:
        return None
    first, last = _span(rows)
    head = story_headline([article_from_row(r) for r in rows], [r["lang"] for r in rows]) if headline else None
    return {
        "id": story_id,
        "headline": head["text"] if head else "",
        "first_date": first,
        "last_date": last,
        "size": len(rows),
        "sources": sorted({r["source"] for r in rows}),
        "articles": [_article_summary(r) for r in rows],
    }


def list_stories(store: Store) -> list[dict[str, Any]]:
    return [s for sid in store.story_ids() if (s := story_summary(store, sid))]


def _spanned(record: dict[str, Any]) -> dict[str, Any]:
    record["span"] = [record["start"], record["end"]]
    return record


def analysis_json(text: str, analysis: Analysis) -> dict[str, Any]:
    """Entities, facts and times with ``span`` = [start, end) and, for facts, the sentence's words."""
    sentences = {s.index: text[s.start:s.end] for s in analysis.sentences}
    entities = []
    for e in to_plain(analysis.entities):
        e["mentions"] = [_spanned(m) for m in e["mentions"]]
        entities.append(e)
    facts = []
    for f in to_plain(analysis.facts):
        f["sentence_index"] = f["sentence"]
        f["sentence"] = sentences.get(f["sentence"], "")
        facts.append(_spanned(f))
    return {
        "entities": entities,
        "facts": facts,
        "times": [_spanned(t) for t in to_plain(analysis.times)],
        "sentences": [[s.start, s.end] for s in analysis.sentences],
    }


def story_detail(store: Store, story_id: str) -> dict[str, Any] | None:
    """The story with its articles (entities, facts, times, spans), events and synthesis."""
    rows = store.article_rows(story_id)
    story = _summary(story_id, rows, headline=False)  # the synthesis below sets the headline
    if story is None:
        return None
    articles, analyses = [], []
    for row, summary in zip(rows, story["articles"]):
        analysis = store.analysis(row["id"])
        item = dict(summary, text=row["text"], lang_confidence=row["lang_confidence"])
        if analysis is not None:
            item.update(analysis_json(row["text"], analysis))
        else:
            analysis = Analysis(article_id=row["id"], lang=row["lang"], lang_confidence=row["lang_confidence"] or 0.0)
        analyses.append(analysis)
        articles.append(item)
    story["articles"] = articles
    story["events"] = store.story_events(story_id)
    synthesis = synthesise([article_from_row(r) for r in rows], analyses, copies_of_story(store, story_id) or None)
    for a in articles:
        a["copy_of"] = synthesis["copies"].get(a["id"])
    story.update({k: synthesis[k] for k in SYNTHESIS_KEYS})
    story.update(extras(store, story_id))  # ingest's copies and revisions, with diffs
    return story


__all__ = ["list_stories", "story_summary", "story_detail", "article_from_row"]
