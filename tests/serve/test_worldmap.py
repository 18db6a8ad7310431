"""The offline map: its projection, the basemap built by scripts/build_world.py, places from keys."""

from __future__ import annotations

import json
import re

import pytest

from storyline.analyse.keys import keys_for_name, same_entity
from storyline.analyse.places import WORLD, place_of, within, world
from storyline.serve.worldmap import Marker, project, unproject, world_map


def test_projection_round_trips_and_puts_the_corners_where_they_belong():
    assert project(-180, 90) == (0, 0) and project(180, -90) == pytest.approx((1000, 500))
    for lon, lat in [(76.9115, 43.25249), (-74.0, 40.7), (151.2, -33.9), (0, 0)]:
        assert unproject(*project(lon, lat)) == pytest.approx((lon, lat))


def test_the_basemap_has_the_countries_the_gazetteer_keys():
    data = json.loads(WORLD.read_text(encoding="utf-8"))
    assert "Natural Earth" in data["about"]
    isos = {c.iso for c in world()}
    assert {"KZ", "RU", "DE", "US", "CN", "FR", "XK"} <= isos and "AQ" not in isos
    kz = next(c for c in world() if c.iso == "KZ")
    lon, lat = kz.centroid
    assert 60 < lon < 75 and 45 < lat < 52
    france = next(c for c in world() if c.iso == "FR")
    assert 0 < france.centroid[0] < 5  # the largest polygon's: not pulled towards French Guiana


def test_places_come_from_keys_and_countries_contain_their_cities():
    almaty = place_of("loc:geonames:1526384")
    assert almaty.country == "KZ" and almaty.lat == pytest.approx(43.25, abs=0.01)
    assert place_of("loc:iso:KZ").lat is not None and place_of("loc:region:central-asia") is None
    assert within("loc:geonames:1526384", "loc:iso:KZ") and within("loc:iso:KZ", "loc:iso:KZ")
    assert not within("loc:geonames:1526384", "loc:iso:RU") and not within("loc:iso:KZ", "loc:geonames:1526384")


@pytest.mark.parametrize("name, key", [("Tokayev", "per:tokaev"), ("Tokajew", "per:tokaev"), ("CSTO", "org:csto"),
                                       ("OVKS", "org:csto"), ("csto", "org:csto"), ("Kazakhstan", "loc:iso:KZ"),
                                       ("Kasachstan", "loc:iso:KZ"), ("Almaty", "loc:geonames:1526384")])
def test_names_in_either_language_give_one_key(name, key):
    assert key in keys_for_name(name)


def test_person_keys_with_and_without_a_given_name_are_one_person():
    assert same_entity("per:tokaev", "per:kasym-tokaev") and same_entity("per:kasym-tokaev", "per:tokaev")
    assert not same_entity("per:tokaev", "per:putin") and not same_entity("org:csto", "org:nato")


def test_the_map_zooms_to_its_markers_and_escapes_labels():
    m = Marker("loc:geonames:1526384", "Almaty <b>", 43.25249, 76.9115, 3, href="/?entity=x&y=<z>")
    svg = str(world_map([m], label="<map>"))
    vx, vy, vw, vh = map(float, re.search(r'viewBox="([^"]+)"', svg).group(1).split())
    x, y = project(76.9115, 43.25249)
    assert vx < x < vx + vw and vy < y < vy + vh and vw < 500  # zoomed in, Almaty inside
    assert "Almaty &lt;b&gt;" in svg and "&lt;map&gt;" in svg and "<b>" not in svg and "y=&lt;z&gt;" in svg
    assert 'data-iso="KZ"' in svg and 'data-iso="US"' not in svg  # only countries in view are drawn
    whole = str(world_map([]))
    assert 'data-iso="US"' in whole and 'data-iso="AU"' in whole
