"""Fixtures for synthesis: the seed story with hand-built or real analyses, and a builder for small stories."""

from __future__ import annotations

import pytest

from storyline.analyse.sentences import split
from storyline.bench.synthesis import seed_analysis, seed_articles
from storyline.types import Analysis, Article, Entity, Fact, Mention, PartialDate, Place, TimeExpr


def real_analyses(articles: list[Article]) -> list[Analysis]:
    """The real analysis pipeline, or skip while a component (or the NER model) is missing."""
    for name in ("storyline.analyse.entities", "storyline.analyse.quantities", "storyline.analyse.times"):
        pytest.importorskip(name)
    from storyline.analyse.pipeline import analyse

    try:
        return [analyse(a) for a in articles]
    except (FileNotFoundError, OSError) as exc:  # e.g. the NER model is not trained yet
        pytest.skip(f"real analysis unavailable: {exc}")


@pytest.fixture(scope="session")
def seeds() -> list[Article]:
    return seed_articles()


@pytest.fixture(scope="session")
def hand_seed_story(seeds) -> tuple[list[Article], list[Analysis]]:
    """Seed articles with analyses built by hand from the seed texts (spans located with the text itself)."""
    return seeds, [seed_analysis(a) for a in seeds]


def mixed_analyses(articles: list[Article]) -> list[Analysis]:
    """Real quantity facts and time expressions over hand-built sentences and entities."""
    quantities = pytest.importorskip("storyline.analyse.quantities")
    times = pytest.importorskip("storyline.analyse.times")
    out = []
    for a in articles:
        hand = seed_analysis(a)
        hand.facts = quantities.find_facts(a.text, hand.sentences, "de")
        hand.times = times.find_times(a.text, hand.sentences, "de", a.date)
        out.append(hand)
    return out


_CACHE: dict[str, list[Analysis]] = {}


@pytest.fixture(params=["hand", "real-facts-times", "real"])
def seed_story(request, seeds) -> tuple[list[Article], list[Analysis]]:
    """The seeds with hand-built analyses; with the real facts and times; with the whole real pipeline."""
    kind = request.param
    if kind not in _CACHE:
        build = {"hand": lambda s: [seed_analysis(a) for a in s], "real-facts-times": mixed_analyses,
                 "real": real_analyses}[kind]
        _CACHE[kind] = build(seeds)
    return seeds, _CACHE[kind]


def make_article(id: str, text: str, date: str | None, source: str | None = None, title: str | None = None,
                 lang: str = "de", facts=(), times=(), entities=()) -> tuple[Article, Analysis]:
    """An article and a hand-built analysis.

    facts:    (phrase, category, low, high, hedge[, extra Fact kwargs]) — the phrase is located in the text
    times:    (phrase, value, precision, kind[, extra TimeExpr kwargs])
    entities: (phrase, key, type[, gazetteer id]) — every occurrence is a mention
    A phrase may be given as (phrase, occurrence) to pick the n-th occurrence.
    """
    article = Article(id, text, PartialDate.parse(date) if date else None, source or f"{id}.txt", title=title,
                      lang=lang)
    sentences = split(text, lang)

    def locate(phrase) -> tuple[int, int]:
        nth = 0
        if isinstance(phrase, tuple):
            phrase, nth = phrase
        pos = -1
        for _ in range(nth + 1):
            pos = text.index(phrase, pos + 1)
        return pos, pos + len(phrase)

    def sentence_of(pos: int) -> int:
        return next(s.index for s in sentences if s.start <= pos < s.end)

    fs = []
    for phrase, category, low, high, hedge, *extra in facts:
        start, end = locate(phrase)
        kw = {"unit": "people", "attribution": None, **(extra[0] if extra else {})}
        fs.append(Fact(category=category, low=low, high=high, hedge=hedge, text=text[start:end],
                       sentence=sentence_of(start), start=start, end=end, **kw))
    ts = []
    for phrase, value, precision, kind, *extra in times:
        start, end = locate(phrase)
        ts.append(TimeExpr(text[start:end], start, end, sentence_of(start), value, precision, kind,
                           **(extra[0] if extra else {})))
    es = []
    for phrase, key, type_, *gid in entities:
        ms = []
        pos = text.find(phrase)
        while pos >= 0:
            ms.append(Mention(phrase, pos, pos + len(phrase), sentence_of(pos)))
            pos = text.find(phrase, pos + 1)
        place = Place(gid[0], None) if gid else None
        es.append(Entity(key, phrase, type_, ms, place))
    return article, Analysis(id, lang, 1.0, sentences, es, fs, ts)


@pytest.fixture
def make():
    return make_article


def story_of(*pairs) -> tuple[list[Article], list[Analysis]]:
    return [p[0] for p in pairs], [p[1] for p in pairs]


@pytest.fixture
def story():
    return story_of
