"""Canonical entities: titles stripped, surnames normalised across German and
English transliterations, short mentions linked to full names, one Entity per
key per article.

Person keys are ``per:<given skeleton>-<surname skeleton>`` for a full name
(``Kassym-Schomart Tokajew`` and ``Kassym-Jomart Tokayev`` -> ``per:kasym-tokaev``: the
first given name, its first hyphen part, so that the second part's transliteration,
Schomart/Jomart, does not split them) and ``per:<surname skeleton>`` for a surname that no
full name in the article explains. A surname-only mention takes the key of the one full
name with that surname in the same article; with two candidates (Helmut and Olaf Schmidt)
it stays ``per:<surname>``. Skeletons fold the common German and English renderings of
(mostly Russian/Slavic) names together — ``Tokajew``/``Tokayev``/``Tokaev`` -> ``tokaev``,
``Schoigu``/``Shoigu`` -> ``shoigu``, ``Nasarbajew``/``Nazarbayev`` -> ``nasarbaev``,
``Selenskyj``/``Zelensky`` -> ``selensky``, ``Wladimir``/``Vladimir`` -> ``vladimir``.
The rules are general, not a list of people.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from storyline.analyse.gazetteer import GazEntry, display_name
from storyline.analyse.namewords import PARTICLES, ROLE_NOUNS, SLAVIC_SURNAME, TITLE_SUFFIXES, TITLES, fold
from storyline.types import Entity, Mention, Place

# -- transliteration skeleton --------------------------------------------------------

_TRANSLIT = [
    (re.compile(r"schtsch|shch"), "shch"),
    (re.compile(r"tsch|tch"), "ch"),
    (re.compile(r"sch"), "sh"),
    (re.compile(r"zh"), "sh"),  # ж: Shukow / Zhukov
    (re.compile(r"^kh|(?<=[aeiou])kh"), "ch"),  # х: Chodorkowski / Khodorkovsky
    (re.compile(r"ck"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"w"), "v"),
    (re.compile(r"j"), "y"),
    (re.compile(r"tz|ts"), "s"),  # Jelzin / Yeltsin
    (re.compile(r"z"), "s"),  # з is s in German, z in English: Nasarbajew / Nazarbayev
    (re.compile(r"([a-z])\1+"), r"\1"),  # doubled letters: Massimow / Masimov
    (re.compile(r"(?<=[aeiou])y(?=[aeiou])"), ""),  # Tokayev / Tokaev
    (re.compile(r"(?<=[aeiou])y$"), "i"),  # Dmitry/Dmitrij
    (re.compile(r"iy$|yi$|ii$"), "y"),  # Selenskyj / Zelenskyy / Zelenskiy
    (re.compile(r"(?<=[^aeiou])i$"), "y"),  # Zelensky / Selenskyi
    (re.compile(r"(?<=sh|ch)ov$"), "ev"),  # Gorbatschow / Gorbachev (ё)
    (re.compile(r"(?<=sh|ch)ova$"), "eva"),
]


# Asked for every capitalised token of an article (document pass, person keys): a dozen
# regex substitutions per call on names that recur in every article, ~3 % of analysis
# time. Pure function of the string, so a bounded cache gives the same keys cheaper.
@lru_cache(maxsize=1 << 16)
def skeleton(name: str) -> str:
    """Language-independent skeleton of a (sur)name; see module doc."""
    s = fold(name)
    s = re.sub(r"[^a-z]", "", s)
    for pattern, repl in _TRANSLIT:
        s = pattern.sub(repl, s)
    return s


def slug(text: str) -> str:
    s = fold(" ".join(text.split()))
    s = re.sub(r"[^\w]+", "-", s, flags=re.UNICODE).strip("-")
    return s[:80] or "x"


# -- titles ----------------------------------------------------------------------------

def is_title(word: str) -> bool:
    f = fold(word.rstrip(","))
    if f in TITLES:
        return True
    if not word[:1].isupper():
        return True  # "russischen", "the": lower-case words are not names (particles are handled apart)
    low = word.lower()
    return len(low) > 8 and low.endswith(TITLE_SUFFIXES)


# -- mentions --------------------------------------------------------------------------

@dataclass(slots=True)
class Raw:
    """A mention before canonicalisation."""

    start: int
    end: int
    type: str  # PER / LOC / ORG / MISC
    sentence: int
    source: str  # "model" / "rule" / "part" / "propagated"
    entry: GazEntry | None = None


def word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", text[start:end])]


def trim_person(text: str, raw: Raw) -> Raw | None:
    """Drop leading titles, roles and what stands before them:
    ``Kremlsprecher Dmitri Peskow`` -> ``Dmitri Peskow``; ``Kazakh President Kassym-Jomart Tokayev``
    -> ``Kassym-Jomart Tokayev``. Name particles (``von der Leyen``) are kept."""
    words = word_spans(text, raw.start, raw.end)
    if not words:
        return None
    texts = [text[s:e] for s, e in words]
    start_i = 0
    for j, w in enumerate(texts[:-1]):
        if w.lower() in PARTICLES and j > 0:
            break
        if is_title(w) and w.lower() not in PARTICLES:
            start_i = j + 1
    while start_i < len(texts) - 1 and texts[start_i].lower() in PARTICLES and start_i > 0 and is_title(texts[start_i - 1]):
        start_i += 1
    end_i = len(texts)
    while end_i - start_i > 1 and (fold(texts[end_i - 1]) in ROLE_NOUNS or fold(texts[end_i - 1]) in TITLES):
        end_i -= 1  # "Tokajews Vorgänger" -> "Tokajews"
    start = words[start_i][0]
    end = words[end_i - 1][1]
    while end > start and text[end - 1] in ",;:.)(\"'«»„“”":
        end -= 1
    # a lone title ("Präsident") or a lower-case word is not a name
    if end <= start or (start_i == len(texts) - 1 and is_title(texts[-1])):
        return None
    return Raw(start, end, raw.type, raw.sentence, raw.source, raw.entry)


_SLAVIC_STEM = re.compile(r"(?:ow|ew|ev|ov|in|yn|ko|ki|ky|kyj|ij|yj|uk|ak|jan|yan|enko|ski|sky|owa|ewa|ina|wa)$", re.I)


def surname_of(name: str, lang: str | None, known: set[str]) -> str:
    """The last name word without a genitive ending: ``Tokajews`` -> ``Tokajew``."""
    words = name.split()
    last = words[-1] if words else name
    last = re.sub(r"['’]s?$", "", last)
    if lang == "de" and len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        stem = last[:-1]
        if skeleton(stem) in known or _SLAVIC_STEM.search(stem):
            return stem
    return last


def _display(mentions: list[str]) -> str:
    return max(mentions, key=lambda m: (len(m.split()), len(m)))


def given_name(name: str) -> str:
    """The skeleton of a full name's first given name (first hyphen part), '' for a surname alone
    or a name that starts with a particle (``von der Leyen``)."""
    words = name.split()
    if len(words) < 2 or words[0].lower() in PARTICLES or not words[0][:1].isupper():
        return ""
    return skeleton(re.split(r"[-‐‑]", words[0])[0])


def _person_keys(text: str, per: list[Raw], lang: str | None) -> list[tuple[str, Raw]]:
    """Full names keyed by given name + surname; surname-only mentions resolved to the one full
    name with that surname in the article, else keyed by the surname alone."""
    names = [text[r.start : r.end] for r in per]
    # a surname that stands in the article, in a full name or alone: *Trumps* beside *Trump* is
    # its genitive (without either, a stem is taken only where it looks Slavic: *Tokajews*)
    known = {skeleton(surname_of(n, lang, set())) for n in names if len(n.split()) > 1 or not n.endswith("s")}
    parts = []
    givens: dict[str, set[str]] = {}
    for r, name in zip(per, names, strict=True):
        sk = skeleton(surname_of(name, lang, known))
        given = given_name(name)
        parts.append((sk, given, r))
        if sk and given:
            givens.setdefault(sk, set()).add(given)
    keyed = []
    for sk, given, r in parts:
        if not sk:
            continue
        if not given and len(givens.get(sk, ())) == 1:
            given = next(iter(givens[sk]))
        keyed.append((f"per:{given}-{sk}" if given else f"per:{sk}", r))
    return keyed


def build_entities(text: str, raws: list[Raw], lang: str | None) -> list[Entity]:
    """Group mentions into canonical entities with language-independent keys."""
    if not raws:
        return []
    keyed = _person_keys(text, [r for r in raws if r.type == "PER"], lang)
    for r in raws:
        if r.type == "PER":
            continue
        name = text[r.start : r.end]
        if r.entry is not None:
            keyed.append((r.entry.key, r))
        elif r.type == "LOC":
            keyed.append((f"loc:{slug(name)}", r))
        elif r.type == "ORG":
            keyed.append((f"org:{slug(name)}", r))
        else:
            keyed.append((f"misc:{slug(name)}", r))

    groups: dict[str, list[Raw]] = {}
    for key, r in keyed:
        groups.setdefault(key, []).append(r)

    entities: list[Entity] = []
    for key, rs in groups.items():
        mentions: list[Mention] = []
        reach = -1
        for r in sorted(rs, key=lambda r: (r.start, -r.end)):
            if r.end <= reach:
                continue  # the same span twice, or inside an earlier mention
            reach = r.end
            mentions.append(Mention(text[r.start : r.end], r.start, r.end, r.sentence))
        types = Counter(r.type for r in rs)
        etype = key.split(":", 1)[0].upper()
        etype = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}.get(etype, types.most_common(1)[0][0])
        entry = next((r.entry for r in rs if r.entry is not None), None)
        place: Place | None = entry.place if entry is not None else None
        if entry is not None:
            name = display_name(entry, lang)
        elif etype == "PER":
            name = _display([m.text for m in mentions])
            name = re.sub(r"['’]s$", "", name)
        else:
            counts = Counter(m.text for m in mentions)
            name = max(counts, key=lambda m: (counts[m], len(m)))
        entities.append(Entity(key=key, name=name, type=etype, mentions=mentions, place=place))  # type: ignore[arg-type]
    entities.sort(key=lambda e: e.mentions[0].start)
    return entities
