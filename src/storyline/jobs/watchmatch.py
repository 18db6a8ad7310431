"""Whether a story matches a watchlist, and which sentence of which article says so.

What :mod:`storyline.jobs.alerts` asks of each story a batch touched. The facets AND together, the
values of one facet OR (:class:`~storyline.types.watch.WatchQuery`); the cheap ones are tried first, so
a story that fails one is not asked about the others. :class:`Stories` reads what the batch's stories
hold, once and only when a facet asks: entity keys and languages by SQL, analyses for figures and
citations, and the stories' texts in a private full-text index for keywords (store/textmatch.py).
An entity is watched by key, so every alias and language counts (a person by surname,
:func:`~storyline.analyse.keys.same_entity`); a place contains the places inside it
(:func:`~storyline.analyse.places.within`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from storyline.analyse.keys import same_entity
from storyline.analyse.places import within
from storyline.store import alerts as db
from storyline.store.sqlite import Store
from storyline.store.textmatch import TextIndex
from storyline.types import Analysis, Article
from storyline.types.story import Citation
from storyline.types.watch import Watchlist


@dataclass
class Trigger:
    """Why a story matches: the article and the span to cite, and the words for ``Alert.why``."""

    article: str
    span: tuple[int, int] | None  # None: the article's lead
    why: str


class Stories:
    """What the evaluation reads of the batch's stories, each part loaded once and only when asked for."""

    def __init__(self, store: Store, story_ids: list[str], fresh: Mapping[str, Article],
                 analyses: Mapping[str, Analysis], revised: set[str] | None = None) -> None:
        self.store, self.ids, self.fresh, self.analyses = store, story_ids, fresh, dict(analyses)
        self.revised = revised or set()  # stories with a new version of an article: figures may have changed
        self._articles: dict[str, Article | None] = dict(fresh)
        self._cache: dict[str, object] = {}
        self._index: TextIndex | None = None

    def _once(self, name: str, load: Callable[[], object]):  # noqa: ANN202
        if name not in self._cache:
            self._cache[name] = load()
        return self._cache[name]

    @property
    def sizes(self) -> dict[str, tuple[int, int]]:
        return self._once("sizes", lambda: db.story_sizes(self.store, self.ids))

    @property
    def keys(self) -> dict[str, dict[str, list[str]]]:
        """{story: {entity key: article ids, newest first}}."""
        return self._once("keys", lambda: db.story_key_articles(self.store, self.ids))

    @property
    def languages(self) -> dict[str, dict[str, list[str]]]:
        return self._once("langs", lambda: db.story_language_articles(self.store, self.ids))

    @property
    def articles(self) -> dict[str, list[str]]:
        """{story: article ids, newest first}."""
        return self._once("articles", lambda: db.story_articles(self.store, self.ids))

    @property
    def index(self) -> TextIndex:
        """The texts of the batch's stories, indexed for keywords on first use (see store/textmatch.py)."""
        def load() -> TextIndex:
            self._index = TextIndex(db.story_texts(self.store, self.ids))
            return self._index
        return self._once("index", load)

    def keyword_hits(self, story_id: str, query: str) -> list[str]:
        found = self.index.match(query)
        return [a for a in self.articles.get(story_id, []) if a in found]

    def first_hit(self, article_id: str, query: str) -> int | None:
        return self.index.first_hit(article_id, query)

    def analysis(self, article_id: str) -> Analysis | None:
        if article_id not in self.analyses:
            self.analyses[article_id] = self.store.analysis(article_id)  # type: ignore[assignment]
        return self.analyses[article_id]

    def article(self, article_id: str) -> Article | None:
        if article_id not in self._articles:
            self._articles[article_id] = self.store.article(article_id)
        return self._articles[article_id]

    def close(self) -> None:
        if self._index is not None:
            self._index.close()


# -- matching --------------------------------------------------------------------------------------------------


def _mention(stories: Stories, article_id: str, keys: Iterable[str]) -> tuple[tuple[int, int] | None, list[str]]:
    """The sentence of the article's first mention of any of ``keys``, and the names it gives them."""
    analysis = stories.analysis(article_id)
    wanted = set(keys)
    found = [e for e in (analysis.entities if analysis else []) if e.key in wanted and e.mentions]
    if not found:
        return None, sorted(wanted)
    first = min((m for e in found for m in e.mentions), key=lambda m: m.start)
    return _sentence_of(analysis, first.start) or (first.start, first.end), sorted({e.name for e in found})


def _sentence_of(analysis: Analysis, pos: int) -> tuple[int, int] | None:
    for s in analysis.sentences:
        if s.start <= pos < s.end:
            return s.start, s.end
    return None


def _by_keys(stories: Stories, sid: str, accept: Callable[[str], bool], label: str) -> Trigger | None:
    hits: dict[str, list[str]] = {}
    for key, articles in stories.keys.get(sid, {}).items():
        if accept(key):
            for a in articles:
                hits.setdefault(a, []).append(key)
    if not hits:
        return None
    article = newest(stories, sid, hits)
    span, names = _mention(stories, article, hits[article])
    return Trigger(article, span, f"{label} {', '.join(names)}")


def newest(stories: Stories, sid: str, candidates: Iterable[str]) -> str:
    """A candidate article from this batch when there is one (what made the story match now), else the newest."""
    candidates = list(candidates)
    return next((a for a in candidates if a in stories.fresh), candidates[0])


def _entities(w: Watchlist, stories: Stories, sid: str) -> Trigger | None:
    return _by_keys(stories, sid, lambda k: any(same_entity(x, k) for x in w.query.entities), "mentions")


def _places(w: Watchlist, stories: Stories, sid: str) -> Trigger | None:
    return _by_keys(stories, sid, lambda k: any(within(k, p) for p in w.query.places), "in")


def _keywords(w: Watchlist, stories: Stories, sid: str) -> Trigger | None:
    for q in w.query.keywords:
        hits = stories.keyword_hits(sid, q)
        if hits:
            article = newest(stories, sid, hits)
            pos = stories.first_hit(article, q)
            analysis = stories.analysis(article)
            span = _sentence_of(analysis, pos) if analysis and pos is not None else None
            return Trigger(article, span, f"the words “{q}”")
    return None


def _categories(w: Watchlist, stories: Stories, sid: str) -> Trigger | None:
    wanted = {str(c) for c in w.query.categories}
    for article in _ordered(stories, stories.articles.get(sid, [])):
        analysis = stories.analysis(article)
        for f in analysis.facts if analysis else []:
            if str(f.category) in wanted and not f.vague:
                return Trigger(article, _sentence_of(analysis, f.start), f"a figure of {f.category}: “{f.text}”")
    return None


def _ordered(stories: Stories, articles: list[str]) -> list[str]:
    return sorted(articles, key=lambda a: a not in stories.fresh)  # stable: the batch's first, then newest


def _languages(w: Watchlist, stories: Stories, sid: str) -> Trigger | None:
    by_lang = stories.languages.get(sid, {})
    hits = [a for lang in w.query.languages for a in by_lang.get(lang, [])]
    if not hits:
        return None
    article = newest(stories, sid, hits)
    return Trigger(article, None, f"in {', '.join(sorted(set(w.query.languages) & set(by_lang)))}")


# cheapest first: a story that fails a facet is not asked about the others
_FACETS: list[tuple[str, Callable[[Watchlist, Stories, str], Trigger | None]]] = [
    ("languages", _languages), ("entities", _entities), ("places", _places), ("keywords", _keywords),
    ("categories", _categories),
]
_CITE_FIRST = ("entities", "places", "keywords", "categories", "languages")


def match(w: Watchlist, stories: Stories, sid: str) -> Trigger | None:
    """The trigger to cite when every facet the watchlist sets holds for the story, else None."""
    found: dict[str, Trigger] = {}
    for name, test in _FACETS:
        if getattr(w.query, name):
            t = test(w, stories, sid)
            if t is None:
                return None
            found[name] = t
    if not found:
        return None
    # cite what names the story best: an entity, a place, a keyword, a figure, before its language
    ranked = [found[n] for n in _CITE_FIRST if n in found]
    first = next((t for t in ranked if t.span is not None), ranked[0])
    return Trigger(first.article, first.span, "; ".join(t.why for t in ranked))


# -- citations -----------------------------------------------------------------------------------------------


def cite(stories: Stories, article_id: str, span: tuple[int, int] | None) -> Citation | None:
    article = stories.article(article_id)
    if article is None:
        return None
    if span is None:
        analysis = stories.analysis(article_id)
        span = (analysis.sentences[0].start, analysis.sentences[0].end) if analysis and analysis.sentences else None
    if span is None:
        return Citation(article.id, article.source, article.date, None, article.title or "", field="title")
    return Citation(article.id, article.source, article.date, span, article.text[span[0]:span[1]])
