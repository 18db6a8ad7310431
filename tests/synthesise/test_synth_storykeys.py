"""One entity per story: *Trump* in one report is *Donald Trump* of another (synthesise/storykeys.py)."""

from __future__ import annotations

from storyline.synthesise.story import synthesise
from storyline.types import Article, PartialDate

from conftest import real_analyses

FULL = ("US-Präsident Donald Trump hat dem Iran mit weiteren Sanktionen gedroht. Trump sagte am Mittwoch in "
        "Washington, die Regierung in Teheran werde für den Angriff bezahlen.")
SHORT = ("Nach dem Raketenangriff auf zwei Stützpunkte im Irak drohte Trump der Führung in Teheran mit neuen "
         "Sanktionen. Verletzt wurde nach Angaben des Pentagons niemand.")
WIFE = ("Melania Trump begleitete ihren Mann nicht nach Florida, teilte das Weiße Haus am Mittwoch mit.")


def _article(aid: str, text: str, source: str) -> Article:
    return Article(aid, text, PartialDate.parse("2020-01-08"), source, lang="de")


def _people(articles):
    syn = synthesise(articles, real_analyses(articles))
    return {e.key: e for e in syn.entities if e.type == "PER"}


def test_a_surname_alone_is_the_story_s_one_full_name():
    """Two outlets, one writing the full name and one only the surname: one person with two sources."""
    people = _people([_article("a", FULL, "agency"), _article("b", SHORT, "paper")])
    assert "per:trump" not in people, sorted(people)
    trump = people["per:donald-trump"]
    assert trump.sources == 2 and trump.name == "Donald Trump", trump
    assert {c.article for c in trump.citations} == {"a", "b"}
    assert {c.quote for c in trump.citations} == {"Donald Trump", "Trump"}


def test_a_surname_two_full_names_share_stays_apart():
    """*Donald* and *Melania Trump* in one story: the article that writes only *Trump* is not resolved."""
    people = _people([_article("a", FULL, "agency"), _article("b", SHORT, "paper"), _article("c", WIFE, "tv")])
    assert {"per:trump", "per:donald-trump", "per:melania-trump"} <= set(people), sorted(people)
    assert people["per:trump"].sources == 1


def test_a_german_genitive_alone_is_the_story_s_person():
    """*Hamas lehnt Trumps „Jahrhundertdeal“ ab*: a report that names the man only in the genitive
    had a person *Trumps* of its own (``per:trumps``) beside the other outlet's *Donald Trump*."""
    plan = ("US-Präsident Donald Trump hat am Dienstag seinen Nahost-Friedensplan vorgestellt. Die Palästinenser "
            "waren an der Ausarbeitung nicht beteiligt.")
    hamas = ("Hamas lehnt Trumps „Jahrhundertdeal“ ab. Die Hamas lehnt den Plan als Verschwörung gegen das "
             "palästinensische Volk ab, teilte ein Sprecher in Gaza mit.")
    people = _people([_article("a", plan, "agency"), _article("b", hamas, "paper")])
    assert "per:trumps" not in people, sorted(people)
    assert people["per:donald-trump"].sources == 2


def test_a_name_typed_apart_by_two_articles_is_one_entity():
    """*BepiColombo* was a mission (MISC) in the English report and an organisation in the German
    one (``misc:bepicolombo``, ``org:bepicolombo``): two entities on the story page."""
    from storyline.synthesise.storykeys import story_keys, with_story_keys
    from storyline.types import Analysis, Entity, Mention

    def analysis(aid, lang, key, typ, n):
        return Analysis(aid, lang, 1.0, entities=[Entity(key, "BepiColombo", typ,
                                                         [Mention("BepiColombo", 0, 11, 0)] * n)])

    story = [analysis("a", "de", "org:bepicolombo", "ORG", 1), analysis("b", "en", "misc:bepicolombo", "MISC", 3)]
    keys = story_keys(story)
    assert keys == {"org:bepicolombo": ("misc:bepicolombo", "BepiColombo")}
    moved = with_story_keys(story[0], keys).entities[0]
    assert (moved.key, moved.type) == ("misc:bepicolombo", "MISC")
    assert story[0].entities[0].key == "org:bepicolombo"  # the stored analysis is not changed
    # linked keys and people are never merged by their words
    assert story_keys([analysis("a", "de", "loc:geonames:1", "LOC", 1), analysis("b", "de", "org:geonames:1", "ORG", 1)]) == {}
