"""Watchlist alerts raised in the write path: matches (entities by key across spellings, places with
containment, German-aware keywords, figures, languages), growth thresholds and ledger changes.

The seed articles go through the real pipeline (analysis, story engine, ledger); a second batch adds
the article whose figure disagrees, so the figure alert comes from the ledger the story page shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.ingest import read_paths
from storyline.jobs import Writer, ingest
from storyline.jobs.alerts import figure_changes
from storyline.jobs.watchlists import WatchlistError, add, edit, remove
from storyline.store import open_store
from storyline.store import alerts as db
from storyline.store.watchlists import list_watchlists
from storyline.types import Category
from storyline.types.ledger import Verdict
from storyline.types.watch import AlertKind, WatchlistIn, WatchQuery

from _support import SEEDS

FIRST, SECOND = sorted(SEEDS.glob("*.txt"))  # "fast 10.000 wurden festgenommen" / "mehr als 10.000 Festnahmen"


@pytest.fixture
def writer(db_target: str):
    with open_store(db_target) as store:  # once per backend
        yield Writer(store)


def _watch(writer: Writer, name: str, **facets) -> int:
    extra = {k: facets.pop(k) for k in ("min_articles", "min_sources", "webhook") if k in facets}
    w, _ = add(writer, WatchlistIn(name, WatchQuery(**facets), **extra))
    return w.id


def _alerts(writer: Writer, watchlist_id: int):
    return list(reversed(db.alert_page(writer.store, watchlist_id=watchlist_id).items))


def test_alerts_match_figure_and_growth_in_order(writer: Writer):
    kz = _watch(writer, "Kasachstan", places=["Kasachstan"], min_articles=2, min_sources=2)  # contains Almaty
    tokayev = _watch(writer, "Tokayev", entities=["Tokayev"], languages=["de"])  # an English spelling
    arrests = _watch(writer, "Festnahmen", keywords=["festnahme"], categories=[Category.ARRESTED])
    quake = _watch(writer, "Erdbeben", keywords=["Erdbeben"])
    english = _watch(writer, "English only", places=["loc:iso:KZ"], languages=["en"])

    first = ingest(writer, read_paths([FIRST]))
    assert first.alerts
    (kz_match,) = _alerts(writer, kz)
    assert kz_match.kind == AlertKind.MATCH and kz_match.story_id in first.stories
    assert "Kasachstan" in kz_match.why
    start, end = kz_match.citation.span
    assert kz_match.citation.quote == writer.store.article(kz_match.citation.article).text[start:end]
    (tok_match,) = _alerts(writer, tokayev)
    assert "Tokajew" in tok_match.citation.quote  # the German spelling, found by the English one
    assert _alerts(writer, quake) == [] and _alerts(writer, english) == []
    # the first seed has an arrest figure but no word "Festnahme…": both facets must hold
    assert _alerts(writer, arrests) == []

    second = ingest(writer, read_paths([SECOND]))
    story = next(iter(second.stories))
    assert story == kz_match.story_id  # the seeds are one story
    kinds = [(a.kind, a.verdict) for a in _alerts(writer, kz)]
    assert kinds[0] == (AlertKind.MATCH, None)
    assert (AlertKind.GREW, None) in kinds  # 2 articles, 2 outlets: both thresholds crossed in one alert
    figure = [a for a in _alerts(writer, kz) if a.kind == AlertKind.FIGURE]
    assert len(figure) == 1 and figure[0].verdict == Verdict.DIFFER and figure[0].category == Category.ARRESTED
    assert "10.000" in figure[0].citation.quote  # the sentence with the new figure
    grew = [a for a in _alerts(writer, kz) if a.kind == AlertKind.GREW][0]
    assert "2 articles" in grew.why and "2 outlets" in grew.why
    # the keyword watchlist now matches ("Festnahmen"), and the disagreement is worth a second alert
    arrests_kinds = [a.kind for a in _alerts(writer, arrests)]
    assert arrests_kinds == [AlertKind.MATCH, AlertKind.FIGURE]
    assert "Festnahmen" in _alerts(writer, arrests)[0].citation.quote

    # nothing new, nothing raised: the same articles again are duplicates
    again = ingest(writer, read_paths([FIRST, SECOND]))
    assert again.alerts == [] and len(again.duplicates) == 2


def test_editing_a_watchlist_forgets_its_matches_and_removing_drops_its_alerts(writer: Writer):
    wid = _watch(writer, "Putin", entities=["per:putin"])
    ingest(writer, read_paths([FIRST]))
    assert [a.kind for a in _alerts(writer, wid)] == [AlertKind.MATCH]
    edit(writer, wid, WatchlistIn("Putin in Almaty", WatchQuery(entities=["Putin"], places=["Almaty"])))
    ingest(writer, read_paths([SECOND]))  # mentions Almaty: the edited query matches the story afresh
    assert [a.kind for a in _alerts(writer, wid)] == [AlertKind.MATCH, AlertKind.MATCH, AlertKind.FIGURE]
    assert remove(writer, wid) and db.alert_page(writer.store).total == 0
    assert list_watchlists(writer.store) == []


@pytest.mark.parametrize("w, message", [
    (WatchlistIn("", WatchQuery(entities=["x"])), "name"),
    (WatchlistIn("nothing", WatchQuery()), "at least one"),
    (WatchlistIn("bad", WatchQuery(categories=["weather"])), "categories"),  # type: ignore[list-item]
    (WatchlistIn("bad", WatchQuery(languages=["deutsch"])), "languages"),
    (WatchlistIn("bad", WatchQuery(keywords=["  ;; "])), "keywords"),
    (WatchlistIn("bad", WatchQuery(places=["Nirgendwo-Land"])), "place"),
    (WatchlistIn("bad", WatchQuery(languages=["de"]), webhook="ftp://x"), "webhook"),
    (WatchlistIn("bad", WatchQuery(languages=["de"]), min_articles=0), "min_articles"),
])
def test_a_bad_watchlist_is_refused_saying_why(writer: Writer, w: WatchlistIn, message: str):
    with pytest.raises(WatchlistError, match=message):
        add(writer, w)
    assert list_watchlists(writer.store) == []


def test_figure_changes_name_new_disagreements_and_updated_counts():
    from storyline.types.ledger import LedgerEntry, LedgerRow

    def entry(source: str, interval: str) -> LedgerEntry:
        return LedgerEntry("a-" + source, source, None, None, None, None, None, None, interval, (0, 1),
                           f"{source} says {interval}.", (0, 10), interval=interval)

    one = LedgerRow(Category.KILLED, "loc:iso:KZ", "Kasachstan", None, Verdict.SINGLE, "one source", 1,
                    [entry("dpa", "164")])
    assert [c.why.split(":")[0] for c in figure_changes({}, [one])] == ["killed (Kasachstan)"]  # a new row
    before = {"killed||loc:iso:KZ|": ("single", "164")}
    assert figure_changes(before, [one]) == []  # nothing changed
    two = LedgerRow(Category.KILLED, "loc:iso:KZ", "Kasachstan", None, Verdict.DIFFER, "164 vs 225", 2,
                    [entry("dpa", "164"), entry("AFP", "225")], compared=[0, 1])
    (change,) = figure_changes(before, [two])
    assert change.turned and change.entry.source == "AFP" and "differ" in change.why
    after = {"killed||loc:iso:KZ|": ("differ", "164; 225")}
    three = LedgerRow(Category.KILLED, "loc:iso:KZ", "Kasachstan", None, Verdict.DIFFER, "…", 3,
                      [entry("dpa", "164"), entry("AFP", "225"), entry("Reuters", "227")], compared=[0, 1])
    (updated,) = figure_changes(after, [three])
    assert not updated.turned and updated.entry.source == "Reuters" and "beside 164; 225" in updated.why
    # a row nested under its total (Almaty under Kasachstan) is looked at too
    almaty = LedgerRow(Category.KILLED, "loc:geonames:1526384", "Almaty", None, Verdict.UPDATED, "later higher", 2,
                       [entry("dpa", "100"), entry("AFP", "103")], compared=[0, 1], relation="place")
    one.parts = [almaty]
    nested = figure_changes(before, [one])
    assert [c.row.subject for c in nested] == ["loc:geonames:1526384"] and nested[0].turned
