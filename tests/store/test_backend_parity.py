"""PostgreSQL gives what SQLite gives: the same story JSON from the seeds, the same search results.

* The seeds (``../shared/seeds``, else the bundled copy) ingested through ``storyline ingest --db``
  into a SQLite file and into a PostgreSQL database: ``stories --json``, ``show --json`` and
  ``export --format json`` print the same, ids and all.
* Search: German and English news (the synthesis test corpus, SmartData's German news and RSS,
  ECB+'s English articles) analysed once and stored in both backends; every query of a list of
  German, English and cross-language ones finds the same article ids on both (FTS5 against tsvector).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from _backends import pg_database
from _support import ROOT, SEEDS, shared_data
from storyline.analyse.pipeline import analyse
from storyline.cli import app
from storyline.ingest import read_paths
from storyline.store import open_store, search
from storyline.types import Article, PartialDate

runner = CliRunner()
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
CORPUS = ROOT / "tests" / "synthesise" / "corpus"


def _cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_seeds_give_the_same_story_json_on_both_backends(tmp_path: Path):
    seeds = SHARED_SEEDS if SHARED_SEEDS.is_dir() else SEEDS
    lite = str(tmp_path / "seeds.db")
    with pg_database() as url:
        out = {}
        for name, db in (("sqlite", lite), ("postgresql", url)):
            _cli("ingest", str(seeds), "--db", db)
            stories = json.loads(_cli("stories", "--json", "--db", db))
            assert stories, f"{name}: no story"
            shown = [json.loads(_cli("show", s["id"], "--json", "--db", db)) for s in stories]
            exported = [json.loads(_cli("export", s["id"], "--format", "json", "--db", db)) for s in stories]
            out[name] = (stories, shown, exported)
    assert out["postgresql"] == out["sqlite"]
    stories, shown, _ = out["postgresql"]
    assert len(stories) == 1 and len(shown[0]["articles"]) == len(list(seeds.glob("*.txt")))


# -- search parity -----------------------------------------------------------------------------------

GERMAN = ["ruckverlegung", "Rückverlegung", "rueckverlegung", "Soldat", "Soldaten Russland", "Kasachstan",
          "Erdbeben", "Erdbeben Türkei", "Strasse", "Straße", "Regierung", "Polizei", "Berlin", "Unfall",
          "Verkehr", "Stau", "Streik", "Lufthansa", "Gasversorgung", "Präsident", "Bundesregierung",
          "München", "muenchen", '"Deutsche Bahn"', '"in Berlin"', "Festnahmen", "festgenommen", "Tote",
          "Milliarden Euro", "Uniper", "Garmisch", "Köln", "Koeln", "Unternehmen", "Innenstadt", "Sperrung"]
ENGLISH = ["earthquake", "earthquakes", "police", "killed", "harbours", "shooting", '"New York"', "arrested",
           "Academy Awards", "Hugh Jackman", "fire", "court", "died", "company", "acquisition", "Apple",
           "hurricane", "election", "president", "rescue teams", "strike", '"was arrested"', "injured",
           "Turkey", "Kazakhstan", "Tokayev", "CSTO", "Lufthansa strike"]


def _smartdata(limit: int) -> list[Article]:
    raw = gzip.open(shared_data("smartdata", "v3_dev.json.gz"), "rt", encoding="utf-8").read()
    decoder, i, out = json.JSONDecoder(), 0, []
    while i < len(raw) and len(out) < limit:
        while i < len(raw) and raw[i].isspace():
            i += 1
        if i >= len(raw):
            break
        doc, i = decoder.raw_decode(raw, i)
        if doc.get("refids", {}).get("map", {}).get("source") in ("news", "rss") and doc["text"]["string"].strip():
            day = PartialDate.parse(doc["date"]["string"][:10]) if doc.get("date") else None
            out.append(Article(id=f"sd-{doc['id']}"[:60], text=doc["text"]["string"], date=day, source="smartdata",
                               lang="de"))
    return out


def _ecbplus(limit: int) -> list[Article]:
    out = []
    for line in shared_data("ecbplus", "ecbplus.dev.jsonl").read_text(encoding="utf-8").splitlines()[:limit]:
        r = json.loads(line)
        out.append(Article(id=f"ecb-{r['id']}", text=r["text"], date=None, title=r.get("title"), source="ecbplus",
                           lang="en"))
    return out


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory):
    """The corpus, analysed once, stored in a SQLite file and a PostgreSQL database."""
    articles = [a for a in read_paths([CORPUS, SEEDS]) if isinstance(a, Article)]
    articles += _smartdata(125) + _ecbplus(100)
    articles = list({a.id: a for a in articles}.values())
    analyses = [analyse(a) for a in articles]
    with pg_database() as url:
        stores = [open_store(tmp_path_factory.mktemp("parity") / "s.db"), open_store(url)]
        for store in stores:
            with store.transaction():
                for a, an in zip(articles, analyses):
                    store.insert_article(a, an)
        yield stores, articles
        for store in stores:
            store.close()


@pytest.mark.slow
def test_search_finds_the_same_articles_on_both_backends(both):
    (lite, pg), articles = both
    assert {a.lang for a in articles} >= {"de", "en"} and len(articles) > 200
    differ, found = [], 0
    for q in GERMAN + ENGLISH:
        a, b = (search.search_articles(s, q, limit=1000) for s in (lite, pg))
        ids_a, ids_b = sorted(h.id for h in a.items), sorted(h.id for h in b.items)
        found += bool(ids_a)
        if ids_a != ids_b or a.total != b.total:
            differ.append((q, sorted(set(ids_a) - set(ids_b)), sorted(set(ids_b) - set(ids_a))))
    assert differ == [], differ
    assert found >= 0.9 * len(GERMAN + ENGLISH)  # the queries do find something: parity is not of empty lists
