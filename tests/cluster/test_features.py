"""cluster_doc(): what the engine sees of an article -- here the years it spells out."""

from __future__ import annotations

from storyline.cluster import StoryEngine
from storyline.cluster.engine import FEATURES

PATCH_2008 = ("Microsoft issued an emergency patch for Internet Explorer on Wednesday after attackers "
              "exploited a flaw in the browser to steal passwords. The company said the update fixes "
              "the vulnerability in all supported versions of Internet Explorer.")
PATCH_2013 = ("September 18, 2013. Microsoft rushed out an emergency fix for Internet Explorer on Tuesday "
              "after attackers exploited a flaw in the browser. The company said the update fixes the "
              "vulnerability in all supported versions of Internet Explorer.")


def test_years_come_from_absolute_dates_only(make_doc):
    doc = make_doc("Am 6. Januar 2022 landeten die ersten Truppen. Vor rund 30 Jahren war das anders.",
                   "de", "2022-01")
    assert doc.years == [2022]  # "vor rund 30 Jahren" resolves to 1992 but spells out no year
    undated = make_doc(PATCH_2013, "en", None)
    assert undated.years == [2013]
    assert make_doc(PATCH_2008, "en", None).years == []


def test_a_later_year_than_the_story_ever_names_is_a_feature(make_doc):
    engine = StoryEngine()
    old = make_doc(PATCH_2008 + " The flaw was first reported in December 2008.", "en", None)
    engine.partial_fit([old])
    story = next(iter(engine.stories.values()))
    assert story.era == 2008
    f, _ = engine.features(engine.vectorise(make_doc(PATCH_2013, "en", None), count=False), story)
    assert f[FEATURES.index("era_known")] == 1.0
    assert f[FEATURES.index("era_later")] > 1.5  # log1p(5 years)
    assert f[FEATURES.index("era_earlier")] == 0.0
    same, _ = engine.features(engine.vectorise(old, count=False), story)
    assert same[FEATURES.index("era_later")] == 0.0 and same[FEATURES.index("era_known")] == 1.0


def test_the_learned_model_weighs_a_later_year_against_joining():
    model = StoryEngine().model["same"]["text"]
    coef = dict(zip(model["features"], model["coef"]))
    assert coef["era_later"] < 0
