"""Build the map's basemap: src/storyline/data/world_110m.json from Natural Earth's 110 m countries.

The source is the ``world-atlas`` package of the npm registry (Natural Earth 1:110m Cultural
Vectors, public domain, as TopoJSON; the package itself is ISC-licensed). This script fetches it with
``npm pack`` (or reads a ``countries-110m.json`` / package tarball you give it), decodes the
TopoJSON arcs into longitude/latitude rings, keys each country by its ISO 3166-1 alpha-2 code (the
gazetteer's ``loc:iso:XX`` keys), computes a centroid per country (area-weighted, of its largest
polygon, so France's lies in France and not between Paris and Cayenne) and writes compact JSON
(coordinates to 0.01°, finer than the 110 m data itself; Antarctica left out: the map stops at 60° south). Nothing is downloaded at run time.

    .venv/bin/python scripts/build_world.py                      # npm pack world-atlas@2.0.2
    .venv/bin/python scripts/build_world.py path/to/countries-110m.json
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "storyline" / "data" / "world_110m.json"
PACKAGE = "world-atlas@2.0.2"
MEMBER = "package/countries-110m.json"
NO_NUMERIC = {"Kosovo": "XK"}  # Natural Earth features without an ISO 3166 numeric code


def fetch(arg: str | None) -> dict:
    if arg and arg.endswith(".json"):
        return json.loads(Path(arg).read_text(encoding="utf-8"))
    if arg:
        tgz = Path(arg).read_bytes()
    else:
        with tempfile.TemporaryDirectory() as tmp:
            name = subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True, capture_output=True,
                                  text=True).stdout.strip().splitlines()[-1]
            tgz = (Path(tmp) / name).read_bytes()
    with tarfile.open(fileobj=io.BytesIO(tgz), mode="r:gz") as tar:
        return json.load(tar.extractfile(MEMBER))  # type: ignore[arg-type]


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Delta-decoded, de-quantised arcs as (lon, lat) lists."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc[1:] if points else arc)  # consecutive arcs share their end point
    return points


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Longitudes made continuous: a ring cut at the antimeridian (Chukotka, Fiji) jumps from 180 to -180;
    unwrapped it runs on past 180, and the renderer draws it a second time 360° to the west."""
    out = points[:1]
    for x, y in points[1:]:
        prev = out[-1][0]
        while x - prev > 180:
            x -= 360
        while x - prev < -180:
            x += 360
        out.append((x, y))
    return out


def area_centroid(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    """(|area|, lon, lat) of a ring by the shoelace formula."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-12:
        xs, ys = zip(*points)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def compact(points: list[tuple[float, float]]) -> list[float]:
    out: list[float] = []
    for x, y in points:
        x, y = round(x, 2), round(y, 2)
        if len(out) >= 2 and out[-2] == x and out[-1] == y:
            continue
        out += [x, y]
    return out


def iso2(geometry: dict) -> str | None:
    import pycountry

    name = geometry.get("properties", {}).get("name", "")
    if "id" not in geometry:
        return NO_NUMERIC.get(name)
    country = pycountry.countries.get(numeric=str(geometry["id"]).zfill(3))
    return country.alpha_2 if country else None


def build(topo: dict) -> dict:
    arcs = decode_arcs(topo)
    countries = []
    for g in topo["objects"]["countries"]["geometries"]:
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]] if g["type"] == "Polygon" else []
        rings = [[unwrap(ring(r, arcs)) for r in poly] for poly in polys]
        if not rings or iso2(g) == "AQ":  # the map stops at 60° south
            continue
        _, lon, lat = max((area_centroid(p[0]) for p in rings), key=lambda c: c[0])
        countries.append({"iso": iso2(g), "name": g.get("properties", {}).get("name"),
                          "centroid": [round((lon + 180) % 360 - 180, 2), round(lat, 2)],
                          "polygons": [[compact(r) for r in poly] for poly in rings]})
    countries.sort(key=lambda c: (c["iso"] is None, c["iso"] or "", c["name"] or ""))
    return {"about": "Natural Earth 1:110m countries (public domain) via the npm package " + PACKAGE
                     + " (ISC); built by scripts/build_world.py. Coordinates are [lon, lat] pairs, flattened;"
                     " centroid: of the largest polygon.",
            "countries": countries}


def main(argv: list[str]) -> int:
    data = build(fetch(argv[0] if argv else None))
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    keyed = sum(1 for c in data["countries"] if c["iso"])
    print(f"wrote {OUT.relative_to(ROOT)}: {len(data['countries'])} countries ({keyed} with an ISO code),"
          f" {OUT.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
