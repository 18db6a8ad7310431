"""The JSON API over a store holding the two seed articles (FastAPI TestClient, real pipeline)."""

from __future__ import annotations

from fastapi.routing import APIRoute

from storyline.serve import create_app

SEED_SOURCES = {"000_cd65132d2c2fba20.txt", "002_308e1ab380b049a5.txt"}

OTHER = {  # an unrelated English story, a month later
    "date": "2022-02-20",
    "title": "Flooding closes harbour in Rotterdam",
    "text": "Heavy flooding closed the harbour of Rotterdam on Sunday. Port authorities said ships were "
            "diverted to Antwerp while engineers inspected the quay walls. Nobody was hurt.",
    "source": "harbour-news",
    "lang": "en",
}


def _seed_story(client) -> dict:
    items = client.get("/api/stories").json()["items"]
    return next(s for s in items if set(s["sources"]) >= SEED_SOURCES)


# -- OpenAPI ---------------------------------------------------------------------------------

def test_openapi_describes_every_route(client, app):
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for route in app.routes:
        if isinstance(route, APIRoute):
            documented = paths.get(route.path_format) or {}
            for method in route.methods - {"HEAD"}:
                assert method.lower() in documented, f"{method} {route.path_format} missing from /openapi.json"
    for name in ("StoryPage", "StoryDetail", "ArticleDetail", "EntityDetail", "SearchResult", "IngestResult",
                 "ArticleIn", "Message"):
        assert name in schema["components"]["schemas"], name
    post = paths["/api/articles"]["post"]
    assert set(post["requestBody"]["content"]) == {"application/json", "text/plain"}
    assert {"201", "200", "401", "403", "413", "422"} <= set(post["responses"])
    assert post["security"]  # the bearer scheme is declared
    assert paths["/api/stories"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/StoryPage")


def test_openapi_describes_the_story_ledger_timeline_and_summary(client):
    """The schema is made from the dataclasses synthesis builds: their fields are all in it."""
    from dataclasses import fields

    from storyline.types.ledger import LedgerEntry, LedgerRow, Verdict
    from storyline.types.story import Citation, KeyEntity, Summary, SummarySentence, TimelineEntry
    from storyline.types.views import StoryDetail

    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    for cls in (StoryDetail, LedgerRow, LedgerEntry, TimelineEntry, Summary, SummarySentence, Citation, KeyEntity):
        assert cls.__name__ in schemas, cls.__name__
        assert set(schemas[cls.__name__]["properties"]) == {f.name for f in fields(cls)}, cls.__name__
    assert set(schemas["Verdict"]["enum"]) == {v.value for v in Verdict}
    ledger = schemas["StoryDetail"]["properties"]["ledger"]
    assert ledger["items"]["$ref"].endswith("/LedgerRow")


def test_answers_validate_against_their_own_schema(client):
    """What the API sends is what its schema promises (the models parse the real JSON back)."""
    from pydantic import TypeAdapter

    from storyline.types.views import ArticleDetail, EntityList, SearchResult, StoryDetail, StoryPage

    page = TypeAdapter(StoryPage).validate_python(client.get("/api/stories").json())
    sid = page.items[0].id
    story = TypeAdapter(StoryDetail).validate_python(client.get(f"/api/stories/{sid}").json())
    assert story.ledger and story.timeline and story.summary.sentences
    assert any(row.verdict == "differ" for row in story.ledger)
    TypeAdapter(ArticleDetail).validate_python(client.get(f"/api/articles/{story.articles[0].id}").json())
    TypeAdapter(EntityList).validate_python(client.get("/api/entities").json())
    TypeAdapter(SearchResult).validate_python(client.get("/api/search", params={"q": "Tokajew"}).json())


# -- stories ---------------------------------------------------------------------------------

def test_story_list_has_the_seed_story(client):
    body = client.get("/api/stories").json()
    assert body["total"] == 1 and body["limit"] == 20 and body["offset"] == 0 and body["sort"] == "size"
    story = body["items"][0]
    assert set(story["sources"]) == SEED_SOURCES
    assert story["size"] == 2
    assert story["first_date"] == story["last_date"] == "2022-01"
    assert story["headline"]
    assert story["languages"] == ["de"]
    assert "dates" not in story  # internal
    # month-dated articles are counted per month, not put on the 1st
    assert story["histogram"] == [{"start": "2022-01-01", "end": "2022-01-31", "unit": "month", "articles": 2.0,
                                   "exact": True}]
    for e in story["entities"]:
        assert {"key", "name", "type", "articles", "mentions"} <= set(e)


def test_story_filters(client):
    sid = _seed_story(client)["id"]

    def ids(**params):
        r = client.get("/api/stories", params=params)
        assert r.status_code == 200, r.text
        return [s["id"] for s in r.json()["items"]]

    assert ids(**{"from": "2022-01-15"}) == [sid]  # a month-dated story overlaps any day of its month
    assert ids(**{"from": "2022-02"}) == []
    assert ids(to="2022-01-01") == [sid]
    assert ids(to="2021-12-31") == []
    assert ids(**{"from": "2022", "to": "2022"}) == [sid]
    assert ids(lang="de") == [sid] and ids(lang="en") == []
    assert ids(source="002_308e1ab380b049a5.txt") == [sid] and ids(source="nobody") == []
    assert ids(entity="per:nobody-at-all") == []
    detail = client.get(f"/api/stories/{sid}").json()
    keys = {m["key"] for a in detail["articles"] for m in a.get("entities", [])}
    for key in list(keys)[:3]:
        assert ids(entity=key) == [sid]
    bad = client.get("/api/stories", params={"from": "2022-13"})
    assert bad.status_code == 422 and "from" in bad.json()["detail"] and "13" in bad.json()["detail"]
    bad = client.get("/api/stories", params={"limit": 0})
    assert bad.status_code == 422 and "limit" in bad.json()["detail"]
    assert client.get("/api/stories", params={"sort": "alphabetical"}).status_code == 422


def test_sorting_and_pagination(client, auth):
    assert client.post("/api/articles", json=OTHER, headers=auth).status_code == 201
    body = client.get("/api/stories", params={"sort": "size"}).json()
    assert body["total"] == 2
    assert set(body["items"][0]["sources"]) == SEED_SOURCES  # 2 articles before 1
    recent = client.get("/api/stories", params={"sort": "recent"}).json()["items"]
    assert recent[0]["sources"] == ["harbour-news"]  # February before January
    first = client.get("/api/stories", params={"limit": 1, "offset": 0}).json()
    second = client.get("/api/stories", params={"limit": 1, "offset": 1}).json()
    beyond = client.get("/api/stories", params={"limit": 1, "offset": 2}).json()
    assert first["total"] == second["total"] == beyond["total"] == 2
    assert len(first["items"]) == len(second["items"]) == 1 and beyond["items"] == []
    assert first["items"][0]["id"] != second["items"][0]["id"]
    assert client.get("/api/stories", params={"lang": "en"}).json()["total"] == 1
    assert client.get("/api/stories", params={"source": "harbour-news"}).json()["items"][0]["languages"] == ["en"]


def test_story_detail(client):
    sid = _seed_story(client)["id"]
    r = client.get(f"/api/stories/{sid}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    story = r.json()
    assert story["id"] == sid and story["size"] == 2 and len(story["articles"]) == 2
    for key in ("headline", "timeline", "ledger", "summary", "entities", "events"):
        assert key in story
    for a in story["articles"]:
        assert a["text"].strip()
        for e in a.get("entities", []):
            for m in e["mentions"]:
                assert a["text"][m["start"]:m["end"]] == m["text"]
        for f in a.get("facts", []):
            assert a["text"][f["start"]:f["end"]] == f["text"]
    missing = client.get("/api/stories/s000000000000")
    assert missing.status_code == 404 and "s000000000000" in missing.json()["detail"]


# -- articles --------------------------------------------------------------------------------

def test_article_with_spans(client):
    story = client.get(f"/api/stories/{_seed_story(client)['id']}").json()
    aid = story["articles"][0]["id"]
    a = client.get(f"/api/articles/{aid}").json()
    assert a["id"] == aid and a["story_id"] == story["id"] and a["date"] == "2022-01"
    assert a["date_precision"] == "month" and a["lang"] == "de" and a["source"] in SEED_SOURCES
    for e in a["entities"]:
        assert {"key", "name", "type", "mentions"} <= set(e)
        for m in e["mentions"]:
            assert a["text"][m["start"]:m["end"]] == m["text"] and m["span"] == [m["start"], m["end"]]
    for group in ("facts", "times"):
        for x in a[group]:
            assert a["text"][x["start"]:x["end"]] == x["text"]
    for start, end in a["sentences"]:
        assert 0 <= start < end <= len(a["text"])
    assert client.get("/api/articles/0000000000000000").status_code == 404


# -- entities --------------------------------------------------------------------------------

def test_entities(client):
    sid = _seed_story(client)["id"]
    listing = client.get("/api/entities", params={"limit": 5}).json()
    assert listing["limit"] == 5 and listing["total"] >= len(listing["items"])
    counts = [e["articles"] for e in listing["items"]]
    assert counts == sorted(counts, reverse=True)
    if not listing["items"]:
        return  # an analysis without entities leaves nothing more to check
    top = listing["items"][0]
    one = client.get(f"/api/entities/{top['key']}").json()
    assert one["key"] == top["key"] and one["type"] == top["type"] and one["name"]
    assert [s["id"] for s in one["stories"]] == [sid]
    assert one["stories"][0]["headline"] and one["stories"][0]["size"] == 2
    assert client.get("/api/entities", params={"type": top["type"]}).json()["total"] >= 1
    part = top["name"][:3]
    assert top["key"] in {e["key"] for e in client.get("/api/entities", params={"q": part, "limit": 500}).json()["items"]}
    assert client.get("/api/entities/per:nobody-at-all").status_code == 404


# -- search ----------------------------------------------------------------------------------

def _hits(client, q, **params):
    r = client.get("/api/search", params={"q": q, **params})
    assert r.status_code == 200, r.text
    return r.json()


def test_search_is_german_aware(client):
    # "ruckverlegung" (no umlaut) finds "Rückverlegung"
    body = _hits(client, "ruckverlegung")
    assert body["total"] == 1
    hit = body["items"][0]
    assert hit["source"] == "002_308e1ab380b049a5.txt" and hit["story_id"]
    assert [hit["snippet"][a:b] for a, b in hit["highlights"]] == ["Rückverlegung"]
    assert _hits(client, "rueckverlegung")["total"] == 1  # transliterated umlaut
    # "Soldat" finds "Soldaten" (both seeds); the lemma of "Truppen" finds "Truppe…"
    soldat = _hits(client, "Soldat")
    assert soldat["total"] == 2
    assert all("Soldaten" in [h["snippet"][a:b] for a, b in h["highlights"]] for h in soldat["items"])
    assert _hits(client, "soldaten")["total"] == 2
    assert _hits(client, '"Wladimir Putin"')["total"] == 2
    assert _hits(client, "Uhrwerk Soldaten")["total"] == 1  # words AND together
    assert _hits(client, "Uhrwerk", lang="en")["total"] == 0
    assert _hits(client, "xylophonorchester")["total"] == 0
    # FTS5 syntax in user input is quoted, never an error
    for q in ('OR AND NOT', '"unbalanced', "a*b(c)", "NEAR(x y)", "-", "^"):
        assert client.get("/api/search", params={"q": q}).status_code == 200
    assert client.get("/api/search", params={"q": ""}).status_code == 422


def test_search_finds_new_articles(client, auth):
    assert _hits(client, "Rotterdam")["total"] == 0
    client.post("/api/articles", json=OTHER, headers=auth)
    body = _hits(client, "harbours")  # English plural -> lemma "harbour"
    assert body["total"] == 1 and body["items"][0]["title"] == OTHER["title"]


# -- writes ----------------------------------------------------------------------------------

NEW = {"date": "2022-01-14", "title": "Letzte OVKS-Soldaten verlassen Kasachstan",
       "text": "Die letzten Soldaten der OVKS haben Kasachstan verlassen. Präsident Tokajew dankte Russland und "
               "Wladimir Putin für die Hilfe bei den Unruhen. Nach Angaben der Regierung wurden fast 10.000 "
               "Menschen festgenommen.",
       "source": "test-agentur"}


def test_writes_need_the_token(client, token):
    r = client.post("/api/articles", json=NEW)
    assert r.status_code == 401 and "Authorization" in r.json()["detail"]
    assert r.headers["www-authenticate"].startswith("Bearer")
    r = client.post("/api/articles", json=NEW, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401 and r.json()["detail"] == "invalid token"
    r = client.post("/api/articles", json=NEW, headers={"Authorization": f"Basic {token}"})
    assert r.status_code == 401 and "Bearer" in r.json()["detail"]
    assert client.get("/api/stories").json()["total"] == 1  # nothing was stored


def test_writes_disabled_without_a_configured_token(db, auth):
    from fastapi.testclient import TestClient

    with TestClient(create_app(db, token=None)) as c:
        r = c.post("/api/articles", json=NEW, headers=auth)
        assert r.status_code == 403 and "writes are disabled" in r.json()["detail"]
        assert c.get("/api/stories").status_code == 200  # reads stay open


def test_token_from_environment(db, monkeypatch, auth):
    from fastapi.testclient import TestClient

    monkeypatch.setenv("STORYLINE_TOKEN", "from-env")
    with TestClient(create_app(db)) as c:
        assert c.post("/api/articles", json={"date": "2022"}, headers=auth).status_code == 401
        assert c.post("/api/articles", json={"date": "2022"},
                      headers={"Authorization": "Bearer from-env"}).status_code == 422


def test_stored_article_appears_in_its_story(client, auth):
    sid = _seed_story(client)["id"]
    r = client.post("/articles", json=NEW, headers=auth)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["duplicate"] is False and body["id"] and body["story_id"]
    story = client.get(f"/api/stories/{body['story_id']}").json()
    assert body["id"] in [a["id"] for a in story["articles"]]
    assert client.get(f"/api/articles/{body['id']}").json()["story_id"] == body["story_id"]
    listed = {s["id"]: s for s in client.get("/api/stories").json()["items"]}
    assert listed[body["story_id"]]["size"] == len(story["articles"])
    if body["story_id"] == sid:  # the story engine joined it to the seeds' story
        assert listed[sid]["size"] == 3 and "test-agentur" in listed[sid]["sources"]
    again = client.post("/api/articles", json=NEW, headers=auth)
    assert again.status_code == 200
    assert again.json()["duplicate"] is True and again.json()["id"] == body["id"]
    assert again.json()["story_id"] == body["story_id"]


def test_sample_text_format(client, auth):
    text = "date 2022-01-13\nKasachstan: Die Soldaten der OVKS beginnen mit der Rückverlegung nach Russland."
    r = client.post("/api/articles", content=text.encode(), params={"source": "ticker"},
                    headers={**auth, "Content-Type": "text/plain; charset=utf-8"})
    assert r.status_code == 201, r.text
    a = client.get(f"/api/articles/{r.json()['id']}").json()
    assert a["source"] == "ticker" and a["date"] == "2022-01-13" and a["text"].startswith("Kasachstan:")
    seeds = client.get("/api/articles/" + r.json()["id"]).json()
    assert seeds["story_id"] == r.json()["story_id"]


def test_bad_input_is_422_with_a_reason(client, auth):
    def post(**kw):
        return client.post("/api/articles", headers={**auth, **kw.pop("headers", {})}, **kw)

    cases = [
        (post(content=b"{not json", headers={"Content-Type": "application/json"}), "invalid JSON"),
        (post(json=["a list"]), "JSON object"),
        (post(json={"text": "Ohne Datum."}), "date"),
        (post(json={"date": "2022-13", "text": "x"}), "month 13"),
        (post(json={"date": "2022-01", "text": "   "}), "empty"),
        (post(json={"date": "2022-01", "text": 5}), "text"),
        (post(json={"date": "2022-01", "text": "x", "colour": "red"}), "colour"),
        (post(json={"date": "2022-01", "text": "x", "url": "javascript:alert(1)"}), "url"),
        (post(content="Kein Kopf.".encode(), headers={"Content-Type": "text/plain"}), "date"),
        (post(content=b"date 2022-01\n\xff\xfe", headers={"Content-Type": "text/plain"}), "utf-8"),
    ]
    for response, word in cases:
        assert response.status_code == 422, response.text
        assert word in response.json()["detail"], (word, response.json())
    r = post(content=b"<a/>", headers={"Content-Type": "application/xml"})
    assert r.status_code == 415 and "text/plain" in r.json()["detail"]


def test_body_size_limit(db, auth, token):
    from fastapi.testclient import TestClient

    with TestClient(create_app(db, token=token, max_body=1000)) as c:
        big = {"date": "2022-01-13", "text": "Wort " * 400}
        r = c.post("/api/articles", json=big, headers=auth)
        assert r.status_code == 413 and "1000 bytes" in r.json()["detail"]

        def chunks():  # no Content-Length: the limit holds while streaming too
            for _ in range(5):
                yield b"x" * 400

        r = c.post("/api/articles", content=chunks(), headers={**auth, "Content-Type": "text/plain"})
        assert r.status_code == 413
    with TestClient(create_app(db, token=token)) as c:  # the default: 2 MiB
        r = c.post("/api/articles", content=b"date 2022-01\n" + b"a" * (2 * 1024 * 1024),
                   headers={**auth, "Content-Type": "text/plain"})
        assert r.status_code == 413


def test_reads_use_a_connection_per_request(app, client):
    """Concurrent reads each borrow their own connection; none is shared between threads."""
    from concurrent.futures import ThreadPoolExecutor

    sid = _seed_story(client)["id"]
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda i: client.get(f"/api/stories/{sid}" if i % 2 else "/api/stories").status_code,
                              range(64)))
    assert set(codes) == {200}
    if app.state.pool._pg is not None:  # PostgreSQL: each request borrowed from psycopg_pool
        assert app.state.pool._pg.stats()["requests_num"] >= 64
    else:
        assert len(app.state.pool._all) >= 1
