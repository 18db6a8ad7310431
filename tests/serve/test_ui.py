"""The HTML pages without a browser: status, content, language, escaping, security headers."""

from __future__ import annotations

import re

PAYLOAD_TITLE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'


def _story_id(client) -> str:
    return client.get("/api/stories").json()["items"][0]["id"]


def test_every_page_renders(client):
    sid = _story_id(client)
    story = client.get(f"/api/stories/{sid}").json()
    aid = story["articles"][0]["id"]
    pages = {"/": "Stories", f"/stories/{sid}": "Timeline", f"/articles/{aid}": "Highlights",
             "/entities": "Entities", "/search": "Search", "/search?q=Soldat": "Soldaten"}
    entities = client.get("/api/entities").json()["items"]
    if entities:
        pages[f"/entities/{entities[0]['key']}"] = entities[0]["name"]
    for url, text in pages.items():
        r = client.get(url, headers={"Accept": "text/html", "Accept-Language": "en"})
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith("text/html")
        assert text in r.text, (url, text)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"


def test_story_list_shows_size_sources_and_a_sparkline(client):
    html = client.get("/", headers={"Accept-Language": "en"}).text
    assert "2 articles" in html and "2 sources" in html
    assert "000_cd65132d2c2fba20.txt" in html
    spark = re.search(r'<svg class="spark".*?</svg>', html, re.S)
    assert spark and "<rect" in spark.group(0) and "January 2022: 2" in spark.group(0)
    assert "articles per month" in html  # the seeds carry months only: counted per month


def test_story_page_sections(client):
    sid = _story_id(client)
    story = client.get(f"/api/stories/{sid}").json()
    html = client.get(f"/stories/{sid}", headers={"Accept-Language": "en"}).text
    assert '<svg class="timeline-chart"' in html
    for a in story["articles"]:
        assert f'href="/articles/{a["id"]}"' in html
    flagged = [row for row in story.get("ledger") or [] if row.get("verdict") in ("differ", "revised")]
    if flagged:
        assert 'class="flagged' in html and "Fact ledger" in html
    if story.get("summary"):
        assert 'class="card summary"' in html


def test_german_and_english(client):
    sid = _story_id(client)
    de = client.get("/?lang=de")
    assert "Geschichten" in de.text and '<html lang="de">' in de.text
    assert "storyline_lang=de" in de.headers["set-cookie"]
    client.cookies.clear()
    assert "Zeitverlauf" in client.get(f"/stories/{sid}", headers={"Accept-Language": "de-AT,de;q=0.9"}).text
    assert "Timeline" in client.get(f"/stories/{sid}", headers={"Accept-Language": "fr, en;q=0.5"}).text
    client.cookies.set("storyline_lang", "de")
    assert "Geschichten" in client.get("/").text
    assert "Stories" in client.get("/?lang=en").text  # the query wins over the cookie


def test_list_filters_and_bad_dates_in_the_ui(client):
    assert "1 story" in client.get("/?language=de", headers={"Accept-Language": "en"}).text
    assert "0 stories" in client.get("/?from=2023-01", headers={"Accept-Language": "en"}).text
    bad = client.get("/?from=2022-13", headers={"Accept-Language": "en"})
    assert bad.status_code == 200 and "month 13" in bad.text


def test_missing_pages_are_404_html(client):
    for url in ("/stories/nope", "/articles/nope", "/entities/per:nobody", "/no/such/page"):
        r = client.get(url, headers={"Accept": "text/html"})
        assert r.status_code == 404 and "<!doctype html>" in r.text, url


def test_untrusted_text_is_escaped_in_html(client, auth):
    r = client.post("/api/articles", headers=auth, json={
        "date": "2022-03-01", "title": PAYLOAD_TITLE, "source": '<b onmouseover="x()">evil</b>',
        "url": "https://example.org/?q=<script>",
        "text": "Kasachstan. " + PAYLOAD_TITLE + " Tokajew <i>sprach</i> & handelte.",
    })
    assert r.status_code == 201, r.text
    aid, sid = r.json()["id"], r.json()["story_id"]
    for url in ("/", f"/stories/{sid}", f"/articles/{aid}", "/search?q=window", "/search?q=evil"):
        html = client.get(url).text
        assert "<script>window" not in html and "<img src=x" not in html and "<b onmouseover" not in html, url
        assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html or url.startswith("/search?q=evil"), url
    html = client.get(f"/articles/{aid}").text
    assert "&lt;i&gt;sprach&lt;/i&gt; &amp; handelte" in html


def test_javascript_urls_are_not_links(db, auth):
    """A url that is not http(s) is refused on input; one already stored is never made a link."""
    from fastapi.testclient import TestClient

    from storyline.serve import create_app
    from storyline.store import open_store

    with open_store(db) as store:
        aid = store.conn.execute("SELECT id FROM articles LIMIT 1").fetchone()[0]
        store.conn.execute("UPDATE articles SET url = 'javascript:window.__xss=1' WHERE id = ?", (aid,))
    with TestClient(create_app(db)) as c:
        html = c.get(f"/articles/{aid}").text
    assert "javascript:" not in html
