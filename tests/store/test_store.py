import sqlite3
from pathlib import Path

import pytest

from storyline.ingest import read_paths
from storyline.jobs.ingest import ingest
from storyline.store import Store
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


def test_ingest_twice_adds_nothing(tmp_path: Path, seeds_dir: Path):
    with Store(tmp_path / "s.db") as store:
        first = ingest(store, read_paths([seeds_dir]))
        second = ingest(store, read_paths([seeds_dir]))
        assert len(first.added) == 2 and not first.duplicates
        assert not second.added and len(second.duplicates) == 2
        assert store.count_articles() == 2
        stories = list_stories(store)
    assert len(stories) == 1 and stories[0].size == 2


def test_story_ids_are_stable_across_runs(tmp_path: Path, seed_paths):
    ids = []
    for run in range(2):
        with Store(tmp_path / f"run{run}.db") as store:
            ingest(store, read_paths(seed_paths))
            ids.append([s.id for s in list_stories(store)])
    assert ids[0] == ids[1]


def test_failing_batch_rolls_back_everything(tmp_path: Path, seeds_dir: Path, monkeypatch):
    db = tmp_path / "s.db"
    with Store(db) as store:
        ingest(store, read_paths([seeds_dir / p for p in sorted(p.name for p in seeds_dir.iterdir())][:1]))
        before = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0], list_stories(store)
        state_before = store.load_state("story_engine")
        calls = {"n": 0}
        original = Store.assign

        def flaky(self, assignment):
            calls["n"] += 1
            raise sqlite3.OperationalError("disk I/O error (injected)")

        monkeypatch.setattr(Store, "assign", flaky)
        with pytest.raises(sqlite3.OperationalError, match="injected"):
            ingest(store, read_paths([seeds_dir]))
        assert calls["n"] == 1
        after = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0], list_stories(store)
        assert after == before
        assert store.load_state("story_engine") == state_before
        assert store.conn.execute("SELECT count(*) FROM analyses").fetchone()[0] == 1
        monkeypatch.setattr(Store, "assign", original)
        report = ingest(store, read_paths([seeds_dir]))
        assert len(report.added) == 1 and len(list_stories(store)) == 1
