"""Copies of one wire report count as one source, with or without the ingest's marks."""

from __future__ import annotations

import pytest

from storyline.synthesise.sources import copy_roots, shingles
from storyline.synthesise.story import synthesise
from storyline.synthesise.text import jaccard

WIRE = ("Flooding in the north of the country has killed 120 people, the interior ministry said on Tuesday. "
        "Rescue teams were still searching for survivors in several villages cut off by the water. "
        "The government declared a state of emergency in three provinces and asked the army for help. "
        "Thousands of residents spent the night in schools and sports halls, local officials said. "
        "Forecasters expect more rain over the coming days, which could push rivers even higher.")
COPY = WIRE.replace("local officials said", "officials said")  # an outlet trims one word
OTHER = ("Regional authorities put the death toll from the floods at 80 on Tuesday, far fewer than earlier "
         "estimates. Aid groups said roads to the worst-hit villages remained impassable.")


def _story(make, marks: bool):
    a = make("wire", WIRE, "2022-03-01", "agency.txt", lang="en",
             facts=[("120 people", "killed", 120, 120, None)],
             entities=[("interior ministry", "org:interior-ministry", "ORG")])
    b = make("copy", COPY, "2022-03-01", "portal.txt", lang="en",
             facts=[("120 people", "killed", 120, 120, None)],
             entities=[("interior ministry", "org:interior-ministry", "ORG")])
    c = make("other", OTHER, "2022-03-01", "regional.txt", lang="en",
             facts=[("80", "killed", 80, 80, None)])
    articles = [a[0], b[0], c[0]]
    analyses = [a[1], b[1], c[1]]
    return articles, analyses, ({"copy": "wire"} if marks else None)


def test_copy_texts_are_near_identical():
    assert jaccard(shingles(WIRE), shingles(COPY)) >= 0.8
    assert jaccard(shingles(WIRE), shingles(OTHER)) < 0.2


@pytest.mark.parametrize("marks, detect", [(True, False), (False, True), (True, True)])
def test_two_copies_and_one_other_figure_make_one_differ_row_with_two_sources(make, marks, detect):
    articles, analyses, copies = _story(make, marks)
    out = synthesise(articles, analyses, copies, detect_copies=detect)
    assert out.copies == {"copy": "wire"}
    assert out.independent_sources == 2
    (row,) = [r for r in out.ledger if r.category == "killed"]
    assert row.verdict == "differ"
    assert row.sources == 2
    assert len(row.entries) == 3  # the copy is listed, marked, but not counted
    assert [e.copy_of for e in row.entries].count("wire") == 1
    assert row.why == ("120 “120 people” (1 Mar, agency.txt) vs 80 (1 Mar, regional.txt): "
                       "the figures exclude each other and neither report is later")
    (gen,) = [s for s in out.summary.sentences if s.generated]
    assert gen.text == "Sources give different figures for deaths: agency.txt reports 120 people, regional.txt 80."
    assert [c.article for c in gen.citations] == ["wire", "other"]
    # key entities count the ministry once: it is only named by the wire report and its copy
    (ministry,) = [e for e in out.entities if e.key == "org:interior-ministry"]
    assert ministry.sources == 1 and ministry.articles == 2


def test_copies_alone_are_single_not_agree(make):
    articles, analyses, copies = _story(make, marks=False)
    out = synthesise(articles[:2], analyses[:2])
    (row,) = out.ledger
    assert row.verdict == "single" and row.sources == 1
    assert "portal.txt copy the same report" in row.why


def test_without_marks_or_detection_the_copy_would_confirm(make):
    articles, analyses, _ = _story(make, marks=False)
    out = synthesise(articles[:2], analyses[:2], None, detect_copies=False)
    assert out.ledger[0].verdict == "agree"  # what the copy rule prevents


def test_explicit_mark_names_the_original_even_if_it_comes_later():
    texts = {"a": WIRE, "b": COPY, "c": OTHER}
    roots = copy_roots(["a", "b", "c"], texts, {"a": "b"}, detect=False)
    assert roots == {"a": "b", "b": "b", "c": "c"}
    assert copy_roots(["a", "b", "c"], texts) == {"a": "a", "b": "a", "c": "c"}


def test_detection_scales_to_many_identical_copies():
    texts = {f"c{i}": WIRE for i in range(200)}
    roots = copy_roots(list(texts), texts)
    assert set(roots.values()) == {"c0"}


def test_short_texts_are_compared_too():
    texts = {"a": "Erdbeben in der Türkei.", "b": "Erdbeben in der Türkei.", "c": "Flut in Pakistan."}
    assert copy_roots(list(texts), texts) == {"a": "a", "b": "a", "c": "c"}
