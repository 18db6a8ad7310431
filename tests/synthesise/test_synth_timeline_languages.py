"""Timeline entries that read alone, across languages: one entry per event whether German or English
reports tell it, and the sentence before a quote that leans on it."""

from __future__ import annotations

from storyline.synthesise import synthesise


def test_a_german_and_an_english_report_of_one_event_are_one_entry(make):
    de = make("de", "Am 13. Januar trat die Regierung von Kasachstan in Almaty zurück. Sonst nichts.", "2022-01-14",
              source="dpa", times=[("Am 13. Januar", "2022-01-13", "day", "date")],
              entities=[("Kasachstan", "loc:iso:KZ", "LOC"), ("Almaty", "loc:geonames:1526384", "LOC")])
    en = make("en", "On January 13 the government of Kazakhstan resigned in Almaty. Nothing else.", "2022-01-14",
              source="Reuters", lang="en", times=[("On January 13", "2022-01-13", "day", "date")],
              entities=[("Kazakhstan", "loc:iso:KZ", "LOC"), ("Almaty", "loc:geonames:1526384", "LOC")])
    other = make("x", "On January 13 flights to Tokyo were cancelled. Nothing else.", "2022-01-14", source="AP",
                 lang="en", times=[("On January 13", "2022-01-13", "day", "date")])
    out = synthesise([de[0], en[0], other[0]], [de[1], en[1], other[1]])
    on_13 = [t for t in out.timeline if t.value == "2022-01-13"]
    assert len(on_13) == 2  # the resignation (two languages) and the flights
    resign = next(t for t in on_13 if len(t.citations) == 2)
    assert {c.source for c in resign.citations} == {"dpa", "Reuters"} and resign.languages == ["de", "en"]
    assert resign.sources == 2


def test_a_sentence_that_leans_on_the_one_before_carries_it(make):
    text = ("Die Polizei nahm in Almaty 50 Demonstranten fest. Das teilte das Innenministerium am Montag mit. "
            "Am Dienstag blieb es ruhig.")
    a = make("a", text, "2022-01-12", times=[("am Montag", "2022-01-10", "day", "date"),
                                              ("Am Dienstag", "2022-01-11", "day", "date")])
    tl = {t.value: t for t in synthesise([a[0]], [a[1]]).timeline}
    monday = tl["2022-01-10"]
    assert monday.text.startswith("Das teilte")
    assert monday.context is not None and monday.context.quote == "Die Polizei nahm in Almaty 50 Demonstranten fest."
    assert text[monday.context.span[0]:monday.context.span[1]] == monday.context.quote
    assert tl["2022-01-11"].context is None  # "Am Dienstag …" stands alone
