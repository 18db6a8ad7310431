"""A story's fact ledger alone, without the rest of its synthesis: for alerts, badges and outlet statistics.

Built from the same inputs, by the same steps, as :func:`storyline.synthesise.synthesise` builds the
ledger the story page shows (its articles in date order, their analyses, the ingest's copy marks), so
a badge on the story list and an alert never disagree with the page they link to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from storyline.store.revisions import copies_of_story, story_versions
from storyline.store.sqlite import Store, article_from_row
from storyline.synthesise.ledger import build_ledger, entity_names, revised_facts
from storyline.synthesise.model import build_docs
from storyline.types import Analysis, Article
from storyline.types.ledger import LedgerRow, Verdict


def later_versions(store: Store, story_id: str, articles: dict[str, Article]) -> dict[str, list[Article]]:
    """The story's revised articles as Articles (later versions, oldest first): the ledger counts the latest."""
    out = {}
    for aid, versions in story_versions(store, story_id).items():
        base = articles.get(aid)
        if base is not None:
            out[aid] = [replace(base, text=v.text, title=v.title, date=v.date or base.date) for v in versions]
    return out


def story_ledger(store: Store, story_id: str, known: Mapping[str, Analysis] | None = None) -> list[LedgerRow]:
    """The story's ledger rows; ``known`` holds analyses already in memory (a batch's), the rest are read."""
    rows = store.article_rows(story_id)
    if not rows:
        return []
    known = known or {}
    analyses = []
    for r in rows:
        a = known.get(r["id"]) or store.analysis(r["id"])
        analyses.append(a or Analysis(article_id=r["id"], lang=r["lang"], lang_confidence=r["lang_confidence"] or 0.0))
    articles = [article_from_row(r) for r in rows]
    docs = build_docs(articles, analyses, copies_of_story(store, story_id) or None)
    revisions = later_versions(store, story_id, {a.id: a for a in articles})
    return build_ledger(docs, entity_names(docs), revised_facts(docs, revisions))


def flagged_verdicts(ledger: list[LedgerRow]) -> list[Verdict]:
    """The distinct verdicts worth a reader's attention (``Verdict.flagged``), in the ledger's order, the rows
    nested under a total included."""
    out: dict[Verdict, None] = {}
    for r in ledger:
        out.update(dict.fromkeys(v for v in [r.verdict, *flagged_verdicts(r.parts)] if v.flagged))
    return list(out)
