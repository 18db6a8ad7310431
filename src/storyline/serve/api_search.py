"""GET /api/search: full-text search over articles (SQLite FTS5, German-aware)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from storyline.serve.data import json_bytes
from storyline.serve.models import MAX_OFFSET, SearchResult
from storyline.store import search

router = APIRouter(prefix="/api", tags=["search"])


@router.get("/search", response_model=SearchResult, summary="Search articles")
def search_articles(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words; \"quoted words\" for a phrase.")],
    lang: Annotated[str | None, Query(description="Only articles in this language.")] = None,
    source: Annotated[str | None, Query(description="Only articles from this source.")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Response:
    """Best matches first, each with its story and a snippet whose matched words are given as spans.

    Umlauts and accents are optional (``ruckverlegung`` finds *Rückverlegung*); each word also
    matches longer forms and its lemma's forms (``Soldat`` finds *Soldaten*, ``Truppen`` finds *Truppe*)."""
    with request.app.state.pool.store() as store:
        result = search.search_articles(store, q, limit=limit, offset=offset, lang=lang, source=source)
    return Response(json_bytes(result), media_type="application/json")
