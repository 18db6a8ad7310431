"""UI strings in English and German; the language comes from ``?lang=``, a cookie or Accept-Language."""

from __future__ import annotations

import datetime as dt
import re

from storyline.lang import MONTH_NAMES
from storyline.types import PartialDate

LANGS = ("en", "de")
DEFAULT = "en"
COOKIE = "storyline_lang"

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "app_name": "storyline",
        "tagline": "Stories, traced facts and source disagreements",
        "nav_stories": "Stories",
        "nav_entities": "Entities",
        "nav_search": "Search",
        "nav_api": "API",
        "stories_title": "Stories",
        "stories_count_n": "{n} stories",
        "stories_count_1": "1 story",
        "no_stories": "No stories match. Ingest articles with `storyline ingest PATH` or POST /articles.",
        "articles_n": "{n} articles",
        "articles_1": "1 article",
        "sources_n": "{n} sources",
        "sources_1": "1 source",
        "filter": "Filter",
        "reset": "Reset",
        "from": "From",
        "to": "To",
        "language": "Language",
        "any": "any",
        "entity": "Entity",
        "source": "Source",
        "sort": "Sort",
        "sort_size": "largest first",
        "sort_recent": "most recent first",
        "prev": "← Newer page",
        "next": "Older page →",
        "prev_page": "← Previous",
        "next_page": "Next →",
        "page_of": "{first}–{last} of {total}",
        "per_day": "articles per day",
        "per_week": "articles per week",
        "per_month": "articles per month",
        "per_year": "articles per year",
        "story": "Story",
        "summary": "Summary",
        "timeline": "Timeline",
        "ledger": "Fact ledger",
        "ledger_hint": "Figures as each source reported them. Disagreements are highlighted.",
        "reported_figures": "Reported figures",
        "reported_hint": "Figures found in the articles, with the words they came from.",
        "verdict": "Verdict",
        "unquantified": "Without a figure",
        "independent_n": "{n} independent sources",
        "independent_1": "1 independent source",
        "copy_of": "copy of",
        "headline_from": "Headline taken from",
        "generated": "composed from the sources' figures",
        "category": "What",
        "value": "Figure",
        "quote": "As written",
        "claims": "Reports",
        "sources": "Sources",
        "entities": "Entities",
        "events": "Merges and splits",
        "articles": "Articles",
        "article": "Article",
        "in_story": "Part of the story",
        "original": "Original",
        "date": "Date",
        "lang_label": "Language",
        "detected": "detected",
        "legend": "Highlights",
        "hl_entities": "Entities",
        "hl_facts": "Figures",
        "hl_times": "Times",
        "facts": "Figures",
        "times": "Time expressions",
        "mentions_n": "{n} mentions",
        "mentions_1": "1 mention",
        "no_analysis": "This article was not analysed (language not handled).",
        "search_title": "Search",
        "search_placeholder": "Search articles, e.g. Rückverlegung, Soldat …",
        "search_button": "Search",
        "results_n": "{n} results for “{q}”",
        "results_1": "1 result for “{q}”",
        "no_results": "Nothing found for “{q}”.",
        "search_hint": "Umlauts and endings are optional: “ruckverlegung” finds “Rückverlegung”, “Soldat” finds “Soldaten”. Quote words for an exact phrase.",
        "entity_title": "Entity",
        "entity_stories": "Stories mentioning {name}",
        "entities_title": "Entities",
        "entity_filter": "Name",
        "type": "Type",
        "type_PER": "Person",
        "type_ORG": "Organisation",
        "type_LOC": "Place",
        "type_MISC": "Other",
        "all_stories_with": "All stories with {name}",
        "also_called": "Also written",
        "not_found": "Not found",
        "not_found_story": "There is no story {id}.",
        "not_found_article": "There is no article {id}.",
        "not_found_entity": "There is no entity {id}.",
        "not_found_page": "There is no page at this address.",
        "back_to_stories": "Back to the stories",
        "untitled": "(untitled)",
        "unknown_date": "date unknown",
        "switch_lang": "Deutsch",
        "footer": "storyline — self-hosted news intelligence. JSON API at /api, described at /openapi.json.",
        "cited": "Sources for this sentence",
        "headline": "Headline",
        "first_reported": "first reported",
        "last_reported": "last reported",
        "precision_month": "month only",
        "precision_year": "year only",
        "bad_request": "Bad request",
        "skip": "Skip to content",
        "chart_caption": "Bars: articles per day (light: dated only to the month, spread over its days). Red: events the articles date, as points or ranges.",
    },
    "de": {
        "app_name": "storyline",
        "tagline": "Geschichten, belegte Fakten und Widersprüche der Quellen",
        "nav_stories": "Geschichten",
        "nav_entities": "Namen",
        "nav_search": "Suche",
        "nav_api": "API",
        "stories_title": "Geschichten",
        "stories_count_n": "{n} Geschichten",
        "stories_count_1": "1 Geschichte",
        "no_stories": "Keine Geschichte passt. Artikel mit `storyline ingest PFAD` oder POST /articles einlesen.",
        "articles_n": "{n} Artikel",
        "articles_1": "1 Artikel",
        "sources_n": "{n} Quellen",
        "sources_1": "1 Quelle",
        "filter": "Filtern",
        "reset": "Zurücksetzen",
        "from": "Von",
        "to": "Bis",
        "language": "Sprache",
        "any": "alle",
        "entity": "Name",
        "source": "Quelle",
        "sort": "Sortierung",
        "sort_size": "größte zuerst",
        "sort_recent": "neueste zuerst",
        "prev": "← Neuere Seite",
        "next": "Ältere Seite →",
        "prev_page": "← Zurück",
        "next_page": "Weiter →",
        "page_of": "{first}–{last} von {total}",
        "per_day": "Artikel pro Tag",
        "per_week": "Artikel pro Woche",
        "per_month": "Artikel pro Monat",
        "per_year": "Artikel pro Jahr",
        "story": "Geschichte",
        "summary": "Zusammenfassung",
        "timeline": "Zeitverlauf",
        "ledger": "Faktenbuch",
        "ledger_hint": "Zahlen, wie jede Quelle sie berichtet hat. Widersprüche sind hervorgehoben.",
        "reported_figures": "Berichtete Zahlen",
        "reported_hint": "Zahlen aus den Artikeln, mit dem Wortlaut, aus dem sie stammen.",
        "verdict": "Befund",
        "unquantified": "Ohne Zahl",
        "independent_n": "{n} unabhängige Quellen",
        "independent_1": "1 unabhängige Quelle",
        "copy_of": "Kopie von",
        "headline_from": "Schlagzeile aus",
        "generated": "aus den Zahlen der Quellen zusammengesetzt",
        "category": "Was",
        "value": "Zahl",
        "quote": "Wortlaut",
        "claims": "Meldungen",
        "sources": "Quellen",
        "entities": "Namen",
        "events": "Zusammenführungen und Teilungen",
        "articles": "Artikel",
        "article": "Artikel",
        "in_story": "Teil der Geschichte",
        "original": "Original",
        "date": "Datum",
        "lang_label": "Sprache",
        "detected": "erkannt",
        "legend": "Markierungen",
        "hl_entities": "Namen",
        "hl_facts": "Zahlen",
        "hl_times": "Zeitangaben",
        "facts": "Zahlen",
        "times": "Zeitangaben",
        "mentions_n": "{n} Nennungen",
        "mentions_1": "1 Nennung",
        "no_analysis": "Dieser Artikel wurde nicht analysiert (Sprache nicht unterstützt).",
        "search_title": "Suche",
        "search_placeholder": "Artikel durchsuchen, z. B. Rückverlegung, Soldat …",
        "search_button": "Suchen",
        "results_n": "{n} Treffer für „{q}“",
        "results_1": "1 Treffer für „{q}“",
        "no_results": "Nichts gefunden für „{q}“.",
        "search_hint": "Umlaute und Endungen sind egal: „ruckverlegung“ findet „Rückverlegung“, „Soldat“ findet „Soldaten“. Wörter in Anführungszeichen suchen die genaue Wortfolge.",
        "entity_title": "Name",
        "entity_stories": "Geschichten, in denen {name} vorkommt",
        "entities_title": "Namen",
        "entity_filter": "Name",
        "type": "Art",
        "type_PER": "Person",
        "type_ORG": "Organisation",
        "type_LOC": "Ort",
        "type_MISC": "Sonstiges",
        "all_stories_with": "Alle Geschichten mit {name}",
        "also_called": "Auch geschrieben",
        "not_found": "Nicht gefunden",
        "not_found_story": "Es gibt keine Geschichte {id}.",
        "not_found_article": "Es gibt keinen Artikel {id}.",
        "not_found_entity": "Es gibt keinen Namen {id}.",
        "not_found_page": "Unter dieser Adresse gibt es keine Seite.",
        "back_to_stories": "Zurück zu den Geschichten",
        "untitled": "(ohne Titel)",
        "unknown_date": "Datum unbekannt",
        "switch_lang": "English",
        "footer": "storyline — Nachrichtenanalyse auf dem eigenen Rechner. JSON-API unter /api, beschrieben in /openapi.json.",
        "cited": "Quellen für diesen Satz",
        "headline": "Schlagzeile",
        "first_reported": "zuerst berichtet",
        "last_reported": "zuletzt berichtet",
        "precision_month": "nur Monat",
        "precision_year": "nur Jahr",
        "bad_request": "Ungültige Anfrage",
        "skip": "Zum Inhalt springen",
        "chart_caption": "Balken: Artikel pro Tag (hell: nur auf den Monat datiert, über dessen Tage verteilt). Rot: Ereignisse, die die Artikel datieren, als Punkt oder Zeitraum.",
    },
}

assert set(STRINGS["en"]) == set(STRINGS["de"]), set(STRINGS["en"]) ^ set(STRINGS["de"])

_ACCEPT = re.compile(r"\s*([A-Za-z]{1,8})(?:-[A-Za-z0-9]{1,8})*\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*")


def from_accept_language(header: str | None) -> str | None:
    """The best of LANGS in an Accept-Language header, or None."""
    if not header:
        return None
    best: tuple[float, int, str] | None = None
    for n, part in enumerate(header.split(",")):
        m = _ACCEPT.fullmatch(part)
        if not m:
            continue
        code = m.group(1).lower()
        try:
            q = float(m.group(2)) if m.group(2) else 1.0
        except ValueError:
            continue
        if code in LANGS and q > 0 and (best is None or (q, -n) > (best[0], best[1])):
            best = (q, -n, code)
    return best[2] if best else None


def pick(query: str | None, cookie: str | None, accept: str | None) -> str:
    for candidate in (query, cookie):
        if candidate and candidate.lower() in LANGS:
            return candidate.lower()
    return from_accept_language(accept) or DEFAULT


def t(lang: str, key: str, **kw: object) -> str:
    table = STRINGS.get(lang, STRINGS[DEFAULT])
    text = table.get(key) or STRINGS[DEFAULT].get(key) or key
    return text.format(**kw) if kw else text


def tn(lang: str, key: str, n: int, **kw: object) -> str:
    """Plural-aware: ``key_1`` for one, ``key_n`` otherwise."""
    return t(lang, f"{key}_1" if n == 1 else f"{key}_n", n=n, **kw)


_MONTHS = MONTH_NAMES


def format_date(value: PartialDate | str | None, lang: str) -> str:
    """A partial ISO date in words, keeping its precision: ``2022-01`` → "January 2022"/"Januar 2022"."""
    if not value:
        return t(lang, "unknown_date")
    try:
        d = value if isinstance(value, PartialDate) else PartialDate.parse(value)
    except ValueError:
        return str(value)
    months = _MONTHS.get(lang, _MONTHS["en"])
    if d.month is None:
        return str(d.year)
    if d.day is None:
        return f"{months[d.month - 1]} {d.year}"
    text = f"{d.day}. {months[d.month - 1]} {d.year}" if lang == "de" else f"{d.day} {months[d.month - 1]} {d.year}"
    if d.time:
        text += f", {d.time[:5]}"
    return text


def format_range(first: PartialDate | str | None, last: PartialDate | str | None, lang: str) -> str:
    if not first and not last:
        return t(lang, "unknown_date")
    if first == last or not last:
        return format_date(first, lang)
    if not first:
        return format_date(last, lang)
    return f"{format_date(first, lang)} – {format_date(last, lang)}"


def format_day(day: dt.date, lang: str) -> str:
    return format_date(day.isoformat(), lang)
