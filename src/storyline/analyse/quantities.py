"""Quantity facts: a number (or a vague amount), its hedge, what it counts, who says so.

Works per sentence over SoMaJo tokens:

1. *scan*: find quantities -- digits ("10.000", "12 000", "1,5 Millionen", "3bn"), number
   words ("zehn", "eine halbe Million", "two thousand"), vague magnitudes ("Hunderte",
   "dozens of") and vague quantifiers ("viele", "zahlreiche") -- with the hedge written
   before them ("fast", "mehr als", "at least") and ranges ("5-6", "zwischen 10 und 20");
2. *drop* what is not a count: dates, years, relative times ("vor rund 30 Jahren", via
   times.time_spans), clock times, ordinals, identifiers ("Artikel 5"), phone-like digit
   runs, magnitudes ("Stärke 6,8"), scores ("3:1") and offsets ("zwei Tage nach dem Unglück");
3. *relate*: coordinated figures share their noun ("53 und 56 Prozent"), a part names its
   whole ("fast 900 der 1500 Flüge", "darunter 18 Sicherheitskräfte");
4. *classify* by a unit after the number ("3 Mrd. Euro", "zehn Tage", "5 km", "81 Jahre
   alt"), by the head noun and the group it names ("2.500 Soldaten", "550 Stellen") and by the
   predicate words of the clause ("starben", "nahmen ... fest", "fielen ... aus",
   "gestrichen"); each predicate belongs to the nearest quantity of its clause;
5. *claim*: stance (current, history, plan) and as-of time (analyse/claims.py);
6. *attribute*: the nearest source phrase of the sentence ("nach Angaben der Regierung").

Prefer no fact to a wrong fact: a bare number with neither head noun nor predicate is
dropped, and so is a vague amount that does not count people, flights or jobs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyline.analyse import claims
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
from storyline.analyse.times import find_times, time_spans
from storyline.lang import HANDLED
from storyline.types import Category, Fact, PartialDate, Sentence, Stance, Token

_SKIP_KINDS = {"date", "time", "ordinal", "URL", "email_address", "hashtag", "mention",
               "emoticon", "XML_entity"}
_BOUNDARY = {",", ";", ":", "–", "—", "(", ")", "-", "[", "]", "/"}
_RELATIVE = {"de": {"die", "der", "welche", "welcher", "denen", "deren"},
             "en": {"who", "which", "that", "whom", "of"}}
_AGE_TOKEN = re.compile(r"(\d{1,3})-?(?:[Jj]ähr|[Jj]är|year-old|years-old|yr-old)\w*")
_AGE_WORD = re.compile(r"[Jj]ährige[nmrs]?|[Jj]ährig")
_SPAN_TOKEN = re.compile(r"(\d{1,3})-(stündig|tägig|wöchig|monatig|minütig)\w*")
_SPAN_WORD = re.compile(r"([a-zäöüß]+?)(stündig|tägig|wöchig|monatig|minütig)\w*")  # "dreimonatigen"
_SPAN_UNITS = {"stündig": "hour", "tägig": "day", "wöchig": "week", "monatig": "month", "minütig": "minute"}
_DIGIT_START = re.compile(r"\d")
_ADJ_DE = re.compile(r"[a-zäöüß][a-zäöüß\-]*(?:e|en|er|es|em)")
_GROUP_SPACES = {" ", "\u00a0", "\u202f", "\u2009"}
_ORDINALS_DE = {"erste": 1, "zweite": 2, "dritte": 3, "vierte": 4, "fünfte": 5, "sechste": 6, "siebte": 7,
                "achte": 8, "neunte": 9, "zehnte": 10, "elfte": 11, "zwölfte": 12}
_ORDINALS_EN = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
                "ninth": 9, "tenth": 10}
_ARTICLES = {"de": ("ein", "eine", "einen", "einem", "einer", "eines"), "en": ("a", "an")}
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
_ADVERBS_DE = {"meist", "meistens", "überwiegend", "teils", "schwer", "leicht", "lebensgefährlich", "bisher",
               "nur", "noch", "insgesamt", "weltweit", "geplant", "zusätzlich", "ganz", "neu"}
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
    span_unit: str | None = None  # "24-stündigen": a duration written as one token
    victims: bool = False  # "ein fünftes Todesopfer": the toll an ordinal implies (phrase includes the noun)
    head: int | None = None  # the counted noun (token index)
    whole: int | None = None  # index (in the sentence's quantities) of the figure this one is a part of
    follows: int | None = None  # index of the coordinated figure whose noun and unit this one shares
    part: bool = False  # "darunter", "davon": a part of the figure before it
    owned: list[int] = field(default_factory=list)  # predicates (trigger indexes) this figure owns
    kind: str | None = None  # the head's group, "thing" for other nouns, None for a bare number
    counts: bool = True  # False for a whole ("der 1500 Flüge") and for figures a unit decides: no predicates


# --- scanning -------------------------------------------------------------------------


def _scale_at(lowers: list[str], j: int, lang: str) -> float | None:
    return SCALES[lang].get(lowers[j]) if j < len(lowers) else None


# glued scales ("$425M", "3bn"); in German a glued "m" is metres, so only the abbreviations count there
_GLUED_SCALES = {"en": {"m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "k": 1e3},
                 "de": {"mio": 1e6, "mrd": 1e9}}


def _spaced_groups(toks: list[Token], text: str, i: int) -> tuple[str, int]:
    """ "12 000", "250'000": digit groups split by a space or apostrophe, joined; (digits, end token)."""
    raw, j = toks[i].text, i + 1
    if not raw.isdigit() or len(raw) > 3:
        return raw, j
    while j < len(toks):
        nxt = toks[j]
        gap = text[toks[j - 1].end:nxt.start]
        if gap in _GROUP_SPACES and len(nxt.text) == 3 and nxt.text.isdigit():
            raw, j = raw + nxt.text, j + 1
        elif (nxt.text in ("'", "’") and not gap and j + 1 < len(toks) and toks[j + 1].start == nxt.end
              and len(toks[j + 1].text) == 3 and toks[j + 1].text.isdigit()):
            raw, j = raw + toks[j + 1].text, j + 2
        else:
            break
    return raw, j


def _digits_at(toks: list[Token], lowers: list[str], text: str, i: int, lang: str) -> tuple[float, int, bool] | None:
    t = toks[i]
    v = parse_attached(t.text, lang) if lang == "en" or not t.text[-1:].lower() in ("m", "k", "b") else None
    if v is not None:
        return v, i + 1, True
    raw, j = _spaced_groups(toks, text, i)
    scale = _scale_at(lowers, j, lang)
    glued = _GLUED_SCALES[lang]
    if scale is None and j < len(toks) and toks[j].start == toks[j - 1].end and lowers[j] in glued:
        scale = glued[lowers[j]]
    v = parse_digits(raw, lang, scaled=scale is not None)
    if v is None:
        return None
    if scale is not None:
        return v * scale, j + 1, True
    return v, j, True


def _article_number(lowers: list[str], i: int, lang: str) -> tuple[float, int] | None:
    """ "eine Million", "ein Dutzend", "eine halbe Million", "a hundred", "half a million"."""
    j = i + 1
    half = j < len(lowers) and lowers[j] in ("halbe", "halben")
    scale = _scale_at(lowers, j + half, lang)
    if scale is None or scale < 12:
        return None
    return scale * (0.5 if half else 1), j + half + 1


def _number_at(toks: list[Token], lowers: list[str], text: str, i: int, lang: str) -> tuple[float, int, bool] | None:
    """(value, end, digits) for a plain number starting at token i (scale included)."""
    low = lowers[i]
    if toks[i].kind in _SKIP_KINDS:
        return None
    if _DIGIT_START.match(low):
        return _digits_at(toks, lowers, text, i, lang)
    if low in _ARTICLES["de"] or low in ("a", "an", "one") or (lang == "en" and low == "half"):
        if lang == "en" and low == "half" and lowers[i + 1:i + 2] in (["a"], ["an"]):
            got = _article_number(lowers, i + 1, lang)
            return (got[0] / 2, got[1], False) if got else None
        if lang == "de" and low not in _ARTICLES["de"]:
            return None
        got = _article_number(lowers, i, lang)
        return (got[0], got[1], False) if got else None
    if lang == "de":
        v = parse_word_de(low)
        if v is None:
            return None
        scale = _scale_at(lowers, i + 1, lang)
        if scale is not None and scale >= 1e6:
            return v * scale, i + 2, False
        return v, i + 1, False
    return _words_en(lowers, i)


def _words_en(lowers: list[str], i: int) -> tuple[float, int, bool] | None:
    """A run of English number words ("two thousand five hundred twenty - five")."""
    n = len(lowers)
    if lowers[i] not in EN_NUMBER_WORDS:
        return None
    j = i
    while j < n and (lowers[j] in EN_NUMBER_WORDS or (
            lowers[j] in ("-", "and") and j + 1 < n and lowers[j + 1] in EN_NUMBER_WORDS and j > i)):
        j += 1
    v = parse_words_en(tuple(lowers[i:j]))
    if v is None:
        return None
    scale = _scale_at(lowers, j, "en")
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
        | set(_ARTICLES["de"] if lang == "de" else {"a", "an", "one", "tens", "half"} | EN_NUMBER_WORDS)
    )
    for lang in HANDLED
}
_DE_NUM_PREFIXES = frozenset({"ein", "zwe", "dre", "vie", "fün", "sec", "sie", "ach", "neu", "zeh", "elf", "zwö",
                              "zwa", "hun", "tau", "and"})


def _special_at(toks: list[Token], lowers: list[str], i: int, lang: str) -> _Q | None:
    """Ages and spans written as one token ("81-Jährige", "24-stündigen"), "26 jährigen", "Schmidt (37)"."""
    t, low = toks[i], lowers[i]
    if not low[:1].isdigit():
        m = _SPAN_WORD.fullmatch(low) if lang == "de" else None
        v = parse_word_de(m[1]) if m else None
        return _Q(i, i, i + 1, v, v, v, span_unit=_SPAN_UNITS[m[2]]) if v else None
    m = _AGE_TOKEN.fullmatch(t.text)
    # isdecimal, not isdigit: "²" is a digit to Python, but no number int() or float() reads
    if m or (t.text.isdecimal() and i + 1 < len(toks) and _AGE_WORD.fullmatch(toks[i + 1].text)):
        v = float(m[1] if m else t.text)
        return _Q(i, i, i + (1 if m else 2), v, v, v, digits=True, age=True)
    m = _SPAN_TOKEN.fullmatch(t.text)
    if m:
        v = float(m[1])
        return _Q(i, i, i + 1, v, v, v, digits=True, span_unit=_SPAN_UNITS[m[2]])
    if (lang == "de" and t.text.isdecimal() and 0 < i and 1 <= int(t.text) <= 110 and lowers[i - 1] == "("
            and lowers[i + 1:i + 2] == [")"] and i >= 2 and toks[i - 2].text[:1].isupper()
            and toks[i - 2].kind == "regular"):
        v = float(t.text)  # "Markus Schmidt (37)": the age after a name
        return _Q(i, i, i + 1, v, v, v, digits=True, age=True)
    return None


def _vague_at(toks: list[Token], lowers: list[str], i: int, lang: str) -> _Q | None:
    """ "mehrere hundert", "ein paar Hundert", "Hunderte", "tens of thousands", "viele"."""
    low = lowers[i]
    n = len(toks)
    for size in (2, 1):
        key = tuple(lowers[i:i + size])
        if len(key) == size and key in lx.VAGUE_MULTIPLIERS[lang] and i + size < n:
            scale = lx.SCALE_FOR_VAGUE.get(lowers[i + size])
            if scale:
                return _Q(i, i, i + size + 1, 2.0 * scale, 10.0 * scale - 1, None, vague=True)
    if lang == "en" and low in ("tens", "hundreds") and lowers[i + 1:i + 3] == ["of", "thousands"]:
        lo_hi = (20000, 99999) if low == "tens" else (200000, 999999)
        return _Q(i, i, i + 3, float(lo_hi[0]), float(lo_hi[1]), None, vague=True)
    if low in lx.VAGUE_MAGNITUDES:
        lo_hi = lx.VAGUE_MAGNITUDES[low]
        return _Q(i, i, i + 1, float(lo_hi[0]), float(lo_hi[1]), None, vague=True)
    return None


def _ordinal_at(toks: list[Token], lowers: list[str], i: int, lang: str) -> _Q | None:
    """ "ein fünftes Todesopfer", "a fifth victim": the toll the ordinal implies; "einem Toten": one."""
    if lowers[i] not in _ARTICLES[lang] or i + 1 >= len(toks):
        return None
    nxt = lowers[i + 1]
    table = _ORDINALS_DE if lang == "de" else _ORDINALS_EN
    stem = nxt.rstrip("nrsm") if lang == "de" else nxt
    if stem in table and i + 2 < len(toks) and (lowers[i + 2] in lx.VICTIM_NOUNS[lang]
                                                or _category_noun(lowers[i + 2], toks[i + 2].lemma, lang) == "killed"):
        v = float(table[stem])
        return _Q(i, i, i + 3, v, v, v, victims=True)
    if lang == "de" and _category_noun(nxt, toks[i + 1].lemma, lang) in ("killed", "injured", "arrested") \
            and toks[i + 1].text[:1].isupper():
        return _Q(i, i, i + 1, 1.0, 1.0, 1.0)
    return None


def _range_after(toks: list[Token], lowers: list[str], text: str, q: _Q, lang: str, digits: bool) -> _Q:
    """ "5-6", "10 bis 20", "1,5 bis 2 Millionen", "rund 2,3 bis knapp 2,5 Mio." as one range."""
    end, n, v = q.i1, len(toks), q.value
    if not (end + 1 < n and lowers[end] in ("-", "–", "bis", "to")) or v is None:
        return q
    if lang == "en" and q.n0 >= 2 and lowers[q.n0 - 1] == "from" and lowers[q.n0 - 2] in lx.CHANGE_VERBS_EN:
        return q  # "rose from 164 to 225": two figures, the first an earlier one
    k = end + 1
    hedge_end, _ = _hedge_before_skip(lowers, k, lang)
    second = _number_at(toks, lowers, text, hedge_end, lang)
    if second is None or second[0] < v:
        return q
    v2, end2, _ = second
    if end2 - hedge_end == 2 and end - q.n0 == 1 and v2 >= 1e3:
        v = v * (v2 / _second_base(toks, lowers, hedge_end, lang))
    return _Q(q.i0, q.n0, end2, v, v2, v, hedge=toks[end].text, hedge_kind="range", digits=digits)


def _hedge_before_skip(lowers: list[str], k: int, lang: str) -> tuple[int, str | None]:
    """A hedge starting at token k ("bis knapp 2,5"): (first token after it, its kind)."""
    hedges = lx.HEDGES[lang]
    for size in range(lx.HEDGE_MAX_LEN, 0, -1):
        kind = hedges.get(tuple(lowers[k:k + size]))
        if kind is not None:
            return k + size, kind
    return k, None


def _scan_one(toks: list[Token], lowers: list[str], text: str, i: int, lang: str) -> _Q | None:
    q = _special_at(toks, lowers, i, lang) or _ordinal_at(toks, lowers, i, lang) or _vague_at(toks, lowers, i, lang)
    if q is not None:
        return q
    parsed = _number_at(toks, lowers, text, i, lang)
    if parsed is not None:
        v, end, digits = parsed
        return _range_after(toks, lowers, text, _Q(i, i, end, v, v, v, digits=digits), lang, digits)
    quantifiers = lx.VAGUE_QUANTIFIERS[lang]
    if lowers[i] in quantifiers:
        lo, hi = quantifiers[lowers[i]]
        return _Q(i, i, i + 1, None if lo is None else float(lo), None if hi is None else float(hi), None,
                  vague=True, quantifier=True)
    return None


def _scan(toks: list[Token], lowers: list[str], text: str, lang: str) -> list[_Q]:
    out: list[_Q] = []
    n = len(toks)
    i = 0
    floor = 0  # hedges may not reach into the previous quantity
    starters = _STARTERS[lang]
    while i < n:
        low = lowers[i]
        if not (low[:1].isdigit() or low in starters or (lang == "de" and low[:3] in _DE_NUM_PREFIXES)):
            i += 1
            continue
        q = _scan_one(toks, lowers, text, i, lang)
        if q is None:
            i += 1
            continue
        if not q.age:
            _hedge(toks, lowers, text, q, lang, floor)
        out.append(q)
        floor = q.i1
        i = q.i1
    return out


def _hedge(toks: list[Token], lowers: list[str], text: str, q: _Q, lang: str, floor: int) -> None:
    """The hedge before the number ("fast", "zwischen 10 und 20") or after it ("oder mehr")."""
    n = len(toks)
    s, kind = _hedge_before(lowers, q.n0, lang, floor)
    if kind is not None and q.hedge_kind != "range":
        q.i0, q.hedge_kind = s, kind
        q.hedge = " ".join(toks[k].text for k in range(s, q.n0))
    elif (q.value is not None and q.n0 - 1 >= floor and lowers[q.n0 - 1] in ("zwischen", "between")
          and q.i1 + 1 < n and lowers[q.i1] in ("und", "and")):
        second = _number_at(toks, lowers, text, q.i1 + 1, lang)
        if second is not None and second[0] >= q.value:
            q.i0, q.high, q.i1 = q.n0 - 1, second[0], second[1]
            q.hedge, q.hedge_kind = toks[q.n0 - 1].text, "range"
    post = lx.POST_HEDGES.get(tuple(lowers[q.i1:q.i1 + 2]))
    if post and q.hedge_kind is None and q.value is not None:
        q.hedge_kind = post
        q.hedge = toks[q.i1].text + " " + toks[q.i1 + 1].text
        q.i1 += 2
    if q.value is not None and q.hedge_kind not in (None, "range"):
        q.low, q.high = interval(q.value, q.hedge_kind)


def _second_base(toks: list[Token], lowers: list[str], j: int, lang: str) -> float:
    """The unscaled value of the range's second number (to scale the first alike)."""
    v = parse_digits(toks[j].text, lang, scaled=True) if lowers[j][:1].isdigit() else (
        parse_word_de(lowers[j]) if lang == "de" else parse_words_en((lowers[j],)))
    return v or 1.0


# --- not counts -----------------------------------------------------------------------


def _masked(q: _Q, toks: list[Token], lowers: list[str], masks: list[tuple[int, int, str]]) -> bool:
    """Inside a time expression other than a duration ("vor zwei Tagen"); a window keeps its count
    ("in den letzten drei Wochen") unless the number is its only content ("die letzten Tage")."""
    s, e = toks[q.n0].start, toks[q.i1 - 1].end
    for a, b, kind in masks:
        if a < e and s < b and kind not in ("duration", "window"):
            return True
    return False


def _is_offset(q: _Q, toks: list[Token], lowers: list[str], lang: str) -> bool:
    """ "Zwei Tage nach dem Unglück", "20 Jahre zuvor", "two days after": a time offset, not a duration."""
    j = q.i1
    if j < len(toks) and lowers[j] in lx.TIME_UNITS:
        nxt = lowers[j + 1] if j + 1 < len(toks) else ""
        return nxt in lx.OFFSET_AFTER and not (nxt == "on" and lang == "en")
    return False


def _is_magnitude(q: _Q, lowers: list[str]) -> bool:
    before = lowers[max(0, q.i0 - 2):q.i0]
    if any(w in lx.MAGNITUDE_BEFORE or w.endswith("stärke") for w in before):
        return True
    after = " ".join(lowers[q.i1:q.i1 + 3])
    return after in lx.MAGNITUDE_AFTER or lowers[q.i1:q.i1 + 1] == ["-magnitude"]


def _is_score(q: _Q, toks: list[Token]) -> bool:
    """ "3:1", "5:1 (3:0)", "92:85": a score or a clock time, never a count."""
    a, b = q.n0, q.i1 - 1
    after = b + 2 < len(toks) and toks[b + 1].text == ":" and toks[b + 1].start == toks[b].end \
        and toks[b + 2].start == toks[b + 1].end and toks[b + 2].text[:1].isdigit()
    before = a >= 2 and toks[a - 1].text == ":" and toks[a - 1].end == toks[a].start \
        and toks[a - 2].end == toks[a - 1].start and toks[a - 2].text[-1:].isdigit()
    return after or before


def _drop(q: _Q, toks: list[Token], lowers: list[str], masks: list[tuple[int, int, str]], lang: str) -> bool:
    """Dates, years, clock times, identifiers, phone-like runs, magnitudes, scores, offsets: not counts."""
    if _masked(q, toks, lowers, masks) or _is_offset(q, toks, lowers, lang):
        return True
    if not q.digits or q.age:
        return False
    n = len(toks)
    nxt = lowers[q.i1] if q.i1 < n else ""
    if nxt in ("uhr", "a.m.", "p.m.", "h", "gmt", "utc", "mez") or _is_magnitude(q, lowers) or _is_score(q, toks):
        return True
    if q.i0 > 0 and q.hedge_kind is None:
        prev = toks[q.i0 - 1].text
        if lowers[q.i0 - 1] in lx.IDENTIFIER_BEFORE or prev == "§":
            return True
        if prev.isupper() and prev.isalpha() and len(prev) <= 3 and prev.lower() not in lx.CURRENCY_WORDS:  # "B 312"
            return True
    raw = toks[q.n0].text
    if raw.isdigit() and len(raw) >= 5 and q.i1 == q.n0 + 1 and not lowers[q.i1:q.i1 + 1] == ["menschen"]:
        if not (q.hedge_kind and q.i1 < n and toks[q.i1].text[:1].isupper()):
            return True  # "45472 Mülheim": counts this large are written with separators
    # phone-like: digit tokens back to back ("+49 30 123456")
    if q.i1 < n and toks[q.i1].kind in ("number", "measurement") and lowers[q.i1][:1].isdigit():
        return True
    if q.n0 > 0 and (toks[q.n0 - 1].text[:1] in "+0" and toks[q.n0 - 1].text[-1:].isdigit()):
        return True
    return q.n0 > 0 and toks[q.n0 - 1].end == toks[q.n0].start and toks[q.n0 - 1].text in ("/", "+", "#", "№")


# --- clauses and predicates -----------------------------------------------------------


def _clauses(toks: list[Token], text: str) -> list[int]:
    """Clause id per token; boundary tokens get -1. A line break also ends a clause (SoMaJo keeps
    headline lines and list items in one sentence). A parenthesis is a clause of its own, and the
    words after it continue the clause before it ("wollen am Donnerstag (06.00 Uhr) in den Streik gehen")."""
    ids: list[int] = []
    cid = top = 0
    outer: list[int] = []
    prev_end = None
    for t in toks:
        if prev_end is not None and "\n" in text[prev_end:t.start]:
            top += 1
            cid, outer = top, []
        prev_end = t.end
        if t.text in ("(", "[") and t.kind == "symbol":
            outer.append(cid)
            top += 1
            cid = top
            ids.append(-1)
        elif t.text in (")", "]") and outer:
            cid = outer.pop()
            ids.append(-1)
        elif t.text in _BOUNDARY or (t.kind == "symbol" and t.text in ".!?"):
            ids.append(-1)
            top += 1
            cid = top
        else:
            ids.append(cid)
    return ids


_ADJ_LAST = frozenset("enrsm")


def _strip_adj(low: str) -> tuple[str, ...]:
    return tuple(low[: -len(s)] for s in ("en", "er", "es", "em", "e") if low.endswith(s))


def _predicate_at(toks: list[Token], lowers: list[str], clause: list[int], i: int, lang: str) -> tuple[str, int] | None:
    """(predicate, last token) of a predicate word starting at token i ("ums Leben": two tokens)."""
    table = lx.TRIGGERS[lang]
    t, low = toks[i], lowers[i]
    pred = table.get(low) or table.get(t.lemma)
    if pred is None and lang == "de":
        if low[-1:] in _ADJ_LAST and low[:1].islower():
            pred = next((table[s] for s in _strip_adj(low) if s in table), None)
        if pred is None:
            pred = _separable(lowers, clause, i, t.lemma)
    if pred is not None:
        return pred, i
    if i + 1 < len(toks):
        bigrams = lx.TRIGGER_BIGRAMS[lang]
        pred = bigrams.get((low, lowers[i + 1])) or bigrams.get((low, toks[i + 1].lemma))
        if pred is not None:
            return pred, i + 1
    return None


def _separable(lowers: list[str], clause: list[int], i: int, lemma: str) -> str | None:
    """ "nahmen ... fest", "fielen ... aus": the particle closes the clause."""
    seps = lx.SEPARABLE_DE.get(lemma)
    if not seps:
        return None
    j = i + 1
    while j < len(lowers) and clause[j] == clause[i]:
        j += 1
    last = j - 1
    return seps.get(lowers[last]) if last > i else None


def _attributive(toks: list[Token], lowers: list[str], i: int, heads: set[int], lang: str) -> bool:
    """ "in der am schwersten betroffenen Provinz": an adjective of another noun says nothing of the figure."""
    if lang != "de" or i + 1 >= len(toks) or i + 1 in heads:
        return False
    low = lowers[i]
    return (low[:1].islower() and len(low) > 4 and low.endswith(("e", "en", "er", "es", "em"))
            and toks[i + 1].text[:1].isupper()
            and toks[i + 1].kind == "regular")


def _negated(lowers: list[str], clause: list[int], i: int) -> bool:
    """ "wurden nicht verletzt", "no one was hurt"."""
    for k in range(max(0, i - 3), i):
        if clause[k] == clause[i] and lowers[k] in lx.NEGATIONS:
            return True
    return lowers[i] in lx.NEGATIONS


def _triggers(toks: list[Token], lowers: list[str], clause: list[int], lang: str) -> list[tuple[int, str, int]]:
    """(token index, predicate, last token) of every predicate word of the sentence."""
    out: list[tuple[int, str, int]] = []
    for i in range(len(toks)):
        if clause[i] < 0:
            continue
        got = _predicate_at(toks, lowers, clause, i, lang)
        if got is not None and not _negated(lowers, clause, i):
            out.append((i, got[0], got[1]))
    return out


# --- heads and groups -----------------------------------------------------------------

_GROUP_SUFFIXES = tuple(sorted(((w, g) for w, g in lx.GROUP_NOUNS["de"].items() if w not in lx.EXACT_ONLY_DE),
                               key=lambda wg: -len(wg[0])))


_PEOPLE_ENDINGS_DE = ("isten", "anten", "innen", "ierende", "ierenden")  # agent nouns: Aktivisten, Passanten


def _member_group(toks: list[Token], lowers: list[str], head: int, lang: str) -> str | None:
    """ "19 Angehörige der Sicherheitskräfte", "18 members of the security forces": the group after them."""
    for k in range(head + 1, min(len(toks), head + 5)):
        if lowers[k] in ("der", "des", "of", "the", "von", "staatlichen") or lowers[k][:1].islower() and lang == "en":
            g = _group(lowers[k], toks[k].lemma, lang) if lang == "en" else None
            if g is not None:
                return g
            continue
        return _group(lowers[k], toks[k].lemma, lang)
    return None


def _group(low: str, lemma: str, lang: str) -> str | None:
    """The group a noun names ("Bundespolizisten" -> police, "Flüge" -> flights), None for other things."""
    table = lx.GROUP_NOUNS[lang]
    g = table.get(low) or table.get(lemma)
    if g is not None or lang == "en":
        return g
    word = low.rsplit("-", 1)[-1]
    g = table.get(word)
    if g is not None:
        return g
    g = next((g for w, g in _GROUP_SUFFIXES if word.endswith(w)), None)
    return g if g is not None or not word.endswith(_PEOPLE_ENDINGS_DE) else "people"


def _category_noun(low: str, lemma: str, lang: str) -> str | None:
    table = lx.CATEGORY_NOUNS[lang]
    cat = table.get(low) or table.get(lemma)
    if cat is None and lang == "de":
        for suffixes, c in lx.CATEGORY_SUFFIXES_DE:
            if low.endswith(suffixes):
                return c
    return cat


def _clause_end(clause: list[int], j: int) -> int:
    cid = clause[j - 1] if j > 0 else 0
    n = len(clause)
    while n > j and clause[n - 1] != cid:  # never look past the number's clause
        n -= 1
    return n


def _head(toks: list[Token], lowers: list[str], j: int, lang: str, clause: list[int]) -> int | None:
    """Index of the head noun after a quantity ending at token j, or None."""
    n = _clause_end(clause, j)
    if j < n and lowers[j] in ("of", "von") and j + 1 < n:
        j += 1
    return _head_de(toks, lowers, j, n) if lang == "de" else _head_en(toks, lowers, j, n)


def _head_de(toks: list[Token], lowers: list[str], j: int, n: int) -> int | None:
    k = j
    while k < min(n, j + 6):
        t, low = toks[k], lowers[k]
        if t.kind != "regular":
            return None
        if t.text[:1].isupper():
            if low == "zum" or (low == "teil" and k > j and lowers[k - 1] == "zum"):
                k += 1
                continue
            if low.endswith("-") and k + 2 < n and lowers[k + 1] in ("und", "oder", ","):
                k += 2  # "Bau- und Gartenmärkte": the head is the last part
                continue
            if (low in lx.NOT_HEADS or low in lx.MONTHS or low in lx.WEEKDAYS or low in _STOP_DE
                    or low in _FUNCTION_DE or len(low) < 3 or low.endswith("-")):
                return None
            if t.text.isupper() and len(t.text) > 1 and low not in lx.CURRENCY_WORDS \
                    and low not in lx.MEASURE_UNITS["de"]:
                return None  # "MAX", "OVKS": names, not counted things
            return k
        if low == "zum" and lowers[k + 1:k + 2] == ["teil"]:
            k += 1
        elif low not in _ADVERBS_DE and (low in _STOP_DE or not _ADJ_DE.fullmatch(low)):
            return None
        k += 1
    return None


def _head_en(toks: list[Token], lowers: list[str], j: int, n: int) -> int | None:
    k = j
    for _ in range(3):
        if k >= n or toks[k].kind not in ("regular", "abbreviation"):
            return None
        low = lowers[k]
        if _known_en(low):
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


def _known_en(low: str) -> bool:
    return (low in lx.CATEGORY_NOUNS["en"] or low in lx.GROUP_NOUNS["en"] or low in lx.CURRENCY_WORDS
            or low in lx.TIME_UNITS or low in lx.PERCENT_WORDS or low in lx.MEASURE_UNITS["en"])


def _number_of_head(toks: list[Token], lowers: list[str], clause: list[int], q: _Q, lang: str) -> int | None:
    """ "die Zahl der (vom Streik betroffenen) Passagiere ... auf 550 000": the noun the number counts."""
    cid = clause[q.n0]
    k = q.i0 - 1
    while k >= 0 and clause[k] == cid and lowers[k] not in lx.NUMBER_OF[lang]:
        k -= 1
    if k < 0 or clause[k] != cid:
        return None
    best = None
    for m in range(k + 1, min(q.i0, k + 8)):
        if lowers[m] in ("auf", "um", "to", "at", "ist", "sind", "has", "have", "is", "was"):
            break
        if best is not None and lang == "de" and toks[m].text[:1].islower() and not _ADJ_DE.fullmatch(lowers[m]):
            break  # "Zahl der Delikte stieg im Vergleich": the verb ends the noun phrase
        if (lang == "de" and toks[m].text[:1].isupper() and toks[m].kind == "regular"
                and lowers[m] not in _FUNCTION_DE and lowers[m] not in _STOP_DE) \
                or (lang == "en" and _known_en(lowers[m])):
            best = m
    return best


# --- relations between the figures of a sentence --------------------------------------


def _between(toks: list[Token], lowers: list[str], a: int, b: int) -> list[str]:
    return lowers[a:b] if 0 <= a <= b else ["?"]


def _unit_token(lowers: list[str], j: int, lang: str) -> bool:
    low = lowers[j] if j < len(lowers) else ""
    return (low in lx.PERCENT_WORDS or low in lx.CURRENCY_WORDS or low in lx.TIME_UNITS
            or low in lx.MEASURE_UNITS[lang])


def _coordinated(q: _Q, nxt: _Q, toks: list[Token], lowers: list[str], lang: str) -> bool:
    """ "53 und 56 Prozent", "1100 statt 1700 Arbeitsplätze", "2.000 Landes- und 1.200 Bundespolizisten"."""
    if q.age or q.currency or _unit_token(lowers, q.i1, lang):
        return False
    if q.head is not None:
        words = _between(toks, lowers, q.head + 1, nxt.i0)
        return words in (["und"], ["and"], ["sowie"])
    words = _between(toks, lowers, q.i1, nxt.i0)
    first, second = lx.CHANGE_FROM[lang]
    if words == [second] and q.i0 > 0 and lowers[q.i0 - 1] == first:
        return True  # "von zwei auf neun Milliarden Euro"
    if not words or not any(w in lx.COORDINATION or w == "," for w in words):
        return False
    return all(w in lx.COORDINATION or w == "," or w.endswith("-") or w in ("weitere", "weiteren") for w in words)


def _part_of(q: _Q, nxt: _Q, toks: list[Token], lowers: list[str], lang: str) -> bool:
    """ "fast 900 der 1500 Flüge", "57 von 910 Mitgliedern", "zehn Prozent der etwa 2000 Stellen"."""
    start = q.i1 + (1 if q.i1 < len(lowers) and lowers[q.i1] in lx.PERCENT_WORDS else 0)
    if q.head is not None and start == q.i1:
        return False
    words = _between(toks, lowers, start, nxt.i0)
    if not words or words[0] not in lx.PART_OF_WORDS or len(words) > 3:
        return False
    return all(w in lx.PART_OF_WORDS or w in _ADVERBS_DE for w in words)


def _part_cue(q: _Q, lowers: list[str], lang: str) -> bool:
    """ "darunter 18 Sicherheitskräfte", "davon 500", "9000 davon", "among them 20 children"."""
    before = lowers[max(0, q.i0 - 2):q.i0]
    if before[-1:] and before[-1] in ("darunter", "davon", "including"):
        return True
    if before in (["unter", "ihnen"], ["among", "them"]):
        return True
    after = lowers[q.i1:q.i1 + 2]
    return after[:1] == ["davon"] or after in (["of", "them"], ["von", "ihnen"])


def _relate(quants: list[_Q], toks: list[Token], lowers: list[str], lang: str) -> None:
    for k, q in enumerate(quants):
        nxt = quants[k + 1] if k + 1 < len(quants) else None
        if nxt is not None and _coordinated(q, nxt, toks, lowers, lang):
            q.follows = k + 1
        elif nxt is not None and _part_of(q, nxt, toks, lowers, lang):
            q.whole = k + 1
            if q.head is None and not _unit_token(lowers, q.i1, lang):
                q.head = nxt.head
        elif k > 0 and _part_cue(q, lowers, lang):
            q.part, q.whole = True, k - 1


# --- classification -------------------------------------------------------------------

_DIR_OWNED = 0.25  # a trigger after the quantity wins a distance tie (verb-final clauses)


def _unit_after(toks: list[Token], lowers: list[str], j: int, lang: str) -> tuple[str, str, int] | None:
    """(category, unit, end) when a unit word follows the number at j: percent, money, time, measure."""
    n = len(toks)
    if j >= n:
        return None
    low = lowers[j]
    if low in lx.PERCENT_WORDS:
        return "percent", lx.PERCENT_WORDS[low], j + 1
    if low == "per" and j + 1 < n and lowers[j + 1] == "cent":
        return "percent", "%", j + 2
    if low in lx.CURRENCY_WORDS or low.split("-")[0] in ("euro", "dollar", "us-dollar"):
        return "money", lx.CURRENCY_WORDS.get(low) or lx.CURRENCY_WORDS[low.split("-")[0]], j + 1
    if low in lx.TIME_UNITS:
        return "time", lx.TIME_UNITS[low][0], j + 1
    unit = lx.MEASURE_UNITS[lang].get(low)
    if unit is not None:
        end = j + 1
        if end + 1 < n and lowers[end] in ("/", "pro", "per") and lowers[end + 1] in lx.MEASURE_UNITS[lang] | lx.TIME_UNITS:
            unit, end = f"{unit}/{lowers[end + 1][:1] if lowers[end + 1] in lx.TIME_UNITS else lowers[end + 1]}", end + 2
        return "measure", unit, end
    return None


def _unit_category(q: _Q, toks: list[Token], lowers: list[str], lang: str) -> tuple[str, str | None, int | None, int] | None:
    """(category, unit, head token, phrase end) for figures a unit decides: ages, money, percent, time, measures."""
    if q.age:
        return "age", "year", q.n0, q.i1
    if q.victims:
        return "killed", "people", q.i1 - 1, q.i1
    if q.span_unit:
        return "duration", q.span_unit, q.n0, q.i1
    if q.currency:
        return "money", q.currency, q.symbol, q.i1
    unit = _unit_after(toks, lowers, q.i1, lang)
    if unit is None:
        if q.n0 > 0 and lowers[q.n0 - 1] == "aged":
            return "age", "year", q.n0 - 1, q.i1
        return None
    kind, code, end = unit
    if kind != "time":
        return kind, code, q.i1, end
    # a time unit: an age ("81 Jahre alt", "im Alter von 81 Jahren", "mit 13 Jahren") or a duration
    before = lowers[max(0, q.i0 - 3):q.i0]
    if (end < len(toks) and (lowers[end].startswith("alt") or lowers[end] in ("old", "älter"))) \
            or before[-2:] in (["alter", "von"], ["age", "of"]) or before[-1:] in (["aged"], ["mit"]):
        return "age", "year", q.i1, end + (end < len(toks) and lowers[end].startswith("alt"))
    return "duration", code, q.i1, end


def _unit_group(c: _Ctx, q: _Q, category: str) -> str | None:
    """What a figure a unit decides counts: people for a toll, the topic of money and percentages
    ("Kreditlinie" -> credit, "Rettungspaket" -> package, "30 Prozent der Anteile" -> stake)."""
    if category == "killed":
        return "people"
    if category not in ("money", "percent"):
        return None
    cid = c.clause[q.n0]
    best = None
    for k, clause_id in enumerate(c.clause):
        if clause_id != cid or q.i0 <= k < q.i1:
            continue
        topic = _topic(c.toks[k], c.lowers[k], c.lang)
        if topic is None and category == "percent" and c.lowers[k] in lx.STAKE_VERBS:
            topic = "stake"
        if topic is not None and (best is None or abs(k - q.n0) < abs(best[0] - q.n0)):
            best = (k, topic)
    return best[1] if best else None


_TOPIC_SUFFIXES = tuple(sorted(lx.TOPICS["de"].items(), key=lambda wt: -len(wt[0])))


def _topic(t: Token, low: str, lang: str) -> str | None:
    table = lx.TOPICS[lang]
    topic = table.get(low) or table.get(t.lemma)
    if topic is not None or lang != "de" or not t.text[:1].isupper():
        return topic
    return next((tp for w, tp in _TOPIC_SUFFIXES if low.endswith(w) and len(w) >= 5), None)


def _resolve(pred: str, group: str | None) -> str | None:
    """The category a predicate gives a figure of a group (None when it says nothing about that group).

    ``group`` is None for a bare number and "thing" for a noun that names no listed group."""
    if group == "thing":
        return None
    table = lx.PREDICATE_FOR_GROUP.get(pred)
    if table is not None and (group in table or pred not in lx.PEOPLE_CATEGORIES):
        return table.get(group or "people")
    if group in lx.THING_GROUPS or pred not in lx.PEOPLE_CATEGORIES:
        return None
    return pred


def _thing_group(toks: list[Token], lowers: list[str], clause: list[int], q: _Q, lang: str) -> str | None:
    """For a bare number with "gestrichen": the jobs or flights its clause speaks of ("mit 6.800 ... der Stellen")."""
    cid = clause[q.n0]
    for k, c in enumerate(clause):
        if c == cid and k not in range(q.i0, q.i1):
            g = _group(lowers[k], toks[k].lemma, lang)
            if g in lx.THING_GROUPS:
                return g
    return None


@dataclass(slots=True)
class _Ctx:
    toks: list[Token]
    lowers: list[str]
    clause: list[int]
    triggers: list[tuple[int, str, int]]
    lang: str
    owned: set[int] = field(default_factory=set)  # predicates some figure owns


def _pick(c: _Ctx, q: _Q, cands: list[int], group: str | None) -> tuple[int, str] | None:
    """The nearest candidate predicate that says something about the figure's group: (trigger, category)."""
    best = None
    for k in sorted(cands, key=lambda k: _distance(q, q.head, c.triggers[k][0])):
        pred = c.triggers[k][1]
        g = group
        if g is None and pred in ("cut", "cancel", "at_risk"):
            g = _thing_group(c.toks, c.lowers, c.clause, q, c.lang)
        cat = _resolve(pred, g)
        if cat is not None:
            best = (k, cat)
            break
    return best


def _same_clause_triggers(c: _Ctx, q: _Q, end: int, owned: set[int]) -> list[int]:
    """Unowned predicates of the figure's clause, else of the clause that continues it: a relative clause
    ("164 Menschen, die ... starben"), a second verb ("Drei Flüchtlinge gelangten ..., ertranken dort")
    or a verb after an apposition ("Rund 125 Stellen will die Bank, Societe Generale, abbauen")."""
    cid = c.clause[q.n0]
    free = [k for k, (ti, _, _) in enumerate(c.triggers) if k not in owned]
    same = [k for k in free if c.clause[c.triggers[k][0]] == cid]
    if same:
        return same
    last, n = end, len(c.toks)
    while last < n and c.clause[last] == cid:
        last += 1
    if last + 1 >= n or c.lowers[last] != ",":
        return []
    nxt = c.clause[last + 1]
    words = [k for k in range(last + 1, n) if c.clause[k] == nxt]
    verb_first = c.lowers[last + 1] in _RELATIVE[c.lang] or any(c.triggers[k][0] == last + 1 for k in free)
    if verb_first or (len(words) <= 2 and all(c.lowers[w].islower() for w in words)) or _apposition_verb(c, words):
        return [k for k in free if c.clause[c.triggers[k][0]] == nxt or (c.triggers[k][0] > last and _tail(c, k))]
    return []


def _apposition_verb(c: _Ctx, words: list[int]) -> bool:
    """ ", Societe Generale, abbauen": a name between commas, the verb after it."""
    return bool(words) and all(c.toks[w].text[:1].isupper() for w in words) and len(words) <= 3


def _tail(c: _Ctx, k: int) -> bool:
    """The predicate ends the sentence in a clause of at most two lower-case words."""
    ti = c.triggers[k][0]
    words = [w for w in range(len(c.toks)) if c.clause[w] == c.clause[ti]]
    return len(words) <= 2 and all(c.lowers[w].islower() for w in words)


def _classify(c: _Ctx, q: _Q) -> tuple[str, str | None, int | None, int, str | None] | None:
    """(category, unit, head token (negative: a trigger), phrase end, group) or None to drop the figure."""
    toks, lowers, lang = c.toks, c.lowers, c.lang
    head = q.head
    end = head + 1 if head is not None and head >= q.i1 and (q.whole is None or q.part) else q.i1
    group = _group(lowers[head], toks[head].lemma, lang) if head is not None else None
    if head is not None and lowers[head] in lx.MEMBER_NOUNS:
        group = _member_group(toks, lowers, head, lang) or group
    hard = _category_noun(lowers[head], toks[head].lemma, lang) if head is not None else None
    if hard is not None:
        return hard, "people" if hard in lx.PEOPLE_CATEGORIES else _lemma(toks[head]), head, end, \
            group or _hard_group(hard)
    people = head is None or (group is not None and group not in lx.THING_GROUPS)
    kind = group if group is not None or head is None else "thing"
    picked = _pick(c, q, q.owned, kind) if q.owned else None
    if picked is None and not q.owned and kind != "thing" and q.counts:
        picked = _pick(c, q, _same_clause_triggers(c, q, end, c.owned), kind)
    if picked is not None and lx.DEFAULT_CATEGORY.get(group) != picked[1]:
        k, cat = picked
        return cat, "people" if cat in lx.PEOPLE_CATEGORIES else _lemma(toks[head]) if head is not None else None, \
            -1 - k, end, group or ("people" if cat in lx.PEOPLE_CATEGORIES else None)
    if group in lx.DEFAULT_CATEGORY:
        return lx.DEFAULT_CATEGORY[group], "people", head, end, group
    if head is None or (lang == "en" and _named_number(q, toks, lowers, c.clause)):
        return None
    if q.vague:
        return None
    return "other", "people" if people else _lemma(toks[head]), head, end, group


def _hard_group(category: str) -> str:
    return {"cancelled": "flights", "job_cuts": "jobs"}.get(category, "people")


def _lemma(t: Token) -> str:
    return t.lemma or t.text.lower()


def _named_number(q: _Q, toks: list[Token], lowers: list[str], clause: list[int]) -> bool:
    """ "Apollo 11 mission": in English a number right after a capitalised word is a name (German
    capitalises every noun: "die Lufthansa 25 Flugzeuge" counts; "Radio 7" is an identifier word)."""
    if q.i0 < 2 or q.hedge_kind is not None:
        return False
    prev = toks[q.i0 - 1]
    return (prev.text[:1].isupper() and prev.kind == "regular" and lowers[q.i0 - 1] not in _FUNCTION_DE
            and clause[q.i0 - 1] == clause[q.n0])


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
    last = head if head is not None and head >= q.i1 else q.i1 - 1
    if ti > last:
        return ti - last - _DIR_OWNED
    if ti < q.i0:
        return q.i0 - ti
    return 0.0


def _own(quants: list[_Q], clause: list[int], triggers: list[tuple[int, str, int]]) -> None:
    """Each predicate belongs to the nearest counting figure of its clause (not to wholes, money or percent)."""
    for k, (ti, pred, _) in enumerate(triggers):
        best, best_d = None, None
        for qi, q in enumerate(quants):
            if not q.counts or clause[q.n0] != clause[ti]:
                continue
            if q.kind is not None and _resolve(pred, q.kind) is None:
                continue  # "450 Mitarbeiter aus zwei Schichten folgten dem Streikaufruf": not the shifts
            d = _distance(q, q.head, ti)
            if best_d is None or d < best_d:
                best, best_d = qi, d
        if best is not None:
            quants[best].owned.append(k)

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
    # ", teilte die Katastrophenschutzbehörde Afad in Ankara mit": the speaker and where it spoke
    re.compile(r"(?<=,\s)teilten?\s+[^,.;:!?]{1,80}?\s+mit\b"),
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




# --- driver ---------------------------------------------------------------------------


def _currency_before(q: _Q, toks: list[Token], lowers: list[str], lang: str) -> None:
    j = q.i0 - 1
    if j < 0 or q.value is None:
        return
    code = lx.CURRENCY_SYMBOLS.get(toks[j].text) or (lowers[j].upper() if lowers[j] in ("eur", "usd", "chf", "gbp")
                                                     and toks[j].text.isupper() else None)
    if code is None:
        return
    q.currency, q.symbol, q.i0 = code, j, j
    if j >= 1 and lowers[j - 1] == "us" and toks[j - 1].end == toks[j].start:
        q.i0 = j - 1
    # a hedge before the symbol: "rund €10 Mio."
    s, kind = _hedge_before(lowers, q.i0, lang, 0)
    if kind is not None and q.hedge_kind is None:
        q.hedge = " ".join(t.text for t in toks[s:q.i0])
        q.hedge_kind = kind
        q.low, q.high = interval(q.value, kind)
        q.i0 = s


def _quantities(text: str, toks: list[Token], lowers: list[str], lang: str,
                masks: list[tuple[int, int, str]]) -> list[_Q]:
    quants = [q for q in _scan(toks, lowers, text, lang) if not _drop(q, toks, lowers, masks, lang)]
    for q in quants:
        _currency_before(q, toks, lowers, lang)
    return quants


def _heads(quants: list[_Q], toks: list[Token], lowers: list[str], clause: list[int], lang: str) -> None:
    for q in quants:
        if q.age or q.currency or q.span_unit or _unit_token(lowers, q.i1, lang):
            continue
        q.head = _head(toks, lowers, q.i1, lang, clause)
        if q.head is None:
            q.head = _number_of_head(toks, lowers, clause, q, lang)
        if q.head is None and q.i0 >= 2 and lowers[q.i0 - 1] == ":" \
                and _category_noun(lowers[q.i0 - 2], toks[q.i0 - 2].lemma, lang):
            q.head = q.i0 - 2  # "Festnahmen: 10.000"
        if q.head is not None:
            q.kind = _group(lowers[q.head], toks[q.head].lemma, lang) or "thing"
            if _category_noun(lowers[q.head], toks[q.head].lemma, lang):
                q.kind = None


def _classified(c: _Ctx, quants: list[_Q]) -> list[tuple | None]:
    """Per figure (category, unit, head token, end, group) or None; coordinated figures and parts inherit."""
    units = [_unit_category(q, c.toks, c.lowers, c.lang) for q in quants]
    wholes = {q.whole for q in quants if q.whole is not None and not q.part}
    for k, q in enumerate(quants):
        q.counts = units[k] is None and k not in wholes
    _own(quants, c.clause, c.triggers)
    c.owned = {k for q in quants for k in q.owned}
    got: list[tuple | None] = [None if u is None else (*u, _unit_group(c, q, u[0])) for q, u in zip(quants, units)]
    for k, q in enumerate(quants):
        if got[k] is None:
            got[k] = _classify(c, q)
    for k in range(len(quants) - 1, -1, -1):
        f = quants[k].follows
        if f is not None and got[f] is not None:
            got[k] = _follow(got[k], got[f], quants[k])
            _share_scale(quants[k], quants[f], c.lowers, c.lang)
    for k, q in enumerate(quants):
        w = q.whole
        if q.part and w is not None and got[w] is not None and (got[k] is None or got[k][0] == "other"):
            cat, unit, head, _, group = got[w]
            own = got[k]
            got[k] = (cat, unit if own is None else own[1], head if own is None else own[2],
                      q.i1 if own is None else own[3], group if own is None else own[4] or group)
    return got


def _share_scale(q: _Q, other: _Q, lowers: list[str], lang: str) -> None:
    """ "von zwei auf neun Milliarden Euro", "53 und 56 Millionen": the scale word of the second counts for both."""
    scale = SCALES[lang].get(lowers[other.i1 - 1]) if other.i1 > other.n0 + 1 else None
    if scale is None or scale < 1e3 or q.value is None or q.i1 - q.n0 != 1 or SCALES[lang].get(lowers[q.i1 - 1]):
        return
    q.value *= scale
    q.low = None if q.low is None else q.low * scale
    q.high = None if q.high is None else q.high * scale


def _follow(own: tuple | None, other: tuple, q: _Q) -> tuple:
    """A figure coordinated with the next ("53 und 56 Prozent", "1100 statt 1700 Arbeitsplätze",
    "164 Menschen und 18 Polizisten wurden getötet") takes its noun, unit and, for people, its predicate."""
    cat, unit, head, _, group = other
    if own is None:
        return cat, unit, head, q.i1, group
    if q.head is None:
        return own[0], own[1] or unit, own[2], own[3], own[4] or group
    if own[0] == "other" and own[1] == "people" and cat in lx.PEOPLE_CATEGORIES and head is not None and head < 0:
        return cat, own[1], head, own[3], own[4]
    return own


_ORDINAL_BEFORE = frozenset({"der", "die", "das", "den", "dem", "des", "zum", "zur", "am", "im", "vom", "beim", "bis",
                             "ab", "seit", "ein", "eine", "einen", "einem", "einer", "eines", "sein", "seine",
                             "seinen", "seinem", "seiner", "ihr", "ihre", "ihren", "ihrem", "ihrer", "unser",
                             "unsere", "jeder", "jede", "jedes"})


def _unglue_ordinals(toks: list[Token]) -> list[Token]:
    """ "stieg auf 225. Am Montag ...": SoMaJo reads "225." as an ordinal (and keeps the sentence going).
    A number and a full stop, unless a determiner makes it an ordinal ("am 6.", "zum 7. Mal")
    or a month follows ("6. Januar")."""
    out: list[Token] = []
    for k, t in enumerate(toks):
        digits = t.text[:-1]
        if t.kind != "ordinal" or not digits.isdigit() or (k and toks[k - 1].text.lower() in _ORDINAL_BEFORE):
            out.append(t)
            continue
        nxt = toks[k + 1].text if k + 1 < len(toks) else ""
        if nxt and (not nxt[:1].isupper() or nxt.lower().rstrip(".") in lx.MONTHS or nxt.lower() in lx.MONTHS):
            out.append(t)
            continue
        out += [Token(digits, t.start, t.end - 1, digits, "number"), Token(".", t.end - 1, t.end, ".", "symbol")]
    return out


def _sentence_facts(text: str, sent: Sentence, lang: str, masks: list[tuple[int, int, str]], times: list) -> list[Fact]:
    toks = _unglue_ordinals(sent.tokens)
    lowers = [t.text.lower() for t in toks]
    quants = _quantities(text, toks, lowers, lang, masks)
    if not quants:
        return []
    clause = _clauses(toks, text)
    for q in quants:
        if clause[q.n0] < 0:  # a number SoMaJo called a symbol ("-")
            clause[q.n0] = clause[q.n0 - 1] if q.n0 else 0
    triggers = _triggers(toks, lowers, clause, lang)
    _heads(quants, toks, lowers, clause, lang)
    head_set = {q.head for q in quants if q.head is not None}
    triggers = [tr for tr in triggers if tr[0] not in head_set
                and not (tr[0] == tr[2] and _attributive(toks, lowers, tr[0], head_set, lang))]
    _relate(quants, toks, lowers, lang)
    c = _Ctx(toks, lowers, clause, triggers, lang)
    got = _classified(c, quants)
    keep = [k for k, g in enumerate(got) if g is not None and (not quants[k].vague or g[0] in lx.VAGUE_CATEGORIES)]
    if not keep:
        return []
    stances = claims.stances(toks, lowers, clause, [(q.i0, q.i1) for q in quants], lang)
    attributions = _attributions(text[sent.start:sent.end], sent.start, lang)
    return [_fact(text, sent, c, quants, got, stances, attributions, times, k) for k in keep]


def _fact(text: str, sent: Sentence, c: _Ctx, quants: list[_Q], got: list, stances: list[str],
          attributions: list[tuple[int, int]], times: list, k: int) -> Fact:
    q, toks = quants[k], c.toks
    category, unit, head_i, end, group = got[k]
    start = toks[q.i0].start
    stop = toks[max(end, q.i1) - 1].end
    attribution = None
    if attributions:
        a, b = min(attributions, key=lambda ab: _gap(ab, start, stop))
        attribution = text[a:b]
    low, high = q.low, q.high
    if q.hedge_kind == "range" and q.value is not None:
        low = q.value
    whole = quants[q.whole] if q.whole is not None and got[q.whole] is not None else None
    stance = stances[k]
    if stance == "current" and whole is not None and q.part:
        stance = stances[q.whole]
    if stance == "plan" and any(o.whole == k and not o.part for o in quants):
        stance = "current"  # "zehn Prozent der weltweit etwa 2000 Stellen abbauen": the whole is no plan
    when = claims.as_of(times, c.clause, toks, q.i0, q.i1)
    cid = c.clause[q.n0]
    worldwide = any(c.lowers[i] in lx.WORLDWIDE for i, k in enumerate(c.clause) if k == cid)
    return Fact(
        category=Category(category), low=low, high=high, hedge=q.hedge, unit=unit,
        attribution=attribution, text=text[start:stop], sentence=sent.index,
        start=start, end=stop, head=_head_text(text, toks, c.triggers, head_i), vague=q.vague,
        value=q.value, hedge_kind="vague" if q.vague else (q.hedge_kind or "exact"),
        group=group, stance=Stance(stance), as_of=when[0] if when else None,
        as_of_start=when[1] if when else None, as_of_end=when[2] if when else None,
        part_of=toks[whole.i0].start if whole is not None else None,
        subject=lx.WORLD_SUBJECT if worldwide else None,
    )


def find_facts(text: str, sentences: list[Sentence], lang: str | None, date: PartialDate | None = None) -> list[Fact]:
    """The quantity facts of an article; ``date`` (the article's) resolves the as-of times of its figures."""
    if lang not in HANDLED or not text or not sentences:
        return []
    masks_all = time_spans(text, sentences, lang)  # in text order
    times = find_times(text, sentences, lang, date)
    by_sentence: dict[int, list] = {}
    for t in times:
        by_sentence.setdefault(t.sentence, []).append(t)
    mi = 0
    facts: list[Fact] = []
    for sent in sentences:
        if not sent.tokens:
            continue
        while mi < len(masks_all) and masks_all[mi][1] <= sent.start:
            mi += 1
        masks = []
        k = mi
        while k < len(masks_all) and masks_all[k][0] < sent.end:
            masks.append(masks_all[k])
            k += 1
        facts.extend(_sentence_facts(text, sent, lang, masks, by_sentence.get(sent.index, [])))
    return facts
