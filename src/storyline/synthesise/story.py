"""``synthesise()``: one story's articles and analyses in, its synthesis out. Pure: no I/O.

The result is plain JSON-able data::

    {
      "headline": str, "headline_from": "title"|"lead"|None, "headline_citation": citation|None,
      "lang": "de"|"en"|...|None,                 # the story's dominant language
      "main_place": entity key|None,
      "independent_sources": int,                  # copy groups collapsed, one per outlet
      "copies": {article id: id of the report it copies},
      "timeline": [{value, precision, range, kind, dated_by, duration_days, when, text,
                    article, span, sources, citations}],
      "ledger":   [{category, subject, subject_name, detail, verdict, why, sources,
                    entries: [{article, source, date, date_precision, low, high, hedge,
                               attribution, unit, head, text, span, sentence, sentence_span,
                               interval, bounds, copy_of?}],
                    vague: [...], compared: [i, j]}],
      "summary":  {lang, text, sentences: [{text, kind, generated, citations, ...}]},
      "entities": [{key, name, type, sources, articles, mentions, place, citations}],
    }

A citation is ``{"article", "source", "date", "span": [start, end], "quote"}`` with
``quote == article.text[start:end]`` (plus ``copy_of`` when the article is a copy).
"""

from __future__ import annotations

from storyline.synthesise.headline import story_headline
from storyline.synthesise.keyentities import build_entities
from storyline.synthesise.ledger import build_ledger, entity_names, main_place
from storyline.synthesise.model import build_docs, dominant_language
from storyline.synthesise.summary import build_summary
from storyline.synthesise.timeline import build_timeline
from storyline.types import Analysis, Article


def synthesise(articles: list[Article], analyses: list[Analysis],
               copies: dict[str, str] | None = None, *, detect_copies: bool = True) -> dict:
    """Headline, timeline, fact ledger, summary and key entities of one story.

    ``copies`` maps article id -> id of the report it copies (the ingest's
    marks); near-identical texts are detected here as well unless
    ``detect_copies`` is False.
    """
    docs = build_docs(articles, analyses, copies, detect_copies)
    lang = dominant_language(docs)
    by_id = {d.id: d for d in docs}
    # articles and languages only (no analyses, no marks), like the stories list, so both agree
    head = story_headline([d.article for d in docs], [d.lang for d in docs])
    citation = None
    if head["article"] and head["span"]:
        citation = by_id[head["article"]].cite(*head["span"])
    elif head["article"]:
        citation = {"article": head["article"], "source": by_id[head["article"]].source, "field": "title"}
    names = entity_names(docs)
    place = main_place(docs)
    ledger = build_ledger(docs, names)
    return {
        "headline": head["text"],
        "headline_from": head["from"],
        "headline_citation": citation,
        "lang": lang,
        "main_place": place,
        "independent_sources": len({d.identity for d in docs}),
        "copies": {d.id: d.copy_of for d in docs if d.copy_of},
        "timeline": build_timeline(docs),
        "ledger": ledger,
        "summary": build_summary(docs, lang, ledger, place),
        "entities": build_entities(docs),
    }
