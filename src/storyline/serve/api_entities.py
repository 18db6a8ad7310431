"""GET /api/entities and GET /api/entities/{key}."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from storyline.serve.models import EntityDetail, EntityList, Message
from storyline.store import search

router = APIRouter(prefix="/api", tags=["entities"])


@router.get("/entities", response_model=EntityList, summary="List entities")
def list_entities(
    request: Request,
    q: Annotated[str | None, Query(description="Part of the name or key.")] = None,
    type: Annotated[str | None, Query(description="PER, ORG, LOC or MISC.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Any:
    """Entities across all stories, most widely reported first."""
    with request.app.state.pool.store() as store:
        total, items = search.list_entities(store, q=q, type=type, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def entity_with_stories(request: Request, store, key: str) -> dict[str, Any] | None:
    data = search.entity(store, key)
    if data is None:
        return None
    views = request.app.state.views
    rows = {r["id"]: r for r in search.story_rows(store, [s["id"] for s in data["stories"]])}
    for s in data["stories"]:
        row = rows.get(s["id"])
        item = views.story_item(store, row) if row else None
        s["headline"] = item["headline"] if item else None
        s["size"] = item["size"] if item else None
    return data


@router.get("/entities/{key:path}", response_model=EntityDetail, responses={404: {"model": Message}},
            summary="One entity and its stories")
def get_entity(request: Request, key: str) -> Any:
    """The entity's names, type and counts, and every story it appears in (most mentions first)."""
    with request.app.state.pool.store() as store:
        data = entity_with_stories(request, store, key)
    if data is None:
        raise HTTPException(404, f"no entity {key!r}")
    return data
