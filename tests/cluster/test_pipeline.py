"""End to end through storyline.jobs.ingest.ingest on Store(":memory:") with the full analysis
(entities, quantities, times): runs once those components and their models are in place."""

from __future__ import annotations

from storyline.cluster import StoryEngine
from storyline.types import Article, PartialDate

from .articles import BUNDESLIGA_DE, CSTO_DE, CSTO_EN, KZ_ENERGY_EN


def _article(text: str, lang: str, date: str, source: str) -> Article:
    from storyline.ingest.identity import article_id

    return Article(article_id(text), text, PartialDate.parse(date), source, lang=lang)


def _story_of(store, article_id: str) -> str:
    return store.conn.execute("SELECT story_id FROM story_articles WHERE article_id=?", (article_id,)).fetchone()[0]


def test_german_and_english_reports_join_through_the_pipeline():
    from storyline.jobs.ingest import ingest
    from storyline.store import Store

    de = _article(CSTO_DE, "de", "2022-01-13", "de.txt")
    en = _article(CSTO_EN, "en", "2022-01-13", "en.txt")
    energy = _article(KZ_ENERGY_EN, "en", "2022-01-18", "energy.txt")
    football = _article(BUNDESLIGA_DE, "de", "2022-01-15", "bundesliga.txt")
    with Store(":memory:") as store:
        report = ingest(store, [de, en, energy, football])
        assert len(report.added) == 4
        assert _story_of(store, de.id) == _story_of(store, en.id)
        assert len({_story_of(store, a.id) for a in (de, energy, football)}) == 3
        # re-ingest: duplicates, ids unchanged
        again = ingest(store, [de, en])
        assert len(again.duplicates) == 2
        assert _story_of(store, en.id) == "s" + de.id[:12]


def test_merge_events_reach_the_store():
    from storyline.jobs import Writer, ingest
    from storyline.store import Store, read
    from storyline.types.views import Merged

    from _support import EAGER_MERGES, QUAKE_IZMIR, QUAKE_SAMOS

    model, a, b = EAGER_MERGES, QUAKE_IZMIR, QUAKE_SAMOS
    both = a + " " + b
    with Store(":memory:") as store:
        writer = Writer(store, engine_factory=lambda: StoryEngine(model=model))
        arts = [_article(t, "en", d, f"{i}.txt") for i, (t, d) in enumerate(
            [(a, "2020-10-30"), (b, "2020-10-30"), (both, "2020-10-31")])]
        report = ingest(writer, arts)
        events = store.conn.execute("SELECT story_id, kind, other, why FROM story_events").fetchall()
        assert [e[1] for e in events] == ["merge"]
        keep, gone = "s" + arts[0].id[:12], "s" + arts[1].id[:12]
        assert events[0][0] == keep and events[0][2] == gone
        # the partition users see is the engine's: the absorbed story's articles live on the survivor
        engine = writer.engine
        assert store.story_assignments() == {x.id: engine.resolve(_story_of(store, x.id)) for x in arts}
        assert set(store.story_assignments().values()) == {keep}
        assert [s.id for s in read.list_stories(store)] == [keep]
        assert read.resolve(store, gone) == Merged(gone, keep) and read.resolve(store, keep) == keep
        assert report.merged == {gone: keep} and gone not in report.stories and gone not in report.new_stories
