"""Consent banners inside an article's text are not read by the story engine."""

from __future__ import annotations

from storyline.cluster import StoryEngine
from storyline.cluster.boilerplate import notice_spans, without

BANNER = ("Wir setzen auf unserer Website Cookies und andere Technologien ein, um Ihnen den vollen "
          "Funktionsumfang unseres Angebotes anzubieten. Zudem ermöglichen Cookies die Personalisierung von "
          "Inhalten und dienen der Ausspielung von Werbung. Durch die weitere Nutzung unserer Website erklären "
          "Sie sich mit dem Einsatz von Cookies einverstanden. Weitere Informationen, auch zur Deaktivierung "
          "der Cookies, finden Sie in unserer Datenschutzerklärung.")
CONCERT = ("Trompete trifft Piano: Im Café Heimat in Morbach spielen am Samstagabend zwei Musiker aus Trier "
           "Jazz-Standards und eigene Stücke. Der Eintritt ist frei, um Spenden für den Förderverein wird gebeten.")
CRASH = ("Wagen kollidiert mit Lkw: Auf der B50 bei Morbach ist am Freitagmorgen ein Auto frontal mit einem "
         "Lastwagen zusammengestoßen. Fünf Menschen wurden verletzt, zwei von ihnen schwer. Die Bundesstraße "
         "war drei Stunden gesperrt.")


def test_a_banner_paragraph_is_found_and_news_about_cookies_is_not():
    text = f"{CONCERT}\n\n{BANNER}\n\nzur Datenschutzerklärung"
    spans = notice_spans(text)
    assert [text[a:b] for a, b in spans] == [BANNER]
    assert BANNER not in without(text, spans) and CONCERT in without(text, spans)
    news = ("Die EU-Kommission will Cookie-Banner vereinfachen: Nutzer sollen ihre Zustimmung künftig einmal im "
            "Browser geben können, sagte die Kommissarin am Dienstag in Brüssel. Verbraucherschützer begrüßten "
            "den Vorschlag, die Werbewirtschaft warnte vor Einnahmeausfällen.")
    assert notice_spans(news) == []


def test_two_reports_of_one_site_do_not_join_for_its_banner(make_doc):
    """Two unrelated reports of one regional site, each followed by the site's banner (as in the rated pairs)."""
    a = make_doc(f"{CONCERT}\n\n{BANNER}", "de", "2020-03-02", title="Trompete trifft Piano im Café Heimat")
    b = make_doc(f"{CRASH}\n\n{BANNER}", "de", "2020-03-02", title="Wagen kollidiert mit Lkw: Fünf Verletzte")
    assert "cookies" not in a.body_tokens and "Cookies" not in a.lead
    engine = StoryEngine()
    first = engine.partial_fit([a])[0]
    second = engine.partial_fit([b])[0]
    assert engine.resolve(first.story_id) != engine.resolve(second.story_id)
