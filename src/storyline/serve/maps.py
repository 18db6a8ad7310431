"""The maps of the story and entity pages and of /map: markers for places, from their keys.

Kept apart from the page modules (no import of serve/ui.py), so the story and entity pages can draw
a map without an import loop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from markupsafe import Markup

from storyline.analyse.places import COUNTRY, place_of
from storyline.serve.worldmap import Marker, world_map
from storyline.store import search
from storyline.store.geo import PlaceCount, place_counts
from storyline.store.sqlite import Store


class Page(Protocol):
    """What a map needs of a page (serve/ui.py's Page): its words and links."""

    def t(self, key: str, **kw: Any) -> str: ...

    def tn(self, key: str, n: int, **kw: Any) -> str: ...

    def link(self, path: str, **params: Any) -> str: ...


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


def story_map(page: Page, store: Store, story_id: str) -> Markup:
    counts = place_counts(store, story_id=story_id)
    return world_map(markers(counts, lambda c: c.articles, lambda c: page.tn("articles", c.articles),
                             lambda c: page.link("/entities/" + c.key)), label=page.t("map_story"), css="small")


def entity_map(page: Page, store: Store, key: str) -> Markup:
    counts = place_counts(store, with_entity=key)
    if key.startswith("loc:"):
        own = search.entity(store, key)
        if own is not None:
            counts = [PlaceCount(key, own.name, len(own.stories), own.articles)] + counts
    return world_map(markers(counts, lambda c: c.stories, lambda c: page.tn("map_stories", c.stories),
                             lambda c: page.link("/", entity=c.key)), label=page.t("map_entity"), css="small")
