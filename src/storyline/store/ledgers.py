"""A story's fact ledger alone, without the rest of its synthesis: for alerts, badges and outlet statistics.

Built from the same inputs, by the same steps, as :func:`storyline.synthesise.synthesise` builds the
ledger the story page shows (its articles in date order, their analyses, the ingest's copy marks), so
a badge on the story list and an alert never disagree with the page they link to.
"""

from __future__ import annotations

from collections.abc import Mapping

from storyline.store.revisions import copies_of_story
from storyline.store.sqlite import Store, article_from_row
from storyline.synthesise.ledger import build_ledger, entity_names
from storyline.synthesise.model import build_docs
from storyline.types import Analysis
from storyline.types.ledger import LedgerRow, Verdict


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
    docs = build_docs([article_from_row(r) for r in rows], analyses, copies_of_story(store, story_id) or None)
    return build_ledger(docs, entity_names(docs))


def flagged_verdicts(ledger: list[LedgerRow]) -> list[Verdict]:
    """The distinct verdicts worth a reader's attention (``Verdict.flagged``), in the ledger's order."""
    return list(dict.fromkeys(r.verdict for r in ledger if r.verdict.flagged))
