"""HTML pages: main text, title, author, dates with their precision; pages without an article rejected."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.bench.ingest import cookie_wall, index_page, news_page
from storyline.cli import app
from storyline.ingest import read_paths
from storyline.ingest.dates_de import find_dates, parse_date
from storyline.ingest.errors import InputError, Rejection
from storyline.ingest.html import canonical_url, extract_article, host_of
from storyline.store import Store
from storyline.types import Article, PartialDate

# The structure of a German public-broadcaster article page, as saved from the browser:
# consent banner first, navigation, breadcrumb, byline with a German date, JSON-LD in a @graph.
GERMAN_PAGE = """<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>Kasachstan: Tokajew erklärt Einsatz für beendet | Tagesblick</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:type" content="article">
<meta property="og:title" content="Kasachstan: Tokajew erklärt Einsatz für beendet">
<meta property="og:site_name" content="Tagesblick">
<link rel="canonical" href="https://www.tagesblick.example/ausland/asien/kasachstan-tokajew-101.html?utm_source=rss&amp;utm_medium=feed#kommentare">
<script type="application/ld+json">
{"@context":"https://schema.org","@graph":[
 {"@type":"WebSite","name":"Tagesblick","url":"https://www.tagesblick.example/"},
 {"@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"name":"Ausland"}]},
 {"@type":"NewsArticle","headline":"Tokajew erklärt Einsatz der OVKS für beendet",
  "datePublished":"2022-01-11T14:03:00+01:00","dateModified":"2022-01-11T16:20:00+01:00",
  "author":[{"@type":"Person","name":"Anna Beispiel"},{"@type":"Person","name":"Jonas Muster"}],
  "publisher":{"@type":"Organization","name":"Tagesblick"}}]}
</script>
<style>.cmp-banner{position:fixed;bottom:0}</style>
<script>window.dataLayer=[];function track(e){dataLayer.push(e)}</script>
</head>
<body>
<div id="cmp-container" class="cmp-banner cookie-consent">
 <h2>Wir brauchen Ihre Zustimmung</h2>
 <p>Wir verwenden Cookies und ähnliche Technologien unserer Partner, um Inhalte zu personalisieren und Werbung
 auszuspielen. Mit „Akzeptieren“ stimmen Sie der Verarbeitung zu. Ihre Einwilligung können Sie jederzeit in den
 Datenschutz-Einstellungen widerrufen.</p>
 <button>Akzeptieren</button><button>Einstellungen</button>
</div>
<header class="site-header">
 <a href="/" class="logo">Tagesblick</a>
 <nav><ul>
  <li><a href="/inland/">Inland</a></li><li><a href="/ausland/">Ausland</a></li><li><a href="/wirtschaft/">Wirtschaft</a></li>
  <li><a href="/sport/">Sport</a></li><li><a href="/wetter/">Wetter</a></li><li><a href="/kultur/">Kultur</a></li>
 </ul></nav>
</header>
<main>
<article class="article">
 <div class="breadcrumb"><a href="/">Startseite</a> › <a href="/ausland/">Ausland</a> › Asien</div>
 <h1 class="article-title">Tokajew erklärt Einsatz der OVKS für beendet</h1>
 <div class="article-meta"><span class="author">Von Anna Beispiel und Jonas Muster</span>
  <span class="article-date">Stand: 11. Januar 2022, 14:03 Uhr</span></div>
 <p class="teaser"><strong>Nach den schweren Unruhen in Kasachstan hat Präsident Tokajew den Abzug der Truppen des
 Militärbündnisses OVKS angekündigt. Die Lage im Land sei unter Kontrolle, sagte er im Parlament.</strong></p>
 <p>Der kasachische Präsident Kassym-Schomart Tokajew hat den Einsatz der von Russland geführten Truppen in seinem
 Land für beendet erklärt. Der Abzug der rund 2000 Soldaten werde in zwei Tagen beginnen und höchstens zehn Tage
 dauern, sagte Tokajew am Dienstag vor dem Parlament in Nur-Sultan.</p>
 <p>Bei den Unruhen waren nach offiziellen Angaben 164 Menschen ums Leben gekommen, darunter auch Sicherheitskräfte.
 Fast 10.000 Menschen wurden festgenommen. Menschenrechtler bezweifeln die offiziellen Zahlen.</p>
 <h2>Neuer Regierungschef ernannt</h2>
 <p>Das Parlament bestätigte zugleich Alichan Smailow als neuen Ministerpräsidenten. Er war zuvor Vizeregierungschef.
 Tokajew hatte die Regierung in der vergangenen Woche entlassen, nachdem die Proteste gegen gestiegene Gaspreise
 eskaliert waren.</p>
 <div class="related"><h3>Mehr zum Thema</h3><ul>
  <li><a href="/ausland/kasachstan-100.html">Was in Kasachstan passiert ist</a></li>
  <li><a href="/ausland/ovks-102.html">Was ist die OVKS?</a></li></ul></div>
</article>
</main>
<aside class="sidebar"><h3>Meistgelesen</h3><ol><li><a href="/a">Bundestag debattiert Impfpflicht</a></li>
<li><a href="/b">Sturmtief zieht über Norddeutschland</a></li></ol></aside>
<footer><p>© Tagesblick 2022</p><a href="/impressum">Impressum</a> <a href="/datenschutz">Datenschutz</a></footer>
</body></html>"""


def _strip_json_ld(page: str) -> str:
    start = page.index('<script type="application/ld+json">')
    end = page.index("</script>", start) + len("</script>")
    return page[:start] + page[end:]


def test_german_page_text_title_author_date():
    a = extract_article(GERMAN_PAGE.encode("utf-8"), origin="page.html")
    assert a.title == "Tokajew erklärt Einsatz der OVKS für beendet"
    assert a.author == "Anna Beispiel; Jonas Muster"
    assert (a.date.iso()[:16], a.date.precision) == ("2022-01-11T14:03", "time")  # the page's wall-clock time
    assert a.text.startswith("Nach den schweren Unruhen in Kasachstan")  # the lead paragraph is kept
    assert "Alichan Smailow" in a.text and "Fast 10.000 Menschen" in a.text
    for junk in ("Cookies", "Akzeptieren", "Meistgelesen", "Impressum", "Wirtschaft", "Mehr zum Thema", "Startseite"):
        assert junk not in a.text
    assert "\n\n" in a.text  # paragraphs as in the text format
    assert a.url == "https://www.tagesblick.example/ausland/asien/kasachstan-tokajew-101.html"
    assert a.source == "tagesblick.example" and a.lang == "de" and a.origin == "page.html"


def test_german_byline_date_without_structured_data():
    page = _strip_json_ld(GERMAN_PAGE).replace('<meta property="og:type" content="article">', "")
    a = extract_article(page, origin="p")
    assert (a.date.iso(), a.date.precision) == ("2022-01-11T14:03", "time")
    assert a.title == "Kasachstan: Tokajew erklärt Einsatz für beendet" and "Alichan Smailow" in a.text


def test_month_only_page_keeps_month_precision():
    page = news_page(1, date=None, byline="Januar 2022")
    a = extract_article(page, origin="p")
    assert (a.date.iso(), a.date.precision) == ("2022-01", "month")
    a = extract_article(news_page(2, date="2022-01", byline=None), origin="p")  # JSON-LD month
    assert (a.date.iso(), a.date.precision) == ("2022-01", "month")


def test_json_ld_date_beats_byline_and_copyright_year_is_no_date():
    a = extract_article(news_page(3, date="2021-12-24", byline="11. Januar 2022, 14:03 Uhr"), origin="p")
    assert (a.date.iso(), a.date.precision) == ("2021-12-24", "day")
    undated = news_page(4, date=None, byline=None, json_ld=False)  # only "© Tagesblick 2022" on the page
    assert extract_article(undated, origin="p").date is None
    fallback = extract_article(undated, origin="p", fallback_date=PartialDate(2022, 1, 12))  # e.g. the WARC-Date
    assert (fallback.date.iso(), fallback.date.precision) == ("2022-01-12", "day")


@pytest.mark.parametrize("page, reason", [
    (index_page(7), "index page"),
    (cookie_wall(), "cookie wall"),
    (news_page(8, text="Kurz gemeldet: Der Bahnverkehr zwischen Köln und Bonn ist wieder frei."), "too little text"),
    ("", "empty page"),
])
def test_pages_without_an_article_are_rejected_with_a_reason(page: str, reason: str):
    with pytest.raises(InputError, match=reason):
        extract_article(page, origin="p")


def test_reader_names_the_rejected_file(tmp_path: Path):
    (tmp_path / "article.html").write_text(GERMAN_PAGE, encoding="utf-8")
    (tmp_path / "front.html").write_text(index_page(1), encoding="utf-8")
    (tmp_path / "consent.htm").write_text(cookie_wall(), encoding="utf-8")
    items = list(read_paths([tmp_path]))
    articles = [i for i in items if isinstance(i, Article)]
    rejected = {Path(r.origin).name: r.reason for r in items if isinstance(r, Rejection)}
    assert [a.title for a in articles] == ["Tokajew erklärt Einsatz der OVKS für beendet"]
    assert set(rejected) == {"front.html", "consent.htm"}
    assert "index page" in rejected["front.html"] and "cookie wall" in rejected["consent.htm"]


def test_latin1_page_with_meta_charset():
    page = GERMAN_PAGE.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')
    a = extract_article(page.encode("latin-1", errors="replace"), origin="p")
    assert "Sicherheitskräfte" in a.text and "bestätigte" in a.text


@pytest.mark.parametrize("text, iso, precision", [
    ("11. Januar 2022, 14:03 Uhr", "2022-01-11T14:03", "time"),
    ("Stand: 11.01.2022 14:03 Uhr", "2022-01-11T14:03", "time"),
    ("veröffentlicht am 3. Mär. 2021", "2021-03-03", "day"),
    ("Aktualisiert am 05.02.2022, 07.15 Uhr", "2022-02-05T07:15", "time"),
    ("Wien, 4. Jänner 2022", "2022-01-04", "day"),
    ("Januar 2022", "2022-01", "month"),
    ("January 11, 2022, 2:03 PM", "2022-01-11T14:03", "time"),
    ("11. Januar 2022 12.500 Menschen", "2022-01-11", "day"),  # a number, not a time
])
def test_german_date_formats(text: str, iso: str, precision: str):
    d = parse_date(text)
    assert d is not None and (d.iso(), d.precision) == (iso, precision)


def test_impossible_dates_are_skipped():
    assert parse_date("31. Februar 2022") is None
    assert [d.iso() for d, _, _ in find_dates("vom 30.02.2022 bis März 2022")] == ["2022-03"]


def test_url_helpers():
    assert canonical_url("HTTPS://WWW.Example.de/a?utm_source=x&id=3#top") == "https://www.example.de/a?id=3"
    assert host_of("https://www.tagesschau.de/inland/x.html") == "tagesschau.de"
    assert host_of("https://m.spiegel.de/x") == "spiegel.de"
    assert host_of(None) is None


def test_cli_ingests_a_page_and_a_changed_page_becomes_a_revision(tmp_path: Path):
    db = tmp_path / "s.db"
    page = tmp_path / "kasachstan.html"
    page.write_text(GERMAN_PAGE, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(page), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output
    changed = tmp_path / "kasachstan-update.html"  # the same canonical URL, one sentence added later
    changed.write_text(GERMAN_PAGE.replace("Menschenrechtler bezweifeln die offiziellen Zahlen.",
                                           "Menschenrechtler bezweifeln die offiziellen Zahlen. Die Regierung "
                                           "kündigte eine Untersuchung an."), encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(changed), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "0 added" in result.output
    from storyline.store.revisions import diff, revisions_of

    with Store(db) as store:
        assert store.count_articles() == 1
        (aid,) = [r[0] for r in store.conn.execute("SELECT id FROM articles")]
        stored = store.article(aid)
        assert stored.date.iso().startswith("2022-01-11T14:03") and stored.author == "Anna Beispiel; Jonas Muster"
        revs = revisions_of(store, aid)
        assert [(r.n, r.reason) for r in revs] == [(1, "same URL")]
        assert "+" in diff(store, aid) and "Untersuchung an" in diff(store, aid)
