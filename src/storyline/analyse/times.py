"""Time expressions: absolute dates, weekdays, relative expressions, durations.

Patterns run over each sentence's text (precompiled, German and English) and
give candidates; overlapping candidates are resolved longest-first, so
"Mittwoch kommender Woche" is one expression and "am 6. Januar 2022" is not
also a year. Every relative candidate carries a resolver ``f(today) -> _Res``.
The article date is a :class:`PartialDate`: a day-precise date is "today";
a month- or year-precise date is a *range* of possible todays, and the
expression is resolved at both ends. When both ends agree, the value is exact;
otherwise the value is None (or the month when the whole range lies in one
month) and ``range_start``/``range_end`` give the honest span. No day is ever
invented. See docs/facts.md for the rules.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Callable

from storyline.analyse import lexicon as lx
from storyline.analyse.numbers import (
    DE_WORD_PATTERN,
    EN_WORD_PATTERN,
    interval,
    is_year_shape,
    parse_number_text,
)
from storyline.lang import month_pattern, weekday_pattern
from storyline.types import PartialDate, Sentence, TimeExpr

# --- resolution primitives ------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class _Res:
    start: dt.date | None  # honest range
    end: dt.date | None
    value: str | None  # point value at `precision`
    precision: str | None


Resolver = Callable[[dt.date], "_Res | None"]


def _day(d: dt.date) -> _Res:
    return _Res(d, d, d.isoformat(), "day")


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _week(d: dt.date) -> _Res:
    mon = _monday(d)
    y, w, _ = d.isocalendar()
    return _Res(mon, mon + dt.timedelta(days=6), f"{y:04d}-W{w:02d}", "week")


def _last_dom(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _month(y: int, m: int) -> _Res | None:
    if not 1 <= y <= 9999:
        return None
    return _Res(dt.date(y, m, 1), dt.date(y, m, _last_dom(y, m)), f"{y:04d}-{m:02d}", "month")


def _year(y: int) -> _Res | None:
    if not 1 <= y <= 9999:
        return None
    return _Res(dt.date(y, 1, 1), dt.date(y, 12, 31), f"{y:04d}", "year")


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def _shift(d: dt.date, n: float, unit: str) -> dt.date | None:
    """``d`` moved by ``n`` units (negative = back); None outside the calendar."""
    try:
        if unit in ("day", "hour", "minute"):
            return d + dt.timedelta(days=round(n) if unit == "day" else 0)
        if unit == "week":
            return d + dt.timedelta(days=round(7 * n))
        if unit == "month":
            y, m = _add_months(d.year, d.month, round(n))
            return dt.date(y, m, min(d.day, _last_dom(y, m)))
        if unit in ("year", "decade"):
            y = d.year + round(n * (10 if unit == "decade" else 1))
            return dt.date(y, d.month, min(d.day, _last_dom(y, d.month)))
    except (OverflowError, ValueError):
        return None
    return None


def _at(d: dt.date | None, unit: str) -> _Res | None:
    """The calendar unit containing ``d``."""
    if d is None:
        return None
    if unit in ("day", "hour", "minute"):
        return _day(d)
    if unit == "week":
        return _week(d)
    if unit == "month":
        return _month(d.year, d.month)
    return _year(d.year)


# Parts of a period: (Anfang|early), (Mitte|mid), (Ende|late) -- document in docs/facts.md
_PARTS = {"anfang": 0, "beginn": 0, "early": 0, "beginning": 0, "start": 0,
          "mitte": 1, "mid": 1, "middle": 1, "ende": 2, "late": 2, "end": 2}


def _part(r: _Res | None, part: int) -> _Res | None:
    """The first/middle/last part of a week, month or year, keeping its value."""
    if r is None or r.start is None:
        return None
    s = r.start
    if r.precision == "month":
        bounds = ((1, 10), (11, 20), (21, _last_dom(s.year, s.month)))[part]
        return _Res(s.replace(day=bounds[0]), s.replace(day=bounds[1]), r.value, r.precision)
    if r.precision == "week":
        lo, hi = ((0, 1), (2, 3), (4, 6))[part]
        return _Res(s + dt.timedelta(days=lo), s + dt.timedelta(days=hi), r.value, r.precision)
    if r.precision == "year":
        lo, hi = ((1, 3), (5, 8), (10, 12))[part]
        return _Res(dt.date(s.year, lo, 1), dt.date(s.year, hi, _last_dom(s.year, hi)), r.value, r.precision)
    return r


def _weekday(d: dt.date, w: int, mode: str) -> dt.date:
    """past: on/before d; future: on/after d; prev/next: strictly before/after d."""
    if mode == "past":
        return d - dt.timedelta(days=(d.weekday() - w) % 7)
    if mode == "future":
        return d + dt.timedelta(days=(w - d.weekday()) % 7)
    if mode == "prev":
        return d - dt.timedelta(days=(d.weekday() - w - 1) % 7 + 1)
    return d + dt.timedelta(days=(w - d.weekday() - 1) % 7 + 1)


def _nearest_year(today: dt.date, m: int, d: int = 1) -> int:
    """The year that puts month ``m`` (day ``d``) closest to ``today``."""
    best, gap = today.year, None
    for y in (today.year - 1, today.year, today.year + 1):
        try:
            cand = dt.date(y, m, min(d, _last_dom(y, m)))
        except ValueError:
            continue
        g = abs((cand - today).days)
        if gap is None or g < gap:
            best, gap = y, g
    return best


# --- candidates -----------------------------------------------------------------------


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    kind: str
    fixed: _Res | None = None  # absolute: independent of the article date
    resolve: Resolver | None = None  # relative: needs the article date
    duration_days: float | None = None
    window: bool = False  # "in den letzten drei Wochen": a span of stated length back from today


_SEP = r"[\s\u00a0]+"
_MON_DE = month_pattern("de")
_MON_EN = month_pattern("en")
_WD_DE = weekday_pattern("de") + r"(?:abend|morgen|nachmittag|vormittag|mittag|nacht|früh)?"
_WD_EN = weekday_pattern("en")
_WD_DE_PLAIN = weekday_pattern("de", None)
_WD_EN_PLAIN = weekday_pattern("en", None)
_NUM_DE = rf"(?:\d{{1,4}}(?:,\d+)?|{DE_WORD_PATTERN}|eineinhalb|anderthalb|zweieinhalb)"
_NUM_EN = rf"(?:\d{{1,4}}(?:\.\d+)?|{EN_WORD_PATTERN})"
_HEDGE_DE = (r"(?P<hedge>rund|etwa|ungefähr|ca\.|circa|zirka|knapp|fast|gut|mehr\s+als|über|"
             r"mindestens|beinahe|nahezu|weniger\s+als|bis\s+zu|höchstens|annähernd)")
_HEDGE_EN = (r"(?P<hedge>about|around|roughly|some|nearly|almost|more\s+than|over|at\s+least|"
             r"approximately|up\s+to|less\s+than|fewer\s+than|just\s+over|just\s+under)")
_UNIT_DE = (r"(?P<unit>Tagen|Tage|Tag|Wochen|Woche|Monaten|Monate|Monat|Jahrzehnten|Jahrzehnte|"
            r"Jahrzehnt|Jahren|Jahre|Jahr|Stunden|Stunde|Minuten|Minute)")
_UNIT_EN = r"(?P<unit>days?|weeks?|months?|years?|decades?|hours?|minutes?)"
_PART_DAY_DE = r"(?:Abend|Morgen|Nachmittag|Vormittag|Mittag|Nacht|früh)"

_I = re.IGNORECASE

_DE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("numdate", re.compile(
        rf"(?:\bam{_SEP})?(?:\b{_WD_DE_PLAIN},?{_SEP}(?:de[nm]{_SEP})?)?"
        rf"\b(?P<d>\d{{1,2}})\.\s?(?P<m>\d{{1,2}})\.(?:\s?(?P<y>\d{{4}}|\d{{2}})(?![\d.,]))?(?!\d)", _I)),
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("daymonth", re.compile(
        rf"(?:\bam{_SEP})?(?:\b{_WD_DE_PLAIN},?{_SEP}(?:de[nm]{_SEP})?)?"
        rf"\b(?P<d>\d{{1,2}})\.\s*{_MON_DE}(?!\w)(?:{_SEP}(?P<y>\d{{4}})(?![\d.,]\d))?", _I)),
    ("month", re.compile(
        rf"(?:\b(?P<prep>im|seit|bis|ab|Anfang|Mitte|Ende|Beginn)(?:{_SEP}|-))?"
        rf"\b{_MON_DE}(?!\w)(?:{_SEP}(?P<y>\d{{4}})(?![\d.,]\d))?", _I)),
    ("year", re.compile(
        rf"(?:\b(?P<prep>im{_SEP}Jahre?|seit{_SEP}dem{_SEP}Jahre?|seit|bis|ab|Anfang|Mitte|Ende|Beginn|"
        rf"Frühjahr|Sommer|Herbst|Winter){_SEP})?(?<![\d.,])\b(?P<y>\d{{4}})\b(?![.,]\d)", _I)),
    ("weekday", re.compile(
        rf"(?:\b(?P<prep>am|seit|bis|ab|vom|zum|bis{_SEP}zum){_SEP})?"
        rf"(?:\b(?P<mod>vergangenen|letzten|vorigen|kommenden|nächsten|diesen){_SEP})?"
        rf"\b{_WD_DE}(?!\w)(?:{_SEP}{_PART_DAY_DE}(?!\w))?"
        rf"(?:{_SEP}(?:(?P<wk>kommender|nächster|vergangener|letzter|voriger|dieser|kommende|nächste|"
        rf"letzte|vergangene|diese){_SEP}Woche|der{_SEP}(?P<wk2>kommenden|nächsten|vergangenen|letzten|"
        rf"vorigen|laufenden){_SEP}Woche)(?!\w))?", _I)),
    ("relday", re.compile(
        rf"\b(?P<w>vorgestern|gestern|heute|morgen|übermorgen)(?!\w)(?:{_SEP}{_PART_DAY_DE}(?!\w))?", _I)),
    ("relperiod", re.compile(
        rf"(?:\b(?P<prep>in{_SEP}der|in{_SEP}dieser|in{_SEP}diesem|im|in{_SEP}den|seit{_SEP}der|"
        rf"seit{_SEP}dem|bis{_SEP}zur|bis{_SEP}zum|am|an{_SEP}den|über{_SEP}die|während{_SEP}der|"
        rf"zum){_SEP})?"
        rf"\b(?P<mod>vergangene[nrs]?|letzte[nrs]?|vorige[nrs]?|kommende[nrs]?|nächste[nrs]?|"
        rf"diese[nrsm]?|laufende[nrs]?|zurückliegende[nrs]?){_SEP}"
        rf"(?:(?P<n>{_NUM_DE}){_SEP})?"
        rf"(?P<unit>Wochenende|Wochenendes|Wochen|Woche|Monats|Monaten|Monat|Jahres|Jahren|Jahrs|"
        rf"Jahr|Tagen|Tage)(?!\w)", _I)),
    ("prevperiod", re.compile(
        rf"(?:\b(?:in{_SEP}der|im|seit{_SEP}der|seit{_SEP}dem){_SEP})?\b(?P<w>Vorwoche|Vormonat|Vorjahr|"
        rf"Vorjahres)(?!\w)", _I)),
    ("weekend", re.compile(
        rf"\b(?P<prep>am|übers|über{_SEP}das|zum|bis{_SEP}zum|seit{_SEP}dem){_SEP}Wochenende(?!\w)", _I)),
    ("part", re.compile(
        rf"(?:\b(?:zu|seit|bis|gegen|ab){_SEP})?\b(?P<part>Anfang|Mitte|Ende|Beginn){_SEP}"
        rf"(?:(?:des|der|dieses|diesen|dieser){_SEP})?"
        rf"(?:(?P<mod>vergangenen|letzten|vorigen|kommenden|nächsten|laufenden|vergangener|letzter|"
        rf"voriger|kommender|nächster|laufender){_SEP})?(?P<unit>Monats|Woche|Jahres|Jahrs)(?!\w)", _I)),
    ("partword", re.compile(
        rf"(?:\b(?:zum|am|bis{_SEP}zum|seit|zu){_SEP})?\b(?P<w>Monatsanfang|Monatsbeginn|Monatsmitte|"
        rf"Monatsende|Jahresanfang|Jahresbeginn|Jahresmitte|Jahresende|Wochenanfang|Wochenbeginn|"
        rf"Wochenmitte)(?!\w)", _I)),
    ("ago", re.compile(
        rf"\bvor{_SEP}(?:{_HEDGE_DE}{_SEP})?(?P<n>{_NUM_DE}|einer|einem|eines|wenigen|einigen|"
        rf"mehreren|ein{_SEP}paar){_SEP}{_UNIT_DE}(?!\w)", _I)),
    ("infuture", re.compile(
        rf"\bin{_SEP}(?P<n>{_NUM_DE}|einer|einem|wenigen|einigen|ein{_SEP}paar){_SEP}{_UNIT_DE}(?!\w)", _I)),
    ("duration", re.compile(
        rf"(?:\b{_HEDGE_DE}{_SEP})?\b(?P<n>{_NUM_DE}|eine[nmr]?|ein){_SEP}{_UNIT_DE}(?!\w)"
        rf"(?!{_SEP}(?:alt|älter))(?!-)", _I)),
]

_EN_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("mdy", re.compile(
        rf"(?:\b(?i:on){_SEP})?(?:\b{_WD_EN_PLAIN},?{_SEP})?\b{_MON_EN}{_SEP}(?P<d>\d{{1,2}})"
        rf"(?:st|nd|rd|th)?\b(?:,?{_SEP}(?P<y>\d{{4}})\b)?")),
    ("dmy", re.compile(
        rf"(?:\b(?i:on){_SEP})?(?:\b{_WD_EN_PLAIN},?{_SEP})?(?:\b(?i:the){_SEP})?\b(?P<d>\d{{1,2}})"
        rf"(?:st|nd|rd|th)?{_SEP}(?:(?i:of){_SEP})?{_MON_EN}(?!\w)(?:,?{_SEP}(?P<y>\d{{4}})\b)?")),
    ("slashdate", re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})\b")),
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("month", re.compile(
        rf"(?:\b(?P<prep>(?i:in|since|until|by|from|early|late|mid|end{_SEP}of|the{_SEP}end{_SEP}of|"
        rf"beginning{_SEP}of|the{_SEP}beginning{_SEP}of|start{_SEP}of|the{_SEP}start{_SEP}of|"
        rf"the{_SEP}middle{_SEP}of|middle{_SEP}of|last|next|this))(?:{_SEP}|-))?"
        rf"\b{_MON_EN}(?!\w)(?:,?{_SEP}(?P<y>\d{{4}})\b)?")),
    ("year", re.compile(
        rf"(?:\b(?P<prep>(?i:in|since|until|by|from|early|late|mid|end{_SEP}of|the{_SEP}end{_SEP}of|"
        rf"the{_SEP}beginning{_SEP}of|beginning{_SEP}of|the{_SEP}start{_SEP}of|start{_SEP}of|"
        rf"the{_SEP}middle{_SEP}of|summer|spring|autumn|fall|winter))(?:{_SEP}|-))?"
        rf"(?<![\d.,$€£])\b(?P<y>\d{{4}})\b(?![.,]\d)")),
    ("weekday", re.compile(
        rf"(?:\b(?P<prep>(?i:on|since|until|by|from)){_SEP})?"
        rf"(?:\b(?P<mod>(?i:last|next|this|coming|past|previous)){_SEP})?\b{_WD_EN}\b"
        rf"(?:{_SEP}(?i:night|morning|afternoon|evening)\b)?"
        rf"(?:{_SEP}(?:(?i:of){_SEP})?(?P<wk>(?i:next|last|this)){_SEP}(?i:week)\b)?")),
    ("relday", re.compile(
        rf"\b(?P<w>(?i:the{_SEP}day{_SEP}before{_SEP}yesterday|the{_SEP}day{_SEP}after{_SEP}tomorrow|"
        rf"yesterday|today|tomorrow|tonight|last{_SEP}night|this{_SEP}morning|this{_SEP}afternoon|"
        rf"this{_SEP}evening))\b(?:{_SEP}(?i:morning|afternoon|evening|night)\b)?")),
    ("relperiod", re.compile(
        rf"(?:\b(?P<prep>(?i:in|over|during|within|for|since|earlier|later|until|by|at|on)){_SEP})?"
        rf"(?:\b(?i:the){_SEP})?\b(?P<mod>(?i:last|past|next|coming|this|previous|current|recent)){_SEP}"
        rf"(?:(?P<n>(?i:few|several|couple{_SEP}of)|{_NUM_EN}){_SEP})?"
        rf"(?P<unit>(?i:weekend|weeks?|months?|years?|days|decades?))\b")),
    ("weekend", re.compile(rf"\b(?P<prep>(?i:at|over|on|during)){_SEP}(?i:the){_SEP}(?i:weekend)\b")),
    ("part", re.compile(
        rf"(?:\b(?i:at|by|until|since|from|in|towards?){_SEP})?(?:\b(?i:the){_SEP})?"
        rf"\b(?P<part>(?i:beginning|start|middle|end)){_SEP}(?i:of){_SEP}"
        rf"(?:(?P<mod>(?i:the|this|last|next|the{_SEP}last|the{_SEP}next|the{_SEP}previous|the{_SEP}past))"
        rf"{_SEP})?(?P<unit>(?i:month|week|year))\b")),
    ("part2", re.compile(
        rf"\b(?P<part>(?i:early|mid|late|earlier|later))(?:{_SEP}|-)(?P<mod>(?i:this|last|next))"
        rf"{_SEP}(?P<unit>(?i:month|week|year))\b")),
    ("ago", re.compile(
        rf"\b(?:{_HEDGE_EN}{_SEP})?(?P<n>(?i:a{_SEP}few|a{_SEP}couple{_SEP}of|a{_SEP}couple|several|few|an|a|"
        rf"one)|{_NUM_EN}){_SEP}{_UNIT_EN}{_SEP}(?i:ago)\b", _I)),
    ("infuture", re.compile(
        rf"\b(?i:in){_SEP}(?P<n>(?i:a{_SEP}few|an|a)|{_NUM_EN}){_SEP}{_UNIT_EN}(?:'{_SEP}?time|{_SEP}time)?\b")),
    ("duration", re.compile(
        rf"(?:\b{_HEDGE_EN}{_SEP})?\b(?P<n>{_NUM_EN}|(?i:an|a|one)){_SEP}{_UNIT_EN}\b"
        rf"(?!{_SEP}(?:old|ago|earlier)\b)(?!-)", _I)),
]

_MODS = {  # relative modifier -> offset (None: direction decided elsewhere)
    "vergangen": -1, "letzt": -1, "vorig": -1, "zurückliegend": -1, "kommend": 1, "nächst": 1,
    "dies": 0, "laufend": 0,
    "last": -1, "past": -1, "previous": -1, "recent": -1, "next": 1, "coming": 1, "this": 0,
    "current": 0,
}


def _mod(word: str | None) -> int | None:
    if not word:
        return None
    w = word.lower()
    for stem, k in _MODS.items():
        if w.startswith(stem):
            return k
    return None


_UNIT_NAMES = {"tag": "day", "woche": "week", "monat": "month", "jahrzehnt": "decade", "jahr": "year",
               "stunde": "hour", "minute": "minute", "day": "day", "week": "week", "month": "month",
               "year": "year", "decade": "decade", "hour": "hour"}


def _unit(word: str) -> str:
    w = word.lower()
    for stem, u in _UNIT_NAMES.items():
        if w.startswith(stem):
            return u
    return "day"


_VAGUE_N = {"wenigen", "einigen", "mehreren", "ein paar", "few", "a few", "several", "couple of",
            "a couple of", "a couple"}
_VAGUE_RANGE = (2, 6)  # "vor wenigen Tagen", "a few days ago": 2 to 6 units
_ONE = {"einer", "einem", "eines", "eine", "einen", "ein", "a", "an", "one"}
# "in den vergangenen Tagen" without a number: how far back the window reaches, in days
_RECENT_WINDOW = {"day": 10, "week": 42, "month": 183, "year": 3652, "decade": 36525}
_PER_DAY = {"day": 1, "week": 7, "month": 30.4375, "year": 365.25, "decade": 3652.5,
            "hour": 1 / 24, "minute": 1 / 1440}


def _count(raw: str | None, lang: str) -> tuple[float | None, bool]:
    """(n, vague) for the number in a time expression."""
    if raw is None:
        return None, False
    low = " ".join(raw.lower().split())
    if low in _VAGUE_N:
        return None, True
    if low in _ONE:
        return 1.0, False
    return parse_number_text(low, lang), False


def _hedge_bounds(n: float, hedge: str | None, lang: str) -> tuple[float | None, float | None]:
    """Bounds of a hedged count, with the same factors as quantity facts (numbers.interval)."""
    if not hedge:
        return n, n
    return interval(n, lx.HEDGES[lang].get(tuple(hedge.lower().split()), "about"))


# --- tense ------------------------------------------------------------------------------

_BOUNDARY = {",", ";", ":", "–", "—", "(", ")", "-", "“", "”", "„", "«", "»", '"'}
_PAST_DE = {
    "war", "waren", "wurde", "wurden", "hatte", "hatten", "gab", "gaben", "kam", "kamen", "ging",
    "gingen", "stand", "standen", "lag", "lagen", "fand", "fanden", "traf", "trafen", "sprach",
    "sprachen", "nahm", "nahmen", "begann", "begannen", "starb", "starben", "fiel", "fielen",
    "hielt", "hielten", "ließ", "ließen", "rief", "riefen", "flog", "flogen", "zog", "zogen",
    "bat", "baten", "hieß", "blieb", "blieben", "schlug", "schlugen", "brach", "brachen", "sah",
    "sahen", "stieg", "stiegen", "verließ", "erschien", "entschied", "beschloss", "betrug",
    "gewann", "verlor", "schrieb", "floh", "flohen", "griff", "griffen", "trat", "traten", "sank",
    "galt", "fuhr", "lief", "liefen", "entzog", "entließ", "wies", "warf", "sagte", "sagten",
    "worden", "gewesen",
}
_PERFECT_AUX_DE = {"hat", "haben", "habe", "ist", "sind", "sei", "seien"}
_FUTURE_DE = {"wird", "werden", "werde", "soll", "sollen", "solle", "will", "wollen", "plant",
              "planen", "geplant", "kommenden", "nächsten", "künftig", "bevorstehenden"}
_PAST_EN = {"was", "were", "had", "did", "said", "told", "came", "went", "began", "took",
            "gave", "fled", "held", "met", "left", "saw", "fell", "rose", "won", "lost", "made"}
_FUTURE_EN = {"will", "'ll", "shall", "going", "plans", "planned", "scheduled", "due", "expected",
              "next", "upcoming"}


def _direction(sent: Sentence, start: int, end: int, lang: str) -> str:
    """'past' or 'future' for a bare weekday/weekend, from the cues in its clause.

    Past when the clause has a past-tense cue; future when it has a future cue
    and no past cue; past by default (news report what happened).
    """
    past, future = _cues(sent, start, end, lang)
    return "future" if future and not past else "past"


def _plain_infinitive(t) -> bool:
    low = t.text.lower()
    return low[:1].isalpha() and low[:1].islower() and low.endswith(("en", "ern", "eln")) and t.lemma == low \
        and low not in ("sein", "haben", "werden")


def _cues(sent: Sentence, start: int, end: int, lang: str) -> tuple[bool, bool]:
    """(past cue, future cue) in the clause around [start, end)."""
    toks = sent.tokens
    i = 0
    while i < len(toks) and toks[i].end <= start:
        i += 1
    lo = i
    while lo > 0 and toks[lo - 1].text not in _BOUNDARY:
        lo -= 1
    hi = i
    while hi < len(toks) and (toks[hi].start < end or toks[hi].text not in _BOUNDARY):
        hi += 1
    past = future = False
    for k in range(lo, hi):
        t = toks[k]
        if start <= t.start < end:
            continue
        low = t.text.lower()
        if lang == "de":
            if low == "zu" and k + 1 < hi and _plain_infinitive(toks[k + 1]):
                future = True  # "angekündigt, am Freitag 800 Flüge zu streichen"
            elif low in _PAST_DE:
                past = True
            elif low in _FUTURE_DE:
                future = True
            elif low in _PERFECT_AUX_DE:
                if any(x.text.lower().startswith("ge") and x.text.lower()[-1:] in "tn" for x in toks[lo:hi]):
                    past = True
            elif (low.endswith("te") or low.endswith("ten")) and low[:1].islower() and t.lemma.endswith("en"):
                stem = low[:-2] if low.endswith("te") else low[:-3]
                if t.lemma[: len(stem)] == stem and t.lemma != low:
                    past = True
        else:
            if low in _PAST_EN or (low.endswith("ed") and t.lemma != low):
                past = True
            elif low in _FUTURE_EN:
                future = True
    return past, future


# --- pattern handlers -----------------------------------------------------------------


def _year2(y: str) -> int:
    v = int(y)
    if len(y) == 2:
        return 2000 + v if v < 50 else 1900 + v
    return v


def _valid(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_no(word: str) -> int | None:
    return lx.MONTHS.get(word.lower())


def _day_month(d: int, m: int, y: str | None) -> tuple[_Res | None, Resolver | None]:
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None, None
    if y:
        date = _valid(_year2(y), m, d)
        return (_day(date) if date else None), None
    if d > 29 and _valid(2000, m, d) is None:  # 31 April, 30 February
        return None, None

    def resolve(today: dt.date) -> _Res | None:
        date = _valid(_nearest_year(today, m, d), m, d)
        return _day(date) if date else None

    return None, resolve


_HEDGED_COUNT_BEFORE = re.compile(
    r"(?:mehr\s+als|über|fast|knapp|etwa|rund|bis\s+zu|mindestens|ca\.|circa|ungefähr|"
    r"more\s+than|over|nearly|almost|about|around|at\s+least|up\s+to|some|roughly)\s+$",
    re.IGNORECASE)
_NEXT_WORD = re.compile(r"\s+(\S+)")
_COUNT_LINKS = frozenset({"statt", "anstatt", "oder", "bzw.", "instead", "or"})


def _year_is_count(st: str, s: int, e: int, lang: str) -> bool:
    """True when a bare four-digit number counts things ("mehr als 2000 Zivilisten")."""
    if _HEDGED_COUNT_BEFORE.search(st[max(0, s - 16):s]):
        return True
    m = _NEXT_WORD.match(st, e)
    if not m or "\n" in m.group(0):
        return False
    word = m[1].strip(".,;:!?)»«\"“”'")
    low = word.lower()
    if not word or low in lx.MONTHS or low in lx.WEEKDAYS:
        return False
    if low in _COUNT_LINKS:  # "1100 statt 1700 Arbeitsplätze": as the figure it is coordinated with
        nxt = _NEXT_WORD.match(st, m.end())
        if nxt and nxt[1][:1].isdigit():
            return _year_is_count(st, nxt.start(1), nxt.start(1) + len(nxt[1].rstrip(".,;:!?")), lang)
        return False
    if lang == "de":
        return word[0].isupper() and word.isalpha() and low not in ("uhr",)
    return (low in lx.CATEGORY_NOUNS["en"] or low in lx.PEOPLE_NOUNS["en"]
            or low in lx.CURRENCY_WORDS or low in lx.TIME_UNITS)


def _match(kind: str, m: re.Match[str], st: str, base: int, sent: Sentence, lang: str) -> _Cand | None:
    g = m.groupdict()
    start, end = base + m.start(), base + m.end()

    if kind in ("numdate", "iso"):
        fixed, res = _day_month(int(g["d"]), int(g["m"]), g.get("y"))
        if fixed is None and res is None:
            return None
        if kind == "numdate" and not g.get("y") and not m.group(0).lower().startswith("am"):
            # "6.1." alone is too easily a version or score; keep it with "am" only
            return None
        return _Cand(start, end, "date", fixed, res)

    if kind in ("daymonth", "mdy", "dmy"):
        mon = _month_no(g["mon"])
        if mon is None:
            return None
        fixed, res = _day_month(int(g["d"]), mon, g.get("y"))
        if fixed is None and res is None:
            return None
        return _Cand(start, end, "date", fixed, res)

    if kind == "slashdate":
        a, b, y = int(g["a"]), int(g["b"]), _year2(g["y"])
        first = _valid(y, a, b)  # US month/day
        second = _valid(y, b, a)  # day/month
        if first and second and first != second:
            lo, hi = min(first, second), max(first, second)
            return _Cand(start, end, "date", _Res(lo, hi, None, None))
        date = first or second
        return _Cand(start, end, "date", _day(date)) if date else None

    if kind == "month":
        mon = _month_no(g["mon"])
        if mon is None:
            return None
        prep = (g.get("prep") or "").lower()
        raw_prep = g.get("prep") or ""
        if g["mon"] in ("May", "August") and not g.get("y") and (
                not prep or (lang == "en" and raw_prep[:1].isupper() and m.start() > 0)):
            return None  # the verb "may" (also in Title Case: "Early May Get Banned"), the name "August"
        part = _PARTS.get(prep.split()[-2] if prep.endswith(" of") else prep.split()[-1]) if prep else None
        if prep in ("last", "next", "this"):
            return None  # "last May": rare, leave unresolved rather than guess
        if g.get("y"):
            r = _month(int(g["y"]), mon)
            if part is not None:
                r = _part(r, part)
            return _Cand(start, end, "date", r) if r else None

        def resolve(today: dt.date, mon: int = mon, part: int | None = part) -> _Res | None:
            r = _month(_nearest_year(today, mon), mon)
            return _part(r, part) if part is not None else r

        return _Cand(start, end, "date", None, resolve)

    if kind == "year":
        y = g["y"]
        if not is_year_shape(y):
            return None
        prep = (g.get("prep") or "").lower()
        if not prep and _year_is_count(st, m.start("y"), m.end("y"), lang):
            return None
        if not prep and lang == "en" and int(y) < 1800:
            return None
        r = _year(int(y))
        last = prep.split()[-2] if prep.endswith(" of") else (prep.split()[-1] if prep else "")
        if last in _PARTS:
            r = _part(r, _PARTS[last])
        elif last in ("frühjahr", "spring"):
            r = _Res(dt.date(int(y), 3, 1), dt.date(int(y), 5, 31), f"{int(y):04d}", "year")
        elif last in ("sommer", "summer"):
            r = _Res(dt.date(int(y), 6, 1), dt.date(int(y), 8, 31), f"{int(y):04d}", "year")
        elif last in ("herbst", "autumn", "fall"):
            r = _Res(dt.date(int(y), 9, 1), dt.date(int(y), 11, 30), f"{int(y):04d}", "year")
        return _Cand(start, end, "date", r) if r else None

    if kind == "weekday":
        w = lx.WEEKDAYS[g["wd"].lower()]
        wk = _mod(g.get("wk") or g.get("wk2"))
        mod = _mod(g.get("mod"))
        if wk is not None:
            def resolve(today: dt.date, w: int = w, k: int = wk) -> _Res | None:
                return _day(_monday(today) + dt.timedelta(days=7 * k + w))
        elif mod is not None:
            mode = {-1: "prev", 1: "next"}.get(mod)

            def resolve(today: dt.date, w: int = w, mode: str | None = mode) -> _Res | None:
                if mode is None:  # "diesen Mittwoch", "this Wednesday": the current week
                    return _day(_monday(today) + dt.timedelta(days=w))
                return _day(_weekday(today, w, mode))
        else:
            direction = _direction(sent, start, end, lang)

            def resolve(today: dt.date, w: int = w, mode: str = direction) -> _Res | None:
                return _day(_weekday(today, w, mode))
        return _Cand(start, end, "weekday", None, resolve)

    if kind == "relday":
        w = " ".join(g["w"].lower().split())
        if lang == "de" and g["w"][:1] == "M" and st[:m.start()].strip(" „“\"«»'") != "":
            return None  # "Morgen" inside a sentence is the morning
        if lang == "de" and w == "morgen":
            prev = st[max(0, m.start() - 8):m.start()].lower().split()
            if prev and prev[-1] in ("am", "jeden", "den", "dem", "heute", "gestern", "guten", "einen"):
                return None
        offset = {"vorgestern": -2, "gestern": -1, "heute": 0, "morgen": 1, "übermorgen": 2,
                  "the day before yesterday": -2, "the day after tomorrow": 2, "yesterday": -1,
                  "today": 0, "tomorrow": 1, "tonight": 0, "last night": -1, "this morning": 0,
                  "this afternoon": 0, "this evening": 0}.get(w)
        if offset is None:
            return None

        def resolve(today: dt.date, k: int = offset) -> _Res | None:
            return _day(today + dt.timedelta(days=k))

        return _Cand(start, end, "relative", None, resolve)

    if kind == "prevperiod":
        unit = {"vorwoche": "week", "vormonat": "month", "vorjahr": "year", "vorjahres": "year"}[g["w"].lower()]

        def resolve(today: dt.date, unit: str = unit) -> _Res | None:
            return _at(_shift(today, -1, unit), unit)

        return _Cand(start, end, "relative", None, resolve)

    if kind == "relperiod":
        k = _mod(g["mod"])
        unit_word = g["unit"].lower()
        prep = (g.get("prep") or "").lower()
        if unit_word.startswith("wochenende") or unit_word == "weekend":
            return _weekend_cand(start, end, {-1: "prev", 1: "next", 0: "this"}.get(k, "past"))
        unit = _unit(unit_word)
        plural = unit_word in ("wochen", "monaten", "jahren", "tagen", "tage", "days", "weeks",
                               "months", "years", "decades")
        if k is None:
            return None
        if not plural:
            if g.get("n"):
                return None
            if prep in ("earlier", "later") and k == 0:
                early = prep == "earlier"

                def resolve(today: dt.date, unit: str = unit, early: bool = early) -> _Res | None:
                    r = _at(today, unit)
                    if r is None:
                        return None
                    return _Res(r.start, today, r.value, r.precision) if early else _Res(today, r.end, r.value, r.precision)

                return _Cand(start, end, "relative", None, resolve)

            def resolve(today: dt.date, unit: str = unit, k: int = k) -> _Res | None:
                return _at(_shift(today, k, unit), unit)

            return _Cand(start, end, "relative", None, resolve)
        # plural: a window reaching back (or forward) from the article date
        n, vague = _count(g.get("n"), lang)
        if g.get("n") and n is None and not vague:
            return None
        if n:
            days = n * _PER_DAY[unit]
        elif vague:
            days = _VAGUE_RANGE[1] * _PER_DAY[unit]
        else:
            days = _RECENT_WINDOW[unit]
        if k == 0:
            k = -1
        span_days = round(days)

        def resolve(today: dt.date, k: int = k, span_days: int = span_days) -> _Res | None:
            try:
                other = today + dt.timedelta(days=k * span_days)
            except OverflowError:
                return None
            lo, hi = min(today, other), max(today, other)
            return _Res(lo, hi, None, None)

        return _Cand(start, end, "relative", None, resolve, window=n is not None)

    if kind == "weekend":
        return _weekend_cand(start, end, _direction(sent, start, end, lang))

    if kind in ("part", "part2"):
        part_word = g["part"].lower()
        k = _mod(g.get("mod")) or 0
        unit = _unit(g["unit"])
        if part_word in ("earlier", "later"):
            early = part_word == "earlier"

            def resolve(today: dt.date, unit: str = unit, k: int = k, early: bool = early) -> _Res | None:
                r = _at(_shift(today, k, unit), unit)
                if r is None:
                    return None
                if k == 0:
                    return _Res(r.start, today, r.value, r.precision) if early else _Res(today, r.end, r.value, r.precision)
                return r

            return _Cand(start, end, "relative", None, resolve)
        part = _PARTS[part_word]

        def resolve(today: dt.date, unit: str = unit, k: int = k, part: int = part) -> _Res | None:
            return _part(_at(_shift(today, k, unit), unit), part)

        return _Cand(start, end, "relative", None, resolve)

    if kind == "partword":
        w = g["w"].lower()
        unit = "month" if w.startswith("monat") else "year" if w.startswith("jahr") else "week"
        part = 0 if ("anfang" in w or "beginn" in w) else 1 if "mitte" in w else 2

        def resolve(today: dt.date, unit: str = unit, part: int = part) -> _Res | None:
            return _part(_at(today, unit), part)

        return _Cand(start, end, "relative", None, resolve)

    if kind in ("ago", "infuture"):
        n, vague = _count(g.get("n"), lang)
        if n is None and not vague:
            return None
        unit = _unit(g["unit"])
        if kind == "infuture" and "time" not in m.group(0).lower():
            # "in zwei Wochen" is ahead of the article date unless the clause is past;
            # English "in 3 years" is mostly "within": ahead only with a future cue
            past, future = _cues(sent, start, end, lang)
            if past or (lang == "en" and not future):
                if vague or n is None or n <= 0:
                    return None
                return _Cand(base + m.start("n"), end, "duration", None, None,
                             duration_days=round(n * _PER_DAY[unit], 4))
        sign = -1 if kind == "ago" else 1
        if vague:
            lo_n, hi_n, nominal = _VAGUE_RANGE[0], _VAGUE_RANGE[1], None
        else:
            lo_n, hi_n = _hedge_bounds(n, g.get("hedge"), lang)
            nominal = n

        def resolve(today: dt.date, unit: str = unit, sign: int = sign, lo_n=lo_n, hi_n=hi_n,
                    nominal=nominal) -> _Res | None:
            point = _at(_shift(today, sign * nominal, unit), unit) if nominal is not None else None
            near = _at(_shift(today, sign * lo_n, unit), unit) if lo_n is not None else None
            far = _at(_shift(today, sign * hi_n, unit), unit) if hi_n is not None else None
            if sign > 0:
                near, far = far, near
            # far: the earliest end, near: the latest end (for "ago")
            start_d = far.start if far is not None else None
            end_d = near.end if near is not None else None
            if start_d is None and end_d is None:
                return None
            return _Res(start_d, end_d, point.value if point else None, point.precision if point else None)

        return _Cand(start, end, "relative", None, resolve)

    if kind == "duration":
        n, _ = _count(g.get("n"), lang)
        if n is None or n <= 0:
            return None
        before = st[max(0, m.start() - 16):m.start()].lower()
        if before.rstrip().endswith(("alter von", "age of", "aged")):
            return None
        unit = _unit(g["unit"])
        return _Cand(start, end, "duration", None, None, duration_days=round(n * _PER_DAY[unit], 4))
    return None


def _weekend_cand(start: int, end: int, mode: str) -> _Cand:
    def resolve(today: dt.date, mode: str = mode) -> _Res | None:
        wd = today.weekday()
        if mode == "past":  # the weekend on or before the article date
            sat = today - dt.timedelta(days=(wd - 5) % 7)
        elif mode == "prev":  # the weekend before the current one
            sat = today - dt.timedelta(days=(wd - 5) % 7)
            if wd >= 5:
                sat -= dt.timedelta(days=7)
        elif mode == "this":
            sat = _monday(today) + dt.timedelta(days=5)
        else:  # future / next: the coming weekend
            sat = today + dt.timedelta(days=(5 - wd) % 7)
        r = _week(sat)
        return _Res(sat, sat + dt.timedelta(days=1), r.value, r.precision)

    return _Cand(start, end, "relative", None, resolve)


# --- driver ---------------------------------------------------------------------------
# A pattern only runs on a sentence whose tokens carry all of its required flags:
# scanning fifteen patterns over every sentence costs ten times more than the rest.

_DIGIT, _MONTH, _WEEKDAY, _RELDAY, _MODW, _UNITW, _PREV, _WEEKEND, _PARTW, _PARTUNIT, \
    _PARTWORD, _VOR, _IN, _AGO = (1 << k for k in range(14))
_FLAG_WORDS: dict[str, dict[str, int]] = {
    "de": {
        **{w: _MONTH for w in lx.MONTHS},
        **{w: _RELDAY for w in ("vorgestern", "gestern", "heute", "morgen", "übermorgen")},
        **{w: _UNITW for w in ("tag", "tage", "tagen", "woche", "wochen", "monat", "monate", "monaten",
                                "jahr", "jahre", "jahren", "jahrzehnt", "jahrzehnte", "jahrzehnten",
                                "stunde", "stunden", "minute", "minuten")},
        **{w: _PREV for w in ("vorwoche", "vormonat", "vorjahr", "vorjahres")},
        **{w: _PARTW for w in ("anfang", "mitte", "ende", "beginn")},
        **{w: _PARTUNIT for w in ("monats", "jahres", "jahrs")},
        **{w: _PARTWORD for w in ("monatsanfang", "monatsbeginn", "monatsmitte", "monatsende",
                                   "jahresanfang", "jahresbeginn", "jahresmitte", "jahresende",
                                   "wochenanfang", "wochenbeginn", "wochenmitte")},
        "wochenende": _WEEKEND | _UNITW, "wochenendes": _WEEKEND | _UNITW, "vor": _VOR, "in": _IN,
    },
    "en": {
        **{w: _MONTH for w in lx.MONTHS},
        **{w: _RELDAY for w in ("yesterday", "today", "tomorrow", "tonight", "night", "morning",
                                 "afternoon", "evening")},
        **{w: _UNITW for w in ("day", "days", "week", "weeks", "month", "months", "year", "years",
                                "decade", "decades", "hour", "hours", "minute", "minutes")},
        **{w: _MODW for w in ("last", "past", "next", "coming", "this", "previous", "current", "recent")},
        **{w: _PARTW for w in ("beginning", "start", "middle", "end", "early", "mid", "late",
                                "earlier", "later")},
        "weekend": _WEEKEND | _UNITW, "in": _IN, "ago": _AGO,
    },
}
for _w in ("month", "week", "year"):
    _FLAG_WORDS["en"][_w] = _FLAG_WORDS["en"].get(_w, 0) | _PARTUNIT
_FLAG_WORDS["de"]["woche"] |= _PARTUNIT
_MOD_STEMS_DE = ("vergangen", "letzt", "vorig", "kommend", "nächst", "dies", "laufend", "zurückliegend")
_WD_PREFIX = {"de": tuple(w for w in lx.WEEKDAYS if not w.endswith("day")),
              "en": tuple(w for w in lx.WEEKDAYS if w.endswith("day"))}
_GATES: dict[str, dict[str, tuple[int, int, int, int]]] = {
    # pattern -> (flags the sentence must have, the anchor flag, characters the match may
    # reach before the anchor token, characters after it): the pattern runs only in
    # windows around its anchor tokens.
    "de": {"numdate": (_DIGIT, _DIGIT, 40, 16), "iso": (_DIGIT, _DIGIT, 2, 12),
           "daymonth": (_DIGIT | _MONTH, _MONTH, 45, 12), "month": (_MONTH, _MONTH, 12, 12),
           "year": (_DIGIT, _DIGIT, 24, 8), "weekday": (_WEEKDAY, _WEEKDAY, 32, 48),
           "relday": (_RELDAY, _RELDAY, 2, 20), "relperiod": (_MODW | _UNITW, _UNITW, 70, 4),
           "prevperiod": (_PREV, _PREV, 20, 4), "weekend": (_WEEKEND, _WEEKEND, 24, 4),
           "part": (_PARTW | _PARTUNIT, _PARTUNIT, 60, 4), "partword": (_PARTWORD, _PARTWORD, 20, 4),
           "ago": (_VOR | _UNITW, _UNITW, 70, 4), "infuture": (_IN | _UNITW, _UNITW, 50, 4),
           "duration": (_UNITW, _UNITW, 60, 16)},
    "en": {"mdy": (_DIGIT | _MONTH, _MONTH, 30, 20), "dmy": (_DIGIT | _MONTH, _MONTH, 45, 12),
           "slashdate": (_DIGIT, _DIGIT, 2, 12), "iso": (_DIGIT, _DIGIT, 2, 12),
           "month": (_MONTH, _MONTH, 32, 12), "year": (_DIGIT, _DIGIT, 40, 8),
           "weekday": (_WEEKDAY, _WEEKDAY, 32, 48), "relday": (_RELDAY, _RELDAY, 40, 20),
           "relperiod": (_MODW | _UNITW, _UNITW, 70, 4), "weekend": (_WEEKEND, _WEEKEND, 24, 4),
           "part": (_PARTW | _PARTUNIT, _PARTUNIT, 60, 4), "part2": (_PARTW | _PARTUNIT, _PARTUNIT, 30, 4),
           "ago": (_AGO | _UNITW, _AGO, 80, 4), "infuture": (_IN | _UNITW, _UNITW, 50, 12),
           "duration": (_UNITW, _UNITW, 60, 16)},
}


def _flags(sent: Sentence, lang: str) -> tuple[int, list[tuple[int, int, int]]]:
    """All flags of the sentence, and (start, end, flags) of each flagged token."""
    words = _FLAG_WORDS[lang]
    wd = _WD_PREFIX[lang]
    de = lang == "de"
    total = 0
    marks: list[tuple[int, int, int]] = []
    base = sent.start
    for t in sent.tokens:
        low = t.text.lower()
        f = words.get(low, 0)
        if low[:1].isdigit():
            f |= _DIGIT
        elif low.startswith(wd):
            f |= _WEEKDAY
        elif de and low.startswith(_MOD_STEMS_DE):
            f |= _MODW
        if f:
            total |= f
            marks.append((t.start - base, t.end - base, f))
    return total, marks


_PATTERNS = {"de": _DE_PATTERNS, "en": _EN_PATTERNS}
_cache: list = [None, None, None, None]  # text, sentences, lang, candidates per sentence


def _candidates(text: str, sentences: list[Sentence], lang: str) -> list[list[_Cand]]:
    """Non-overlapping candidates per sentence (longest match wins); cached for the last text."""
    c = _cache
    if c[0] is text and c[1] is sentences and c[2] == lang:
        return c[3]
    out: list[list[_Cand]] = []
    patterns = _PATTERNS[lang]
    for sent in sentences:
        st = text[sent.start:sent.end]
        if not st:
            out.append([])
            continue
        found: list[_Cand] = []
        flags, marks = _flags(sent, lang)
        if not flags:
            out.append([])
            continue
        gates = _GATES[lang]
        seen: set[tuple[int, int, str]] = set()
        base = sent.start
        starts = [t.start - base for t in sent.tokens]
        size = len(st)
        for kind, rx in patterns:
            need, anchor, before, after = gates[kind]
            if flags & need != need:
                continue
            # every match starts at a token and contains an anchor token: try the token
            # starts before each anchor, leftmost first, and keep the first that covers it
            for a, b, f in marks:
                if not f & anchor:
                    continue
                k = bisect_left(starts, a - before)
                stop = min(size, b + after)
                while k < len(starts) and starts[k] <= a:
                    m = rx.match(st, starts[k], stop)
                    k += 1
                    if m is None or m.end() < b:
                        continue
                    key = (m.start(), m.end(), kind)
                    if key not in seen:
                        seen.add(key)
                        cand = _match(kind, m, st, base, sent, lang)
                        if cand is not None:
                            found.append(cand)
                    break
        found.sort(key=lambda x: (x.start - x.end, x.start))
        chosen: list[_Cand] = []
        for cand in found:
            if all(cand.end <= o.start or cand.start >= o.end for o in chosen):
                chosen.append(cand)
        chosen.sort(key=lambda x: x.start)
        out.append(chosen)
    c[0], c[1], c[2], c[3] = text, sentences, lang, out
    return out


def time_spans(text: str, sentences: list[Sentence], lang: str | None) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every time expression: quantities.py masks dates with it. A window with a
    stated length ("in den letzten drei Wochen") is kind "window": its number is a duration."""
    if lang not in _PATTERNS or not text:
        return []
    return [(c.start, c.end, "window" if c.window else c.kind) for per in _candidates(text, sentences, lang) for c in per]


def _ref_bounds(date: PartialDate | None) -> tuple[dt.date, dt.date] | None:
    if date is None:
        return None
    return date.first_day(), date.last_day()


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _settle(c: _Cand, bounds: tuple[dt.date, dt.date] | None) -> tuple[str | None, str | None, dt.date | None, dt.date | None]:
    """value, precision, range start, range end for one candidate."""
    if c.fixed is not None:
        r = c.fixed
        return r.value, r.precision, r.start, r.end
    if c.resolve is None or bounds is None:
        return None, None, None, None
    lo, hi = bounds
    try:
        a = c.resolve(lo)
        b = a if hi == lo else c.resolve(hi)
    except (OverflowError, ValueError):  # arithmetic past year 1 or 9999: leave unresolved, keep the span
        return None, None, None, None
    if a is None or b is None:
        return None, None, None, None
    starts = [x for x in (a.start, b.start) if x is not None]
    ends = [x for x in (a.end, b.end) if x is not None]
    rs = min(starts) if len(starts) == 2 else None
    re_ = max(ends) if len(ends) == 2 else None
    if a.value is not None and a.value == b.value and a.precision == b.precision:
        return a.value, a.precision, rs, re_
    if rs is not None and re_ is not None and (rs.year, rs.month) == (re_.year, re_.month):
        return f"{rs.year:04d}-{rs.month:02d}", "month", rs, re_
    return None, None, rs, re_


def find_times(text: str, sentences: list[Sentence], lang: str | None, date: PartialDate | None) -> list[TimeExpr]:
    if lang not in _PATTERNS or not text or not sentences:
        return []
    bounds = _ref_bounds(date)
    out: list[TimeExpr] = []
    for sent, cands in zip(sentences, _candidates(text, sentences, lang)):
        for c in cands:
            value, precision, rs, re_ = _settle(c, bounds)
            out.append(TimeExpr(
                text=text[c.start:c.end], start=c.start, end=c.end, sentence=sent.index,
                value=value, precision=precision, kind=c.kind,  # type: ignore[arg-type]
                range_start=_iso(rs), range_end=_iso(re_), duration_days=c.duration_days,
            ))
    return out
