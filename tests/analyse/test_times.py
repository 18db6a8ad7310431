"""Time expressions: seeds with a month-precise date, day-precise resolution, English."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.analyse.sentences import split
from storyline.analyse.times import find_times
from storyline.ingest.textfile import parse_text
from storyline.types import PartialDate, TimeExpr

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"
JAN = PartialDate(2022, 1)
FRIDAY = PartialDate(2022, 1, 14)


@lru_cache(maxsize=None)
def seed(prefix: str) -> tuple[str, list]:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    article = parse_text(path.read_text(encoding="utf-8"), path.name)
    return article.text, split(article.text, "de")


def seed_times(prefix: str, date: PartialDate | None = JAN) -> list[TimeExpr]:
    text, sentences = seed(prefix)
    return find_times(text, sentences, "de", date)


def times(text: str, date: PartialDate | None = FRIDAY, lang: str = "de") -> list[TimeExpr]:
    return find_times(text, split(text, lang), lang, date)


def only(found: list[TimeExpr], words: str) -> TimeExpr:
    hits = [t for t in found if words.lower() in t.text.lower()]
    assert hits, f"{words!r} not in {[t.text for t in found]}"
    return hits[0]


def check_spans(text: str, sentences: list, found: list[TimeExpr]) -> None:
    by_index = {s.index: s for s in sentences}
    previous_end = -1
    for t in found:
        assert text[t.start:t.end] == t.text
        s = by_index[t.sentence]
        assert s.start <= t.start < t.end <= s.end
        assert t.start >= previous_end  # no overlapping expressions
        previous_end = t.end


# --- seeds, article date "2022-01" ------------------------------------------------------


def test_seed_000_month_date_ranges() -> None:
    text, sentences = seed("000")
    found = seed_times("000")
    check_spans(text, sentences, found)

    wed = only(found, "Mittwoch kommender Woche")
    assert wed.text == "am Mittwoch kommender Woche" and wed.kind == "weekday"
    assert wed.value is None  # a month-precise article date cannot give the day
    assert (wed.range_start, wed.range_end) == ("2022-01-05", "2022-02-09")  # the week after any January week
    assert not [t for t in found if t.text in ("am Mittwoch", "Mittwoch")]

    week = only(found, "in der vergangenen Woche")
    assert week.kind == "relative" and week.range_start <= "2022-01-03" and week.range_end >= "2022-01-24"

    ago = only(found, "vor rund 30 Jahren")
    assert (ago.value, ago.precision) == ("1992", "year")
    assert ago.range_start <= "1991-01-01" and ago.range_end >= "1993-12-31"

    thursday = only(found, "am Donnerstag")
    assert thursday.kind == "weekday" and thursday.value is None
    assert (thursday.range_start, thursday.range_end) == ("2021-12-30", "2022-01-27")


def test_seed_002_month_date_ranges() -> None:
    text, sentences = seed("002")
    found = seed_times("002")
    check_spans(text, sentences, found)
    start = only(found, "Anfang des Monats")
    assert (start.value, start.precision, start.range_start, start.range_end) == ("2022-01", "month", "2022-01-01", "2022-01-10")
    recent = [t for t in found if t.text.lower() == "in den vergangenen tagen"]
    assert len(recent) == 3
    assert all(t.range_start < "2022-01-01" and t.range_end == "2022-01-31" for t in recent)
    ten = only(found, "zehn Tage")
    assert (ten.kind, ten.duration_days) == ("duration", 10)


def test_seeds_without_date_report_spans_only() -> None:
    found = seed_times("000", None)
    assert only(found, "Mittwoch kommender Woche").value is None
    assert all(t.value is None and t.range_start is None for t in found)


# --- day-precise article date: Friday 2022-01-14 ----------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "value", "precision"),
    [
        ("Putin sprach am Donnerstag.", "am Donnerstag", "2022-01-13", "day"),
        ("Er hatte in der vergangenen Woche um Hilfe gebeten.", "in der vergangenen Woche", "2022-W01", "week"),
        ("Der Abzug werde am Mittwoch kommender Woche abgeschlossen.", "am Mittwoch kommender Woche", "2022-01-19", "day"),
        ("Gestern kam es zu Protesten.", "Gestern", "2022-01-13", "day"),
        ("Am 11.01.2022 begann der Abzug.", "11.01.2022", "2022-01-11", "day"),
        ("Am 6. Januar 2022 kamen die Truppen.", "6. Januar 2022", "2022-01-06", "day"),
        ("Am 6. Januar kamen die Truppen.", "am 6. Januar", "2022-01-06", "day"),
        ("Im Dezember war es ruhig.", "im Dezember", "2021-12", "month"),
        ("Im Jahr 2021 war es ruhig.", "Im Jahr 2021", "2021", "year"),
        ("Vor zwei Tagen kam es zu Protesten.", "Vor zwei Tagen", "2022-01-12", "day"),
        ("Die Wahl ist nächste Woche.", "nächste Woche", "2022-W03", "week"),
        ("Letzte Woche war es ruhig.", "Letzte Woche", "2022-W01", "week"),
        ("Heute ist es ruhig.", "Heute", "2022-01-14", "day"),
        ("Morgen wird gewählt.", "Morgen", "2022-01-15", "day"),
        ("Am Wochenende ebbten die Proteste ab.", "Am Wochenende", "2022-W01", "week"),
        ("Im vergangenen Jahr war es ruhig.", "im vergangenen Jahr", "2021", "year"),
        ("Am vergangenen Mittwoch war es ruhig.", "vergangenen Mittwoch", "2022-01-12", "day"),
    ],
)
def test_day_precise_resolution(text: str, words: str, value: str, precision: str) -> None:
    t = only(times(text), words)
    assert (t.value, t.precision) == (value, precision)


def test_future_weekday_and_morning() -> None:
    # future cue and no past cue in the clause: the next such day
    assert only(times("Die Regierung wird am Montag entscheiden."), "Montag").value == "2022-01-17"
    # "am Morgen" is the morning, not tomorrow
    assert [t.text for t in times("Am Morgen war es ruhig.")] == []


def test_durations_and_ages() -> None:
    found = times("Der Abzug soll zehn Tage dauern, der 81 Jahre alte Herrscher schwieg drei Wochen lang.")
    assert [(t.text, t.duration_days) for t in found] == [("zehn Tage", 10), ("drei Wochen", 21)]


def test_month_only_thursday_is_a_range_never_a_day() -> None:
    t = only(times("Die Verlegung begann am Donnerstag.", JAN), "Donnerstag")
    assert t.value is None and t.range_start == "2021-12-30" and t.range_end == "2022-01-27"


# --- English ----------------------------------------------------------------------------


def test_english() -> None:
    found = times("Troops arrived on Thursday and left last week. Two days ago it was calm.", FRIDAY, "en")
    assert only(found, "on Thursday").value == "2022-01-13"
    assert only(found, "last week").value == "2022-W01"
    assert only(found, "Two days ago").value == "2022-01-12"
    found = times("On January 6, 2022, yesterday and Wednesday next week.", FRIDAY, "en")
    assert only(found, "January 6, 2022").value == "2022-01-06"
    assert only(found, "yesterday").value == "2022-01-13"
    assert only(found, "Wednesday next week").value == "2022-01-19"
    # "may" the verb is not May
    assert times("Troops may leave.", FRIDAY, "en") == []


def test_other_languages_and_empty_input() -> None:
    assert find_times("", [], "de", JAN) == []
    assert find_times("Jeudi", split("Jeudi", "de"), "fr", JAN) == []


_ALPHABET = st.sampled_from(list("0123456789.,:/- \n") + ["am ", "Donnerstag", "Mittwoch ", "kommender ", "Woche",
                                                         "vor ", "rund ", "Jahren", "Januar", "gestern", "May ",
                                                         "last ", "week", "ago", "Anfang ", "des Monats", "😀"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), st.lists(_ALPHABET, max_size=40).map("".join)),
       st.sampled_from(["de", "en"]),
       st.sampled_from([None, PartialDate(2022), JAN, FRIDAY, PartialDate(1, 1, 1), PartialDate(9999, 12, 31)]))
def test_spans_are_exact_for_any_text(text: str, lang: str, date: PartialDate | None) -> None:
    sentences = split(text, lang)
    found = find_times(text, sentences, lang, date)
    check_spans(text, sentences, found)
    for t in found:
        if t.range_start and t.range_end:
            assert t.range_start <= t.range_end
