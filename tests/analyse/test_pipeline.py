"""The analysis pipeline over whole articles: language, and inputs that must not crash it."""

from storyline.analyse.pipeline import analyse_text
from storyline.types import PartialDate


def test_seed_is_german_with_everything_tied_to_its_words(seed_paths):
    body = seed_paths[0].read_text(encoding="utf-8").split("\n", 1)[1].strip()
    result = analyse_text("a", body, PartialDate(2022, 1))
    assert result.lang == "de" and result.lang_confidence > 0.5
    assert result.sentences and result.entities and result.facts and result.times
    for s in result.sentences:
        assert all(body[t.start:t.end] == t.text for t in s.tokens)
    for f in result.facts:
        assert body[f.start:f.end] == f.text
    for t in result.times:
        assert body[t.start:t.end] == t.text
    for e in result.entities:
        assert all(body[m.start:m.end] == m.text for m in e.mentions)


def test_english_is_recognised():
    text = "Kazakh President Kassym-Jomart Tokayev said nearly 10,000 people were detained last week."
    result = analyse_text("e", text, PartialDate(2022, 1, 14))
    assert result.lang == "en"
    assert any(f.category == "arrested" for f in result.facts)


def test_empty_text_gives_an_empty_analysis():
    result = analyse_text("x", "", None)
    assert result.lang is None and not result.sentences and not result.facts


def test_unsupported_language_is_reported_and_nothing_is_invented():
    text = ("Le président du Kazakhstan a demandé l'aide de l'OTSC la semaine dernière ; "
            "près de 10 000 personnes ont été arrêtées selon le gouvernement.")
    result = analyse_text("f", text, PartialDate(2022, 1))
    assert result.lang == "fr"
    assert not (result.sentences or result.entities or result.facts or result.times)


def test_long_single_line_text_does_not_crash():
    # The 5 MB case is measured by `make bench` (analysis: long_text); 200 kB keeps the suite fast.
    sentence = "Die Polizei nahm am Donnerstag in Almaty mehr als 20 Menschen fest, sagte ein Sprecher. "
    text = sentence * (200_000 // len(sentence))
    result = analyse_text("l", text, PartialDate(2022, 1, 14))
    assert result.lang == "de"
    assert len(result.sentences) > 1000
    assert all(text[f.start:f.end] == f.text for f in result.facts)
