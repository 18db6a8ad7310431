"""/api/watchlists and /api/alerts: saved queries, the alerts they raised and their webhook deliveries.

Reads are open, as every read is; creating, editing and removing a watchlist need the server's
token (``Authorization: Bearer``, as ``POST /api/articles``). The Atom feed of a watchlist's alerts
is ``GET /watchlists/{id}/feed.atom`` (serve/atom.py).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from storyline.serve.auth import require_token
from storyline.serve.data import json_bytes
from storyline.serve.models import Message, ValidationMessage
from storyline.store import alerts, watchlists
from storyline.types.watch import AlertPage, Delivery, DeliveryState, Watchlist, WatchlistIn, WatchlistSaved, WatchQuery

router = APIRouter(prefix="/api", tags=["watchlists"])


class WatchQueryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    entities: list[str] = Field(default_factory=list, description="Keys (per:tokaev) or names in any language (Tokajew).")
    keywords: list[str] = Field(default_factory=list, description="Search words, German-aware as /api/search.")
    places: list[str] = Field(default_factory=list, description="Keys (loc:iso:KZ) or names; a country contains its cities.")
    categories: list[str] = Field(default_factory=list, description="Figure kinds: killed, arrested, …")
    languages: list[str] = Field(default_factory=list, description="ISO 639-1 codes.")


class WatchlistBody(BaseModel):
    """A watchlist to save. Facets AND together, the values of one facet OR."""

    model_config = ConfigDict(extra="forbid")
    name: str
    query: WatchQueryIn
    min_articles: int | None = Field(None, ge=1, description="Alert when a matching story grows past this many articles.")
    min_sources: int | None = Field(None, ge=1, description="… or this many outlets.")
    webhook: str | None = Field(None, description="http(s) URL receiving each alert as JSON signed with HMAC-SHA256.")
    secret: str | None = Field(None, description="The signing key; default: a new random one (answered once).")

    def typed(self) -> WatchlistIn:
        q = self.query
        return WatchlistIn(self.name, WatchQuery(q.entities, q.keywords, q.places, q.categories, q.languages),  # type: ignore[arg-type]
                           self.min_articles, self.min_sources, self.webhook)


def _json(data: object, status: int = 200) -> Response:
    return Response(json_bytes(data), status_code=status, media_type="application/json")


def _save(request: Request, body: WatchlistBody, watchlist_id: int | None = None) -> WatchlistSaved | None:
    from storyline.jobs.watchlists import WatchlistError, add, edit

    try:
        with request.app.state.pool.writer() as writer:
            saved = add(writer, body.typed(), body.secret) if watchlist_id is None else \
                edit(writer, watchlist_id, body.typed(), body.secret)
    except WatchlistError as exc:
        raise HTTPException(422, str(exc)) from None
    return WatchlistSaved(*saved) if saved else None


@router.get("/watchlists", response_model=list[Watchlist], summary="List watchlists")
def list_watchlists(request: Request) -> Response:
    with request.app.state.pool.store() as store:
        return _json(watchlists.list_watchlists(store))


@router.post("/watchlists", response_model=WatchlistSaved, status_code=201, dependencies=[Depends(require_token)],
             responses={401: {"model": Message}, 403: {"model": Message}, 422: {"model": ValidationMessage}},
             summary="Create a watchlist")
def create_watchlist(request: Request, body: WatchlistBody) -> Response:
    """Names are resolved to keys (every alias and language of an entity counts). The answer carries the
    webhook secret; it is not shown again."""
    return _json(_save(request, body), 201)


@router.get("/watchlists/{watchlist_id}", response_model=Watchlist, responses={404: {"model": Message}},
            summary="One watchlist")
def get_watchlist(request: Request, watchlist_id: int) -> Response:
    with request.app.state.pool.store() as store:
        w = watchlists.get(store, watchlist_id)
    if w is None:
        raise HTTPException(404, f"no watchlist {watchlist_id}")
    return _json(w)


@router.put("/watchlists/{watchlist_id}", response_model=WatchlistSaved, dependencies=[Depends(require_token)],
            responses={404: {"model": Message}, 422: {"model": ValidationMessage}}, summary="Replace a watchlist")
def put_watchlist(request: Request, watchlist_id: int, body: WatchlistBody) -> Response:
    """Stories it matched are forgotten, so stories matching the new query alert afresh."""
    saved = _save(request, body, watchlist_id)
    if saved is None:
        raise HTTPException(404, f"no watchlist {watchlist_id}")
    return _json(saved)


@router.delete("/watchlists/{watchlist_id}", status_code=204, dependencies=[Depends(require_token)],
               responses={404: {"model": Message}}, summary="Remove a watchlist with its alerts")
def delete_watchlist(request: Request, watchlist_id: int) -> Response:
    from storyline.jobs.watchlists import remove

    with request.app.state.pool.writer() as writer:
        if not remove(writer, watchlist_id):
            raise HTTPException(404, f"no watchlist {watchlist_id}")
    return Response(status_code=204)


@router.get("/watchlists/{watchlist_id}/alerts", response_model=AlertPage, responses={404: {"model": Message}},
            summary="A watchlist's alerts")
def watchlist_alerts(request: Request, watchlist_id: int,
                     after: Annotated[int, Query(ge=0, description="Only alerts with a higher id.")] = 0,
                     limit: Annotated[int, Query(ge=1, le=200)] = 50,
                     offset: Annotated[int, Query(ge=0)] = 0) -> Response:
    """Newest first; each names the story and cites the sentence that raised it."""
    with request.app.state.pool.store() as store:
        if watchlists.get(store, watchlist_id) is None:
            raise HTTPException(404, f"no watchlist {watchlist_id}")
        return _json(alerts.alert_page(store, watchlist_id=watchlist_id, after=after, limit=limit, offset=offset))


@router.get("/alerts", response_model=AlertPage, summary="Alerts of every watchlist")
def all_alerts(request: Request,
               after: Annotated[int, Query(ge=0, description="Only alerts with a higher id: what is new since "
                                                              "``newest`` of an earlier answer.")] = 0,
               limit: Annotated[int, Query(ge=1, le=200)] = 50,
               offset: Annotated[int, Query(ge=0)] = 0) -> Response:
    with request.app.state.pool.store() as store:
        return _json(alerts.alert_page(store, after=after, limit=limit, offset=offset))


@router.get("/watchlists/{watchlist_id}/deliveries", response_model=list[Delivery],
            responses={404: {"model": Message}}, summary="A watchlist's webhook deliveries")
def watchlist_deliveries(request: Request, watchlist_id: int,
                         state: Annotated[DeliveryState | None, Query(description="pending, delivered or dead")] = None,
                         limit: Annotated[int, Query(ge=1, le=200)] = 50) -> Response:
    """Newest first; ``dead`` ones are the dead-letter record: every attempt failed, the last status and
    error say why."""
    with request.app.state.pool.store() as store:
        if watchlists.get(store, watchlist_id) is None:
            raise HTTPException(404, f"no watchlist {watchlist_id}")
        return _json(alerts.deliveries(store, watchlist_id, state, limit))
