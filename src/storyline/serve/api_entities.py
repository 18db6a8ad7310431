"""GET /api/entities and GET /api/entities/{key}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from storyline.serve.data import json_bytes
from storyline.serve.models import EntityDetail, EntityList, Message
from storyline.store import read, search
from storyline.types.views import EntityList as EntityListView

router = APIRouter(prefix="/api", tags=["entities"])


@router.get("/entities", response_model=EntityList, summary="List entities")
def list_entities(
    request: Request,
    q: Annotated[str | None, Query(description="Part of the name or key.")] = None,
    type: Annotated[str | None, Query(description="PER, ORG, LOC or MISC.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """Entities across all stories, most widely reported first."""
    with request.app.state.pool.store() as store:
        total, items = search.list_entities(store, q=q, type=type, limit=limit, offset=offset)
    return Response(json_bytes(EntityListView(total, limit, offset, items)), media_type="application/json")


@router.get("/entities/{key:path}", response_model=EntityDetail, responses={404: {"model": Message}},
            summary="One entity and its stories")
def get_entity(request: Request, key: str) -> Response:
    """The entity's names, type and counts, and every story it appears in (most mentions first)."""
    with request.app.state.pool.store() as store:
        data = read.entity_detail(store, key)
    if data is None:
        raise HTTPException(404, f"no entity {key!r}")
    return Response(json_bytes(data), media_type="application/json")
