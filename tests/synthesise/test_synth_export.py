"""The JSON contract of ``show --json`` and the exports (json, md, html, csv), through a real store."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from storyline.bench.synthesis import seed_analysis, seed_articles
from storyline.cli import export as commands
from storyline.store import Store, read
from storyline.synthesise.export import CSV_COLUMNS, export, flat_ledger
from storyline.types import Article, Assignment, to_plain
from storyline.types.views import StoryDetail

STORY = "s-seeds"


def _fill(db: Path, articles: list[Article], story: str = STORY) -> None:
    with Store(db) as store, store.transaction():
        for n, a in enumerate(articles):
            store.insert_article(a, seed_analysis(a))
            store.assign(Assignment(a.id, story, 1.0, n == 0))


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("synth") / "s.db"
    _fill(path, seed_articles())
    return path


@pytest.fixture(scope="module")
def detail(db) -> StoryDetail:
    with Store(db) as store:
        return read.story_detail(store, STORY)


def test_show_json_keeps_the_old_keys_and_adds_the_synthesis(detail, db):
    typed = detail
    detail = to_plain(typed)
    for key in ("id", "headline", "first_date", "last_date", "size", "sources", "articles", "events"):
        assert key in detail
    for key in ("timeline", "ledger", "summary", "entities"):
        assert detail[key]
    for a in detail["articles"]:
        assert {"entities", "facts", "times", "text", "copy_of"} <= set(a)
        assert all("span" in f for f in a["facts"])
    t = detail["timeline"][0]
    assert {"value", "precision", "text", "citations"} <= set(t)
    assert {"article", "span"} <= set(t["citations"][0])
    row = detail["ledger"][0]
    assert {"category", "subject", "verdict", "why", "entries", "vague"} <= set(row)
    assert {"article", "source", "date", "low", "high", "hedge", "attribution", "span"} <= set(row["entries"][0])
    assert {"text", "citations"} <= set(detail["summary"]["sentences"][0])
    assert {"key", "name", "type", "sources", "mentions"} <= set(detail["entities"][0])
    json.dumps(detail)  # plain data
    with Store(db) as store:
        (listed,) = read.list_stories(store)
    assert listed.headline == typed.headline


def test_csv_has_one_row_per_ledger_entry(detail):
    rows = list(csv.DictReader(io.StringIO(export(detail, "csv"))))
    assert list(rows[0])[:11] == ["story", "date", "date_precision", "category", "subject", "low", "high", "hedge",
                                  "attribution", "source", "sentence"]
    assert list(rows[0]) == CSV_COLUMNS
    assert len(rows) == sum(len(r.entries) for r, _, _ in flat_ledger(detail.ledger))
    arrested = [r for r in rows if r["category"] == "arrested"]
    assert {r["source"] for r in arrested} == {"000_cd65132d2c2fba20.txt", "002_308e1ab380b049a5.txt"}
    assert all(r["story"] == STORY and r["subject"] == "loc:iso:KZ" and r["date"] == "2022-01" for r in arrested)
    fast = next(r for r in arrested if r["hedge"] == "fast")
    assert fast["high"] == "10000" and fast["low"] == "" and "festgenommen" in fast["sentence"]


def test_markdown_and_json(detail):
    md = export(detail, "md")
    assert md.startswith(f"# {detail.headline}")
    assert "## Faktenbuch" in md and "Festnahmen" in md and "Quellen widersprechen sich" in md  # a German story
    assert "\\< 10.000" in md and "\\> 10.000" in md  # strict bounds, German numbers; Markdown escapes "<"
    assert json.loads(export(detail, "json"))["ledger"] == to_plain(detail.ledger)


def test_html_is_standalone_and_escapes_untrusted_text(detail):
    evil = copy.deepcopy(detail)
    evil.headline = "<script>alert(1)</script>"
    evil.articles[0].title = "<img src=x onerror=alert(1)>"
    evil.articles[0].url = "javascript:alert(1)"
    evil.summary.sentences[0].text = "Tom & Jerry <b>"
    page = export(evil, "html")
    assert page.startswith("<!doctype html>") and "</html>" in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "javascript:" not in page
    assert "Tom &amp; Jerry &lt;b&gt;" in page
    assert "<link" not in page and ' src="' not in page  # nothing is loaded from elsewhere


def test_csv_cells_cannot_be_formulas(detail):
    evil = copy.deepcopy(detail)
    evil.ledger[0].entries[0].sentence = "=HYPERLINK(\"http://x\")"
    rows = list(csv.DictReader(io.StringIO(export(evil, "csv"))))
    assert rows[0]["sentence"].startswith("'=")


def test_unknown_format_is_refused(detail):
    with pytest.raises(ValueError, match="unknown format"):
        export(detail, "pdf")


def _cli() -> typer.Typer:
    app, eval_app = typer.Typer(), typer.Typer()
    app.command("noop")(lambda: None)  # a second command keeps typer in multi-command mode
    commands.register(app, eval_app)
    return app


@pytest.mark.parametrize("fmt", ["json", "md", "html", "csv"])
def test_export_command(db, tmp_path, fmt):
    runner = CliRunner()
    result = runner.invoke(_cli(), ["export", STORY, "--format", fmt, "--db", str(db)])
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        expected = export(read.story_detail(store, STORY), fmt)
    assert result.stdout == expected
    out = tmp_path / f"story.{fmt}"
    result = runner.invoke(_cli(), ["export", STORY, "-f", fmt, "--db", str(db), "--output", str(out)])
    assert result.exit_code == 0 and out.read_text(encoding="utf-8") == expected


def test_export_unknown_story_or_db(db, tmp_path):
    runner = CliRunner()
    assert runner.invoke(_cli(), ["export", "nope", "--db", str(db)]).exit_code == 2
    assert runner.invoke(_cli(), ["export", STORY, "--db", str(tmp_path / "missing.db")]).exit_code == 2
    assert runner.invoke(_cli(), ["export", STORY, "--format", "pdf", "--db", str(db)]).exit_code != 0


def test_stored_copy_marks_are_used(tmp_path):
    revisions = pytest.importorskip("storyline.store.revisions")
    a, b = seed_articles()
    dup = Article("copy0000000000ab", a.text.replace("Uhrwerk", "Schweizer Uhrwerk"), a.date, "portal.txt")
    db = tmp_path / "c.db"
    _fill(db, [a, b, dup])
    with Store(db) as store:
        if not hasattr(revisions, "insert_copy"):
            pytest.skip("no copies table")
        with store.transaction():
            revisions.insert_copy(store, dup.id, a.id, 0.9)
        detail = read.story_detail(store, STORY)
    assert {x.id: x.copy_of for x in detail.articles}[dup.id] == a.id
    assert detail.independent_sources == 2
    (arrested,) = [r for r in detail.ledger if r.category == "arrested"]
    assert arrested.sources == 2 and arrested.verdict == "differ"
