"""Real-looking German and English news through the shipped model: one event stays one story whatever
the order or the language, and unrelated reports of the same days stay apart."""

from __future__ import annotations

from itertools import permutations

import pytest

from storyline.cluster import StoryEngine

from .articles import (BUNDESLIGA_DE, BUS_CRASH_DE, DERAIL_BR, DERAIL_EN, DERAIL_MERKUR, DERAIL_SZ, FERRY_EN,
                       INFLATION_DE)


def _doc(make_doc, text: str, lang: str, date: str):
    title, body = text.split("\n\n", 1)  # the articles open with their headline
    return make_doc(body, lang, date, title=title)


@pytest.fixture(scope="module")
def derail(make_doc):
    return {
        "br": _doc(make_doc, DERAIL_BR, "de", "2022-06-03"),
        "sz": _doc(make_doc, DERAIL_SZ, "de", "2022-06-03"),
        "merkur": _doc(make_doc, DERAIL_MERKUR, "de", "2022-06-04"),
        "en": _doc(make_doc, DERAIL_EN, "en", "2022-06-03"),
        "bus": _doc(make_doc, BUS_CRASH_DE, "de", "2022-06-05"),
        "ferry": _doc(make_doc, FERRY_EN, "en", "2022-06-04"),
        "bundesliga": make_doc(BUNDESLIGA_DE, "de", "2022-06-04"),
        "inflation": make_doc(INFLATION_DE, "de", "2022-06-03"),
    }


def _stream(docs) -> dict[str, str]:
    """Each article in a batch of its own (as they arrive); article id -> its story after merges and moves."""
    engine = StoryEngine()
    story = {}
    for doc in docs:
        for asg in engine.partial_fit([doc]):
            story[asg.article_id] = asg.story_id
    return {a: engine.resolve(s) for a, s in story.items()}


@pytest.mark.parametrize("order", list(permutations(("br", "sz", "merkur"))))
def test_three_german_outlets_on_one_derailment_are_one_story_in_every_order(derail, order):
    docs = [derail[k] for k in order]
    # unrelated German news of the same days before and after, so the story is never alone
    story = _stream([derail["bundesliga"], *docs, derail["inflation"]])
    assert len({story[d.id] for d in docs}) == 1, order
    assert story[derail["bundesliga"].id] != story[docs[0].id]
    assert story[derail["inflation"].id] != story[docs[0].id]


def test_another_accident_of_the_same_region_and_week_stays_apart(derail):
    story = _stream([derail["br"], derail["sz"], derail["bus"]])
    assert story[derail["br"].id] == story[derail["sz"].id]
    assert story[derail["bus"].id] != story[derail["br"].id]


@pytest.mark.parametrize("english_first", [False, True])
def test_a_german_and_an_english_report_of_one_event_join(derail, english_first):
    de, en = derail["br"], derail["en"]
    docs = [en, de] if english_first else [de, en]
    story = _stream([derail["bundesliga"], derail["ferry"], *docs])
    assert story[de.id] == story[en.id]
    assert story[derail["ferry"].id] != story[de.id]  # another English accident report stays apart
    assert story[derail["bundesliga"].id] != story[de.id]


def test_the_english_report_joins_the_german_story_of_three(derail):
    story = _stream([derail[k] for k in ("sz", "merkur", "ferry", "en", "br")])
    assert len({story[derail[k].id] for k in ("sz", "merkur", "en", "br")}) == 1
    assert story[derail["ferry"].id] != story[derail["en"].id]
