"""The HTTP side under hostile input: every parameter validated (422 JSON, never 500), security headers on
every response (errors included), bounded bodies and write queue, the hostile corpus posted through the API,
and the API docs served without a CDN."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hostile_corpus import build

from storyline.serve.app import create_app
from storyline.store import search

TOKEN = "hostile-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
HUGE = str(2**63)
HOSTILE_VALUES = [HUGE, str(-2**63 - 1), "-1", "1e309", "NaN", "abc", "", "%00", "9" * 5000, "[/]", "\u202e",
                  "9999-12-31T23:00-05:00", "0001-01-01T00:30+01:00", "2022-13", "' OR 1=1 --", '"', "*", "NEAR("]
GETS = ["/api/stories", "/api/entities", "/api/search", "/", "/entities", "/search"]
PARAMS = ["offset", "limit", "from", "to", "q", "type", "lang", "entity", "source", "sort", "language"]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("api") / "api.db"
    with TestClient(create_app(db, token=TOKEN), raise_server_exceptions=False) as c:
        yield c


def _headers_ok(response) -> None:
    assert response.headers.get("x-content-type-options") == "nosniff", response.request.url
    assert "content-security-policy" in response.headers or response.request.url.path.startswith("/docs")


def _json_error(response) -> str:
    assert response.headers["content-type"].startswith("application/json"), response.text[:200]
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail.strip()
    return detail


def test_hostile_query_parameters_are_422_never_500(client):
    for path in GETS:
        for name in PARAMS:
            for value in HOSTILE_VALUES:
                params = {name: value, **({"q": "x"} if "search" in path and name != "q" else {})}
                r = client.get(path, params=params)
                assert r.status_code in (200, 422), (path, name, value, r.status_code, r.text[:200])
                _headers_ok(r)
                if r.status_code == 422:
                    _json_error(r)


def test_hostile_path_segments_are_404_never_500(client):
    for base in ("/api/stories/", "/api/articles/", "/api/entities/", "/stories/", "/articles/", "/entities/"):
        for value in ("%ff%fe", "%ed%a0%80", "x" * 10_000, "..%2f..%2fetc%2fpasswd", "%5B%2F%5D", "%0d%0aSet-Cookie:x"):
            r = client.get(base + value)
            assert r.status_code in (301, 404, 422), (base, value, r.status_code)
            _headers_ok(r)


def test_an_internal_error_is_json_with_the_security_headers(client, monkeypatch):
    def broken(*_args, **_kw):
        raise RuntimeError("a bug")

    monkeypatch.setattr(search, "search_articles", broken)
    r = client.get("/api/search", params={"q": "Soldaten"})
    assert r.status_code == 500 and "internal error" in _json_error(r)
    _headers_ok(r)
    assert "a bug" not in r.text  # the traceback goes to the log, not to the client


@pytest.mark.parametrize("body, content_type, status, word", [
    (b"[" * 100_000 + b"]" * 100_000, "application/json", 422, "nested"),
    (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "application/json", 422, "nested"),
    (json.dumps({"date": "9999-12-31T23:00-05:00", "text": "x"}).encode(), "application/json", 422, "out of range"),
    (json.dumps({"date": "0001-01-01T00:30+01:00", "text": "x"}).encode(), "application/json", 422, "out of range"),
    (b'{"date": "2022", "text": "x", "n": ' + b"1" * 5000 + b"}", "application/json", 422, "number"),
    (b'{"date": "2022", "text": "x", "title": 123}', "application/json", 422, "title"),
    (b"date 9999-12-31T23:00-05:00\nText", "text/plain", 422, "out of range"),
    (b'{"text": "' + b"a" * 3_000_000 + b'"}', "application/json", 413, "too large"),
    (b"date 2022\nx", "text/plain; charset=\x01", 422, "text"),
    (b"<html/>", "text/html", 415, "Content-Type"),
])
def test_hostile_bodies_get_a_json_error_naming_the_problem(client, body, content_type, status, word):
    r = client.post("/api/articles", content=body, headers={**AUTH, "Content-Type": content_type})
    assert r.status_code == status, r.text[:300]
    assert word.lower() in _json_error(r).lower()
    _headers_ok(r)


def test_a_full_write_queue_is_503_with_retry_after(client):
    app = client.app
    cap = app.state.settings.max_pending_writes
    app.state.pending_writes = cap
    try:
        r = client.post("/api/articles", json={"date": "2022-01", "text": "Ein Text."}, headers=AUTH)
    finally:
        app.state.pending_writes = 0
    assert r.status_code == 503 and r.headers["retry-after"] == "1" and "queue" in _json_error(r)
    _headers_ok(r)


def test_the_hostile_corpus_posted_through_the_api(client, tmp_path: Path):
    """Every JSONL line and text file of two files per hostile kind: stored (201/200) or a JSON error."""
    manifest = build(tmp_path, seed=17)
    seen = set()
    statuses = []
    for e in manifest.entries:
        kind = e.kind.split()[0]
        if (e.kind in seen or kind not in ("jsonl", "text", "name") or not e.path.is_file()
                or e.path.stat().st_size > 4_000_000):
            continue
        seen.add(e.kind)
        data = e.path.read_bytes()
        bodies = ([(line, "application/json") for line in data.split(b"\n") if line.strip()]
                  if e.path.suffix in (".jsonl", ".ndjson") else [(data, "text/plain")])
        for body, ctype in bodies:
            r = client.post("/api/articles", content=body, headers={**AUTH, "Content-Type": ctype})
            statuses.append(r.status_code)
            assert r.status_code in (200, 201, 413, 415, 422), (e.kind, body[:100], r.status_code, r.text[:200])
            _headers_ok(r)
            if r.status_code >= 400:
                _json_error(r)
    assert {201, 422} <= set(statuses) and len(statuses) >= 100


def test_api_docs_load_nothing_from_outside(client):
    for path in ("/docs", "/redoc"):
        r = client.get(path)
        assert r.status_code == 200
        assert not re.findall(r"https?://(?!127\.0\.0\.1)", r.text), path
        assets = re.findall(r'(?:src|href)="(/[^"]+)"', r.text)
        assert any(a.endswith(".js") for a in assets)
        for asset in assets:
            assert client.get(asset).status_code == 200, asset
