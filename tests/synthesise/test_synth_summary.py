"""The extractive summary: central, non-redundant, cited, in report order."""

from __future__ import annotations

from storyline.synthesise.story import synthesise

A = ("A strong earthquake struck eastern Turkey on Monday, destroying hundreds of buildings. "
     "Rescue teams searched the rubble of collapsed buildings through the night. "
     "The quake was felt as far away as Syria and Lebanon. "
     "A local football match was postponed.")
B = ("Rescue teams in eastern Turkey searched collapsed buildings for survivors after the earthquake. "
     "The earthquake destroyed hundreds of buildings in eastern Turkey, officials said. "
     "Aid agencies sent tents and blankets to the region.")
C = ("The government declared a state of emergency in the provinces hit by the earthquake. "
     "Rescue teams from Greece and Azerbaijan arrived to help search collapsed buildings. "
     "Stock markets were calm.")


def test_summary_is_central_non_redundant_and_cited(make):
    pairs = [make(x, text, "2023-02-06", lang="en") for x, text in (("a", A), ("b", B), ("c", C))]
    out = synthesise([p[0] for p in pairs], [p[1] for p in pairs])
    assert out.lang == "en"
    sentences = out.summary.sentences
    assert len(sentences) == 3 and not any(s.generated for s in sentences)
    texts = [s.text for s in sentences]
    assert "A local football match was postponed." not in texts and "Stock markets were calm." not in texts
    # the two near-paraphrases of "rescue teams searched collapsed buildings" are not both chosen
    assert sum("Rescue teams" in t for t in texts) <= 2
    order = [(s.citations[0].article, s.span[0]) for s in sentences]
    assert order == sorted(order, key=lambda x: ("abc".index(x[0]), x[1]))
    assert out.summary.text == " ".join(texts)


def test_identical_sentences_in_other_reports_are_cited_too(make):
    shared = "The earthquake destroyed hundreds of buildings in eastern Turkey, officials said."
    a = make("a", shared + " Rescue teams searched the rubble through the night for survivors.", "2023-02-06", lang="en")
    b = make("b", "Aid agencies sent tents and blankets to the region. " + shared, "2023-02-06", lang="en")
    out = synthesise([a[0], b[0]], [a[1], b[1]])
    cited = next(s for s in out.summary.sentences if s.text == shared)
    assert {c.article for c in cited.citations} == {"a", "b"}
    assert all(c.quote == shared for c in cited.citations)


def test_empty_and_title_only_stories_do_not_fail(make):
    assert synthesise([], []).headline == ""
    a = make("t", "", "2023-02-06", title="Earthquake hits Turkey", lang="en")
    out = synthesise([a[0]], [a[1]])
    assert out.headline == "Earthquake hits Turkey" and out.summary.sentences == []
    c = out.headline_citation
    assert (c.article, c.source, c.field, c.span, c.quote) == ("t", "t.txt", "title", None, "Earthquake hits Turkey")
