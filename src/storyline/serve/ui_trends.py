"""/trends (and /api/trends): articles per day across stories, rising stories, entities, outlets.

The page is computed once per version of the store (the outlets' figures read the ledgers of the
largest multi-source stories) and cached like the story list.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from storyline.serve.data import json_bytes
from storyline.serve.charts import volume_chart
from storyline.serve.svg import sparkline
from storyline.serve.ui import Page
from storyline.store import search
from storyline.store.trends import trends
from storyline.types.trends import Trends

router = APIRouter(default_response_class=HTMLResponse)


def _bounds(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    try:
        return search.day_bound(date_from, end=False), search.day_bound(date_to, end=True)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None


def cached_trends(request: Request, lo: str | None, hi: str | None) -> Trends:
    views = request.app.state.views
    with request.app.state.pool.store() as store:
        return views.pages.get_or_compute(("trends", search.store_version(store), lo, hi),
                                          lambda: trends(store, lo, hi))


@router.get("/api/trends", response_model=Trends, tags=["stories"], summary="Trends across stories")
def api_trends(request: Request, date_from: str | None = None, date_to: str | None = None) -> Response:
    """Articles per day (the last 90 days of data unless ``date_from``/``date_to`` say), rising stories,
    most reported entities and per-outlet statistics."""
    return Response(json_bytes(cached_trends(request, *_bounds(date_from, date_to))), media_type="application/json")


@router.get("/trends", tags=["ui"], summary="Trends (HTML)")
def trends_page(request: Request) -> Response:
    page = Page(request)
    qp = request.query_params
    form = {k: (qp.get(k) or "").strip() for k in ("from", "to")}
    data = cached_trends(request, *_bounds(form["from"] or None, form["to"] or None))
    chart = volume_chart(data.volume, label=page.t("volume"), fmt=page.date)
    sparks = {r.story.id: sparkline(r.story.histogram, label=page.t("per_day"), fmt=page.date) for r in data.rising}
    return page.render("trends.html", data=data, chart=chart, sparks=sparks, form=form)
