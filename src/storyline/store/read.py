"""The read model: what every front end shows, as the dataclasses of :mod:`storyline.types.views`.

The CLI (``stories``, ``show``, ``export``), the JSON API and the pages all read through here, so
they show the same thing. A story id the engine merged away resolves to :class:`Merged`; the story
list never shows it (its articles live on the survivor).
"""

from __future__ import annotations

import sqlite3

from storyline.store import search
from storyline.store.ledgers import flagged_verdicts, later_versions, story_ledger
from storyline.store.revisions import copies_of_story, original_of, story_copies, story_revisions
from storyline.store.sqlite import Store, article_from_row
from storyline.synthesise import synthesise
from storyline.synthesise.headline import story_headline
from storyline.synthesise.histogram import histogram
from storyline.types import Analysis, PartialDate
from storyline.types.views import (
    ArticleDetail,
    ArticleRef,
    EntityDetail,
    EntityView,
    FactView,
    Merged,
    MentionView,
    StoryArticle,
    StoryDetail,
    StoryItem,
    StoryPage,
    StorySummary,
    TimeView,
)

TOP_ENTITIES = 6


def _date(value: str | None) -> PartialDate | None:
    return PartialDate.parse(value) if value else None


def _ref(row: sqlite3.Row) -> ArticleRef:
    return ArticleRef(row["id"], row["source"], _date(row["date"]), row["date_precision"], row["lang"],
                      row["title"], row["url"])


def _span(rows: list[sqlite3.Row]) -> tuple[PartialDate | None, PartialDate | None]:
    dates = [PartialDate.parse(r["date"]) for r in rows if r["date"]]
    if not dates:
        return None, None
    return (min(dates, key=lambda d: (d.first_day(), d.iso())), max(dates, key=lambda d: (d.last_day(), d.iso())))


def resolve(store: Store, story_id: str) -> str | Merged | None:
    """The id itself while the story exists, :class:`Merged` when it was folded into another, else None."""
    into = store.merged_into(story_id)
    if into is not None:
        return Merged(story_id, into)
    return story_id if store.story_exists(story_id) else None


def _summary(story_id: str, rows: list[sqlite3.Row], headline: bool = True) -> StorySummary | None:
    if not rows:
        return None
    first, last = _span(rows)
    head = story_headline([article_from_row(r) for r in rows], [r["lang"] for r in rows]).text if headline else ""
    return StorySummary(story_id, head, first, last, len(rows), sorted({r["source"] for r in rows}),
                        [_ref(r) for r in rows])


def story_summary(store: Store, story_id: str) -> StorySummary | None:
    return _summary(story_id, store.article_rows(story_id))


def list_stories(store: Store) -> list[StorySummary]:
    """Every story users see, largest first (what ``storyline stories`` prints)."""
    return [s for sid in store.story_ids() if (s := story_summary(store, sid))]


def story_item(store: Store, story_id: str) -> StoryItem | None:
    """A story as the API's list and the home page show it."""
    s = story_summary(store, story_id)
    if s is None:
        return None
    return StoryItem(s.id, s.headline, s.first_date, s.last_date, s.size, s.sources,
                     sorted({a.lang for a in s.articles if a.lang}),
                     search.story_entities(store, story_id, limit=TOP_ENTITIES),
                     histogram([a.date for a in s.articles]),
                     flagged_verdicts(story_ledger(store, story_id)) if len(s.sources) > 1 else [])


def story_page(store: Store, f: search.StoryFilter = search.StoryFilter(), *, sort: search.Sort = "size",
               limit: int = 20, offset: int = 0) -> StoryPage:
    total, rows = search.story_page(store, f, sort=sort, limit=limit, offset=offset)
    return StoryPage(total, limit, offset, sort, [i for r in rows if (i := story_item(store, r.id))])


def analysis_view(text: str, analysis: Analysis) -> tuple[list[EntityView], list[FactView], list[TimeView],
                                                          list[tuple[int, int]]]:
    """Entities with their mentions, figures with their sentence's words, time expressions, sentence spans."""
    sentences = {s.index: text[s.start:s.end] for s in analysis.sentences}
    entities = [EntityView(e.key, e.name, e.type, [MentionView(m.text, m.start, m.end, m.sentence, (m.start, m.end))
                                                   for m in e.mentions], e.place) for e in analysis.entities]
    facts = [FactView(**{k: getattr(f, k) for k in f.__dataclass_fields__}, span=(f.start, f.end),
                      sentence_text=sentences.get(f.sentence, "")) for f in analysis.facts]
    times = [TimeView(**{k: getattr(t, k) for k in t.__dataclass_fields__}, span=(t.start, t.end))
             for t in analysis.times]
    return entities, facts, times, [(s.start, s.end) for s in analysis.sentences]


def _story_article(row: sqlite3.Row, analysis: Analysis | None, copy_of: str | None) -> StoryArticle:
    ref = _ref(row)
    entities, facts, times, sentences = analysis_view(row["text"], analysis) if analysis else ([], [], [], [])
    return StoryArticle(ref.id, ref.source, ref.date, ref.date_precision, ref.lang, ref.title, ref.url,
                        row["text"], row["lang_confidence"], copy_of, entities, facts, times, sentences)


def story_detail(store: Store, story_id: str) -> StoryDetail | None:
    """The story with its articles (entities, facts, times, spans), events, synthesis, copies and revisions."""
    rows = store.article_rows(story_id)
    if not rows:
        return None
    stored = {r["id"]: store.analysis(r["id"]) for r in rows}
    analyses = [stored[r["id"]] or Analysis(article_id=r["id"], lang=r["lang"],
                                            lang_confidence=r["lang_confidence"] or 0.0) for r in rows]
    articles = [article_from_row(r) for r in rows]
    syn = synthesise(articles, analyses, copies_of_story(store, story_id) or None,
                     revisions=later_versions(store, story_id, {a.id: a for a in articles}))
    first, last = _span(rows)
    return StoryDetail(
        id=story_id, headline=syn.headline, first_date=first, last_date=last, size=len(rows),
        sources=sorted({r["source"] for r in rows}),
        articles=[_story_article(r, stored[r["id"]], syn.copies.get(r["id"])) for r in rows],
        events=store.story_events(story_id), headline_from=syn.headline_from,
        headline_citation=syn.headline_citation, lang=syn.lang, main_place=syn.main_place,
        independent_sources=syn.independent_sources, timeline=syn.timeline, ledger=syn.ledger, summary=syn.summary,
        entities=syn.entities or [], copies=story_copies(store, story_id), revisions=story_revisions(store, story_id),
    )


def article_detail(store: Store, article_id: str) -> ArticleDetail | None:
    row = store.conn.execute(
        "SELECT a.*, sa.story_id FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id"
        " WHERE a.id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    analysis = store.analysis(article_id)
    original = original_of(store, article_id)
    base = _story_article(row, analysis, original if original != article_id else None)
    return ArticleDetail(**{k: getattr(base, k) for k in base.__dataclass_fields__},
                         declared_lang=row["declared_lang"], analysed_lang=analysis.lang if analysis else None,
                         author=row["author"], ingested_at=row["ingested_at"], story_id=row["story_id"])


def entity_detail(store: Store, key: str) -> EntityDetail | None:
    """One entity with the stories it appears in, each with its headline and size."""
    data = search.entity(store, key)
    if data is None:
        return None
    for s in data.stories:
        summary = story_summary(store, s.id)
        s.headline, s.size = (summary.headline, summary.size) if summary else (None, None)
    return data
