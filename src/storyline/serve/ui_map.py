"""/map: the places of all stories in a date range on a world map.

The map is SVG drawn here (serve/worldmap.py) over a basemap that ships with the package; a page with
a map loads nothing from elsewhere. Each marker links to the stories that mention the place.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from storyline.serve.maps import markers
from storyline.serve.ui import Page
from storyline.serve.worldmap import world_map
from storyline.store import search
from storyline.store.geo import date_span, place_counts

router = APIRouter(tags=["ui"], default_response_class=HTMLResponse)


@router.get("/map", summary="Map of the stories' places (HTML)")
def map_page(request: Request) -> Response:
    page = Page(request)
    qp = request.query_params
    form = {k: (qp.get(k) or "").strip() for k in ("from", "to")}
    error = None
    try:
        lo, hi = search.day_bound(form["from"], end=False), search.day_bound(form["to"], end=True)
    except ValueError as exc:
        error, lo, hi = str(exc), None, None
    with request.app.state.pool.store() as store:
        counts = place_counts(store, date_from=lo, date_to=hi)
        first, last = date_span(store)
    marks = markers(counts, lambda c: c.stories, lambda c: page.tn("map_stories", c.stories),
                    lambda c: page.link("/", entity=c.key, **{"from": form["from"], "to": form["to"]}))
    return page.render("map.html", svg=world_map(marks, label=page.t("map_title")), markers=marks, counts=counts,
                       form=form, error=error, first=first, last=last)
