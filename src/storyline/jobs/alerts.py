"""Alerts: after each batch, which watchlists the stories it touched now match, grew past, or changed a figure of.

Evaluated by the :class:`~storyline.jobs.writer.Writer` *inside the batch's transaction*, after the
articles and assignments are written: a batch and the alerts it raises commit together or not at all,
so a crash never loses an alert for a stored article nor raises one for an article that was rolled
back, and two writers cannot both raise the same alert (the second sees the first's match rows). The
cost is the evaluation's time under the write lock, which is why it reads only the stories the batch
touched and builds a ledger only for matching stories that received a figure (``make bench``:
``alerts``). Webhooks are not sent here: the transaction queues one delivery per alert, and
:mod:`storyline.jobs.webhooks` sends them after the commit.

Three kinds (:class:`~storyline.types.watch.AlertKind`):

* ``match``  a story matches a watchlist for the first time (a new story, or one that grew into it);
* ``grew``   a matching story grew past the watchlist's article or outlet threshold;
* ``figure`` a figure in a matching story's ledger is new or changed: a row turned flagged (a new
  ``differ``, a revision), or a flagged row (or one in a watched category) got a figure it did not have.

Each alert cites the sentence that raised it: the first mention of the watched entity or place, the
first matched keyword, the figure's sentence, or the lead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from storyline.analyse.keys import same_entity
from storyline.analyse.places import within
from storyline.store import alerts as db
from storyline.store import read
from storyline.store.search import story_of
from storyline.store.ledgers import story_ledger
from storyline.store.sqlite import Store
from storyline.store.textmatch import TextIndex
from storyline.store.watchlists import list_watchlists, stamp
from storyline.types import Analysis, Article
from storyline.types.ledger import LedgerEntry, LedgerRow
from storyline.types.story import Citation
from storyline.types.watch import Alert, AlertKind, Watchlist


@dataclass
class Trigger:
    """Why a story matches: the article and the span to cite, and the words for ``Alert.why``."""

    article: str
    span: tuple[int, int] | None  # None: the article's lead
    why: str


class _Stories:
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


def _mention(stories: _Stories, article_id: str, keys: Iterable[str]) -> tuple[tuple[int, int] | None, list[str]]:
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


def _by_keys(stories: _Stories, sid: str, accept: Callable[[str], bool], label: str) -> Trigger | None:
    hits: dict[str, list[str]] = {}
    for key, articles in stories.keys.get(sid, {}).items():
        if accept(key):
            for a in articles:
                hits.setdefault(a, []).append(key)
    if not hits:
        return None
    article = _newest(stories, sid, hits)
    span, names = _mention(stories, article, hits[article])
    return Trigger(article, span, f"{label} {', '.join(names)}")


def _newest(stories: _Stories, sid: str, candidates: Iterable[str]) -> str:
    """A candidate article from this batch when there is one (what made the story match now), else the newest."""
    candidates = list(candidates)
    return next((a for a in candidates if a in stories.fresh), candidates[0])


def _entities(w: Watchlist, stories: _Stories, sid: str) -> Trigger | None:
    return _by_keys(stories, sid, lambda k: any(same_entity(x, k) for x in w.query.entities), "mentions")


def _places(w: Watchlist, stories: _Stories, sid: str) -> Trigger | None:
    return _by_keys(stories, sid, lambda k: any(within(k, p) for p in w.query.places), "in")


def _keywords(w: Watchlist, stories: _Stories, sid: str) -> Trigger | None:
    for q in w.query.keywords:
        hits = stories.keyword_hits(sid, q)
        if hits:
            article = _newest(stories, sid, hits)
            pos = stories.first_hit(article, q)
            analysis = stories.analysis(article)
            span = _sentence_of(analysis, pos) if analysis and pos is not None else None
            return Trigger(article, span, f"the words “{q}”")
    return None


def _categories(w: Watchlist, stories: _Stories, sid: str) -> Trigger | None:
    wanted = {str(c) for c in w.query.categories}
    for article in _ordered(stories, stories.articles.get(sid, [])):
        analysis = stories.analysis(article)
        for f in analysis.facts if analysis else []:
            if str(f.category) in wanted and not f.vague:
                return Trigger(article, _sentence_of(analysis, f.start), f"a figure of {f.category}: “{f.text}”")
    return None


def _ordered(stories: _Stories, articles: list[str]) -> list[str]:
    return sorted(articles, key=lambda a: a not in stories.fresh)  # stable: the batch's first, then newest


def _languages(w: Watchlist, stories: _Stories, sid: str) -> Trigger | None:
    by_lang = stories.languages.get(sid, {})
    hits = [a for lang in w.query.languages for a in by_lang.get(lang, [])]
    if not hits:
        return None
    article = _newest(stories, sid, hits)
    return Trigger(article, None, f"in {', '.join(sorted(set(w.query.languages) & set(by_lang)))}")


# cheapest first: a story that fails a facet is not asked about the others
_FACETS: list[tuple[str, Callable[[Watchlist, _Stories, str], Trigger | None]]] = [
    ("languages", _languages), ("entities", _entities), ("places", _places), ("keywords", _keywords),
    ("categories", _categories),
]
_CITE_FIRST = ("entities", "places", "keywords", "categories", "languages")


def match(w: Watchlist, stories: _Stories, sid: str) -> Trigger | None:
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


def _cite(stories: _Stories, article_id: str, span: tuple[int, int] | None) -> Citation | None:
    article = stories.article(article_id)
    if article is None:
        return None
    if span is None:
        analysis = stories.analysis(article_id)
        span = (analysis.sentences[0].start, analysis.sentences[0].end) if analysis and analysis.sentences else None
    if span is None:
        return Citation(article.id, article.source, article.date, None, article.title or "", field="title")
    return Citation(article.id, article.source, article.date, span, article.text[span[0]:span[1]])


def _cite_entry(e: LedgerEntry) -> Citation:
    return Citation(e.article, e.source, e.date, e.sentence_span, e.sentence, e.copy_of)


# -- figures ---------------------------------------------------------------------------------------------------


def _row_key(r: LedgerRow) -> str:
    return f"{r.category}|{r.subject or ''}|{r.detail or ''}"


def _figures(r: LedgerRow) -> str:
    return "; ".join(sorted({e.interval or "" for e in r.entries}))


@dataclass
class FigureChange:
    row: LedgerRow
    entry: LedgerEntry | None  # the figure that changed it
    why: str
    turned: bool  # the row became flagged, or changed its flagged verdict


def figure_changes(before: Mapping[str, tuple[str, str]], ledger: list[LedgerRow]) -> list[FigureChange]:
    """What changed in a ledger since ``before`` (``{row key: (verdict, figures)}``)."""
    out = []
    for r in ledger:
        old = before.get(_row_key(r))
        old_figures = set(old[1].split("; ")) if old and old[1] else set()
        new = [e for e in r.entries if (e.interval or "") not in old_figures]
        turned = r.verdict.flagged and (old is None or old[0] != str(r.verdict))
        if old is not None and not turned and not new:
            continue
        entry = new[-1] if new else (r.entries[r.compared[-1]] if r.compared else (r.entries or [None])[-1])
        subject = f" ({r.subject_name or r.subject})" if r.subject else ""
        if turned:
            why = f"{r.category}{subject}: {r.verdict} — {r.why}"
        elif old is None:
            why = f"{r.category}{subject}: new figure {entry.interval if entry else ''} — {r.why}"
        else:
            why = f"{r.category}{subject}: figure {entry.interval if entry else ''} beside {old[1]} — {r.why}"
        out.append(FigureChange(r, entry, why, turned))
    return out


def _wants(w: Watchlist, c: FigureChange, first_look: bool) -> bool:
    watched = {str(x) for x in w.query.categories}
    if watched and str(c.row.category) not in watched:
        return False
    if c.turned:
        return True
    return not first_look and (c.row.verdict.flagged or bool(watched))


# -- the batch --------------------------------------------------------------------------------------------------


def evaluate(store: Store, story_ids: Iterable[str], fresh: Iterable[Article],
             analyses: Mapping[str, Analysis], revised: Iterable[str] = ()) -> list[int]:
    """Raise the alerts of one batch (call inside its transaction, after its articles are stored); the new
    alert ids. ``story_ids`` are the stories the batch touched, ``fresh`` its new articles, ``revised`` the
    stored articles it added a later version of (their figures may have been corrected)."""
    watchlists = list_watchlists(store, counts=False)
    if not watchlists:
        return []
    corrected = {sid for aid in revised if (sid := story_of(store, aid))}
    ids = sorted(set(story_ids) | corrected)
    if not ids:
        return []
    fresh_by_id = {a.id: a for a in fresh}
    stories = _Stories(store, ids, fresh_by_id, analyses, corrected)
    raised: list[int] = []
    try:
        known = db.matches(store, ids)
        headlines: dict[str, str] = {}
        matched_now: dict[str, set[int]] = {}
        for sid in ids:
            for w in watchlists:
                _story(store, w, sid, stories, known, headlines, raised, matched_now)
        for sid in ids:
            watching = [w for w in watchlists if (w.id, sid) in known or w.id in matched_now.get(sid, set())]
            if watching:
                _figures_of(store, sid, watching, matched_now.get(sid, set()), stories, headlines, raised)
    finally:
        stories.close()
    return raised


def _headline(store: Store, sid: str, headlines: dict[str, str]) -> str:
    if sid not in headlines:
        summary = read.story_summary(store, sid)
        headlines[sid] = summary.headline if summary else sid
    return headlines[sid]


def _raise(store: Store, w: Watchlist, kind: AlertKind, sid: str, why: str, citation: Citation | None,
           headlines: dict[str, str], raised: list[int], row: LedgerRow | None = None) -> None:
    alert = Alert(0, w.id, w.name, kind, sid, _headline(store, sid, headlines), why, stamp(), citation,
                  row.verdict if row else None, row.category if row else None)
    alert_id = db.insert_alert(store, alert)
    if w.webhook:
        db.queue_delivery(store, alert_id, w.id, w.webhook)
    raised.append(alert_id)


def _story(store: Store, w: Watchlist, sid: str, stories: _Stories, known: dict, headlines: dict[str, str],
           raised: list[int], matched_now: dict[str, set[int]]) -> None:
    size = stories.sizes.get(sid)
    if size is None:  # merged away within the batch
        return
    articles, outlets = size
    before = known.get((w.id, sid))
    if before is None:
        trigger = match(w, stories, sid)
        if trigger is None:
            return
        _raise(store, w, AlertKind.MATCH, sid, f"matches “{w.name}”: {trigger.why}",
               _cite(stories, trigger.article, trigger.span), headlines, raised)
        matched_now.setdefault(sid, set()).add(w.id)
    else:
        grew = []
        if w.min_articles and before[0] < w.min_articles <= articles:
            grew.append(f"{articles} articles (threshold {w.min_articles})")
        if w.min_sources and before[1] < w.min_sources <= outlets:
            grew.append(f"{outlets} outlets (threshold {w.min_sources})")
        if grew:
            newest = _newest(stories, sid, stories.articles.get(sid, []))
            _raise(store, w, AlertKind.GREW, sid, "grew to " + " and ".join(grew), _cite(stories, newest, None),
                   headlines, raised)
    db.save_match(store, w.id, sid, articles, outlets)


def _brought_figures(stories: _Stories, sid: str) -> bool:
    """Whether the batch added an article with a figure, or a new version of one, to the story (else its
    ledger cannot have changed)."""
    if sid in stories.revised:
        return True
    for aid in stories.articles.get(sid, []):
        if aid in stories.fresh:
            analysis = stories.analyses.get(aid)
            if analysis is not None and any(not f.vague for f in analysis.facts):
                return True
    return False


def _figures_of(store: Store, sid: str, watching: list[Watchlist], new_matches: set[int], stories: _Stories,
                headlines: dict[str, str], raised: list[int]) -> None:
    seen = db.has_ledger_state(store, sid)
    if seen and not _brought_figures(stories, sid):
        return
    ledger = story_ledger(store, sid, stories.analyses)
    changes = figure_changes(db.ledger_state(store, sid), ledger)
    db.save_ledger_state(store, sid, {_row_key(r): (str(r.verdict), _figures(r)) for r in ledger})
    for w in watching:
        first_look = not seen or w.id in new_matches
        for c in changes:
            if w.id in new_matches and not c.turned:
                continue  # the match alert is the news; only a disagreement is worth a second one
            if _wants(w, c, first_look):
                _raise(store, w, AlertKind.FIGURE, sid, c.why, _cite_entry(c.entry) if c.entry else None,
                       headlines, raised, c.row)
