"""``synthesise()``: one story's articles and analyses in, its :class:`~storyline.types.story.Synthesis` out.

Pure: no I/O. The shapes are in ``storyline/types/story.py`` and ``storyline/types/ledger.py``;
every shown sentence or figure carries a :class:`~storyline.types.story.Citation` whose ``quote``
is exactly ``article.text[span[0]:span[1]]``.
"""

from __future__ import annotations

from storyline.synthesise.headline import story_headline
from storyline.synthesise.keyentities import build_entities
from storyline.synthesise.ledger import build_ledger, entity_names, main_place, revised_facts
from storyline.synthesise.model import build_docs, dominant_language
from storyline.synthesise.summary import build_summary
from storyline.synthesise.timeline import build_timeline
from storyline.types import Analysis, Article
from storyline.types.story import Citation, Synthesis


def synthesise(articles: list[Article], analyses: list[Analysis],
               copies: dict[str, str] | None = None, *, detect_copies: bool = True,
               revisions: dict[str, list[Article]] | None = None) -> Synthesis:
    """Headline, timeline, fact ledger, summary and key entities of one story.

    ``copies`` maps article id -> id of the report it copies (the ingest's
    marks); near-identical texts are detected here as well unless
    ``detect_copies`` is False. ``revisions`` maps an article id to its later
    versions, oldest first (the store's revisions): the ledger counts the latest
    version's figures and keeps the ones it changed as corrected.
    """
    docs = build_docs(articles, analyses, copies, detect_copies)
    lang = dominant_language(docs)
    by_id = {d.id: d for d in docs}
    # articles and languages only (no analyses, no marks), like the stories list, so both agree
    head = story_headline([d.article for d in docs], [d.lang for d in docs])
    citation = None
    if head.article and head.span:
        citation = by_id[head.article].cite(*head.span)
    elif head.article:
        doc = by_id[head.article]
        citation = Citation(doc.id, doc.source, doc.date, None, doc.article.title or "", doc.copy_of, field="title")
    names = entity_names(docs)
    place = main_place(docs)
    ledger = build_ledger(docs, names, revised_facts(docs, revisions))
    return Synthesis(
        headline=head.text,
        headline_from=head.origin,
        headline_citation=citation,
        lang=lang,
        main_place=place,
        independent_sources=len({d.identity for d in docs}),
        copies={d.id: d.copy_of for d in docs if d.copy_of},
        timeline=build_timeline(docs),
        ledger=ledger,
        summary=build_summary(docs, lang, ledger, place),
        entities=build_entities(docs),
    )
