"""The store's schema, transactions and ingest, on both backends (the ``db_target`` fixture)."""

import sqlite3
from pathlib import Path

import pytest

from _backends import pg_database
from storyline.ingest import read_paths
from storyline.jobs.ingest import ingest
from storyline.store import Store, open_store
from storyline.store.schema import migrations
from storyline.store.read import list_stories


def test_schema_is_versioned_and_wal(tmp_path: Path):
    db = tmp_path / "s.db"
    with Store(db) as store:
        assert store.schema_version == len(migrations()) >= 1
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw = sqlite3.connect(db)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == len(migrations())


def test_newer_schema_is_refused(tmp_path: Path):
    db = tmp_path / "s.db"
    Store(db).close()
    raw = sqlite3.connect(db)
    raw.execute("PRAGMA user_version = 999")
    raw.close()
    with pytest.raises(RuntimeError, match="newer"):
        Store(db)


def test_pg_schema_is_versioned_and_a_newer_one_refused():
    with pg_database() as url:
        with open_store(url) as store:
            assert store.dialect == "postgresql"
            assert store.schema_version == len(migrations("postgresql")) == len(migrations()) >= 1
            assert store.conn.execute("SELECT version FROM schema_version").fetchone()[0] == len(migrations())
            store.conn.execute("UPDATE schema_version SET version = 999")
        with pytest.raises(RuntimeError, match="newer"):
            open_store(url)


def test_migration_files_match_across_dialects():
    # same numbers and names: version N means the same schema on both backends
    assert [n for n, _ in migrations()] == [n for n, _ in migrations("postgresql")]


def test_a_bad_store_target_says_what_is_wrong():
    with pytest.raises(ValueError, match="postgresql://"):
        open_store("mysql://root@localhost/db")
    with pytest.raises(ConnectionError, match="127.0.0.1:1") as caught:
        open_store("postgresql://nobody:secret@127.0.0.1:1/none")
    assert "secret" not in str(caught.value)  # the password is not repeated in the message


def test_ingest_twice_adds_nothing(db_target: str, seeds_dir: Path):
    with open_store(db_target) as store:
        first = ingest(store, read_paths([seeds_dir]))
        second = ingest(store, read_paths([seeds_dir]))
        assert len(first.added) == 2 and not first.duplicates
        assert not second.added and len(second.duplicates) == 2
        assert store.count_articles() == 2
        stories = list_stories(store)
    assert len(stories) == 1 and stories[0].size == 2


def test_story_ids_are_stable_across_runs(tmp_path: Path, seed_paths, db_target: str):
    ids = []
    for where in (str(tmp_path / "run0.db"), db_target):  # a SQLite run, then one on the test's backend
        with open_store(where) as store:
            ingest(store, read_paths(seed_paths))
            ids.append([s.id for s in list_stories(store)])
    assert ids[0] == ids[1]


def test_failing_batch_rolls_back_everything(db_target: str, seeds_dir: Path, monkeypatch):
    with open_store(db_target) as store:
        ingest(store, read_paths([seeds_dir / p for p in sorted(p.name for p in seeds_dir.iterdir())][:1]))
        before = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0], list_stories(store)
        state_before = store.load_state("story_engine")
        calls = {"n": 0}
        original = type(store).assign

        def flaky(self, assignment):
            calls["n"] += 1
            raise sqlite3.OperationalError("disk I/O error (injected)")

        monkeypatch.setattr(type(store), "assign", flaky)
        with pytest.raises(sqlite3.OperationalError, match="injected"):
            ingest(store, read_paths([seeds_dir]))
        assert calls["n"] == 1
        after = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0], list_stories(store)
        assert after == before
        assert store.load_state("story_engine") == state_before
        assert store.conn.execute("SELECT count(*) FROM analyses").fetchone()[0] == 1
        monkeypatch.setattr(type(store), "assign", original)
        report = ingest(store, read_paths([seeds_dir]))
        assert len(report.added) == 1 and len(list_stories(store)) == 1


def test_pg_writers_serialise_on_the_advisory_lock():
    import threading

    with pg_database() as url, open_store(url) as first, open_store(url) as second:
        order: list[str] = []

        def write_second() -> None:
            with second.transaction():
                order.append("second")

        with first.transaction():
            waiting = threading.Thread(target=write_second)
            waiting.start()
            waiting.join(0.5)
            assert waiting.is_alive(), "a second writer went on while the first held the lock"
            order.append("first")
        waiting.join(10)
        assert order == ["first", "second"]
        # readers do not wait: a read outside a transaction goes on while a writer holds the lock
        with first.transaction():
            assert second.count_articles() == 0


def test_a_second_article_with_one_id_raises_the_stores_integrity_error(db_target: str, seed_paths):
    from storyline.analyse.pipeline import analyse

    (article, *_) = [a for a in read_paths(seed_paths)]
    analysis = analyse(article)
    with open_store(db_target) as store:
        with store.transaction():
            store.insert_article(article, analysis)
        with pytest.raises(store.integrity_error):
            with store.transaction():
                store.insert_article(article, analysis)
        assert store.count_articles() == 1  # the failed transaction left nothing behind
        with store.transaction():  # and the connection is usable again
            store.conn.execute("UPDATE articles SET title = ? WHERE id = ?", ("neu", article.id))
        assert store.article(article.id).title == "neu"


def test_the_dialect_layer_translates_only_what_differs():
    from storyline.store.postgres import translate

    assert translate("SELECT x FROM t WHERE a = ? AND b LIKE '%?%'") == "SELECT x FROM t WHERE a = %s AND b LIKE '%%?%%'"
    assert translate("SELECT 'it''s ?', ?") == "SELECT 'it''s ?', %s"  # a doubled quote stays inside the literal
    assert translate("INSERT OR IGNORE INTO stories (id) VALUES (?)") == \
        "INSERT INTO stories (id) VALUES (%s) ON CONFLICT DO NOTHING"
    assert translate("INSERT INTO alerts (kind) VALUES (?)", returning_id=True).endswith("VALUES (%s) RETURNING id")
    assert not translate("INSERT INTO articles (id) VALUES (?)", returning_id=True).endswith("RETURNING id")
    assert translate("SELECT '%' FROM t", placeholders=False) == "SELECT '%' FROM t"  # no parameters: as written
