"""Quantity facts on the seed articles and on small German and English sentences."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from storyline.analyse.quantities import find_facts
from storyline.analyse.sentences import split
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


# --- the figures: tolls, flights, jobs, money, durations, units -----------------


def dated(text: str, date: PartialDate | None = PartialDate(2022, 1, 15), lang: str = "de") -> list[Fact]:
    return find_facts(text, split(text, lang), lang, date)


def test_tolls_that_rise_and_ordinal_victims() -> None:
    found = facts("Die Zahl der Toten ist auf 225 gestiegen, darunter 18 Sicherheitskräfte.")
    toll = one(found, "killed", "225")
    assert (toll.value, toll.hedge_kind, toll.group, toll.head) == (225, "exact", "people", "Toten")
    part = one(found, "killed", "18 Sicherheitskräfte")
    assert part.group == "security_forces" and part.part_of == toll.start
    found = facts("Am Dienstag wurde ein fünftes Todesopfer geborgen, damit stieg die Zahl der Toten auf fünf.")
    assert [(f.category, f.value) for f in found] == [("killed", 5), ("killed", 5)]
    assert one(facts("Die Zahl der Todesopfer stieg am Mittwoch auf 210."), "killed", "210").text == "210"
    assert one(facts("Massenkarambolage mit einem Toten"), "killed", "einem Toten").value == 1


def test_flights_outcome_and_plan() -> None:
    done = one(dated("Die Lufthansa hat am Freitag 650 Flüge ausfallen lassen."), "cancelled", "650")
    planned = one(dated("Wegen des Streiks sollen am Freitag 800 Flüge ausfallen."), "cancelled", "800")
    assert (done.group, done.stance, done.as_of) == ("flights", "current", "2022-01-14")
    assert (planned.stance, planned.as_of) == ("plan", "2022-01-21")  # "sollen am Freitag": the coming one
    assert one(facts("Nach Angaben der Lufthansa wurden rund 520 Flüge gestrichen."), "cancelled", "520").hedge_kind == "about"
    vague = one(facts("Hunderte Flüge sind ausgefallen."), "cancelled", "Hunderte")
    assert vague.vague and vague.hedge_kind == "vague"
    part = facts("Allein die Lufthansa habe fast 900 der geplant 1500 Flüge abgesagt.")
    cut, whole = one(part, "cancelled", "fast 900"), one(part, "other", "1500 Flüge")
    assert cut.part_of == whole.start and whole.group == "flights" and cut.text == "fast 900"


def test_job_cuts() -> None:
    found = facts("Der Konzern will rund 550 ihrer 1250 Stellen streichen.")
    cut = one(found, "job_cuts", "rund 550")
    assert (cut.value, cut.hedge_kind, cut.stance, cut.group) == (550, "about", "plan", "jobs")
    assert one(found, "other", "1250 Stellen").stance == "current"
    assert one(facts("Siemens streicht weltweit 12 000 Jobs."), "job_cuts", "12 000").value == 12000
    found = facts("Von rund 9200 Arbeitsplätzen sollen rund 1100 Jobs gestrichen werden, davon 500 in Deutschland.")
    assert [(f.category, f.value, f.stance) for f in found] == [
        ("other", 9200, "plan"), ("job_cuts", 1100, "plan"), ("job_cuts", 500, "plan")]
    found = facts("Ein Sprecher sagte, dass 1100 statt 1700 Arbeitsplätze wegfallen sollen.")
    assert [(f.category, f.value, f.stance) for f in found] == [("job_cuts", 1100, "plan"), ("job_cuts", 1700, "history")]
    assert one(facts("Rund 125 Arbeitsplätze will die Bank, Societe Generale, abbauen."), "job_cuts", "125")
    assert one(facts("Bei Dressmaster stehen 80 Stellen auf dem Spiel."), "job_cuts", "80")
    assert facts("An den Haltestellen warten 80 Menschen.")[0].group == "people"


def test_money_percent_durations_and_units() -> None:
    found = facts("Der Umsatz stieg um 12 Prozent auf 3,4 Milliarden Euro, rund 2,3 bis knapp 2,5 Mio. Euro mehr.")
    assert one(found, "percent", "12").value == 12
    assert one(found, "money", "3,4 Milliarden").value == 3.4e9
    span = one(found, "money", "2,3 bis")
    assert (span.hedge_kind, span.low, span.high) == ("range", 2.3e6, 2.5e6)
    assert one(facts("eine Erstattung in Höhe von EUR 9,6 Millionen"), "money", "EUR").value == 9.6e6
    assert one(facts("Der Streik soll zwei Wochen dauern."), "duration", "zwei Wochen").stance == "plan"
    assert one(facts("Die Regierung verhängte einen Ausnahmezustand für 60 Tage."), "duration", "60 Tage").unit == "day"
    assert one(facts("Sie traten in einen 24-stündigen Streik."), "duration", "24").unit == "hour"
    assert one(facts("Sie traten innerhalb der letzten drei Wochen in Streik."), "duration", "drei").unit == "week"
    units = facts("Bis zu 734m Höhe, 5 km Stau, 109 g/km, 33,5 Grad und 401 PS.")
    assert [(f.category, f.unit, f.value) for f in units] == [
        ("measure", "m", 734), ("measure", "km", 5), ("measure", "g/km", 109), ("measure", "°", 33.5),
        ("measure", "PS", 401)]
    assert one(facts("Mit 53 und 56 Prozent Mindereinnahmen."), "percent", "53").value == 53
    assert one(facts("Die beiden 63 und 41 Jahre alten Insassen."), "age", "63").value == 63


def test_participants_troops_and_negation() -> None:
    assert one(facts("Über 4.000 Menschen demonstrierten am Montag in Nürnberg."), "participants", "4.000")
    assert one(facts("Rund 2000 Beschäftigte wollen am Donnerstag (06.00 Uhr) in den Warnstreik gehen."),
               "participants", "2000").stance == "plan"
    assert one(facts("Die Polizei war mit 1.200 Polizisten im Einsatz."), "troops", "1.200").group == "police"
    found = facts("Drei weitere Personen wurden nicht verletzt.")
    assert not [f for f in found if f.category == "injured"]
    found = facts("Drei afghanische Flüchtlinge gelangten nach Mazedonien, ertranken dort aber in einem Fluss.")
    assert one(found, "killed", "Drei").group == "refugees"


@pytest.mark.parametrize(
    "text",
    [
        "Ein Erdbeben der Stärke 6,8 erschütterte den Osten der Türkei.",
        "Das Beben hatte eine Stärke von 7,3 auf der Richterskala.",
        "Bayern gewann mit 3:1 gegen Dortmund, zur Pause stand es 1:0.",
        "Zwei Tage nach dem Zugunglück wurde ein weiteres Opfer gefunden.",
        "20 Jahre zuvor war er hingerichtet worden.",
        "Er meldete sich vor zwei Wochen.",
        "Am Samstag wurde der 81-Jährige auf der Bundesstraße 198 gesehen.",
    ],
)
def test_magnitudes_scores_offsets_are_no_counts(text: str) -> None:
    assert [f.category for f in facts(text)] in ([], ["age"])


def test_ages_beside_names_and_glued_forms() -> None:
    assert one(facts("Markus Schmidt (37) aus Neukölln hat zwei Handynummern."), "age", "37").value == 37
    assert one(facts("Der 25jährige wird am Sonnabend boxen."), "age", "25jährige").value == 25
    assert one(facts("Er lockte einen 26 jährigen von der Straße."), "age", "26").value == 26
    assert one(facts("Hendrix bekam mit 13 Jahren sein erstes Instrument."), "age", "13").value == 13


def test_history_and_plan_stances() -> None:
    assert one(facts("Die Behörden hatten zuvor von 164 Toten gesprochen."), "killed", "164").stance == "history"
    found = facts("Das entspricht einem Anteil von 6,3 Prozent nach 5,4 Prozent ein Jahr zuvor.")
    assert [f.stance for f in found] == ["current", "history"]
    found = facts("Die Zahl der Toten stieg von 164 auf 225.")
    assert [(f.value, f.stance) for f in found] == [(164, "history"), (225, "current")]
    assert one(facts("Insgesamt sollen etwa 2.500 Soldaten im Einsatz gewesen sein."), "troops", "2.500").stance == "current"
    assert one(facts("Die Airline hatte angekündigt, 2.900 Stellen bis 2017 zu streichen."), "job_cuts", "2.900").stance == "plan"
    assert one(facts("Der Grenzwert wird regelmäßig um 50 Prozent überschritten."), "percent", "50").stance == "current"


def test_as_of_is_the_clause_time_and_quotes_the_article() -> None:
    text = "Bis Sonntag stieg die Zahl der Toten auf 225. Am Montag nannte die Regierung 230 Tote, am Dienstag 240 Tote."
    found = dated(text)
    first, second, third = found
    assert first.as_of == "2022-01-09" and text[first.as_of_start:first.as_of_end] == "Bis Sonntag"
    assert (second.as_of, third.as_of) == ("2022-01-10", "2022-01-11")
    month = dated("Am Donnerstag starben 20 Menschen.", PartialDate(2022, 1))
    assert month[0].as_of == "2021-12-30/2022-01-27"  # a month-dated article: the honest range
    assert dated("Es starben 20 Menschen.")[0].as_of is None


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


def test_english_claims() -> None:
    toll = one(facts("The death toll has risen to 225, the health ministry said.", "en"), "killed", "225")
    assert toll.attribution == "the health ministry said" and toll.stance == "current"
    assert one(facts("Authorities had previously put the death toll at 164.", "en"), "killed", "164").stance == "history"
    found = facts("The number of dead rose from 164 to 225.", "en")
    assert [(f.value, f.stance) for f in found] == [(164, "history"), (225, "current")]
    assert facts("A magnitude 6.8 earthquake struck on Friday.", "en") == []
    assert facts("Two days after the crash, rescuers searched the wreckage.", "en") == []
    assert one(facts("Rescuers pulled a fifth body from the wreckage.", "en"), "killed", "fifth").value == 5
    plan = one(facts("The airline said it would cancel 800 flights.", "en"), "cancelled", "800")
    assert plan.stance == "plan" and plan.group == "flights"
    assert one(facts("Lufthansa cancelled 650 flights on Friday.", "en"), "cancelled", "650").stance == "current"
    assert one(facts("The company plans to cut 12,000 jobs.", "en"), "job_cuts", "12,000").stance == "plan"
    assert one(facts("Some 2,000 protesters marched through Almaty.", "en"), "participants", "2,000")


# --- contract ---------------------------------------------------------------------------


def test_other_languages_and_empty_input() -> None:
    assert find_facts("Il y a 164 morts.", split("Il y a 164 morts.", "de"), "fr") == []
    assert find_facts("", [], "de") == []
    assert find_facts("164 Tote", split("164 Tote", "de"), None) == []


_ALPHABET = st.sampled_from(list("0123456789.,:%€$- \n") + ["Tote", "fast ", "mehr als ", "Menschen", "starben",
                                                           "Januar", "am ", "Donnerstag", "vor ", "Jahren", "zehn",
                                                           "Tage", "Hunderte", "killed", "people", "ä", "😀", "\u00a0"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), st.lists(_ALPHABET, max_size=40).map("".join)),
       st.sampled_from(["de", "en"]))
@example("0²", "de")  # "²" is a digit to str.isdigit but no number to int(): it aborted the analysis
def test_spans_are_exact_for_any_text(text: str, lang: str) -> None:
    sentences = split(text, lang)
    found = find_facts(text, sentences, lang)
    check_spans(text, sentences, found)
    for f in found:
        assert f.low is None or f.high is None or f.low <= f.high
