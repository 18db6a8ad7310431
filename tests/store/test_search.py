"""Migration 002 (FTS5 over articles on SQLite, tsvector columns on PostgreSQL, kept by triggers) and the
read queries of store/search.py, on both backends."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from _backends import pg_database
from storyline.store import Store, open_store
from storyline.store import search
from storyline.store.schema import _statements, migrations
from storyline.types import Analysis, Article, Assignment, Entity, Mention, PartialDate

SOLDIERS = "Die Rückverlegung der Soldaten aus Russland soll zehn Tage dauern."
STREET = "Auf der Hauptstraße in Almaty demonstrierten Tausende gegen die Regierung."
ENGLISH = "Heavy flooding closed the harbour of Rotterdam on Sunday."


def _add(store: Store, aid: str, text: str, date: str, story: str, *, title: str | None = None,
         source: str = "test", lang: str = "de", entities: tuple[str, ...] = ()) -> None:
    article = Article(id=aid, text=text, date=PartialDate.parse(date), source=source, title=title, lang=lang)
    ents = [Entity(key=k, name=k.split(":")[-1].title(), type=k.split(":")[0].upper()[:3] if k.startswith(("per", "org", "loc")) else "MISC",
                   mentions=[Mention(k, 0, 1, 0)]) for k in entities]
    analysis = Analysis(article_id=aid, lang=lang, lang_confidence=1.0, entities=ents)
    with store.transaction():
        store.insert_article(article, analysis)
        store.assign(Assignment(aid, story, 1.0, new_story=not store.story_exists(story)))


@pytest.fixture
def store(db_target: str):
    with open_store(db_target) as s:
        _add(s, "a1", SOLDIERS, "2022-01", "s1", source="dpa", entities=("loc:russland", "org:ovks"))
        _add(s, "a2", STREET, "2022-01-13", "s1", title="Proteste in Almaty", source="afp", entities=("loc:almaty",))
        _add(s, "a3", ENGLISH, "2022-02-20", "s2", source="reuters", lang="en", entities=("loc:rotterdam",))
        yield s


def _ids(store: Store, q: str, **kw) -> list[str]:
    return [h.id for h in search.search_articles(store, q, **kw).items]


def test_migration_indexes_articles_already_stored(tmp_path: Path):
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    for statement in _statements(migrations()[0][1]):  # a store from before migration 002
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO articles (id, source, text, ingested_at) VALUES ('old', 'x', ?, 'now')", (SOLDIERS,))
    conn.close()
    with Store(db) as store:
        assert store.schema_version >= 2
        assert _ids(store, "ruckverlegung") == ["old"]


def test_pg_migration_indexes_articles_already_stored():
    import psycopg

    with pg_database() as url:
        with psycopg.connect(url, autocommit=True) as conn:  # a store from before migration 002
            conn.execute(migrations("postgresql")[0][1])
            conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
            conn.execute("INSERT INTO schema_version VALUES (1)")
            conn.execute("INSERT INTO articles (id, source, text, ingested_at) VALUES ('old', 'x', %s, 'now')",
                         (SOLDIERS,))
        with open_store(url) as store:
            assert store.schema_version == len(migrations("postgresql")) >= 2
            assert _ids(store, "ruckverlegung") == ["old"]


def test_triggers_keep_the_index_in_step(store: Store):
    assert _ids(store, "Hauptstrasse") == ["a2"]  # ss finds ß
    store.conn.execute("UPDATE articles SET text = 'Nichts mehr zu sehen.' WHERE id = 'a2'")
    assert _ids(store, "Hauptstrasse") == []
    assert _ids(store, "sehen") == ["a2"]
    assert _ids(store, "Proteste") == ["a2"]  # the title is indexed too
    store.conn.execute("DELETE FROM story_articles WHERE article_id = 'a2'")
    store.conn.execute("DELETE FROM analyses WHERE article_id = 'a2'")
    store.conn.execute("DELETE FROM article_entities WHERE article_id = 'a2'")
    store.conn.execute("DELETE FROM articles WHERE id = 'a2'")
    assert _ids(store, "sehen") == [] and _ids(store, "Proteste") == []
    index = "articles_fts" if store.dialect == "sqlite" else "articles WHERE words IS NOT NULL"
    count = store.conn.execute(f"SELECT count(*) FROM {index}").fetchone()[0]
    assert count == store.count_articles() == 2


@pytest.mark.parametrize("query, expected", [
    ("ruckverlegung", ["a1"]),  # diacritics folded
    ("Rückverlegung", ["a1"]),
    ("rueckverlegung", ["a1"]),  # transliterated umlaut
    ("Soldat", ["a1"]),  # prefix: Soldat -> Soldaten
    ("soldaten", ["a1"]),
    ("Soldaten Russland", ["a1"]),  # AND
    ("Soldaten Rotterdam", []),
    ('"Rückverlegung der Soldaten"', ["a1"]),  # phrase
    ('"Soldaten der Rückverlegung"', []),
    ("harbours", ["a3"]),  # English lemma
    ("almaty", ["a2"]),
])
def test_german_aware_matching(store: Store, query: str, expected: list[str]):
    assert _ids(store, query) == expected


def test_search_filters_and_highlights(store: Store):
    assert _ids(store, "Almaty OR Rotterdam") == []  # operators are words, not syntax
    assert _ids(store, "Rotterdam", lang="de") == [] and _ids(store, "Rotterdam", lang="en") == ["a3"]
    assert _ids(store, "Almaty", source="afp") == ["a2"] and _ids(store, "Almaty", source="dpa") == []
    hit = search.search_articles(store, "soldat").items[0]
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["Soldaten"]
    assert hit.story_id == "s1" and str(hit.date) == "2022-01"
    assert search.search_articles(store, "   ").match is None


def test_fts_query_quotes_user_input():
    assert search.fts_query('x" OR 1') is not None
    assert search.fts_query("") is None and search.fts_query("¿?") is None
    assert search.fts_query("ab") == '"ab"'  # short words are not prefixes
    assert '"soldat" *' in search.fts_query("Soldaten")
    assert "straße" in search.word_variants("Strasse")
    assert search.tsquery("ab") == "'ab'" and "'soldat':*" in search.tsquery("Soldaten")
    assert search.tsquery('"Rückverlegung der" Soldaten').startswith("('Rückverlegung' <-> 'der') & (")
    assert search.tsquery("") is None and search.tsquery("¿?") is None


def test_query_syntax_in_user_input_is_harmless(store: Store):
    for q in ["x' & ! :* (", "a<->b", "\\", "'" * 3, "soldat:*", 'NEAR("a" b)', "!Almaty"]:
        search.search_articles(store, q)  # no syntax error from either engine
    assert _ids(store, "!Almaty") == ["a2"]


def test_story_page_filters_sort_and_paging(store: Store):
    total, rows = search.story_page(store)
    assert total == 2 and [r.id for r in rows] == ["s1", "s2"]  # size first
    assert rows[0].size == 2 and rows[0].first_day == "2022-01-01" and rows[0].last_day == "2022-01-31"
    assert [r.id for r in search.story_page(store, sort="recent")[1]] == ["s2", "s1"]
    total, rows = search.story_page(store, limit=1, offset=1)
    assert total == 2 and [r.id for r in rows] == ["s2"]

    def ids(**kw):
        return [r.id for r in search.story_page(store, search.StoryFilter(**kw))[1]]

    assert ids(date_from="2022-02-01") == ["s2"]
    assert ids(date_to="2022-01-13") == ["s1"]
    assert ids(date_from="2022-01-20", date_to="2022-01-25") == ["s1"]  # the month-dated article overlaps
    assert ids(lang="en") == ["s2"] and ids(source="afp") == ["s1"] and ids(entity="org:ovks") == ["s1"]
    assert ids(entity="org:ovks", lang="en") == []
    assert search.day_bound("2022-02", end=True) == "2022-02-28"
    with pytest.raises(ValueError):
        search.day_bound("2022-13", end=False)


def test_versions_and_fingerprints_change_on_ingest(store: Store):
    v1, f1 = search.store_version(store), search.story_fingerprint(store, "s1")
    assert search.story_fingerprint(store, "nope") is None
    _add(store, "a4", "Tokajew dankte.", "2022-01-14", "s1")
    assert search.store_version(store) != v1 and search.story_fingerprint(store, "s1") != f1
    assert search.story_of(store, "a4") == "s1"


def test_entities(store: Store):
    total, items = search.list_entities(store)
    assert total == 4 and {e.key for e in items} == {"loc:russland", "org:ovks", "loc:almaty", "loc:rotterdam"}
    assert search.list_entities(store, q="rott")[1][0].key == "loc:rotterdam"
    assert search.list_entities(store, q="%")[0] == 0  # LIKE wildcards are literal
    assert search.list_entities(store, type="org")[0] == 1
    e = search.entity(store, "loc:almaty")
    assert e.articles == 1 and [s.id for s in e.stories] == ["s1"]
    assert search.entity(store, "loc:nowhere") is None
    assert [x.key for x in search.story_entities(store, "s2")] == ["loc:rotterdam"]
    assert search.story_rows(store, ["s2", "nope"])[0].size == 1
