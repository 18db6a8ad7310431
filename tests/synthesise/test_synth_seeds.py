"""Acceptance on the two seed reports: headline, ledger verdicts, timeline precision, summary, entities.

Each test runs with hand-built analyses and, once the analysis components are
installed (and the NER model trained), with the real ones.
"""

from __future__ import annotations

import re

import pytest

from storyline.synthesise.story import synthesise

SRC0, SRC2 = "000_cd65132d2c2fba20.txt", "002_308e1ab380b049a5.txt"


@pytest.fixture
def out(seed_story):
    articles, analyses = seed_story
    return synthesise(articles, analyses)


def _rows(out, category):
    return [r for r in out.ledger if r.category == category]


def test_headline_is_about_the_csto_mission_in_kazakhstan(out):
    h = out.headline
    assert "Kasachstan" in h
    assert re.search(r"OVKS|Truppen|Einsatz|Abzug|Militärallianz|Soldaten", h)
    assert len(h.split()) <= 18 and not h.endswith(".")
    assert out.lang == "de"
    cite = out.headline_citation
    assert cite.quote.startswith(h.split()[0])


def test_arrested_row_differs_naming_both_intervals(out):
    rows = [r for r in _rows(out, "arrested")
            if {e.source for e in r.entries} == {SRC0, SRC2}]
    assert len(rows) == 1
    row = rows[0]
    assert row.verdict == "differ"  # both dated 2022-01: nothing says one report is later
    assert row.sources == 2
    texts = {e.source: e.text for e in row.entries if "10.000" in e.text}
    assert texts[SRC0].startswith("fast 10.000") and texts[SRC2].startswith("mehr als 10.000")
    why = row.why
    assert SRC0 in why and SRC2 in why
    assert "< 10,000" in why and "> 10,000" in why and "exclude each other" in why and "neither report is later" in why
    assert "fast 10.000" in why and "mehr als 10.000" in why
    assert not [e for e in row.entries if "Mitarbeiter" in e.text]  # the two arrested Massimov aides are not in it
    by_text = {e.text: e for e in row.entries}
    fast = next(e for t, e in by_text.items() if t.startswith("fast"))
    assert fast.bounds.high == 10000 and fast.bounds.high_strict
    assert fast.attribution == "nach Angaben der Regierung"


def test_killed_single_with_vague_beside(out):
    (row,) = [r for r in _rows(out, "killed") if r.entries]
    assert row.verdict == "single"
    assert [e.low for e in row.entries] == [164] and row.entries[0].source == SRC0
    assert [v.text for v in row.vague] == ["viele Tote"]
    assert row.vague[0].source == SRC2
    assert "viele Tote" in row.why


def test_troops_single(out):
    (row,) = _rows(out, "troops")
    assert row.verdict == "single"
    (e,) = row.entries
    assert e.low <= 2500 <= e.high and e.hedge == "etwa"


def test_injured_only_vague_is_never_counted(out):
    rows = _rows(out, "injured")
    assert rows and all(not r.entries and r.verdict == "unquantified" for r in rows)
    assert "Hunderte Verletzte" in [v.text for r in rows for v in r.vague]


def test_age_of_a_person_is_not_in_the_ledger(out, seed_story):
    _, analyses = seed_story
    if not any(e.type == "PER" for a in analyses for e in a.entities):
        pytest.skip("no person entities to tell a person's age from an event's figure")
    assert not _rows(out, "age")


def _timeline_with(out, words):
    return [t for t in out.timeline if any(words in c.quote for c in t.citations)]


def test_timeline_events_keep_honest_precision(out):
    (help_,) = _timeline_with(out, "in der vergangenen Woche")
    (end,) = _timeline_with(out, "Mittwoch kommender Woche")
    (ten,) = _timeline_with(out, "zehn Tage dauern")
    for t in (help_, end, ten):
        assert t.precision in ("week", "month", "range", "year")  # the seeds are dated to the month
        assert not re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.value)  # no made-up day
    assert help_.when == "in der vergangenen Woche"
    assert ten.kind == "duration" and ten.duration_days == 10
    assert ten.value == "2022-01" and ten.precision == "month"  # the period starts at the article's date
    assert end.range[0] < end.range[1]
    # day-precise events first, then coarser ones (a week, a month, a range); each kind in time order
    rank = {"time": 0, "day": 0, "week": 2, "month": 3, "range": 4, "year": 5}
    keys = [(rank[t.precision], t.range[0]) for t in out.timeline]
    assert keys == sorted(keys)


def test_no_seed_event_claims_a_day(out):
    assert all(t.precision != "day" for t in out.timeline)


def test_summary_cites_and_states_the_disagreement(out):
    sentences = out.summary.sentences
    extracts = [s for s in sentences if not s.generated]
    generated = [s for s in sentences if s.generated]
    assert 3 <= len(extracts) <= 5
    assert len({s.text for s in extracts}) == len(extracts)
    (g,) = generated
    assert g.text.startswith("Die Quellen nennen unterschiedliche Zahlen zu Festnahmen:")
    assert f"{SRC0} spricht von fast 10.000" in g.text and f"{SRC2} von mehr als 10.000" in g.text
    assert [c.source for c in g.citations] == [SRC0, SRC2]
    assert all("10.000" in c.quote for c in g.citations)


def test_key_entities_count_sources(out, seed_story):
    _, analyses = seed_story
    if not any(a.entities for a in analyses):
        pytest.skip("no entities")
    by_key = {e.key: e for e in out.entities}
    assert by_key["loc:iso:KZ"].sources == 2
    keys = [e.key for e in out.entities]
    assert keys.index("loc:iso:KZ") < 5
    assert out.main_place == "loc:iso:KZ"
    sources = [e.sources for e in out.entities]
    assert sources == sorted(sources, reverse=True)


def test_two_seeds_are_independent(out):
    assert out.copies == {} and out.independent_sources == 2
