"""Quantity facts on the seed articles and on small German and English sentences."""

from __future__ import annotations

import time
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.analyse.quantities import find_facts
from storyline.analyse.sentences import split
from storyline.analyse.times import find_times
from storyline.ingest.textfile import parse_text
from storyline.types import Fact, PartialDate

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"
PEOPLE = {"killed", "injured", "arrested", "troops", "evacuated", "affected"}


@lru_cache(maxsize=None)
def seed(prefix: str) -> tuple[str, list]:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    article = parse_text(path.read_text(encoding="utf-8"), path.name)
    assert article.date == PartialDate(2022, 1)
    return article.text, split(article.text, "de")


@lru_cache(maxsize=None)
def seed_facts(prefix: str) -> list[Fact]:
    text, sentences = seed(prefix)
    return find_facts(text, sentences, "de")


def facts(text: str, lang: str = "de") -> list[Fact]:
    return find_facts(text, split(text, lang), lang)


def one(found: list[Fact], category: str, containing: str) -> Fact:
    hits = [f for f in found if f.category == category and containing in f.text]
    assert len(hits) == 1, f"{category} {containing!r}: {found}"
    return hits[0]


def check_spans(text: str, sentences: list, found: list) -> None:
    by_index = {s.index: s for s in sentences}
    for f in found:
        assert text[f.start:f.end] == f.text
        s = by_index[f.sentence]
        assert s.start <= f.start < f.end <= s.end


# --- seed 000 -------------------------------------------------------------------------


def test_seed_000_killed_arrested_troops() -> None:
    found = seed_facts("000")
    killed = one(found, "killed", "164")
    assert (killed.low, killed.high, killed.hedge) == (164, 164, None)
    assert killed.attribution == "nach Angaben der Regierung"
    assert killed.unit == "people" and not killed.vague

    arrested = one(found, "arrested", "fast 10.000")
    assert arrested.high == 10000 and arrested.low is not None and arrested.low < 10000
    assert arrested.hedge == "fast" and arrested.head == "festgenommen"

    troops = one(found, "troops", "etwa 2.500")
    assert troops.low <= 2500 <= troops.high and troops.low < troops.high
    assert troops.hedge == "etwa" and troops.head == "Soldaten"


def test_seed_000_no_time_or_rank_facts() -> None:
    text, sentences = seed("000")
    found = seed_facts("000")
    check_spans(text, sentences, found)
    assert not [f for f in found if "30" in f.text]  # "vor rund 30 Jahren" is a time expression
    assert {f.category for f in found} == {"killed", "arrested", "troops"}


# --- seed 002 -------------------------------------------------------------------------


def test_seed_002_figures() -> None:
    found = seed_facts("002")
    arrested = one(found, "arrested", "mehr als 10.000")
    assert arrested.low == 10000 and (arrested.high is None or arrested.high > 10000)
    assert arrested.hedge == "mehr als" and not arrested.vague

    evacuated = one(found, "evacuated", "mehr als 2000")
    assert evacuated.low == 2000 and evacuated.high is None
    assert evacuated.attribution == "eigenen Angaben zufolge"  # "flog ... aus": a separable verb

    duration = one(found, "duration", "zehn Tage")
    assert (duration.low, duration.high, duration.unit) == (10, 10, "day")


def test_seed_002_vague_mentions_are_kept() -> None:
    found = seed_facts("002")
    killed = one(found, "killed", "viele Tote")
    assert killed.vague and killed.low is None and killed.high is None
    injured = one(found, "injured", "Hunderte Verletzte")
    assert injured.vague and (injured.low, injured.high) == (200, 999)


def test_seed_002_never_people_counts_of_ages_ranks_or_times() -> None:
    text, sentences = seed("002")
    found = seed_facts("002")
    check_spans(text, sentences, found)
    for f in found:
        assert "neuntgrößten" not in f.text
        if "81" in f.text:
            assert f.category == "age" and f.unit == "year"
    assert not [f for f in found if f.category in PEOPLE and "81" in f.text]
    assert not [f for f in found if "Woche" in f.text]  # "eine Woche": the article, no fact


# --- German sentences -------------------------------------------------------------------


def test_comma_clauses_get_their_own_verbs() -> None:
    found = facts("Bei den Protesten wurden 164 Menschen getötet, mehr als 300 verletzt und fast 10.000 festgenommen.")
    assert one(found, "killed", "164").low == 164
    assert one(found, "injured", "mehr als 300").low == 300
    assert one(found, "arrested", "fast 10.000").high == 10000


def test_head_before_the_number_and_attribution_variants() -> None:
    found = facts("Die Zahl der Toten stieg auf 225, wie das Innenministerium mitteilte.")
    assert one(found, "killed", "225").attribution == "wie das Innenministerium mitteilte"
    found = facts("Festnahmen: 10.000. Laut Polizei gab es zwischen 5 und 6 Tote.")
    assert one(found, "arrested", "10.000").low == 10000
    ranged = one(found, "killed", "zwischen 5 und 6")
    assert (ranged.low, ranged.high, ranged.attribution) == (5, 6, "Laut Polizei")
    found = facts("OVKS-Angaben zufolge wurden 30 Soldaten verletzt.")
    assert one(found, "injured", "30").attribution == "OVKS-Angaben zufolge"


def test_money_percent_and_scales() -> None:
    found = facts("Die Regierung gab 3 Mrd. Euro aus, das sind 5,5 Prozent des Haushalts.")
    money = one(found, "money", "3 Mrd. Euro")
    assert (money.low, money.unit) == (3e9, "EUR")
    percent = one(found, "percent", "5,5 Prozent")
    assert (percent.low, percent.unit) == (5.5, "%")
    found = facts("Rund 1,5 Millionen Menschen sind betroffen.")
    affected = one(found, "affected", "1,5 Millionen")
    assert affected.low <= 1.5e6 <= affected.high


def test_hedges() -> None:
    assert one(facts("Bis zu 500 Menschen wurden evakuiert."), "evacuated", "500").low is None
    assert one(facts("Bis zu 500 Menschen wurden evakuiert."), "evacuated", "500").high == 500
    gut = one(facts("Gut 100 Soldaten sollen abziehen."), "troops", "100")
    assert (gut.low, gut.high, gut.hedge) == (100, 110, "Gut")
    knapp = one(facts("Knapp 50 Menschen wurden festgenommen."), "arrested", "50")
    assert (knapp.low, knapp.high) == (45, 50)


def test_vague_magnitudes_and_quantifiers() -> None:
    found = facts("Zehntausende Menschen flohen. Mehrere hundert Demonstranten wurden verletzt. Zahlreiche Festnahmen folgten.")
    assert one(found, "affected", "Zehntausende").vague
    several = one(found, "injured", "Mehrere hundert")
    assert several.vague and (several.low, several.high) == (200, 999)
    assert one(found, "arrested", "Zahlreiche").vague
    # vague amounts of things that are not people are dropped
    assert facts("In vielen Städten gab es über viele Jahre Proteste.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Kasachstan wurde im Jahr 1991 unabhängig.",
        "Am 6. Januar 2022 begannen die Proteste.",
        "Am 11.01.2022 um 14:03 Uhr sprach er.",
        "Das Land ist der neuntgrößte der Welt, der 6. Platz ging an Kasachstan.",
        "Vor rund 30 Jahren wurde das Land unabhängig.",
        "Tel. +49 30 123456 oder 030/1234567.",
        "Artikel 5 gilt seit 2014.",
        "Eine Frau und ein Mann sprachen.",
        "Er war 2,500 Euro wert.",  # ambiguous digit shape: no fact rather than a wrong one
    ],
)
def test_not_facts(text: str) -> None:
    assert facts(text) == []


def test_ages() -> None:
    found = facts("Der 81-Jährige trat zurück. Der Herrscher ist 81 Jahre alt.")
    assert [f.category for f in found] == ["age", "age"]
    assert all(f.low == 81 and f.unit == "year" for f in found)


def test_unknown_head_is_other() -> None:
    found = facts("Dabei brannten 500 Autos.")
    other = one(found, "other", "500 Autos")
    assert other.head == "Autos" and other.unit == "auto"
    assert facts("Dabei brannten 500.") == []  # no head, no trigger: no fact


# --- English --------------------------------------------------------------------------


def test_english() -> None:
    found = facts("Nearly 10,000 people were detained, police said.", "en")
    arrested = one(found, "arrested", "Nearly 10,000")
    assert arrested.high == 10000 and arrested.low < 10000 and arrested.attribution == "police said"

    found = facts("More than 2,000 civilians were evacuated.", "en")
    assert one(found, "evacuated", "2,000").low == 2000

    found = facts("At least 164 people were killed, according to the government.", "en")
    killed = one(found, "killed", "164")
    assert (killed.low, killed.high, killed.hedge) == (164, None, "At least")
    assert killed.attribution == "according to the government"

    found = facts("Police arrested 300 people and killed 20. Dozens of protesters were wounded.", "en")
    assert one(found, "arrested", "300").low == 300
    assert one(found, "killed", "20").low == 20
    assert one(found, "injured", "Dozens").vague

    found = facts("The company lost $1.5 billion, or 20% of its value. The 81-year-old resigned.", "en")
    assert one(found, "money", "$1.5 billion").low == 1.5e9
    assert one(found, "percent", "20%").low == 20
    assert one(found, "age", "81-year-old").low == 81

    assert facts("Article 5 applies. Flight 17 crashed at 2:03 p.m. in 2014.", "en") == []


# --- contract ---------------------------------------------------------------------------


def test_other_languages_and_empty_input() -> None:
    assert find_facts("Il y a 164 morts.", split("Il y a 164 morts.", "de"), "fr") == []
    assert find_facts("", [], "de") == []
    assert find_facts("164 Tote", split("164 Tote", "de"), None) == []


def test_speed_on_seeds() -> None:
    """find_facts + find_times stay a small part of the 20 ms per article budget."""
    arts = [seed("000"), seed("002")]
    rounds = 20
    start = time.process_time()
    for _ in range(rounds):
        for text, sentences in arts:
            sents = list(sentences)  # a new list: no cache hit from the previous round
            find_facts(text, sents, "de")
            find_times(text, sents, "de", PartialDate(2022, 1))
    per_article = (time.process_time() - start) / (rounds * len(arts))
    assert per_article < 0.005, f"{per_article * 1000:.2f} ms per article"


_ALPHABET = st.sampled_from(list("0123456789.,:%€$- \n") + ["Tote", "fast ", "mehr als ", "Menschen", "starben",
                                                           "Januar", "am ", "Donnerstag", "vor ", "Jahren", "zehn",
                                                           "Tage", "Hunderte", "killed", "people", "ä", "😀", "\u00a0"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), st.lists(_ALPHABET, max_size=40).map("".join)),
       st.sampled_from(["de", "en"]))
def test_spans_are_exact_for_any_text(text: str, lang: str) -> None:
    sentences = split(text, lang)
    found = find_facts(text, sentences, lang)
    check_spans(text, sentences, found)
    for f in found:
        assert f.low is None or f.high is None or f.low <= f.high
