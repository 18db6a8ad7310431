"""GET /api/search: full-text search over articles (SQLite FTS5, German-aware)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from storyline.serve.api_stories import story_filter
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
    entity: Annotated[str | None, Query(description='Only articles mentioning this entity key, e.g. "per:tokaev".')] = None,
    date_from: Annotated[str | None, Query(alias="from", description="Articles dated on or after this date "
                                           "(YYYY, YYYY-MM or YYYY-MM-DD; a month-dated article overlaps).")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="Articles dated on or before this date.")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Response:
    """Best matches first, each with its story and a snippet whose matched words are given as spans.

    Umlauts and accents are optional (``ruckverlegung`` finds *Rückverlegung*); each word also
    matches longer forms and its lemma's forms (``Soldat`` finds *Soldaten*, ``Truppen`` finds *Truppe*).
    A word or name that names an entity matches its mentions in every language (``Tokayev`` finds
    German articles writing *Tokajew*); ``entities`` lists them. ``facets`` count the matches per
    language, source, entity and month, each under the other filters."""
    try:
        f = story_filter(date_from, date_to, lang, entity, source)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    with request.app.state.pool.store() as store:
        result = search.search_articles(store, q, limit=limit, offset=offset, filters=f)
    return Response(json_bytes(result), media_type="application/json")
