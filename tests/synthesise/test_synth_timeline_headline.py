"""Timeline precision and merging; headline choice."""

from __future__ import annotations

from storyline.synthesise.headline import Headline, shorten, story_headline
from storyline.synthesise.story import synthesise
from storyline.types import Article, PartialDate


def test_week_and_day_values_keep_their_precision(make):
    text = ("Kasachstan kommt zur Ruhe. Die Proteste begannen in der zweiten Januarwoche. "
            "Am 13. Januar trat die Regierung zurück.")
    a = make("a", text, "2022-01-20",
             times=[("in der zweiten Januarwoche", "2022-W02", "week", "date"),
                    ("Am 13. Januar", "2022-01-13", "day", "date")])
    out = synthesise([a[0]], [a[1]])
    tl = out.timeline
    # the day-precise events first, then the week
    assert [(t.value, t.precision) for t in tl] == [("2022-01-13", "day"), ("2022-01-20", "day"), ("2022-W02", "week")]
    assert tl[2].range == ("2022-01-10", "2022-01-16")
    assert tl[2].when == "in der zweiten Januarwoche" and tl[2].dated_by == "text"
    assert tl[1].kind == "report" and tl[1].dated_by == "article"  # no time in it: the lead, by its date


def test_same_event_from_two_sources_is_one_entry(make):
    a = make("a", "Am 13. Januar trat die Regierung in Almaty geschlossen zurück. Sonst nichts.", "2022-01-14",
             source="one.txt", times=[("Am 13. Januar", "2022-01-13", "day", "date")])
    b = make("b", "Die Regierung trat am 13. Januar geschlossen zurück, berichtet die Agentur.", "2022-01-15",
             source="two.txt", times=[("am 13. Januar", "2022-01-13", "day", "date")])
    c = make("c", "Am 13. Januar landeten die ersten Soldaten am Flughafen.", "2022-01-15",
             source="three.txt", times=[("Am 13. Januar", "2022-01-13", "day", "date")])
    out = synthesise([a[0], b[0], c[0]], [a[1], b[1], c[1]])
    on_13 = [t for t in out.timeline if t.value == "2022-01-13"]
    assert len(on_13) == 2
    resign = next(t for t in on_13 if "Regierung" in t.text)
    assert [c.source for c in resign.citations] == ["one.txt", "two.txt"] and resign.sources == 2
    assert resign.citations[1].time_span[0] >= resign.citations[1].span[0]


def test_unresolved_time_falls_back_to_the_article_date_and_a_duration_is_a_period(make):
    text = "Irgendwann demnächst soll gewählt werden. Der Abzug soll zehn Tage dauern. Eine Woche nach dem Start kam es zum Streit."
    a = make("a", text, "2022-01",
             times=[("Irgendwann demnächst", None, None, "relative"),
                    ("zehn Tage", None, None, "duration", {"duration_days": 10.0}),
                    ("Eine Woche", None, None, "duration", {"duration_days": 7.0})])
    out = synthesise([a[0]], [a[1]])
    tl = {t.when: t for t in out.timeline}
    assert tl["Irgendwann demnächst"].value == "2022-01" and tl["Irgendwann demnächst"].dated_by == "article"
    ten = tl["zehn Tage"]
    assert (ten.kind, ten.value, ten.precision, ten.duration_days) == ("duration", "2022-01", "month", 10)
    assert ten.range == ("2022-01-01", "2022-02-09")
    assert "Eine Woche" not in tl  # "eine Woche nach ..." is an offset, not a period


def test_range_only_times_become_intervals(make):
    a = make("a", "Am Donnerstag wurde verhandelt. Mehr nicht.", "2022-01",
             times=[("Am Donnerstag", None, None, "weekday", {"range_start": "2021-12-30", "range_end": "2022-01-27"})])
    (t,) = synthesise([a[0]], [a[1]]).timeline
    assert (t.value, t.precision) == ("2021-12-30/2022-01-27", "range")


# -- headline --------------------------------------------------------------------------------

def _art(id, text, title=None, lang="de", date="2022-01-10"):
    return Article(id, text, PartialDate.parse(date), f"{id}.txt", title=title, lang=lang)


BODY_1 = "Die OVKS zieht ihre Truppen aus Kasachstan ab. Der Abzug der Soldaten beginnt am Donnerstag."
BODY_2 = "Russische Soldaten verlassen Kasachstan. Der Abzug der OVKS-Truppen soll zehn Tage dauern."
BODY_3 = "In Almaty öffnen die Geschäfte wieder. Der Abzug der Truppen aus Kasachstan läuft."


def test_most_central_title_not_the_first():
    arts = [_art("a", BODY_1, "Wetter: Schnee in den Alpen erwartet"),
            _art("b", BODY_2, "OVKS beginnt Abzug der Truppen aus Kasachstan"),
            _art("c", BODY_3, "Lage in Almaty beruhigt sich")]
    h = story_headline(arts)
    assert h == Headline("OVKS beginnt Abzug der Truppen aus Kasachstan", "de", "title", "b", None)
    assert story_headline(list(reversed(arts))).text == h.text  # order does not matter


def test_headline_in_the_dominant_language():
    arts = [_art("e", "Troops are leaving Kazakhstan after a week. The withdrawal takes ten days.", "CSTO troops leave", "en"),
            _art("a", BODY_1, None), _art("b", BODY_2, None)]
    h = story_headline(arts)
    assert h.lang == "de" and h.origin == "lead" and "Kasachstan" in h.text


def test_shorten_keeps_a_headline_shape():
    assert shorten("MOSKAU (dpa) - Die OVKS zieht ab.") == "Die OVKS zieht ab"
    long = ("Nur eine Woche nach der Verlegung ausländischer Truppen in die von schweren Unruhen erschütterte "
            "Republik Kasachstan ist ihr Einsatz beendet worden.")
    assert shorten(long) == ("Nur eine Woche nach der Verlegung ausländischer Truppen in die Republik Kasachstan "
                             "ist ihr Einsatz beendet worden")
    cut = shorten(" ".join(["Wort"] * 30))
    assert cut.endswith("…") and len(cut.split()) == 19


def test_stories_list_and_detail_agree_on_the_headline(hand_seed_story):
    articles, analyses = hand_seed_story
    assert synthesise(articles, analyses).headline == story_headline(articles, [a.lang for a in analyses]).text
