"""Quantity facts: a number (or a vague amount), its hedge, what it counts, who says so.

Works per sentence over SoMaJo tokens:

1. *scan*: find quantities -- digits ("10.000", "1,5 Millionen", "3bn"), number
   words ("zehn", "two thousand"), vague magnitudes ("Hunderte", "dozens of")
   and vague quantifiers ("viele", "zahlreiche") -- with the hedge written
   before them ("fast", "mehr als", "at least") and ranges ("5-6", "zwischen
   10 und 20");
2. *drop* what is not a count: dates, years, relative times ("vor rund 30
   Jahren", via times.time_spans), clock times, ordinals, identifiers
   ("Artikel 5") and phone-like digit runs;
3. *classify* by the head noun after the number ("2.500 Soldaten", "10.000
   Festnahmen", "zehn Tage", "3 Mrd. Euro", "81 Jahre alt") or, for people and
   bare numbers, by the trigger words in the same clause ("starben ... 164
   Menschen", "fast 10.000 wurden festgenommen", separable "nahmen ... fest");
   each trigger belongs to the nearest quantity of its clause;
4. *attribute*: the nearest source phrase of the sentence ("nach Angaben der
   Regierung", "according to officials").

Prefer no fact to a wrong fact: a bare number with neither head noun nor
trigger is dropped, and so is a vague amount that does not count people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.analyse import lexicon as lx
from storyline.analyse.numbers import (
    EN_NUMBER_WORDS,
    SCALES,
    interval,
    parse_attached,
    parse_digits,
    parse_word_de,
    parse_words_en,
)
from storyline.analyse.times import time_spans
from storyline.lang import HANDLED
from storyline.types import Fact, PartialDate, Sentence, Token

_SKIP_KINDS = {"date", "time", "ordinal", "URL", "email_address", "hashtag", "mention",
               "emoticon", "XML_entity"}
_BOUNDARY = {",", ";", ":", "–", "—", "(", ")", "-", "“", "”", "„", "«", "»", '"', "[", "]", "/"}
_RELATIVE = {"de": {"die", "der", "welche", "welcher", "denen", "deren"},
             "en": {"who", "which", "that", "whom", "of"}}
_AGE_TOKEN = re.compile(r"(\d{1,3})-(?:[Jj]ährige[nmrs]?|[Jj]ährig|year-old|years-old|yr-old)")
_DIGIT_START = re.compile(r"\d")
_ADJ_DE = re.compile(r"[a-zäöüß][a-zäöüß\-]*(?:e|en|er|es|em)")
_STOP_DE = {
    "wurden", "werden", "worden", "waren", "haben", "hatten", "sollen", "seien", "sind",
    "konnten", "mussten", "dürfen", "müssen", "können", "wollen", "mochten", "den", "dem",
    "der", "die", "des", "einen", "einem", "einer", "eine", "seine", "seinen", "ihre", "ihren",
    "unter", "hinter", "über", "wieder", "aber", "oder", "weder", "immer", "weiter", "seither",
    "jeder", "sehr", "mehr", "nahmen", "kamen", "gingen", "starben", "flohen", "lagen",
    "standen", "hieben", "diese", "dieser", "diesen", "jene", "sie", "wir", "ihnen", "denen",
    "deren", "dessen", "allen", "alle", "andere", "anderen", "sowie", "gegen", "ohne", "wegen",
    "während", "außer", "binnen", "nach", "unsere", "unseren", "euer", "vorher", "später",
    "zuvor", "nie", "hier", "dabei", "ebenfalls", "jedoch", "daher", "inzwischen", "bereits",
}
_FUNCTION_DE = {
    "ein", "eine", "einen", "einem", "eines", "das", "er", "es", "ich", "du", "ihr", "in", "im", "am",
    "an", "auf", "aus", "bei", "mit", "nach", "vor", "für", "und", "aber", "oder", "ohne", "seit",
    "bis", "zu", "zum", "zur", "vom", "von", "als", "wie", "wenn", "dass", "so", "auch", "noch",
    "nur", "schon", "doch", "da", "dort", "hier", "man", "was", "wer", "wo", "heute", "gestern",
    "morgen", "zusätzlich", "insgesamt", "damit", "dabei", "davon", "dazu", "allerdings",
}
_STOP_EN = {
    "the", "a", "an", "of", "and", "or", "were", "was", "are", "is", "have", "has", "had",
    "be", "been", "being", "in", "on", "at", "to", "from", "for", "with", "by", "as", "more",
    "than", "this", "that", "these", "those", "per", "who", "which", "but", "into", "over",
    "under", "after", "before", "since", "during", "against", "among", "between", "its",
    "their", "his", "her", "our", "also", "other", "others", "out", "up", "down", "off",
    "percent", "times", "this", "yes", "whereas", "cent", "days", "s",
}


@dataclass(slots=True)
class _Q:
    i0: int  # first token of the phrase (hedge or currency symbol)
    n0: int  # first token of the number itself
    i1: int  # one past the number (scale, range and post-hedge included)
    low: float | None
    high: float | None
    value: float | None  # the nominal number, None for vague amounts
    hedge: str | None = None
    hedge_kind: str | None = None
    vague: bool = False
    quantifier: bool = False  # "viele", "zahlreiche": only with a people category
    digits: bool = False
    currency: str | None = None  # from a symbol before the number
    symbol: int | None = None  # token index of that symbol
    age: bool = False


# --- scanning -------------------------------------------------------------------------


def _scale_at(lowers: list[str], j: int, lang: str) -> float | None:
    return SCALES[lang].get(lowers[j]) if j < len(lowers) else None


_GLUED_SCALES = {"m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "k": 1e3, "mio": 1e6, "mrd": 1e9}


def _number_at(toks: list[Token], lowers: list[str], i: int, lang: str) -> tuple[float, int, bool] | None:
    """(value, end, digits) for a plain number starting at token i (scale included)."""
    t = toks[i]
    low = lowers[i]
    n = len(toks)
    if t.kind in _SKIP_KINDS:
        return None
    if _DIGIT_START.match(low):
        v = parse_attached(t.text, lang)
        if v is not None:
            return v, i + 1, True
        scale = _scale_at(lowers, i + 1, lang)
        if scale is None and i + 1 < n and toks[i + 1].start == t.end and lowers[i + 1] in _GLUED_SCALES:
            scale = _GLUED_SCALES[lowers[i + 1]]  # "$425M" split into "425" "M"
        v = parse_digits(t.text, lang, scaled=scale is not None)
        if v is None:
            return None
        if scale is not None:
            return v * scale, i + 2, True
        return v, i + 1, True
    if lang == "de":
        if low in ("ein", "eine", "einen", "einem", "einer", "eines"):
            scale = _scale_at(lowers, i + 1, lang)
            if scale is not None and scale >= 12:
                return scale, i + 2, False
            return None
        v = parse_word_de(low)
        if v is None:
            return None
        scale = _scale_at(lowers, i + 1, lang)
        if scale is not None and scale >= 1e6:
            return v * scale, i + 2, False
        return v, i + 1, False
    # English: a run of number words ("two thousand five hundred twenty - five")
    if low in ("a", "an", "one"):
        scale = _scale_at(lowers, i + 1, lang)
        if scale is not None:
            j = i + 2
            if j < n and lowers[j] in SCALES["en"] and SCALES["en"][lowers[j]] > scale:
                return scale * SCALES["en"][lowers[j]], j + 1, False
            return scale, j, False
        return None
    if low not in EN_NUMBER_WORDS:
        return None
    j = i
    while j < n and (lowers[j] in EN_NUMBER_WORDS or (
            lowers[j] in ("-", "and") and j + 1 < n and lowers[j + 1] in EN_NUMBER_WORDS and j > i)):
        j += 1
    words = tuple(lowers[i:j])
    v = parse_words_en(words)
    if v is None:
        return None
    scale = _scale_at(lowers, j, lang)
    if scale is not None and scale >= 1e6:
        return v * scale, j + 1, False
    return v, j, False


def _hedge_before(lowers: list[str], n0: int, lang: str, floor: int) -> tuple[int, str | None]:
    """(start token, hedge kind) of the longest hedge ending right before token n0."""
    hedges = lx.HEDGES[lang]
    for size in range(lx.HEDGE_MAX_LEN, 0, -1):
        s = n0 - size
        if s < floor:
            continue
        kind = hedges.get(tuple(lowers[s:n0]))
        if kind is not None:
            return s, kind
    return n0, None


# Tokens that can start a quantity besides digits (checked before any parsing).
_STARTERS = {
    lang: frozenset(
        set(lx.VAGUE_MAGNITUDES) | set(lx.VAGUE_QUANTIFIERS[lang]) | {k[0] for k in lx.VAGUE_MULTIPLIERS[lang]}
        | ({"ein", "eine", "einen", "einem", "einer", "eines"} if lang == "de" else {"a", "an", "one", "tens"} | EN_NUMBER_WORDS)
    )
    for lang in HANDLED
}
_DE_NUM_PREFIXES = frozenset({"ein", "zwe", "dre", "vie", "fün", "sec", "sie", "ach", "neu", "zeh", "elf", "zwö",
                              "zwa", "hun", "tau", "and"})


def _scan(toks: list[Token], lowers: list[str], lang: str) -> list[_Q]:
    out: list[_Q] = []
    n = len(toks)
    i = 0
    floor = 0  # hedges may not reach into the previous quantity
    magnitudes = lx.VAGUE_MAGNITUDES
    quantifiers = lx.VAGUE_QUANTIFIERS[lang]
    multipliers = lx.VAGUE_MULTIPLIERS[lang]
    starters = _STARTERS[lang]
    while i < n:
        low = lowers[i]
        if not (low[:1].isdigit() or low in starters or (lang == "de" and low[:3] in _DE_NUM_PREFIXES)):
            i += 1
            continue
        t = toks[i]
        q: _Q | None = None
        # ages written as one token: "81-Jährige", "30-year-old"
        m = _AGE_TOKEN.fullmatch(t.text) if low[:1].isdigit() else None
        if m:
            v = float(m[1])
            q = _Q(i, i, i + 1, v, v, v, digits=True, age=True)
        # vague multiples: "mehrere hundert", "several thousand", "a few dozen"
        if q is None:
            for size in (2, 1):
                key = tuple(lowers[i:i + size])
                if len(key) == size and key in multipliers and i + size < n:
                    scale = lx.SCALE_FOR_VAGUE.get(lowers[i + size])
                    if scale:
                        q = _Q(i, i, i + size + 1, 2.0 * scale, 10.0 * scale - 1, None, vague=True)
                        break
        # vague magnitudes: "Hunderte", "tens of thousands"
        if q is None and low in magnitudes:
            lo_hi = magnitudes[low]
            end = i + 1
            if lang == "en" and low in ("tens", "hundreds") and lowers[i + 1:i + 3] == ["of", "thousands"]:
                lo_hi = (20000, 99999) if low == "tens" else (200000, 999999)
                end = i + 3
            q = _Q(i, i, end, float(lo_hi[0]), float(lo_hi[1]), None, vague=True)
        elif q is None and lang == "en" and low == "tens" and lowers[i + 1:i + 3] == ["of", "thousands"]:
            q = _Q(i, i, i + 3, 20000.0, 99999.0, None, vague=True)
        if q is None:
            parsed = _number_at(toks, lowers, i, lang)
            if parsed is not None:
                v, end, digits = parsed
                q = _Q(i, i, end, v, v, v, digits=digits)
                # a range: "5-6", "10 bis 20", "1,5 bis 2 Millionen", "10 to 20"
                if end < n and lowers[end] in ("-", "–", "bis", "to") and end + 1 < n:
                    second = _number_at(toks, lowers, end + 1, lang)
                    if second is not None and second[0] >= v:
                        v2, end2, _ = second
                        if end2 - (end + 1) == 2 and end - i == 1 and v2 >= 1e3:
                            v = v * (v2 / _second_base(toks, lowers, end + 1, lang))
                        q = _Q(i, i, end2, v, v2, v, hedge=toks[end].text, hedge_kind="range",
                               digits=digits)
        if q is None and low in quantifiers:
            lo, hi = quantifiers[low]
            q = _Q(i, i, i + 1, None if lo is None else float(lo), None if hi is None else float(hi), None,
                   vague=True, quantifier=True)
        if q is None:
            i += 1
            continue
        # the hedge before it
        if not q.age:
            s, kind = _hedge_before(lowers, q.n0, lang, floor)
            if kind is not None and q.hedge_kind != "range":
                q.i0, q.hedge_kind = s, kind
                q.hedge = " ".join(toks[k].text for k in range(s, q.n0))
            elif (q.value is not None and q.n0 - 1 >= floor and lowers[q.n0 - 1] in ("zwischen", "between")
                  and q.i1 + 1 < n and lowers[q.i1] in ("und", "and")):
                second = _number_at(toks, lowers, q.i1 + 1, lang)
                if second is not None and second[0] >= q.value:
                    q.i0, q.high, q.i1 = q.n0 - 1, second[0], second[1]
                    q.hedge, q.hedge_kind = toks[q.n0 - 1].text, "range"
            # "10.000 oder mehr"
            post = lx.POST_HEDGES.get(tuple(lowers[q.i1:q.i1 + 2]))
            if post and q.hedge_kind is None and q.value is not None:
                q.hedge_kind = post
                q.hedge = toks[q.i1].text + " " + toks[q.i1 + 1].text
                q.i1 += 2
            if q.value is not None and q.hedge_kind not in (None, "range"):
                q.low, q.high = interval(q.value, q.hedge_kind)
        out.append(q)
        floor = q.i1
        i = q.i1
    return out


def _second_base(toks: list[Token], lowers: list[str], j: int, lang: str) -> float:
    """The unscaled value of the range's second number (to scale the first alike)."""
    v = parse_digits(toks[j].text, lang, scaled=True) if lowers[j][:1].isdigit() else (
        parse_word_de(lowers[j]) if lang == "de" else parse_words_en((lowers[j],)))
    return v or 1.0


# --- clauses and triggers -------------------------------------------------------------


def _clauses(toks: list[Token], text: str) -> list[int]:
    """Clause id per token; boundary tokens get -1. A line break also ends a clause:
    SoMaJo keeps headline lines and list items in one sentence."""
    ids: list[int] = []
    cid = 0
    prev_end = None
    for t in toks:
        if prev_end is not None and "\n" in text[prev_end:t.start]:
            cid += 1
        prev_end = t.end
        if t.text in _BOUNDARY or (t.kind == "symbol" and t.text in ".!?"):
            ids.append(-1)
            cid += 1
        else:
            ids.append(cid)
    return ids


_ADJ_LAST = frozenset("enrsm")


def _strip_adj(low: str) -> tuple[str, ...]:
    return tuple(low[: -len(s)] for s in ("en", "er", "es", "em", "e") if low.endswith(s))


def _triggers(toks: list[Token], lowers: list[str], clause: list[int], lang: str) -> list[tuple[int, str, int]]:
    """(token index, category, last token) of every trigger in the sentence ("ums Leben": two tokens)."""
    table = lx.TRIGGERS[lang]
    bigrams = lx.TRIGGER_BIGRAMS[lang]
    out: list[tuple[int, str, int]] = []
    n = len(toks)
    for i, t in enumerate(toks):
        if clause[i] < 0:
            continue
        low = lowers[i]
        cat = table.get(low) or table.get(t.lemma)
        if cat is None and lang == "de":
            if low[-1:] in _ADJ_LAST and low[:1].islower():
                for stem in _strip_adj(low):
                    cat = table.get(stem)
                    if cat:
                        break
            if cat is None:
                seps = lx.SEPARABLE_DE.get(t.lemma)
                if seps:
                    # the particle closes the clause: "nahmen ... fest", "flog ... aus"
                    j = i + 1
                    while j < n and clause[j] == clause[i]:
                        j += 1
                    last = j - 1
                    if last > i and lowers[last] in seps:
                        cat = seps[lowers[last]]
        last = i
        if cat is None and i + 1 < n:
            cat = bigrams.get((low, lowers[i + 1])) or bigrams.get((low, toks[i + 1].lemma))
            last = i + 1
        if cat:
            out.append((i, cat, last))
    return out


# --- heads ----------------------------------------------------------------------------


def _people_noun(low: str, lemma: str, lang: str) -> bool:
    nouns = lx.PEOPLE_NOUNS[lang]
    if lang == "de":
        return low.endswith(nouns) or lemma.endswith(nouns) or (low.endswith("n") and low[:-1].endswith(nouns))
    return low in nouns or lemma in nouns


def _category_noun(low: str, lemma: str, lang: str) -> str | None:
    table = lx.CATEGORY_NOUNS[lang]
    cat = table.get(low) or table.get(lemma)
    if cat is None and lang == "de":
        for suffixes, c in lx.CATEGORY_SUFFIXES_DE:
            if low.endswith(suffixes):
                return c
    return cat


def _head(toks: list[Token], lowers: list[str], j: int, lang: str, clause: list[int]) -> int | None:
    """Index of the head noun after a quantity ending at token j, or None."""
    cid = clause[j - 1] if j > 0 else 0
    n = len(toks)
    while n > j and clause[n - 1] != cid:  # never look past the number's clause
        n -= 1
    if j < n and lowers[j] in ("of", "von") and j + 1 < n:
        j += 1
    if lang == "de":
        k = j
        for _ in range(3):
            if k >= n:
                return None
            t = toks[k]
            if t.kind != "regular":
                return None
            first = t.text[:1]
            if first.isupper():
                low = lowers[k]
                if (low in lx.NOT_HEADS or low in lx.MONTHS or low in lx.WEEKDAYS or low in _STOP_DE
                        or low in _FUNCTION_DE or len(low) < 3 or low.endswith("-")):
                    return None
                if t.text.isupper() and len(t.text) > 1 and low not in lx.CURRENCY_WORDS:
                    return None  # "MAX", "OVKS": names, not counted things
                return k
            if lowers[k] in _STOP_DE or not _ADJ_DE.fullmatch(lowers[k]):
                return None
            k += 1
        return None
    k = j
    for _ in range(3):
        if k >= n or toks[k].kind not in ("regular", "abbreviation"):
            return None
        low = lowers[k]
        if _known_en(low, toks[k].lemma):
            return k
        if low in _STOP_EN or not low.replace("-", "").isalpha():
            break
        k += 1
    # no known noun within reach: take a plural-looking first word as the head
    if j < n and toks[j].kind == "regular":
        low = lowers[j]
        if low.endswith("s") and len(low) > 3 and low.isalpha() and low not in _STOP_EN and not low.endswith("ss"):
            return j
    return None


def _known_en(low: str, lemma: str) -> bool:
    return (low in lx.CATEGORY_NOUNS["en"] or low in lx.PEOPLE_NOUNS["en"] or low in lx.CURRENCY_WORDS
            or low in lx.TIME_UNITS or low in lx.PERCENT_WORDS)


# --- attribution ----------------------------------------------------------------------

_NPC = r"(?:[a-zäöüß][\w-]*\s+){0,2}[A-ZÄÖÜ][\w-]*"
_ATTR_DE = [
    re.compile(
        rf"\b[Nn]ach\s+(?:[a-zäöüß][\w-]*\s+){{0,2}}(?:Angaben|Informationen|Schätzungen|Berichten|"
        rf"Darstellung|Zählungen?|Einschätzung|Erkenntnissen|Aussagen|Auskunft|Zahlen)"
        rf"(?:\s+(?:der|des|von|vom|aus)\s+{_NPC}(?:\s+(?:der|des)\s+{_NPC}){{0,2}}"
        rf"(?:\s+in\s+[A-ZÄÖÜ][\w-]*)?)?"),
    re.compile(
        rf"(?:\b(?:der|dem|den|des)\s+)?(?:\b(?:eigenen|offiziellen|ersten|jüngsten|übereinstimmenden|"
        rf"unbestätigten|[a-zäöüß]+ischen)\s+)?\b[A-ZÄÖÜ][\w-]*(?:\s+(?:der|des)\s+{_NPC})?\s+zufolge\b"),
    re.compile(rf"\b[Ll]aut\s+(?:(?:der|des|dem|den|einer|einem)\s+)?{_NPC}(?:\s+(?:der|des)\s+{_NPC})?"),
    re.compile(
        r"\b[Ww]ie\s+[^,.;:!?]{1,60}?\s+(?:mitteilte|mitteilten|berichtete|berichteten|sagte|sagten|"
        r"erklärte|erklärten|meldete|meldeten|bestätigte|bestätigten|angab|angaben|bekanntgab|"
        r"bekannt\s+gab|mitgeteilt|berichtet|gemeldet|bestätigt)\b"),
    re.compile(
        r"(?<=[,“”\"»«]\s)(?:sagte|sagten|erklärte|erklärten|teilte|teilten|berichtete|berichteten|"
        r"meldete|meldeten|bestätigte|bestätigten)\s+(?:(?:der|die|das)\s+)?(?:[a-zäöüß][\w-]*\s+)?"
        r"[A-ZÄÖÜ][\w-]*(?:\s+[A-ZÄÖÜ][\w-]*){0,2}(?:\s+mit\b)?"),
]
_ATTR_EN = [
    re.compile(r"\b[Aa]ccording\s+to\s+(?:[^\s,.;:!?()\"“”]+\s?){1,8}"),
    re.compile(r"\b[Cc]iting\s+(?:[^\s,.;:!?()\"“”]+\s?){1,6}"),
    re.compile(
        r"(?:(?<=[,;]\s)|^)(?:[Tt]he\s+)?(?:[\w'’-]+\s+){0,3}?(?:officials?|police|authorities|"
        r"ministry|government|spokesm[ae]n|spokeswoman|spokesperson|agency|military|army|he|she|they|"
        r"[A-Z][\w'’-]+)\s+(?:said|says|reported|announced|confirmed|added|told\s+[\w]+)\b"),
    re.compile(r"(?<=[,;]\s)said\s+(?:the\s+)?(?:[\w'’-]+\s?){1,6}?(?=[,.;]|$)"),
]
_ATTR = {"de": _ATTR_DE, "en": _ATTR_EN}


def _attributions(st: str, base: int, lang: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for rx in _ATTR[lang]:
        for m in rx.finditer(st):
            s, e = m.start(), m.end()
            while e > s and st[e - 1].isspace():
                e -= 1
            if e > s and all(e <= a or s >= b for a, b in spans):
                spans.append((s + base, e + base))
    return spans


# --- classification -------------------------------------------------------------------

_DIR_OWNED = 0.25  # a trigger after the quantity wins a distance tie (verb-final clauses)


def _unit_after(toks: list[Token], lowers: list[str], j: int, lang: str) -> tuple[str, str, int] | None:
    """("percent"|"money"|"time", unit, end) when a unit word follows the number at j."""
    n = len(toks)
    if j >= n:
        return None
    low = lowers[j]
    if low in lx.PERCENT_WORDS:
        return "percent", lx.PERCENT_WORDS[low], j + 1
    if low == "per" and j + 1 < n and lowers[j + 1] == "cent":
        return "percent", "%", j + 2
    if low in lx.CURRENCY_WORDS:
        return "money", lx.CURRENCY_WORDS[low], j + 1
    if low in lx.TIME_UNITS:
        return "time", lx.TIME_UNITS[low][0], j + 1
    return None


def _classify(q: _Q, toks: list[Token], lowers: list[str], clause: list[int], triggers: list[tuple[int, str, int]],
              owner: dict[int, int], qi: int, lang: str) -> tuple[str, str | None, int | None, int] | None:
    """(category, unit, head token index, phrase end) or None to drop the quantity."""
    n = len(toks)
    j = q.i1
    if q.age:
        return "age", "year", q.n0, q.i1
    if q.currency:
        return "money", q.currency, q.symbol, q.i1
    unit = _unit_after(toks, lowers, j, lang)
    if unit is not None:
        kind, code, end = unit
        if kind == "percent":
            return "percent", code, j, end
        if kind == "money":
            return "money", code, j, end
        # time unit: age ("81 Jahre alt", "30 years old") or duration ("zehn Tage")
        if end < n and (lowers[end].startswith("alt") or lowers[end] in ("old", "älter")):
            return "age", "year", j, end + 1
        before = lowers[max(0, q.i0 - 3):q.i0]
        if before[-2:] in (["alter", "von"], ["age", "of"]) or before[-1:] == ["aged"]:
            return "age", "year", j, end
        return "duration", code, j, end
    if q.n0 > 0 and lowers[q.n0 - 1] == "aged":
        return "age", "year", q.n0 - 1, q.i1
    head = _head(toks, lowers, j, lang, clause)
    head_cat = None
    people = False
    if head is not None:
        head_cat = _category_noun(lowers[head], toks[head].lemma, lang)
        people = _people_noun(lowers[head], toks[head].lemma, lang)
    elif q.i0 >= 2 and lowers[q.i0 - 1] == ":":
        # "Festnahmen: 10.000"
        before = q.i0 - 2
        c = _category_noun(lowers[before], toks[before].lemma, lang)
        if c:
            return c, "people", before, q.i1
    end = head + 1 if head is not None else q.i1
    if head_cat is not None and head_cat != "troops":
        return head_cat, "people", head, end
    # a trigger in the clause decides for people, troops and bare numbers
    owned = [k for k, (ti, _, _) in enumerate(triggers) if owner.get(k) == qi]
    pick = None
    if owned:
        pick = min(owned, key=lambda k: _distance(q, head, triggers[k][0]))
    elif head is None or people or head_cat == "troops":
        cid = clause[q.n0]
        same = [k for k, (ti, _, _) in enumerate(triggers) if clause[ti] == cid]
        if not same and (head is None or people):
            # "164 Menschen, die ... getötet wurden": the relative clause that follows
            last = end
            while last < n and clause[last] == cid:
                last += 1
            if last + 1 < n and lowers[last] == "," and lowers[last + 1] in _RELATIVE[lang]:
                nxt = clause[last + 1]
                same = [k for k, (ti, _, _) in enumerate(triggers) if clause[ti] == nxt]
        if same:
            pick = min(same, key=lambda k: _distance(q, head, triggers[k][0]))
    if pick is not None:
        return triggers[pick][1], "people", -1 - pick, end
    if head_cat == "troops":
        return "troops", "people", head, end
    if head is None:
        return None
    if q.i0 >= 2 and q.hedge_kind is None:
        prev = toks[q.i0 - 1]
        if prev.text[:1].isupper() and prev.kind == "regular" and lowers[q.i0 - 1] not in _FUNCTION_DE \
                and clause[q.i0 - 1] == clause[q.n0]:
            return None  # "Radio 7 Land", "Flight 17 crashed": a name with a number
    if people:
        return "other", "people", head, end
    if q.vague:
        return None
    return "other", toks[head].lemma or lowers[head], head, end


def _head_text(text: str, toks: list[Token], triggers: list[tuple[int, str, int]], head_i: int | None) -> str | None:
    """The governing word as written; negative indexes name a trigger (which may span two tokens)."""
    if head_i is None:
        return None
    if head_i < 0:
        first, _, last = triggers[-1 - head_i]
        return text[toks[first].start:toks[last].end]
    return toks[head_i].text


def _gap(span: tuple[int, int], start: int, stop: int) -> int:
    a, b = span
    if a >= stop:
        return a - stop
    if b <= start:
        return start - b
    return 0


def _distance(q: _Q, head: int | None, ti: int) -> float:
    last = head if head is not None else q.i1 - 1
    if ti > last:
        return ti - last - _DIR_OWNED
    if ti < q.i0:
        return q.i0 - ti
    return 0.0


def _owners(quants: list[_Q], heads: list[int | None], clause: list[int], triggers: list[tuple[int, str, int]]) -> dict[int, int]:
    """Each trigger belongs to the nearest quantity in its clause."""
    owner: dict[int, int] = {}
    for k, (ti, _, _) in enumerate(triggers):
        best, best_d = None, None
        for qi, q in enumerate(quants):
            if clause[q.n0] != clause[ti]:
                continue
            d = _distance(q, heads[qi], ti)
            if best_d is None or d < best_d:
                best, best_d = qi, d
        if best is not None:
            owner[k] = best
    return owner


# --- driver ---------------------------------------------------------------------------


def _drop(q: _Q, toks: list[Token], lowers: list[str], masks: list[tuple[int, int, str]]) -> bool:
    """Dates, years, clock times, identifiers, phone-like runs: not counts."""
    n = len(toks)
    s, e = toks[q.n0].start, toks[q.i1 - 1].end
    for a, b, kind in masks:
        if a < e and s < b and kind != "duration":
            return True
    if q.digits and not q.age:
        nxt = lowers[q.i1] if q.i1 < n else ""
        if nxt in ("uhr", "a.m.", "p.m.", "h", "gmt", "utc", "mez"):
            return True
        if q.i0 > 0 and q.hedge_kind is None:
            prev = toks[q.i0 - 1].text
            if lowers[q.i0 - 1] in lx.IDENTIFIER_BEFORE or prev == "§":
                return True
            if prev.isupper() and prev.isalpha() and len(prev) <= 3:  # "B 312", "A 7", "BAB 5"
                return True
        raw = toks[q.n0].text
        if raw.isdigit() and len(raw) >= 5 and q.i1 == q.n0 + 1:
            return True  # "45472 Mülheim": counts this large are written with separators
        # phone-like: digit tokens back to back ("+49 30 123456")
        if q.i1 < n and toks[q.i1].kind in ("number", "measurement") and lowers[q.i1][:1].isdigit():
            return True
        if q.n0 > 0 and (toks[q.n0 - 1].text[:1] in "+0" and toks[q.n0 - 1].text[-1:].isdigit()):
            return True
        if q.n0 > 0 and toks[q.n0 - 1].end == toks[q.n0].start and toks[q.n0 - 1].text in ("/", "+", "#", "№"):
            return True
    return False


def _currency_before(q: _Q, toks: list[Token], lowers: list[str], lang: str) -> None:
    j = q.i0 - 1
    if j >= 0 and toks[j].text in lx.CURRENCY_SYMBOLS and q.value is not None:
        q.currency = lx.CURRENCY_SYMBOLS[toks[j].text]
        q.symbol = j
        q.i0 = j
        if j >= 1 and lowers[j - 1] == "us" and toks[j - 1].end == toks[j].start:
            q.i0 = j - 1
        # a hedge before the symbol: "rund €10 Mio."
        s, kind = _hedge_before(lowers, q.i0, lang, 0)
        if kind is not None and q.hedge_kind is None:
            q.hedge = " ".join(t.text for t in toks[s:q.i0])
            q.hedge_kind = kind
            q.low, q.high = interval(q.value, kind)
            q.i0 = s


def find_facts(text: str, sentences: list[Sentence], lang: str | None, date: PartialDate | None = None) -> list[Fact]:
    if lang not in HANDLED or not text or not sentences:
        return []
    masks_all = time_spans(text, sentences, lang)  # in text order
    mi = 0
    facts: list[Fact] = []
    for sent in sentences:
        toks = sent.tokens
        if not toks:
            continue
        while mi < len(masks_all) and masks_all[mi][1] <= sent.start:
            mi += 1
        lowers = [t.text.lower() for t in toks]
        quants = _scan(toks, lowers, lang)
        if not quants:
            continue
        masks = []
        k = mi
        while k < len(masks_all) and masks_all[k][0] < sent.end:
            masks.append(masks_all[k])
            k += 1
        quants = [q for q in quants if not _drop(q, toks, lowers, masks)]
        if not quants:
            continue
        for q in quants:
            _currency_before(q, toks, lowers, lang)
        clause = _clauses(toks, text)
        for q in quants:
            if clause[q.n0] < 0:  # a number SoMaJo called a symbol ("-")
                clause[q.n0] = clause[q.n0 - 1] if q.n0 else 0
        triggers = _triggers(toks, lowers, clause, lang)
        heads = [None if (q.age or q.currency) else _head(toks, lowers, q.i1, lang, clause) for q in quants]
        head_set = {h for h in heads if h is not None}
        triggers = [tr for tr in triggers if tr[0] not in head_set]
        owner = _owners(quants, heads, clause, triggers)
        attributions: list[tuple[int, int]] | None = None
        for qi, q in enumerate(quants):
            got = _classify(q, toks, lowers, clause, triggers, owner, qi, lang)
            if got is None:
                continue
            category, unit, head_i, end = got
            if q.vague and category not in lx.PEOPLE_CATEGORIES:
                continue
            if attributions is None:
                attributions = _attributions(text[sent.start:sent.end], sent.start, lang)
            start = toks[q.i0].start
            stop = toks[max(end, q.i1) - 1].end
            attribution = None
            if attributions:
                a, b = min(attributions, key=lambda ab: _gap(ab, start, stop))
                attribution = text[a:b]
            low, high = q.low, q.high
            if q.hedge_kind == "range" and q.value is not None:
                low = q.value
            facts.append(Fact(
                category=category, low=low, high=high, hedge=q.hedge, unit=unit,
                attribution=attribution, text=text[start:stop], sentence=sent.index,
                start=start, end=stop,
                head=_head_text(text, toks, triggers, head_i),
                vague=q.vague, value=q.value,
                hedge_kind="vague" if q.vague else (q.hedge_kind or "exact"),
            ))
    return facts
