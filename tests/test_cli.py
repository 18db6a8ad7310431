"""The CLI contract: exit codes, summaries and the JSON other issues build on."""

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from _backends import pg_database
from storyline.cli import app
from storyline.store import open_store

runner = CliRunner()


def _run(*args: str, db: Path | str):
    return runner.invoke(app, [*args, "--db", str(db)])


def test_seeds_make_one_story_with_month_dates(db_target: str, seeds_dir: Path):
    db = db_target  # a SQLite path, then a postgresql:// URL
    result = _run("ingest", str(seeds_dir), db=db)
    assert result.exit_code == 0, result.output
    assert "2 added, 0 duplicate, 0 rejected" in result.output
    stories = json.loads(_run("stories", "--json", db=db).stdout)
    assert len(stories) == 1
    story = stories[0]
    assert {"id", "headline", "first_date", "last_date", "articles"} <= set(story)
    assert story["first_date"] == story["last_date"] == "2022-01"
    assert len(story["articles"]) == 2
    for a in story["articles"]:
        assert {"id", "source", "date", "date_precision", "lang", "title"} <= set(a)
        assert (a["lang"], a["date"], a["date_precision"]) == ("de", "2022-01", "month")
    again = _run("ingest", str(seeds_dir), db=db)
    assert again.exit_code == 0 and "0 added, 2 duplicate" in again.output
    shown = json.loads(_run("show", story["id"], "--json", db=db).stdout)
    assert shown["id"] == story["id"]
    texts = {a["id"]: a["text"] for a in shown["articles"]}
    assert all(t.strip() for t in texts.values())
    assert any("Uhrwerk" in t for t in texts.values())


def test_bad_files_are_named_and_earlier_stories_survive(tmp_path: Path, seeds_dir: Path, db_target: str):
    db = db_target
    assert _run("ingest", str(seeds_dir), db=db).exit_code == 0
    before = json.loads(_run("stories", "--json", db=db).stdout)
    mixed = tmp_path / "mixed"
    shutil.copytree(seeds_dir, mixed)
    (mixed / "empty.txt").write_bytes(b"")
    (mixed / "binary.dat").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (mixed / "month13.txt").write_text("date 2022-13\nUnruhen in Kasachstan.", encoding="utf-8")
    latin = ("Die Bundesregierung in Berlin begrüßt die Rückkehr der Soldaten. Über die Lage in Kasachstan "
             "äußerte sich der Außenminister zurückhaltend; größere Änderungen seien nicht geplant.")
    (mixed / "latin1.txt").write_bytes(f"date 2022-01-20\n{latin}".encode("latin-1"))
    result = _run("ingest", str(mixed), db=db)
    assert result.exit_code == 1
    out = result.output
    assert "1 added, 2 duplicate, 3 rejected" in out
    for name, reason in [("empty.txt", "empty"), ("binary.dat", "binary"), ("month13.txt", "month 13")]:
        assert name in out and reason in out
    after = json.loads(_run("stories", "--json", db=db).stdout)
    seeds_story = before[0]
    # the seeds' story survives with its articles (the latin-1 report of the troops' return may join it)
    seed_ids = {a["id"] for a in seeds_story["articles"]}
    assert any(s["id"] == seeds_story["id"] and seed_ids <= {a["id"] for a in s["articles"]} for s in after)
    stored = [a for s in after for a in s["articles"] if a["source"] == "latin1.txt"]
    assert len(stored) == 1
    detail = json.loads(_run("show", [s for s in after if any(a["source"] == "latin1.txt" for a in s["articles"])][0]["id"], "--json", db=db).stdout)
    assert latin in [a["text"] for a in detail["articles"]]


def test_env_var_selects_database(tmp_path: Path, seeds_dir: Path, monkeypatch):
    db = tmp_path / "env.db"
    monkeypatch.setenv("STORYLINE_DB", str(db))
    assert runner.invoke(app, ["ingest", str(seeds_dir)]).exit_code == 0
    assert db.exists()


def test_env_var_selects_a_postgresql_database(seeds_dir: Path, monkeypatch):
    with pg_database() as url:
        monkeypatch.setenv("STORYLINE_DB", url)
        assert runner.invoke(app, ["ingest", str(seeds_dir)]).exit_code == 0
        assert len(json.loads(runner.invoke(app, ["stories", "--json"]).stdout)) == 1
        with open_store(url) as store:
            assert store.count_articles() == 2


def test_a_store_that_cannot_be_opened_is_one_line_and_status_2():
    for args in (["stories", "--db", "postgresql://nobody:pw@127.0.0.1:1/none"], ["stories", "--db", "mysql://x/y"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "cannot open the PostgreSQL store" in result.output or "not a store" in result.output
        assert ":pw@" not in result.output and "Traceback" not in result.output


def test_unknown_story_exits_nonzero(tmp_path: Path):
    result = _run("show", "nope", db=tmp_path / "s.db")
    assert result.exit_code == 2


def test_eval_ner_scores_a_gold_file_and_refuses_other_languages(tmp_path: Path):
    gold = tmp_path / "gold.tsv"
    gold.write_text(
        "#\tsample\n1\tPresident\tO\tO\n2\tTokayev\tB-PER\tO\n3\tvisited\tO\tO\n4\tMoscow\tB-LOC\tO\n5\t.\tO\tO\n\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["eval", "ner", "--gold", str(gold), "--lang", "en", "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["overall"]["support"] == 2
    assert 0.0 <= scores["overall"]["f1"] <= 1.0
    refused = runner.invoke(app, ["eval", "ner", "--gold", str(gold), "--lang", "fr"])
    assert refused.exit_code == 2
    listed = runner.invoke(app, ["eval", "ner", "--gold", str(gold), "--lang", "en", "--errors", "--json"])
    assert listed.exit_code == 0, listed.output
    errors = json.loads(listed.stdout)["errors"]
    assert all(e["kind"] in ("missed", "spurious", "type", "span") for e in errors)
    tp = round(scores["overall"]["recall"] * 2)
    assert sum(e["kind"] != "spurious" for e in errors) == 2 - tp  # every gold span not found is listed
