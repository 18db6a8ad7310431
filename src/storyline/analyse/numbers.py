"""Numbers written with digits or words, German and English.

Digit groups are read by language and shape:

* German: ``10.000`` and ``1.234.567,8`` (dot groups of three, comma decimal),
  ``1,5`` (comma decimal).
* English: ``10,000`` and ``1,234.5`` (comma groups of three, dot decimal),
  ``1.5``.
* Shapes that mean different things in the two conventions -- ``2,500`` in
  German text, ``2.500`` in English text, ``1.5`` in German text -- are
  *ambiguous* and give None unless a scale word follows ("1,500 Millionen",
  "1.125 million" are decimals). Several groups (``1.234.567``) are always
  thousands. Plain digit strings with a leading zero or more than nine digits
  are identifiers (phone numbers, postcodes), not quantities.

Number words go through text2num (``zweitausendfünfhundert``, ``twenty-five``).
The article "ein/eine"/"one" is never a number on its own; the caller decides
whether a following scale ("eine Million") makes it one.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from text_to_num import text2num

_PLAIN = re.compile(r"\d+")
_DE_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_EN_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_COMMA_DECIMAL = re.compile(r"\d+,\d+")
_DOT_DECIMAL = re.compile(r"\d+\.\d+")
# "3bn", "5m", "10k", "2Mio" written as one token
ATTACHED_SCALE = re.compile(r"(\d+(?:[.,]\d+)?)(bn|mn|m|k|mio|mrd)", re.IGNORECASE)
_ATTACHED_FACTORS = {"bn": 1e9, "mn": 1e6, "m": 1e6, "k": 1e3, "mio": 1e6, "mrd": 1e9}

SCALES: dict[str, dict[str, float]] = {
    "de": {
        "hundert": 100, "tausend": 1e3, "million": 1e6, "millionen": 1e6, "mio.": 1e6,
        "mio": 1e6, "milliarde": 1e9, "milliarden": 1e9, "mrd.": 1e9, "mrd": 1e9,
        "billion": 1e12, "billionen": 1e12, "dutzend": 12,
    },
    "en": {
        "hundred": 100, "thousand": 1e3, "million": 1e6, "millions": 1e6, "mln": 1e6,
        "billion": 1e9, "bn": 1e9, "trillion": 1e12, "dozen": 12,
    },
}

_DE_WORD = re.compile(
    r"(?:ein|eins|zwei|drei|vier|fünf|sechs|sech|sieben|sieb|acht|neun|zehn|elf|zwölf|"
    r"zwanzig|dreißig|dreissig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig|hundert|"
    r"tausend|und)+"
)
_DE_FRACTIONS = {"eineinhalb": 1.5, "anderthalb": 1.5, "zweieinhalb": 2.5, "dreieinhalb": 3.5}
EN_NUMBER_WORDS = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
    "ninety", "hundred", "thousand",
}
# Regex alternatives for use inside larger patterns (times.py).
DE_WORD_PATTERN = _DE_WORD.pattern
EN_WORD_PATTERN = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred)"
)


def parse_digits(s: str, lang: str, scaled: bool = False) -> float | None:
    """The value of a digit token, or None when it is not a readable quantity.

    ``scaled``: a scale word follows ("1,5 Millionen"), which settles the
    decimal reading of a single group of three.
    """
    if _PLAIN.fullmatch(s):
        if (len(s) > 1 and s[0] == "0") or len(s) > 9:
            return None
        return float(s)
    if lang == "de":
        if _DE_THOUSANDS.fullmatch(s):
            return float(s.replace(".", "").replace(",", "."))
        if _COMMA_DECIMAL.fullmatch(s):
            if len(s.split(",")[1]) == 3 and not scaled:
                return None  # "10,000" in German text: English thousands or 10.000 decimal?
            return float(s.replace(",", "."))
        if _DOT_DECIMAL.fullmatch(s):
            return float(s) if scaled and len(s.split(".")[1]) != 3 else None
        return None
    if _EN_THOUSANDS.fullmatch(s):
        return float(s.replace(",", ""))
    if _DOT_DECIMAL.fullmatch(s):
        if len(s.split(".")[1]) == 3 and not scaled:
            return None  # "10.000" in English text
        return float(s)
    if _DE_THOUSANDS.fullmatch(s) and s.count(".") >= 2 and "," not in s:
        return float(s.replace(".", ""))
    return None


def parse_attached(s: str, lang: str) -> float | None:
    """"3bn", "5m", "2Mio" -> value, else None."""
    m = ATTACHED_SCALE.fullmatch(s)
    if not m:
        return None
    base = parse_digits(m[1], lang, scaled=True)
    return None if base is None else base * _ATTACHED_FACTORS[m[2].lower()]


@lru_cache(maxsize=4096)
def parse_word_de(lower: str) -> float | None:
    """A German number word ("zehn", "zweitausendfünfhundert"); never the article "ein"."""
    if lower in _DE_FRACTIONS:
        return _DE_FRACTIONS[lower]
    if lower in ("ein", "eins", "und") or lower.endswith("und") or not _DE_WORD.fullmatch(lower):
        return None
    try:
        return float(text2num(lower, "de"))
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def parse_words_en(words: tuple[str, ...]) -> float | None:
    """English number words as tokens (("two", "thousand", "five", "hundred"))."""
    if not words or words == ("one",):
        return None
    try:
        return float(text2num(" ".join(words).replace(" - ", "-"), "en"))
    except ValueError:
        return None


def parse_number_text(s: str, lang: str) -> float | None:
    """Any single number as written: digits, a German word, or English words."""
    s = s.strip()
    if not s:
        return None
    if s[0].isdigit():
        return parse_digits(s, lang)
    low = s.lower()
    if lang == "de":
        return parse_word_de(low)
    return parse_words_en(tuple(low.replace("-", " - ").split()))


def is_year_shape(s: str) -> bool:
    """Four plain digits in 1000..2100: a year unless the context makes it a count."""
    return len(s) == 4 and s.isdigit() and 1000 <= int(s) <= 2100


# Hedge factors (see docs/facts.md); the hedge kinds are listed in lexicon.HEDGES.
BELOW_FACTOR = 0.9  # "fast N", "nearly N":       [0.9 N, N]
ABOUT_WIDTH = 0.1  # "etwa N", "about N":          [0.9 N, 1.1 N]
ABOVE_FACTOR = 1.1  # "gut N", "just over N":      [N, 1.1 N]


def interval(n: float, kind: str | None) -> tuple[float | None, float | None]:
    """(low, high) for ``n`` under a hedge kind: below/about/above/over/min/under/max or None (exact).

    over/under ("mehr als", "weniger als") exclude ``n`` itself, min/max ("mindestens", "bis zu")
    include it; the bounds are the same, the kind says which.

    Integer counts keep integer bounds (floor of the low end, ceil of the high end), so
    "etwa 5" is 4..6 and never 4.5.
    """
    if kind is None:
        return n, n
    if kind in ("min", "over"):
        return n, None
    if kind in ("max", "under"):
        return None, n
    if kind == "below":
        lo, hi = n * BELOW_FACTOR, n
    elif kind == "above":
        lo, hi = n, n * ABOVE_FACTOR
    else:
        lo, hi = n * (1 - ABOUT_WIDTH), n * (1 + ABOUT_WIDTH)
    if float(n).is_integer():
        return float(math.floor(round(lo, 6))), float(math.ceil(round(hi, 6)))
    return round(lo, 6), round(hi, 6)
