"""GET /api/entities and GET /api/entities/{key}."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from storyline.serve.data import json_bytes
from storyline.serve.models import MAX_OFFSET, EntityDetail, EntityList, Message
from storyline.store import read, search
from storyline.types.views import EntityList as EntityListView

router = APIRouter(prefix="/api", tags=["entities"])


@router.get("/entities", response_model=EntityList, summary="List entities")
async def list_entities(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="Part of the name or key.")] = None,
    type: Annotated[Literal["PER", "ORG", "LOC", "MISC", "per", "org", "loc", "misc"] | None,
                    Query(description="PER, ORG, LOC or MISC.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Response:
    """Entities across all stories, most widely reported first.

    Served from a cache kept per version of the store; while an ingest commits, a reader may get the
    list as of the previous commit, never a wait for the aggregation."""
    with request.app.state.pool.store() as store:  # the version check runs inline: one indexed query
        version = search.store_version(store)
    body = await request.app.state.views.latest(("api-entities", q, type, limit, offset), version, _entities_json,
                                                request.app, q, type, limit, offset)
    return Response(body, media_type="application/json")


def _entities_json(app, q: str | None, type: str | None, limit: int, offset: int) -> bytes:
    with app.state.pool.store() as store:
        total, items = search.list_entities(store, q=q, type=type, limit=limit, offset=offset)
    return json_bytes(EntityListView(total, limit, offset, items))


@router.get("/entities/{key:path}", response_model=EntityDetail, responses={404: {"model": Message}},
            summary="One entity and its stories")
def get_entity(request: Request, key: str) -> Response:
    """The entity's names, type and counts, and every story it appears in (most mentions first)."""
    with request.app.state.pool.store() as store:
        data = read.entity_detail(store, key)
    if data is None:
        raise HTTPException(404, f"no entity {key!r}")
    return Response(json_bytes(data), media_type="application/json")
