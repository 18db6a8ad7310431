"""Saved RSS/Atom feeds: one article per item from its title, date, link and summary; OPML lists."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from storyline.cli import app
from storyline.ingest import read_paths
from storyline.ingest.errors import Rejection
from storyline.ingest.feed import html_to_text, parse_feed, parse_opml, sniff
from storyline.types import Article

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<!-- saved from the outlet's RSS page -->
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
 <title>Tagesblick - Ausland</title><link>https://www.tagesblick.example/ausland/</link><language>de-DE</language>
 <item>
  <title>Tokajew erklärt Einsatz der OVKS für beendet</title>
  <link>https://www.tagesblick.example/ausland/kasachstan-101.html?utm_source=rss</link>
  <guid isPermaLink="false">tb-101</guid>
  <pubDate>Tue, 11 Jan 2022 14:03:00 +0100</pubDate>
  <description><![CDATA[<p>Der kasachische Präsident Tokajew hat den Einsatz der OVKS-Truppen für beendet erklärt.</p>
  <p>Der Abzug beginnt in zwei Tagen.</p>]]></description>
 </item>
 <item>
  <title>Smailow neuer Ministerpräsident</title>
  <link>https://www.tagesblick.example/ausland/kasachstan-102.html</link>
  <pubDate>Tue, 11 Jan 2022 16:20:00 GMT</pubDate>
  <description>Das Parlament in Nur-Sultan bestätigte Alichan Smailow als Regierungschef.</description>
  <content:encoded><![CDATA[<p>Das Parlament in Nur-Sultan bestätigte Alichan Smailow als Regierungschef.</p>
  <p>Er war zuvor Vizeregierungschef und gilt als Vertrauter Tokajews.</p>]]></content:encoded>
 </item>
 <item><link>https://www.tagesblick.example/leer.html</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
 <title>Wire Desk</title><id>urn:wire</id><updated>2022-01-12T08:00:00Z</updated>
 <entry><title>Kazakhstan says troops will leave</title><id>urn:wire:1</id>
  <link href="https://wire.example/en/kazakhstan-1"/><published>2022-01-11</published><updated>2022-01-11</updated>
  <summary type="html">&lt;p&gt;President Tokayev said the CSTO mission was over.&lt;/p&gt;</summary></entry>
</feed>"""

OPML = """<?xml version="1.0"?><opml version="2.0"><head><title>Abos</title></head><body>
<outline text="Nachrichten"><outline text="Tagesblick" type="rss" xmlUrl="https://www.tagesblick.example/rss.xml"/>
<outline text="Wire" type="rss" xmlUrl="https://wire.example/atom.xml"/></outline>
<outline text="Tagesblick again" xmlUrl="https://www.tagesblick.example/rss.xml"/></body></opml>"""


def test_rss_items_become_articles_from_their_summaries(tmp_path: Path):
    path = tmp_path / "ausland.rss"
    path.write_text(RSS, encoding="utf-8")
    items = list(read_paths([path]))
    articles = [i for i in items if isinstance(i, Article)]
    rejected = [i for i in items if isinstance(i, Rejection)]
    assert [a.title for a in articles] == ["Tokajew erklärt Einsatz der OVKS für beendet",
                                           "Smailow neuer Ministerpräsident"]
    first, second = articles
    assert first.text == ("Der kasachische Präsident Tokajew hat den Einsatz der OVKS-Truppen für beendet erklärt."
                          "\n\nDer Abzug beginnt in zwei Tagen.")
    assert (first.date.iso(), first.date.precision) == ("2022-01-11T14:03:00", "time")  # as the feed writes it
    assert first.url == "https://www.tagesblick.example/ausland/kasachstan-101.html"
    assert first.source == "tagesblick.example" and first.lang == "de"
    assert first.origin == f"{path}#item-1 {first.url}"
    assert "Vertrauter Tokajews" in second.text  # content:encoded is longer than the description: it wins
    assert len(rejected) == 1 and rejected[0].origin.startswith(f"{path}#item-3")
    assert "neither title nor summary" in rejected[0].reason


def test_atom_day_precision_and_sniffed_xml(tmp_path: Path):
    path = tmp_path / "wire.xml"
    path.write_text(ATOM, encoding="utf-8")
    (a,) = list(read_paths([path]))
    assert (a.title, a.date.iso(), a.date.precision) == ("Kazakhstan says troops will leave", "2022-01-11", "day")
    assert a.text == "President Tokayev said the CSTO mission was over." and a.source == "wire.example"


def test_xml_that_is_not_a_feed_and_malformed_feeds_are_rejected(tmp_path: Path):
    (tmp_path / "sitemap.xml").write_text('<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url>'
                                          "</urlset>", encoding="utf-8")
    (tmp_path / "broken.rss").write_text("<rss><channel><title>kaputt", encoding="utf-8")
    (tmp_path / "abos.xml").write_text(OPML, encoding="utf-8")
    rejected = {Path(r.origin).name: r.reason for r in read_paths([tmp_path])}
    assert "not an RSS/Atom feed" in rejected["sitemap.xml"]
    assert "feed" in rejected["broken.rss"]
    assert "OPML" in rejected["abos.xml"]


def test_sniff_opml_and_html_to_text():
    assert sniff(RSS.encode()) == "feed" and sniff(ATOM.encode()) == "feed" and sniff(OPML.encode()) == "opml"
    assert sniff(b"\xef\xbb\xbf<?xml version='1.0'?>\n<rdf:RDF xmlns:rdf='x'>") == "feed"
    assert sniff(b"<html><body>no</body></html>") is None
    assert parse_opml(OPML.encode()) == ["https://www.tagesblick.example/rss.xml", "https://wire.example/atom.xml"]
    assert html_to_text("<p>Eins &amp; zwei</p><p>drei<br>vier</p>") == "Eins & zwei\n\ndrei\n\nvier"


def test_item_keys_and_fingerprints_follow_changes():
    before = parse_feed(RSS.encode())
    after = parse_feed(RSS.replace("Der Abzug beginnt in zwei Tagen.", "Der Abzug hat begonnen.").encode())
    assert before.title == "Tagesblick - Ausland"
    assert [i.key for i in before.items][:2] == ["tb-101", "https://www.tagesblick.example/ausland/kasachstan-102.html"]
    changed = [b.key for b, a in zip(before.items, after.items) if b.fingerprint != a.fingerprint]
    assert changed == ["tb-101"]


def test_cli_ingests_a_saved_feed(tmp_path: Path):
    path = tmp_path / "ausland.rss"
    path.write_text(RSS, encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(path), "--db", str(tmp_path / "s.db")])
    assert "2 added" in result.output and "1 rejected" in result.output
    assert result.exit_code == 1  # a rejected item is reported like a rejected file
