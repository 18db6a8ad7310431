"""The fact ledger: intervals from hedges, verdicts, subjects, what goes in."""

from __future__ import annotations

import pytest

from storyline.synthesise.ledger_text import why

from storyline.synthesise.ledger import fact_kind, interval
from storyline.synthesise.story import synthesise
from storyline.types import Fact
from storyline.types.ledger import Interval


def fact(low, high, hedge=None, category="arrested"):
    return Fact(category, low, high, hedge, "people", None, "x", 0, 0, 1)


@pytest.mark.parametrize("hedge, kind", [
    ("fast", "below"), ("knapp", "below"), ("nearly", "below"), ("weniger als", "under"),
    ("mehr als", "over"), ("über", "over"), ("more than", "over"), ("knapp über", "over"),
    ("mindestens", "min"), ("at least", "min"), ("bis zu", "max"), ("up to", "max"),
    ("etwa", "about"), ("rund", "about"), ("about", "about"), (None, None),
])
def test_hedge_kinds_of_facts_without_one(hedge, kind):
    """Hand-built facts carry no hedge_kind: the ledger reads it from the hedge words."""
    assert fact_kind(fact(1, 1, hedge)) == kind


def test_just_below_and_above_touch_but_are_disjoint():
    fast = interval(fact(None, 10000, "fast"))
    fast_with_low = interval(fact(9000, 10000, "fast"))
    more = interval(fact(10000, None, "mehr als"))
    assert str(fast) == "< 10,000" and str(more) == "> 10,000"
    assert str(fast_with_low) == "9,000 to < 10,000" and fast_with_low.text("de") == "9.000 bis < 10.000"
    assert not fast.overlaps(more) and not more.overlaps(fast) and not fast_with_low.overlaps(more)
    assert interval(fact(10000, None, "mindestens")).overlaps(interval(fact(10000, 10000)))
    assert not interval(fact(10000, None, "mehr als")).overlaps(interval(fact(10000, 10000)))
    assert interval(fact(None, 10000, "bis zu")).overlaps(interval(fact(10000, 10000)))


def test_approximate_single_figures_get_a_margin():
    about = interval(fact(2500, 2500, "etwa"))
    assert about.low == pytest.approx(2375) and about.high == pytest.approx(2625)
    assert about.overlaps(Interval(2400, 2400))
    assert not about.overlaps(interval(fact(3000, 3000, "rund")))
    given = interval(fact(2250, 2750, "etwa"))  # the analysis' own range is kept
    assert (given.low, given.high) == (2250, 2750)


TEXT_A = "Bei den Unruhen in Kasachstan wurden nach Angaben der Polizei 100 Menschen getötet. Die Lage bleibt angespannt."
TEXT_B = "Die Zahl der Toten in Kasachstan ist auf 164 gestiegen, teilte das Ministerium mit. Viele Menschen flohen."


def _two(make, date_a, date_b, low_a=100, low_b=164, category="killed"):
    a = make("a", TEXT_A, date_a, facts=[("100 Menschen", category, low_a, low_a, None,
                                          {"attribution": "nach Angaben der Polizei"})],
             entities=[("Kasachstan", "loc:iso:KZ", "LOC", "iso:KZ")])
    b = make("b", TEXT_B, date_b, facts=[("164", category, low_b, low_b, None)],
             entities=[("Kasachstan", "loc:iso:KZ", "LOC", "iso:KZ")])
    return [a[0], b[0]], [a[1], b[1]]


def test_later_higher_toll_is_updated(make):
    out = synthesise(*_two(make, "2022-01-06", "2022-01-09"))
    (row,) = out.ledger
    assert (row.category, row.subject, row.verdict) == ("killed", "loc:iso:KZ", "updated")
    assert row.why.startswith("100 (6 Jan, a.txt) → 164 (9 Jan, b.txt)")
    assert why(row, "de").startswith("100 (6. Jan., a.txt) → 164 (9. Jan., b.txt): ein späterer Bericht")
    assert row.entries[0].attribution == "nach Angaben der Polizei"
    (gen,) = [s for s in out.summary.sentences if s.generated]
    assert gen.kind == "updated"
    assert gen.text == "Die Zahl der Todesopfer stieg im Lauf der Berichterstattung: von 100 (6. Jan., a.txt) auf 164 (9. Jan., b.txt)."


def test_same_month_is_not_later(make):
    out = synthesise(*_two(make, "2022-01", "2022-01-09"))  # the month may contain the 9th
    assert out.ledger[0].verdict == "differ"
    assert "neither report is later" in out.ledger[0].why


def test_later_lower_toll_differs(make):
    out = synthesise(*_two(make, "2022-01-09", "2022-01-12", low_a=164, low_b=100))
    row = out.ledger[0]
    assert row.verdict == "differ" and "lower figure" in row.why and row.reason == "later_lower"


def test_troops_do_not_only_grow(make):
    out = synthesise(*_two(make, "2022-01-06", "2022-01-09", category="troops"))
    assert out.ledger[0].verdict == "differ"


def test_overlapping_figures_agree(make):
    out = synthesise(*_two(make, "2022-01-06", "2022-01-09", low_a=164, low_b=164))
    row = out.ledger[0]
    assert row.verdict == "agree" and row.sources == 2 and row.why == "164 (6–9 Jan, a.txt, b.txt): the figures overlap"
    assert not [s for s in out.summary.sentences if s.generated]


def test_a_city_sits_under_its_country_and_is_never_compared_with_it(make):
    text = ("In Almaty in Kasachstan wurden 20 Menschen festgenommen. "
            "Landesweit wurden in Kasachstan 900 Menschen festgenommen.")
    a = make("a", text, "2022-01-07",
             facts=[("20 Menschen", "arrested", 20, 20, None), ("900 Menschen", "arrested", 900, 900, None)],
             entities=[("Almaty", "loc:geonames:1526384", "LOC", "geonames:1526384"),
                       ("Kasachstan", "loc:iso:KZ", "LOC", "iso:KZ")])
    a[1].entities[0].place.country = "KZ"
    out = synthesise([a[0]], [a[1]])
    (row,) = out.ledger
    assert (row.subject, row.verdict, [e.low for e in row.entries]) == ("loc:iso:KZ", "single", [900])
    (city,) = row.parts
    assert (city.subject, city.subject_name, city.relation, [e.low for e in city.entries]) == (
        "loc:geonames:1526384", "Almaty", "place", [20])


def test_story_place_when_the_sentence_names_none(make):
    text = "Kasachstan kommt nicht zur Ruhe. Dabei wurden 50 Menschen verletzt."
    a = make("a", text, "2022-01-07", facts=[("50 Menschen", "injured", 50, 50, None)],
             entities=[("Kasachstan", "loc:iso:KZ", "LOC", "iso:KZ")])
    assert synthesise([a[0]], [a[1]]).ledger[0].subject == "loc:iso:KZ"


def test_what_stays_out(make):
    text = ("Präsident Tokajew, 68 Jahre alt, sprach von 30 Prozent Zustimmung. "
            "Der Einsatz soll zehn Tage dauern. Die Unruhen begannen im Jahr 2022. "
            "Es ist das neuntgrößte Land der Erde. Es gab viele Tote.")
    a = make("a", text, "2022-01-07",
             facts=[("68 Jahre", "age", 68, 68, None), ("30 Prozent", "percent", 30, 30, None),
                    ("zehn Tage", "duration", 10, 10, None, {"unit": "day", "head": "dauern"}),
                    ("2022", "other", 2022, 2022, None, {"head": "Jahr"}),
                    ("neuntgrößte", "other", 9, 9, None, {"head": "Land"}),
                    ("viele Tote", "killed", None, None, None, {"vague": True})],
             times=[("im Jahr 2022", "2022", "year", "date")],
             entities=[("Tokajew", "per:tokayev", "PER")])
    out = synthesise([a[0]], [a[1]])
    cats = {r.category: r for r in out.ledger}
    assert set(cats) == {"duration", "killed"}  # a person's age and a person's percent, a year, a rank stay out
    assert cats["duration"].entries[0].text == "zehn Tage"
    assert cats["killed"].verdict == "unquantified" and not cats["killed"].entries
    assert cats["duration"].verdict == "single"
