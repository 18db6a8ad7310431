"""The first hour on the command line: the demo's ending, watchlists, --source, and watching a local feed."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from storyline.bench.ingest import news_page, synthetic_text
from storyline.cli import app

runner = CliRunner()


def _run(*args: str, db: Path):
    return runner.invoke(app, [*args, "--db", str(db)])


def test_the_demo_ends_with_the_disagreement_the_timeline_and_what_to_try(tmp_path: Path):
    result = _run("demo", db=tmp_path / "demo.db")
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())  # Rich wraps long lines
    assert "Where the sources disagree" in out and "arrested in Kasachstan: the sources differ" in out
    assert "“fast 10.000”" in out and "“mehr als 10.000 Festnahmen”" in out  # the two figures, as written
    assert "Dabei starben nach Angaben der Regierung 164 Menschen, fast 10.000 wurden festgenommen." in out
    assert "000_cd65132d2c2fba20.txt says" in out and "002_308e1ab380b049a5.txt says" in out
    assert "Timeline" in out and "(month only)" in out  # the seeds are dated to the month: no made-up days
    story = json.loads(_run("stories", "--json", db=tmp_path / "demo.db").stdout)[0]["id"]
    assert f"storyline show {story}" in out and "storyline serve" in out and "storyline watchlist add" in out


def test_watchlists_on_the_command_line(tmp_path: Path, seeds_dir: Path):
    db = tmp_path / "w.db"
    added = _run("watchlist", "add", "CSTO", "--entity", "CSTO", "--lang", "de", "--min-articles", "2", "--json",
                 db=db)
    assert added.exit_code == 0, added.output
    saved = json.loads(added.stdout)
    assert saved["watchlist"]["query"]["entities"] == ["org:csto"] and saved["secret"] is None
    bad = _run("watchlist", "add", "nothing", db=db)
    assert bad.exit_code == 2 and "at least one" in bad.output
    ingested = _run("ingest", str(seeds_dir), db=db)
    assert "watchlist alert" in ingested.output
    alerts = json.loads(_run("watchlist", "alerts", "--json", db=db).stdout)
    assert [a["kind"] for a in reversed(alerts["items"])][0] == "match"
    assert "OVKS" in alerts["items"][-1]["citation"]["quote"]  # the German name, watched by the English one
    listed = _run("watchlist", "list", db=db)
    assert "CSTO" in listed.output and "org:csto" in listed.output
    assert _run("watchlist", "rm", str(saved["watchlist"]["id"]), db=db).exit_code == 0
    assert _run("watchlist", "rm", "99", db=db).exit_code == 2
    assert json.loads(_run("watchlist", "list", "--json", db=db).stdout) == []


def test_source_names_the_outlet_of_text_files(tmp_path: Path, seeds_dir: Path):
    db = tmp_path / "s.db"
    assert _run("ingest", str(seeds_dir), "--source", "APA", db=db).exit_code == 0
    (story,) = json.loads(_run("stories", "--json", db=db).stdout)
    assert {a["source"] for a in story["articles"]} == {"APA"}


def test_watch_reads_a_local_feed_by_file_url_and_names_the_outlet(tmp_path: Path):
    feed = tmp_path / "feeds dir" / "feed.xml"
    feed.parent.mkdir()
    page = tmp_path / "meldung.html"
    page.write_text(news_page(7, title="Proteste in Almaty", text=synthetic_text(7, paragraphs=2, words=40)),
                    encoding="utf-8")
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Steppenbote</title>'
        "<language>de</language>"
        f"<item><title>Proteste in Almaty</title><link>{page.as_uri()}</link><guid>1</guid>"
        "<pubDate>Thu, 13 Jan 2022 08:00:00 +0100</pubDate><description>Kurz.</description></item>"
        "<item><title>Ruhe in Astana</title><guid>2</guid><pubDate>Fri, 14 Jan 2022 08:00:00 +0100</pubDate>"
        "<description>In Astana blieb es am Freitag ruhig, teilte die Polizei mit.</description></item>"
        "</channel></rss>", encoding="utf-8")
    db = tmp_path / "w.db"
    first = _run("watch", feed.as_uri(), "--once", db=db)
    assert first.exit_code == 0, first.output
    assert "2 added" in first.output
    assert "summary only" in first.output and "meldung.html" not in first.output.split("summary only")[1]
    stories = json.loads(_run("stories", "--json", db=db).stdout)
    assert {a["source"] for s in stories for a in s["articles"]} == {"Steppenbote"}  # the feed's title
    again = _run("watch", str(feed), "--once", db=db)  # a plain path is the same feed, unchanged since
    assert again.exit_code == 0 and "not modified" in again.output
    missing = _run("watch", (tmp_path / "nope.xml").as_uri(), "--once", db=db)
    assert missing.exit_code == 1 and "no such file" in missing.output.lower()
