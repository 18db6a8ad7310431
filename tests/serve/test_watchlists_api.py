"""/api/watchlists, /api/alerts, the Atom feed, /api/search across languages and /api/trends."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from pydantic import TypeAdapter

from storyline.types.trends import Trends
from storyline.types.views import SearchResult
from storyline.types.watch import AlertPage, Watchlist, WatchlistSaved

ATOM = "{http://www.w3.org/2005/Atom}"
BODY = {"name": "Tokayev", "query": {"entities": ["Tokayev"], "languages": ["de"]}, "min_articles": 3}


def test_writes_need_the_token(client, auth):
    assert client.post("/api/watchlists", json=BODY).status_code == 401
    assert client.post("/api/watchlists", json=BODY, headers={"Authorization": "Bearer nope"}).status_code == 401
    created = client.post("/api/watchlists", json=BODY, headers=auth)
    assert created.status_code == 201, created.text
    wid = created.json()["watchlist"]["id"]
    assert client.delete(f"/api/watchlists/{wid}").status_code == 401
    assert client.put(f"/api/watchlists/{wid}", json=BODY).status_code == 401


def test_a_server_without_a_token_refuses_watchlist_writes(db):
    from fastapi.testclient import TestClient

    from storyline.serve import create_app

    with TestClient(create_app(db, token=None)) as c:
        assert c.post("/api/watchlists", json=BODY, headers={"Authorization": "Bearer x"}).status_code == 403
        r = c.post("/watchlists", data={"name": "x", "places": "Kasachstan", "token": "x"})
        assert r.status_code == 403 and "STORYLINE_TOKEN" in r.text


def test_create_read_edit_delete(client, auth):
    created = client.post("/api/watchlists", json={**BODY, "webhook": "https://hooks.example/x"}, headers=auth)
    saved = TypeAdapter(WatchlistSaved).validate_python(created.json())
    assert saved.watchlist.query.entities == ["per:kasym-tokaev"]  # the key the store knows; every spelling of the surname matches it
    assert saved.secret and len(saved.secret) == 64
    wid = saved.watchlist.id
    listed = TypeAdapter(list[Watchlist]).validate_python(client.get("/api/watchlists").json())
    assert [w.id for w in listed] == [wid]
    assert "secret" not in client.get(f"/api/watchlists/{wid}").text  # shown once, at creation
    changed = client.put(f"/api/watchlists/{wid}", headers=auth, json={
        "name": "CSTO", "query": {"entities": ["OVKS"], "places": ["Almaty"]}, "webhook": "https://hooks.example/x"})
    assert changed.status_code == 200
    assert changed.json()["secret"] == saved.secret  # kept when not replaced
    w = client.get(f"/api/watchlists/{wid}").json()
    assert w["query"]["entities"] == ["org:csto"] and w["query"]["places"] == ["loc:geonames:1526384"]
    assert client.delete(f"/api/watchlists/{wid}", headers=auth).status_code == 204
    assert client.get(f"/api/watchlists/{wid}").status_code == 404
    assert client.delete(f"/api/watchlists/{wid}", headers=auth).status_code == 404


@pytest.mark.parametrize("body, says", [
    ({"name": "x", "query": {}}, "at least one"),
    ({"name": "x", "query": {"categories": ["weather"]}}, "categories"),
    ({"name": "x", "query": {"places": ["Atlantis-upon-Nowhere"]}}, "place"),
    ({"name": "x", "query": {"languages": ["de"]}, "webhook": "javascript:alert(1)"}, "webhook"),
    ({"name": "x", "query": {"languages": ["de"]}, "min_sources": 0}, "min_sources"),
    ({"name": "x", "query": {"languages": ["de"]}, "colour": "red"}, "colour"),
])
def test_bad_watchlists_are_422_saying_why(client, auth, body, says):
    r = client.post("/api/watchlists", json=body, headers=auth)
    assert r.status_code == 422 and says in r.text


def test_an_article_posted_raises_an_alert_in_json_and_atom(client, auth):
    wid = client.post("/api/watchlists", headers=auth, json={
        "name": "Proteste <in> Almaty", "query": {"places": ["Kazakhstan"]}}).json()["watchlist"]["id"]
    title = "Proteste in Almaty <script>alert(1)</script>"
    posted = client.post("/api/articles", headers=auth, json={
        "date": "2022-01-20", "title": title, "source": "ticker",
        "text": "In Almaty demonstrierten am Donnerstag erneut Hunderte Menschen gegen die Regierung."})
    assert posted.status_code == 201, posted.text
    page = TypeAdapter(AlertPage).validate_python(client.get(f"/api/watchlists/{wid}/alerts").json())
    (alert,) = page.items
    assert alert.story_id == posted.json()["story_id"] and alert.citation.article == posted.json()["id"]
    assert page.newest == alert.id
    assert client.get("/api/alerts", params={"after": alert.id}).json()["items"] == []
    feed = client.get(f"/watchlists/{wid}/feed.atom")
    root = ET.fromstring(feed.content)  # well-formed: the markup in the title is text
    assert root.find(f"{ATOM}title").text == "storyline: Proteste <in> Almaty"
    (entry,) = root.findall(f"{ATOM}entry")
    assert title in entry.find(f"{ATOM}title").text
    assert entry.find(f"{ATOM}id").text == f"urn:storyline:alert:{alert.id}"
    assert client.get("/watchlists/999/feed.atom").status_code == 404


def test_search_names_entities_across_languages_and_filters(client):
    r = client.get("/api/search", params={"q": "CSTO"}).json()
    result = TypeAdapter(SearchResult).validate_python(r)
    assert result.total == 2 and [e.key for e in result.entities] == ["org:csto"]
    assert all("OVKS" in h.snippet for h in result.items)  # German articles, found by the English acronym
    assert {f.value: f.count for f in result.facets.languages} == {"de": 2}
    assert any(f.value == "org:csto" for f in result.facets.entities)
    assert client.get("/api/search", params={"q": "CSTO", "from": "2022-02"}).json()["total"] == 0  # from is applied
    assert client.get("/api/search", params={"q": "CSTO", "to": "2021-12"}).json()["total"] == 0
    assert client.get("/api/search", params={"q": "CSTO", "from": "2022-01-15"}).json()["total"] == 2  # months overlap
    assert client.get("/api/search", params={"q": "Tokayev", "entity": "loc:geonames:1526384"}).json()["total"] == 1
    assert client.get("/api/search", params={"q": "CSTO", "from": "2022-13"}).status_code == 422


def test_trends_answer_their_schema(client):
    data = TypeAdapter(Trends).validate_python(client.get("/api/trends").json())
    assert sum(b.articles for b in data.volume) == pytest.approx(2)
    (outlet,) = [o for o in data.outlets if o.source == "000_cd65132d2c2fba20.txt"]
    assert outlet.articles == 1 and outlet.differ_figures == 1 and outlet.languages == ["de"]
    assert data.ledger_stories == 1


def test_the_schema_lists_the_new_routes(client):
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/watchlists", "/api/watchlists/{watchlist_id}", "/api/alerts", "/api/trends",
              "/watchlists/{watchlist_id}/feed.atom", "/map", "/trends", "/watchlists", "/alerts"):
        assert p in paths, p
