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
    assert gen.text == ("Die Zahl der Todesopfer stieg im Lauf der Berichterstattung: "
                        "von 100 Menschen (6. Jan., a.txt) auf 164 (9. Jan., b.txt).")


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


# -- ledger 2.0: slots, nesting, plans, history, notes, places ------------------------------------------

KZ = ("Kasachstan", "loc:iso:KZ", "LOC", "iso:KZ")


def test_a_sub_group_sits_under_its_total_and_is_never_compared(make):
    text = "In Kasachstan starben 164 Menschen, darunter 18 Sicherheitskräfte."
    a = make("a", text, "2022-01-10", entities=[KZ], facts=[
        ("164 Menschen", "killed", 164, 164, None, {"group": "people"}),
        ("18 Sicherheitskräfte", "killed", 18, 18, None, {"group": "security_forces"})])
    (row,) = synthesise([a[0]], [a[1]]).ledger
    assert (row.verdict, [e.low for e in row.entries]) == ("single", [164])
    (part,) = row.parts
    assert (part.group, part.relation, part.verdict, [e.low for e in part.entries]) == (
        "security_forces", "group", "single", [18])
    assert not row.notes


def test_parts_above_their_total_are_noted(make):
    text = "In Kasachstan starben 100 Menschen. In Almaty starben 80 Menschen, in Nur-Sultan 40 Menschen."
    almaty = ("Almaty", "loc:geonames:1526384", "LOC", "geonames:1526384")
    capital = ("Nur-Sultan", "loc:geonames:1526273", "LOC", "geonames:1526273")
    a = make("a", text, "2022-01-10", entities=[KZ, almaty, capital], facts=[
        ("100 Menschen", "killed", 100, 100, None), ("80 Menschen", "killed", 80, 80, None),
        ("40 Menschen", "killed", 40, 40, None)])
    for e in a[1].entities[1:]:
        e.place.country = "KZ"
    (row,) = synthesise([a[0]], [a[1]]).ledger
    assert sorted(p.subject_name for p in row.parts) == ["Almaty", "Nur-Sultan"]
    assert row.notes == ["parts_exceed_total"]
    assert row.why.endswith("the parts add up to more than the total")
    assert why(row, "de").endswith("die Teile ergeben mehr als die Gesamtzahl")


def test_a_plan_then_its_outcome_is_an_update_not_a_conflict(make):
    plan = make("a", "Die Lufthansa will am Freitag 800 Flüge streichen.", "2022-09-01", facts=[
        ("800 Flüge", "cancelled", 800, 800, None, {"group": "flights", "stance": "plan", "unit": "flug"})])
    done = make("b", "Die Lufthansa hat am Freitag 650 Flüge ausfallen lassen.", "2022-09-02", facts=[
        ("650 Flüge", "cancelled", 650, 650, None, {"group": "flights", "unit": "flug"})])
    (row,) = synthesise([plan[0], done[0]], [plan[1], done[1]]).ledger
    assert (row.verdict, row.reason) == ("updated", "plan_then_outcome")
    assert [str(e.role) for e in row.entries] == ["plan", "current"]
    assert row.why == "800 (announced 1 Sep, a.txt) → 650 (2 Sep, b.txt): announced, then reported"
    assert why(row, "de") == "800 (angekündigt 1. Sept., a.txt) → 650 (2. Sept., b.txt): erst angekündigt, dann gemeldet"


def test_a_figure_quoted_as_history_supports_the_update_and_is_not_a_source(make):
    a = make("a", "In Kasachstan wurden 164 Menschen getötet.", "2022-01-09", entities=[KZ],
             facts=[("164 Menschen", "killed", 164, 164, None)])
    text = "In Kasachstan ist die Zahl der Toten auf 225 gestiegen. Zuvor war von 164 Toten die Rede."
    b = make("b", text, "2022-01-15", entities=[KZ], facts=[
        ("225", "killed", 225, 225, None), ("164 Toten", "killed", 164, 164, None, {"stance": "history"})])
    (row,) = synthesise([a[0], b[0]], [a[1], b[1]]).ledger
    assert row.verdict == "updated" and row.sources == 2
    assert [(e.source, str(e.role), e.interval) for e in row.entries] == [
        ("a.txt", "current", "164"), ("b.txt", "current", "225"), ("b.txt", "history", "164")]
    assert row.why.endswith("b.txt itself quotes 164 as the earlier figure")


def test_a_history_quote_turns_a_change_of_any_figure_into_an_update(make):
    a = make("a", "Etwa 2.500 Soldaten sind im Einsatz.", "2022-01-09", entities=[KZ],
             facts=[("2.500 Soldaten", "troops", 2500, 2500, None, {"group": "soldiers"})])
    b = make("b", "Nun sind 2.000 Soldaten im Einsatz, zuvor waren es 2.500 Soldaten.", "2022-01-15", entities=[KZ],
             facts=[("2.000 Soldaten", "troops", 2000, 2000, None, {"group": "soldiers"}),
                    ("2.500 Soldaten", "troops", 2500, 2500, None, {"group": "soldiers", "stance": "history"})])
    (row,) = synthesise([a[0], b[0]], [a[1], b[1]]).ledger
    assert (row.verdict, row.reason) == ("updated", "history_quote")


def test_a_dateline_or_an_attribution_names_no_place(make):
    text = ("ANKARA (dpa) - Ein Beben erschütterte den Osten der Türkei. "
            "Mehr als 1.000 Menschen wurden verletzt, teilte die Behörde in Ankara mit.")
    a = make("a", text, "2020-01-25",
             entities=[("Ankara", "loc:geonames:323786", "LOC", "geonames:323786"), ("Türkei", "loc:iso:TR", "LOC", "iso:TR")],
             facts=[("Mehr als 1.000 Menschen", "injured", 1000, None, "Mehr als",
                     {"attribution": "teilte die Behörde in Ankara mit"})])
    ankara = a[1].entities[0]
    ankara.mentions.insert(0, type(ankara.mentions[0])("ANKARA", 0, 6, 0))  # the dateline
    (row,) = synthesise([a[0]], [a[1]]).ledger
    assert row.subject == "loc:iso:TR"  # the story's place: Ankara is where the report was filed and spoken


def test_a_region_named_as_direction_and_country_is_that_country(make):
    a = make("a", "In der Türkei starben 120 Menschen.", "2020-01-25",
             entities=[("Türkei", "loc:iso:TR", "LOC", "iso:TR")], facts=[("120 Menschen", "killed", 120, 120, None)])
    b = make("b", "In der Osttürkei ist die Zahl der Toten auf 210 gestiegen.", "2020-01-27",
             entities=[("Osttürkei", "loc:ostturkei", "LOC")], facts=[("210", "killed", 210, 210, None)])
    (row,) = synthesise([a[0], b[0]], [a[1], b[1]]).ledger
    assert (row.subject, row.verdict) == ("loc:iso:TR", "updated")


def test_worldwide_figures_hold_the_plant_figures(make):
    text = "Continental streicht in Hannover 550 Stellen. Weltweit fallen 12 000 Jobs weg."
    han = ("Hannover", "loc:geonames:2910831", "LOC", "geonames:2910831")
    a = make("a", text, "2023-03-09", entities=[han], facts=[
        ("550 Stellen", "job_cuts", 550, 550, None, {"group": "jobs"}),
        ("12 000 Jobs", "job_cuts", 12000, 12000, None, {"group": "jobs", "subject": "loc:world"})])
    a[1].entities[0].place.country = "DE"
    (row,) = synthesise([a[0]], [a[1]]).ledger
    assert (row.subject, row.subject_name, [e.low for e in row.entries]) == ("loc:world", "world", [12000])
    assert [(p.subject, p.relation) for p in row.parts] == [("loc:geonames:2910831", "place")]


def test_one_way_to_write_a_figure():
    assert Interval(9000, 10000, False, True).text("en") == "9,000 to < 10,000"
    assert Interval(9000, 10000, False, True).text("de") == "9.000 bis < 10.000"
    assert Interval(10000, None, True).text("de") == "> 10.000" and Interval(None, 10, False, False).text() == "≤ 10"
    assert Interval(2250, 2750, nominal=2500).text("de") == "≈ 2.500"
    assert Interval(1.5e9, 1.5e9).text("en") == "1.5 billion" and Interval(1.5e9, 1.5e9).text("de") == "1,5 Mrd."


def test_a_place_in_the_speaker_phrase_is_not_the_figures(make):
    text = ("Bei dem Beben in der Türkei starben 120 Menschen. "
            "Mehr als 1.000 Menschen wurden verletzt, sagte ein Sprecher der Behörde in Ankara.")
    a = make("a", text, "2020-01-25", entities=[("Türkei", "loc:iso:TR", "LOC", "iso:TR"),
                                                ("Ankara", "loc:geonames:323786", "LOC", "geonames:323786")],
             facts=[("120 Menschen", "killed", 120, 120, None),
                    ("Mehr als 1.000 Menschen", "injured", 1000, None, "Mehr als")])
    assert {(str(r.category), r.subject) for r in synthesise([a[0]], [a[1]]).ledger} == {
        ("killed", "loc:iso:TR"), ("injured", "loc:iso:TR")}


def test_an_outcome_on_the_day_of_its_plan_is_still_its_outcome(make):
    plan = make("a", "Wegen des Streiks sollen 800 Flüge ausfallen.", "2022-09-02", facts=[
        ("800 Flüge", "cancelled", 800, 800, None, {"group": "flights", "stance": "plan", "unit": "flug"})])
    done = make("b", "Die Lufthansa hat 650 Flüge ausfallen lassen.", "2022-09-02", facts=[
        ("650 Flüge", "cancelled", 650, 650, None, {"group": "flights", "unit": "flug"})])
    (row,) = synthesise([plan[0], done[0]], [plan[1], done[1]]).ledger
    assert (row.verdict, row.reason) == ("updated", "plan_then_outcome")
