"""Article + Analysis -> ClusterDoc: the bags of strings the story engine compares."""

from __future__ import annotations

from storyline.analyse.sentences import split
from storyline.types import Analysis, Article, ClusterDoc

_CONTENT = {"regular"}


def _words(tokens) -> tuple[list[str], list[str]]:
    toks, lems = [], []
    for t in tokens:
        if t.kind in _CONTENT and len(t.text) > 1:
            toks.append(t.text.lower())
            lems.append(t.lemma)
    return toks, lems


def cluster_doc(article: Article, analysis: Analysis) -> ClusterDoc:
    body_tokens, body_lemmas = _words(t for s in analysis.sentences for t in s.tokens)
    title_tokens, title_lemmas = ([], [])
    if article.title:
        title_tokens, title_lemmas = _words(t for s in split(article.title, analysis.lang) for t in s.tokens)
    return ClusterDoc(
        id=article.id,
        lang=analysis.lang,
        date=article.date,
        title_tokens=title_tokens,
        title_lemmas=title_lemmas,
        body_tokens=body_tokens,
        body_lemmas=body_lemmas,
        entities=[e.key for e in analysis.entities],
    )
