"""/map: the places of all stories in a date range on a world map; the maps of the story and entity pages.

The map is SVG drawn here (serve/worldmap.py) over a basemap that ships with the package; a page with
a map loads nothing from elsewhere. Each marker links to the stories that mention the place.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from storyline.analyse.places import COUNTRY, place_of
from storyline.serve.ui import Page
from storyline.serve.worldmap import Marker, world_map
from storyline.store import search
from storyline.store.geo import PlaceCount, date_span, place_counts

router = APIRouter(tags=["ui"], default_response_class=HTMLResponse)


def markers(counts: list[PlaceCount], count: Callable[[PlaceCount], int], label: Callable[[PlaceCount], str],
            href: Callable[[PlaceCount], str | None]) -> list[Marker]:
    """Markers for the places that have coordinates (countries at their centroid, cities where they are)."""
    out = []
    for c in counts:
        place = place_of(c.key)
        if place is None or place.lat is None or place.lon is None:
            continue
        out.append(Marker(c.key, c.name, place.lat, place.lon, count(c), href(c),
                          place.country if c.key.startswith(COUNTRY) else None, label(c)))
    return out


def story_map(page: Page, store, story_id: str) -> Markup:
    counts = place_counts(store, story_id=story_id)
    return world_map(markers(counts, lambda c: c.articles, lambda c: page.tn("articles", c.articles),
                             lambda c: page.link("/entities/" + c.key)), label=page.t("map_story"), css="small")


def entity_map(page: Page, store, key: str) -> Markup:
    counts = place_counts(store, with_entity=key)
    if key.startswith("loc:"):
        own = search.entity(store, key)
        if own is not None:
            counts = [PlaceCount(key, own.name, len(own.stories), own.articles)] + counts
    return world_map(markers(counts, lambda c: c.stories, lambda c: page.tn("map_stories", c.stories),
                             lambda c: page.link("/", entity=c.key)), label=page.t("map_entity"), css="small")


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
