"""Where a figure is: the places of a story, how they contain each other, and the place of one fact.

Only places the gazetteer knows count (a city, a country, a region), so a word the entity
recogniser took for a place ("Mehrfamilienhaus") never becomes a ledger row. A region written as
a direction and a country ("Osttürkei", "Nordsyrien") is that country. A city lies in its country,
every country in the world (``loc:world``, the subject of "weltweit" figures).
"""

from __future__ import annotations

import re

from storyline.analyse import gazetteer
from storyline.analyse.lexicon import WORLD_SUBJECT
from storyline.synthesise.model import Doc
from storyline.types import Fact

ENUMERATION = 3  # this many places of one level in a sentence are a list, not the figure's place
_DIRECTIONS = ("nordost", "nordwest", "südost", "südwest", "sudost", "sudwest", "nord", "süd", "sud", "ost", "west",
               "zentral", "mittel")
# "ALMATY (dpa) -", "ALMATY, Jan 10 (Reuters) -": the place an agency wrote from, not where a figure is
_DATELINE = re.compile(r"\s*(?:,[^()\n]{0,30})?\s*\((?:[A-Za-z]{2,10}(?:[-/][A-Za-z]{2,6})?)\)\s*[-–—]")


def _country_of_direction(name: str) -> gazetteer.GazEntry | None:
    low = gazetteer.fold(name) if name else ""
    for d in _DIRECTIONS:
        rest = name[len(d):] if low.startswith(gazetteer.fold(d)) else ""
        if len(rest) > 3:
            entry = gazetteer.lookup(rest[0].upper() + rest[1:], "de", cities=False)
            if entry is not None and entry.key.startswith("loc:iso:"):
                return entry
    return None


class Places:
    """The story's places: canonical keys, containment, the main place, the place of a fact."""

    def __init__(self, docs: list[Doc], names: dict[str, str]) -> None:
        self.canon: dict[str, str] = {}  # entity key -> the place key it counts as (None: not a place)
        self.level: dict[str, int] = {WORLD_SUBJECT: 0}  # 1 country or region, 2 city or state
        self.country: dict[str, str] = {}  # city key -> its country's key
        for d in docs:
            for e in d.analysis.entities:
                if e.type == "LOC" and e.key not in self.canon:
                    self._learn(e.key, e.name, e.place, names)
        self.main = self._main(docs)

    def _learn(self, key: str, name: str, place, names: dict[str, str]) -> None:
        gid = place.gazetteer_id if place else (key.removeprefix("loc:") if key.startswith("loc:region:") else None)
        if gid is None:
            entry = _country_of_direction(name)
            if entry is None:
                return
            self.canon[key] = entry.key
            self.level[entry.key] = 1
            names.setdefault(entry.key, gazetteer.display_name(entry, "de"))
            return
        self.canon[key] = key
        if gid.startswith(("iso:", "region:")) and "-" not in gid:
            self.level[key] = 1
        else:  # a city, or a state ("iso:DE-BY"): both lie inside their country
            self.level[key] = 2
            if place and place.country:
                self.country[key] = f"loc:iso:{place.country}"

    def ancestors(self, key: str | None) -> list[str]:
        """The places that contain ``key``, nearest first: a city's country, then the world."""
        if key is None or key == WORLD_SUBJECT:
            return []
        up = [self.country[key]] if key in self.country else []
        return [*up, WORLD_SUBJECT]

    def _main(self, docs: list[Doc]) -> str | None:
        """The place most independent sources mention (then: in their lead, then most often)."""
        score: dict[str, list] = {}
        for d in docs:
            lead = d.sents[0].index if d.sents else 0
            for e in d.analysis.entities:
                key = self.canon.get(e.key)
                if key is None:
                    continue
                mentions = [m for m in e.mentions if not _dateline(d.text, m.start, m.end)]
                if not mentions:
                    continue
                s = score.setdefault(key, [set(), 0, 0])
                s[0].add(d.identity)
                s[1] += sum(1 for m in mentions if m.sentence == lead)
                s[2] += len(mentions)
        if not score:
            return None
        return max(score, key=lambda k: (len(score[k][0]), score[k][1], score[k][2], k))

    def of_fact(self, doc: Doc, fact: Fact, text: str, s_start: int, s_end: int, versioned: bool = False) -> str | None:
        """The most specific place the fact's sentence names outside its attribution, else the main place."""
        attr = _attribution_span(text, fact, s_start, s_end)
        cands = []
        for e in doc.analysis.entities:
            key = self.canon.get(e.key)
            if key is None:
                continue
            for start, end in _mentions(e, text, s_start, s_end, versioned):
                if attr and attr[0] <= start and end <= attr[1] or _dateline(text, start, end) \
                        or _speaker(text, s_start, start, fact.start):
                    continue
                cands.append((-self.level.get(key, 1), abs(start - fact.start), key))
        if not cands:
            return self.main
        top = min(c[0] for c in cands)
        if len({c[2] for c in cands if c[0] == top}) >= ENUMERATION:
            return self.main or min(cands)[2]  # "Soldaten aus Russland, Belarus, Armenien, ...": a list
        return min(cands)[2]


def _mentions(e, text: str, s_start: int, s_end: int, versioned: bool) -> list[tuple[int, int]]:
    if not versioned:
        return [(m.start, m.end) for m in e.mentions if s_start <= m.start and m.end <= s_end]
    # a later version of the article: its spans are not the stored analysis', so find the names again
    out = []
    for name in {m.text for m in e.mentions}:
        at = text.find(name, s_start, s_end)
        if at >= 0:
            out.append((at, at + len(name)))
    return out


_SAYING = re.compile(r"\b(?:sagte|sagten|teilte|teilten|erklärte|erklärten|berichtete|berichteten|meldete|"
                     r"meldeten|bestätigte|bestätigten|said|says|told|reported|announced)\b")


def _speaker(text: str, s_start: int, start: int, fact_start: int) -> bool:
    """ "…, sagte ein Sprecher der Behörde in Ankara": a place in a clause after the figure's that names who spoke."""
    clause = text.rfind(",", s_start, start) + 1 or s_start
    return fact_start < clause and _SAYING.search(text, clause, start) is not None


def _dateline(text: str, start: int, end: int) -> bool:
    """A place that opens a line and is followed by "(dpa) -": where the report was filed."""
    line = text.rfind("\n", 0, start) + 1
    return not text[line:start].strip() and _DATELINE.match(text, end) is not None


def _attribution_span(text: str, fact: Fact, s_start: int, s_end: int) -> tuple[int, int] | None:
    if not fact.attribution:
        return None
    at = text.find(fact.attribution, s_start, s_end)
    return (at, at + len(fact.attribution)) if at >= 0 else None
