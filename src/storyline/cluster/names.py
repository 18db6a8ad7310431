"""Cheap language-independent keys: names folded to a consonant skeleton, numbers normalised.

German and English spell the same name differently (Tokajew/Tokayev,
Kasachstan/Kazakhstan, Tschernobyl/Chernobyl, Selenskyj/Zelensky, Charkiw/Kharkiv).
:func:`name_key` maps such pairs to one key by folding accents, transliteration
digraphs and letter pairs that the two orthographies swap (j/y, w/v, z/s, c/k,
ch/kh/h), then dropping vowels and doubled letters. The key is lossy by design:
collisions are rare among capitalised words and are weighted down by IDF.

:func:`number_key` makes ``10.000`` (German) and ``10,000`` (English) one key,
and ``2,5`` / ``2.5`` another.
"""

from __future__ import annotations

import re
import unicodedata

_DIGRAPHS = (
    ("tsch", "h"), ("dsch", "y"), ("sch", "s"), ("sh", "s"), ("zh", "s"), ("kh", "h"), ("ch", "h"),
    ("ph", "f"), ("th", "t"), ("ck", "k"), ("dt", "t"), ("ts", "s"), ("tz", "s"), ("qu", "kv"),
)
_LETTERS = str.maketrans({"j": "y", "w": "v", "z": "s", "c": "k", "q": "k", "x": "k"})
_VOWELS = set("aeiouy")
_SPECIAL = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "ı": "i"})
_NUMBER = re.compile(r"^[+-]?\d[\d.,]*$")
_THOUSANDS = re.compile(r"^\d{1,3}([.,\u202f\u00a0']\d{3})+$")


def fold(word: str) -> str:
    """Lower case, accents and special letters folded to ASCII letters; other characters dropped."""
    w = unicodedata.normalize("NFKD", word.lower().translate(_SPECIAL))
    return "".join(ch for ch in w if "a" <= ch <= "z")


def name_key(word: str) -> str | None:
    """Consonant skeleton of a (capitalised) word, or None when too short to be telling."""
    w = fold(word)
    if len(w) < 3:
        return None
    for a, b in _DIGRAPHS:
        if a in w:
            w = w.replace(a, b)
    w = w.translate(_LETTERS)
    first = "*" if w[0] in _VOWELS else w[0]
    out = [first]
    for ch in w[1:]:
        if ch in _VOWELS or ch == "h":
            continue
        if ch != out[-1]:
            out.append(ch)
    if len(out) > 3 and out[-1] == "s":  # genitive/plural s: Tokajews, Kasachstans
        out.pop()
    key = "".join(out)
    return key if len(key) >= 2 else None


def number_key(token: str) -> str | None:
    """A number as written in German or English -> one canonical string; None if not a number."""
    t = token.strip()
    if not _NUMBER.match(t) or not any(ch.isdigit() for ch in t):
        return None
    t = t.rstrip(".,")
    if _THOUSANDS.match(t):
        t = re.sub(r"[.,\u202f\u00a0']", "", t)
    elif t.count(",") == 1 and "." not in t:
        t = t.replace(",", ".")
    elif t.count(".") > 1 or t.count(",") > 0:
        t = re.sub(r"[.,]", "", t)
    t = t.lstrip("+")
    if "." in t:
        t = t.rstrip("0").rstrip(".")
    t = t.lstrip("0") or "0"
    return t if len(t) >= 2 else None
