"""What the synthesis steps share: the story's articles with their sentences, copy groups and language."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from storyline.types import Analysis, Article, PartialDate
from storyline.types.story import Citation
from storyline.synthesise.storykeys import story_keys, with_story_keys
from storyline.synthesise.sources import copy_roots
from storyline.synthesise.text import content_words, is_content, split_sentences


@dataclass(slots=True)
class Sent:
    index: int  # the analysis' sentence index (or the fallback splitter's)
    start: int
    end: int
    words: list[str]  # content lemmas


@dataclass(slots=True)
class Doc:
    order: int  # position in date order
    article: Article
    analysis: Analysis
    lang: str | None
    sents: list[Sent]
    root: str = ""  # id of the report this one copies (itself when original)
    identity: str = ""  # the independent source it counts as: the root report's outlet
    _by_index: dict[int, Sent] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def source(self) -> str:
        return self.article.source

    @property
    def date(self) -> PartialDate | None:
        return self.article.date

    @property
    def copy_of(self) -> str | None:
        return None if self.root == self.id else self.root

    def sentence(self, index: int) -> Sent | None:
        return self._by_index.get(index)

    def sentence_at(self, pos: int) -> Sent | None:
        for s in self.sents:
            if s.start <= pos < s.end:
                return s
        return None

    def cite(self, start: int, end: int, time_span: tuple[int, int] | None = None) -> Citation:
        """A citation: the article, the span and the quoted words (``text[start:end]``)."""
        return Citation(self.id, self.source, self.date, (start, end), self.text[start:end], self.copy_of, time_span)


def _date_key(a: Article) -> tuple:
    d = a.date
    return (d.first_day(), d.iso()) if d else (dt.date.max, "")


def _sentences(article: Article, analysis: Analysis, lang: str | None) -> list[Sent]:
    text = article.text
    out = []
    if analysis.sentences:
        for s in analysis.sentences:
            words = [t.lemma for t in s.tokens if t.kind == "regular" and is_content(t.lemma)] if s.tokens \
                else content_words(text[s.start:s.end], lang)
            out.append(Sent(s.index, s.start, s.end, words))
        return out
    for n, (start, end) in enumerate(split_sentences(text)):
        out.append(Sent(n, start, end, content_words(text[start:end], lang)))
    return out


def build_docs(articles: list[Article], analyses: list[Analysis],
               copies: dict[str, str] | None = None, detect_copies: bool = True) -> list[Doc]:
    ids = {a.id for a in articles}
    story = [an for an in analyses if an.article_id in ids]
    keys = story_keys(story)  # "Trump" in one article is "Donald Trump" of another
    by_id = {a.article_id: with_story_keys(a, keys) for a in story}
    ordered = sorted(articles, key=_date_key)  # stable: input order breaks date ties
    docs: list[Doc] = []
    seen: set[str] = set()
    for a in ordered:
        if a.id in seen:
            continue
        seen.add(a.id)
        an = by_id.get(a.id) or Analysis(article_id=a.id, lang=a.lang, lang_confidence=0.0)
        lang = an.lang or a.lang
        doc = Doc(len(docs), a, an, lang, _sentences(a, an, lang))
        doc._by_index = {s.index: s for s in doc.sents}
        docs.append(doc)
    roots = copy_roots([d.id for d in docs], {d.id: d.text or (d.article.title or "") for d in docs},
                       copies, detect=detect_copies)
    by_doc = {d.id: d for d in docs}
    for d in docs:
        d.root = roots[d.id]
        d.identity = by_doc[d.root].source
    return docs


def dominant_language(docs: list[Doc]) -> str | None:
    counts = Counter(d.lang for d in docs if d.lang and d.copy_of is None)
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: (kv[1], -min(d.order for d in docs if d.lang == kv[0])))[0]
