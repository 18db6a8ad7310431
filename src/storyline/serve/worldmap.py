"""A world map in server-side SVG: Natural Earth's 110 m countries and markers for places, no tiles, no script.

Projection: equirectangular (plate carrée), ``x = (lon + 180) * 1000 / 360``, ``y = (90 - lat) * 1000 / 360``,
in the SVG's user units; the map shows latitudes 84° N to 60° S. So a marker's ``cx``/``cy`` give back its
longitude and latitude exactly (:func:`project`, :func:`unproject`), which a test checks for Almaty. The view
zooms to the markers (the ``viewBox``), keeping the whole basemap in the document, so the same country
paths serve every map and are built once. Labels come from the data and are escaped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from storyline.analyse.places import CountryShape, world

WIDTH = 1000.0
SCALE = WIDTH / 360.0
NORTH, SOUTH = 84.0, -60.0
MIN_SPAN = (36.0, 18.0)  # degrees of longitude and latitude a zoomed view shows at least
PAD = 0.25  # of the markers' extent, around them


def project(lon: float, lat: float) -> tuple[float, float]:
    return (lon + 180.0) * SCALE, (90.0 - lat) * SCALE


def unproject(x: float, y: float) -> tuple[float, float]:
    return x / SCALE - 180.0, 90.0 - y / SCALE


@dataclass(frozen=True, slots=True)
class Marker:
    key: str
    name: str
    lat: float
    lon: float
    count: int  # what the marker's size shows (stories, articles)
    href: str | None = None
    country: str | None = None  # ISO code: a country's marker also shades the country
    label: str = ""  # the tooltip's count in words


def _num(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, slots=True)
class _Shape:
    iso: str | None
    name: str
    d: str  # SVG path data
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in user units


def _ring(flat: tuple[float, ...], shift: float) -> list[tuple[float, float]]:
    return [project(flat[i] + shift, flat[i + 1]) for i in range(0, len(flat) - 1, 2)]


def _shape(c: CountryShape) -> _Shape:
    rings = []
    for poly in c.polygons:
        lons = poly[0][0::2]
        # a ring unwrapped past the antimeridian is drawn again 360° away, where its other half shows
        shifts = [0.0] + ([-360.0] if max(lons) > 180 else []) + ([360.0] if min(lons) < -180 else [])
        rings += [_ring(r, s) for s in shifts for r in poly]
    d = "".join("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in r) + "Z" for r in rings)
    xs, ys = [x for r in rings for x, _ in r], [y for r in rings for _, y in r]
    return _Shape(c.iso, c.name, d, (min(xs), min(ys), max(xs), max(ys)))


@lru_cache(maxsize=1)
def _shapes() -> tuple[_Shape, ...]:
    """The countries as path data, built once per process."""
    return tuple(_shape(c) for c in world())


def _view(markers: list[Marker]) -> tuple[float, float, float, float]:
    x0, y0 = project(-180.0, NORTH)
    x1, y1 = project(180.0, SOUTH)
    if not markers:
        return x0, y0, x1 - x0, y1 - y0
    lons, lats = [m.lon for m in markers], [m.lat for m in markers]
    span_lon = max(max(lons) - min(lons), MIN_SPAN[0])
    span_lat = max(max(lats) - min(lats), MIN_SPAN[1])
    span_lon, span_lat = span_lon * (1 + 2 * PAD), span_lat * (1 + 2 * PAD)
    span_lon = max(span_lon, span_lat * 2)  # keep the map about twice as wide as high
    span_lat = min(max(span_lat, span_lon / 2), NORTH - SOUTH)
    span_lon = min(span_lon, 360.0)
    mid_lon = min(max((max(lons) + min(lons)) / 2, -180 + span_lon / 2), 180 - span_lon / 2)
    mid_lat = min(max((max(lats) + min(lats)) / 2, SOUTH + span_lat / 2), NORTH - span_lat / 2)
    left, top = project(mid_lon - span_lon / 2, mid_lat + span_lat / 2)
    return left, top, span_lon * SCALE, span_lat * SCALE


def world_map(markers: list[Marker], *, label: str = "", css: str = "") -> Markup:
    """The map with its markers, zoomed to them (the whole world without markers)."""
    vx, vy, vw, vh = _view(markers)
    unit = vw / WIDTH  # marker sizes keep their look at any zoom
    shaded = {m.country for m in markers if m.country}
    parts = [f'<svg class="world-map {escape(css)}" xmlns="http://www.w3.org/2000/svg" role="img"'
             f' viewBox="{_num(vx)} {_num(vy)} {_num(vw)} {_num(vh)}" aria-label="{escape(label)}"'
             ' preserveAspectRatio="xMidYMid meet">',
             f'<rect class="sea" x="{_num(vx)}" y="{_num(vy)}" width="{_num(vw)}" height="{_num(vh)}"/>']
    for c in _shapes():
        x0, y0, x1, y1 = c.box
        if x1 < vx or x0 > vx + vw or y1 < vy or y0 > vy + vh:
            continue  # outside the view
        cls = "country hit" if c.iso in shaded else "country"
        parts.append(f'<path class="{cls}" data-iso="{escape(c.iso or "")}" d="{c.d}"><title>{escape(c.name)}</title></path>')
    peak = max((m.count for m in markers), default=1) or 1
    for m in sorted(markers, key=lambda m: -m.count):  # the biggest below, so small ones stay clickable
        x, y = project(m.lon, m.lat)
        r = (3.0 + 9.0 * math.sqrt(m.count / peak)) * unit
        circle = (f'<circle class="marker{" country-marker" if m.country else ""}" cx="{_num(x)}" cy="{_num(y)}"'
                  f' r="{_num(r)}" data-key="{escape(m.key)}" data-lat="{m.lat}" data-lon="{m.lon}">'
                  f'<title>{escape(m.name)}{": " + escape(m.label) if m.label else ""}</title></circle>')
        parts.append(f'<a href="{escape(m.href)}">{circle}</a>' if m.href else circle)
    parts.append("</svg>")
    return Markup("".join(parts))
