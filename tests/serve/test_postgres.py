"""The web UI and JSON API over a PostgreSQL store: ``create_app(url)`` and ``storyline serve --db URL``.

The seeds are ingested into a fresh database on the test server; an English article is posted through
the API; search then works in German (umlauts optional, inflections, phrases) and in English, and the
API answers what it answers over the same seeds in SQLite.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest

from _backends import pg_database
from _support import SEEDS, serve_process
from storyline.ingest import read_paths
from storyline.jobs.ingest import ingest
from storyline.store import open_store

TOKEN = "pg-test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ENGLISH = {"date": "2022-02-20", "title": "Flooding closes harbour in Rotterdam",
           "text": "Heavy flooding closed the harbour of Rotterdam on Sunday. Port authorities said ships were "
                   "diverted to Antwerp while engineers inspected the quay walls. Nobody was hurt.",
           "source": "harbour-news", "lang": "en"}


@pytest.fixture
def pg_url() -> Iterator[str]:
    with pg_database() as url:
        with open_store(url) as store:
            assert len(ingest(store, read_paths([SEEDS])).added) == 2
        yield url


def _total(client, q: str, **params) -> int:
    r = client.get("/api/search", params={"q": q, **params})
    assert r.status_code == 200, r.text
    return r.json()["total"]


def test_api_and_ui_over_postgresql_search_in_german_and_english(pg_url: str, db) -> None:
    from fastapi.testclient import TestClient

    from storyline.serve import create_app

    with TestClient(create_app(pg_url, token=TOKEN)) as client, \
            TestClient(create_app(db, token=TOKEN)) as lite:  # db: the seeds in SQLite (tests/serve/conftest.py)
        stories = client.get("/api/stories").json()
        assert stories["total"] == 1
        for path in ("/api/stories", f"/api/stories/{stories['items'][0]['id']}", "/api/entities"):
            assert client.get(path).json() == lite.get(path).json(), path
        assert client.get("/").status_code == 200 and "text/html" in client.get("/").headers["content-type"]
        assert client.get(f"/stories/{stories['items'][0]['id']}").status_code == 200
        # German: umlaut folded or transliterated, inflections, phrases, AND
        hit = client.get("/api/search", params={"q": "ruckverlegung"}).json()["items"][0]
        assert [hit["snippet"][a:b] for a, b in hit["highlights"]] == ["Rückverlegung"]
        assert _total(client, "rueckverlegung") == 1 and _total(client, "Soldat") == 2
        assert _total(client, '"Wladimir Putin"') == 2 and _total(client, "Uhrwerk Soldaten") == 1
        assert _total(client, "Uhrwerk", lang="en") == 0
        for q in ("ruckverlegung", "Soldat", '"Wladimir Putin"', "Uhrwerk Soldaten", "xylophonorchester"):
            assert client.get("/api/search", params={"q": q}).json()["total"] == _total(lite, q), q
        # English: a posted article is found at once, by its lemma too
        assert _total(client, "Rotterdam") == 0
        assert client.post("/api/articles", json=ENGLISH, headers=AUTH).status_code == 201
        assert _total(client, "harbours") == 1 and _total(client, "flooding Rotterdam", lang="en") == 1
        assert _total(client, "Rotterdam", lang="de") == 0
        for q in ('OR AND NOT', '"unbalanced', "a*b(c)", "x' & !", "-", "^"):
            assert client.get("/api/search", params={"q": q}).status_code == 200, q


def test_serve_command_over_postgresql(pg_url: str) -> None:
    proc, base = serve_process(pg_url, {**os.environ, "STORYLINE_TOKEN": TOKEN})
    try:
        r = httpx.get(f"{base}/api/stories", timeout=2)
        assert r.status_code == 200 and r.json()["total"] == 1
        assert httpx.get(f"{base}/").status_code == 200
        assert httpx.get(f"{base}/api/search", params={"q": "ruckverlegung"}).json()["total"] == 1
        posted = httpx.post(f"{base}/api/articles", json=ENGLISH, headers=AUTH, timeout=120)
        assert posted.status_code == 201, posted.text
        assert httpx.get(f"{base}/api/search", params={"q": "harbours"}).json()["total"] == 1
    finally:
        proc.terminate()
        proc.wait(10)
    err = proc.stderr.read()
    assert "Traceback" not in err, err
    assert f"over {pg_url}" in err  # no password in this URL; describe() hides one when there is
