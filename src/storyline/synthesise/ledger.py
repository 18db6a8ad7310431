"""The fact ledger: every source's figure for one thing, side by side, with a verdict.

A row is a category ("arrested") and a subject (an entity key, e.g.
``loc:iso:KZ``): the fact's own subject when the analysis set one, else the
most specific place its sentence mentions outside the attribution (a city
before a country, the nearest on a tie; three or more places of one level are
an enumeration, not a subject), else the story's main place. Money,
percentages, durations, ages and unlabelled quantities also split by unit or
head word, so a ten-day withdrawal and a two-week curfew are not compared.

Each figure becomes an interval whose bounds are strict when the hedge says
so: "fast 10.000" is < 10,000, "mehr als 10.000" is > 10,000, so the two are
disjoint although they touch at 10,000; an approximate single figure
("etwa 2.500") is ±5 % unless the analysis gave its own range. The verdict, over independent sources
only (copies of one report never confirm each other):

* ``single``   one independent source (however many copies carry it)
* ``agree``    two or more sources and every pair of intervals overlaps
* ``revised``  some intervals are disjoint, and every disjoint pair is a later-dated
               report raising a figure that grows over time (killed, injured,
               arrested, evacuated, affected)
* ``differ``   some intervals are disjoint otherwise
* ``unquantified`` only vague mentions ("viele Tote") exist for the row

Vague mentions are listed beside the figures (``vague``) and never counted.
What goes in: people counts always; durations, ages, percentages and money
only when they are facts of the event, not of a person (no person is named
in the sentence and the subject is not a person); never a quantity that is a
date or a year ("vor 30 Jahren", "2022") or a rank ("neuntgrößte").
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from storyline.synthesise.dates import is_later
from storyline.synthesise.model import Doc
from storyline.types import Category, Entity, Fact
from storyline.types.ledger import Interval, LedgerEntry, LedgerRow, Verdict

PEOPLE = ("killed", "injured", "arrested", "evacuated", "affected", "troops")
GROWING = frozenset({"killed", "injured", "arrested", "evacuated", "affected"})
EVENT_ONLY = frozenset({"duration", "age", "percent", "money"})  # only when no person is the subject
NEVER = frozenset({"year", "date", "rank", "ordinal", "time"})
ORDER = {c: n for n, c in enumerate(
    ["killed", "injured", "arrested", "evacuated", "affected", "troops", "money", "percent", "duration", "age", "other"])}

HEDGE_BELOW = frozenset("""fast knapp beinahe nahezu weniger_als unter knapp_unter nearly almost just_under
fewer_than less_than under short_of not_quite barely""".split())
HEDGE_ABOVE = frozenset("mehr_als über knapp_über more_than over upwards_of in_excess_of greater_than above".split())
HEDGE_AT_LEAST = frozenset("mindestens wenigstens zumindest gut at_least no_fewer_than no_less_than".split())
HEDGE_AT_MOST = frozenset("höchstens bis_zu maximal at_most up_to no_more_than".split())
_ABOVE_WORDS = frozenset("über mehr more over above exceeding".split())
_BELOW_WORDS = frozenset("fast knapp unter weniger nearly almost under less fewer".split())

APPROX = 0.05
ENUMERATION = 3  # this many places of one level in a sentence are a list

_ORDINAL = re.compile(r"(?:^|\s)\d+\.(?:\s|$)|\b\d+(?:st|nd|rd|th)\b|(?:größt|groesst|kleinst|wichtigst|best)", re.I)


def hedge_kind(hedge: str | None) -> str | None:
    """below (strict upper bound), above (strict lower bound), at_least, at_most, approx; None when exact."""
    if not hedge:
        return None
    h = re.sub(r"\s+", "_", hedge.strip().lower().rstrip("."))
    for kind, words in (("below", HEDGE_BELOW), ("above", HEDGE_ABOVE), ("at_least", HEDGE_AT_LEAST),
                        ("at_most", HEDGE_AT_MOST)):
        if h in words:
            return kind
    parts = set(h.split("_"))
    if parts & _ABOVE_WORDS:
        return "above"
    if parts & _BELOW_WORDS:
        return "below"
    return "approx"


def interval(fact: Fact) -> Interval | None:
    low, high = fact.low, fact.high
    if low is None and high is None:
        return None
    kind = hedge_kind(fact.hedge)
    if kind == "below":
        hi = high if high is not None else low
        return Interval(low if low is not None and low < hi else None, hi, False, True)
    if kind == "above":
        lo = low if low is not None else high
        return Interval(lo, high if high is not None and high > lo else None, True, False)
    if kind == "at_least":
        lo = low if low is not None else high
        return Interval(lo, high if high is not None and high > lo else None)
    if kind == "at_most":
        hi = high if high is not None else low
        return Interval(low if low is not None and low < hi else None, hi)
    if low is None or high is None or low == high:  # exact, or approximate with one figure
        v = low if low is not None else high
        if kind == "approx":  # "etwa 2.500": ±5 % unless the analysis gave its own range
            return Interval(v * (1 - APPROX), v * (1 + APPROX))
        return Interval(v, v)
    return Interval(min(low, high), max(low, high))


# -- grouping ----------------------------------------------------------------------------

def _specificity(e: Entity) -> int:
    gid = e.place.gazetteer_id if e.place else e.key.removeprefix("loc:")
    return 1 if gid.startswith("iso:") else 2


def main_place(docs: list[Doc]) -> str | None:
    """The place most independent sources mention (then: in their lead, then most often)."""
    score: dict[str, list] = {}
    for d in docs:
        lead = d.sents[0].index if d.sents else 0
        for e in d.analysis.entities:
            if e.type != "LOC":
                continue
            s = score.setdefault(e.key, [set(), 0, 0])
            s[0].add(d.identity)
            s[1] += sum(1 for m in e.mentions if m.sentence == lead)
            s[2] += len(e.mentions)
    if not score:
        return None
    return max(score, key=lambda k: (len(score[k][0]), score[k][1], score[k][2], k))


def _attribution_span(doc: Doc, fact: Fact, s_start: int, s_end: int) -> tuple[int, int] | None:
    if not fact.attribution:
        return None
    at = doc.text.find(fact.attribution, s_start, s_end)
    return (at, at + len(fact.attribution)) if at >= 0 else None


def _subject(doc: Doc, fact: Fact, s_start: int, s_end: int, story_place: str | None) -> str | None:
    if fact.subject:
        return fact.subject
    attr = _attribution_span(doc, fact, s_start, s_end)
    cands = []
    for e in doc.analysis.entities:
        if e.type != "LOC":
            continue
        for m in e.mentions:
            if not (s_start <= m.start and m.end <= s_end):
                continue
            if attr and attr[0] <= m.start and m.end <= attr[1]:
                continue
            cands.append((-_specificity(e), abs(m.start - fact.start), e.key))
    if not cands:
        return story_place
    top = min(c[0] for c in cands)
    keys = {c[2] for c in cands if c[0] == top}
    if len(keys) >= ENUMERATION:  # "Soldaten aus Russland, Belarus, Armenien, ...": a list, not the subject
        return story_place or min(cands)[2]
    return min(cands)[2]


def _mentions_person(doc: Doc, s_start: int, s_end: int) -> bool:
    return any(e.type == "PER" and any(s_start <= m.start < s_end for m in e.mentions) for e in doc.analysis.entities)


def _is_date_like(doc: Doc, fact: Fact) -> bool:
    for t in doc.analysis.times:
        if t.kind != "duration" and t.start < fact.end and fact.start < t.end:
            return True
    if fact.category in ("other", "duration") and fact.low is not None and fact.low == fact.high \
            and float(fact.low).is_integer() and 1800 <= fact.low <= 2100 and not fact.hedge \
            and re.fullmatch(r"\d{4}", fact.text.strip()):
        return True
    return False


def _lemma_key(word: str | None) -> str:
    return (word or "").strip().lower()


def _group_key(fact: Fact, subject: str | None) -> tuple:
    c = fact.category
    if c in PEOPLE:
        return (c, subject, "")
    if c == "money":
        return (c, subject, (fact.unit or "").upper())
    if c == "other":
        return (c, subject, _lemma_key(fact.head) or _lemma_key(fact.unit))
    return (c, subject, _lemma_key(fact.head) or _lemma_key(fact.unit))


def _eligible(doc: Doc, fact: Fact, s_start: int, s_end: int, subject: str | None) -> bool:
    if fact.category in NEVER:
        return False
    if not (0 <= fact.start < fact.end <= len(doc.text)):
        return False
    if _ORDINAL.search(fact.text) or _is_date_like(doc, fact):
        return False
    if fact.category in EVENT_ONLY:
        if (subject or "").startswith("per:") or _mentions_person(doc, s_start, s_end):
            return False
    if fact.category == "other" and not (fact.head or fact.unit):
        return False
    if not fact.vague and fact.low is None and fact.high is None:
        return False
    return True


# -- rows --------------------------------------------------------------------------------

@dataclass
class _Item:
    doc: Doc
    fact: Fact
    iv: Interval | None
    s_start: int
    s_end: int


def _entry(it: _Item) -> LedgerEntry:
    d, f = it.doc, it.fact
    quantified = it.iv is not None
    return LedgerEntry(
        article=d.id, source=d.source, date=d.date, date_precision=d.date.precision if d.date else None,
        hedge=f.hedge, attribution=f.attribution, unit=f.unit, head=f.head, text=d.text[f.start:f.end],
        span=(f.start, f.end), sentence=d.text[it.s_start:it.s_end], sentence_span=(it.s_start, it.s_end),
        low=f.low if quantified else None, high=f.high if quantified else None,
        interval=str(it.iv) if quantified else None, bounds=it.iv, copy_of=d.copy_of,
    )


def _label(it: _Item) -> str:
    return f"{it.doc.source}: {it.iv} ({it.doc.text[it.fact.start:it.fact.end]})"


def _dated(it: _Item) -> str:
    return it.doc.date.iso() if it.doc.date else "undated"


def _some(parts: list[str], n: int = 3) -> str:
    return "; ".join(parts[:n]) + (f" and {len(parts) - n} more" if len(parts) > n else "")


def _mid(iv: Interval) -> float:
    if iv.low is not None and iv.high is not None:
        return (iv.low + iv.high) / 2
    return iv.low if iv.low is not None else iv.high  # type: ignore[return-value]


def _representatives(nums: list[_Item]) -> list[_Item]:
    """One figure per report (copies of one report are one report): the one nearest the story's median.

    A report that also gives a sub-count ("zwei frühere Mitarbeiter" beside
    "mehr als 10.000 Festnahmen") is compared by its figure for the whole.
    """
    by_report: dict[str, list[_Item]] = defaultdict(list)
    for it in nums:
        by_report[it.doc.root].append(it)
    mids = sorted(_mid(it.iv) for it in nums)
    median = mids[len(mids) // 2]

    def distance(it: _Item) -> float:
        return abs(math.log1p(abs(_mid(it.iv))) - math.log1p(abs(median)))

    reps = [min(items, key=lambda it: (distance(it), it.doc.order, it.fact.start)) for items in by_report.values()]
    return sorted(reps, key=lambda it: (it.doc.order, it.fact.start))


def _verdict(category: str, items: list[_Item]) -> tuple[Verdict, str, list[_Item]]:
    """verdict, why, and the two figures the why names (for the summary's disagreement sentence)."""
    nums = [it for it in items if it.iv is not None]
    if not nums:
        return Verdict.UNQUANTIFIED, "only unquantified mentions: " + _some(
            [f"{it.doc.source}: {it.doc.text[it.fact.start:it.fact.end]}" for it in items]), []
    reps = _representatives(nums)
    disjoint: list[tuple[_Item, _Item]] = []
    for i, a in enumerate(reps):
        for b in reps[i + 1:]:
            if not a.iv.overlaps(b.iv):
                disjoint.append((a, b))
    identities = {it.doc.identity for it in nums}
    if not disjoint:
        if len(identities) == 1:
            first = reps[0]
            copies = sorted({it.doc.source for it in nums if it.doc.copy_of})
            why = f"only {first.doc.source} reports a figure: {first.iv} ({first.doc.text[first.fact.start:first.fact.end]})"
            if copies:
                why += f"; {', '.join(copies)} copy the same report, which is not confirmation"
            vague = [it for it in items if it.iv is None]
            if vague:
                why += "; unquantified beside it: " + _some(
                    [f"{it.doc.text[it.fact.start:it.fact.end]} ({it.doc.source})" for it in vague])
            return Verdict.SINGLE, why, [first]
        a = reps[0]
        b = next(it for it in reps if it.doc.identity != a.doc.identity)
        more = len(identities) - 2
        return Verdict.AGREE, f"{_label(a)} and {_label(b)}{f' and {more} more' if more > 0 else ''}: intervals overlap", [a, b]

    def revision(a: _Item, b: _Item) -> tuple[_Item, _Item] | None:
        if category not in GROWING:
            return None
        for early, late in ((a, b), (b, a)):
            if is_later(late.doc.date, early.doc.date) and late.iv.above(early.iv):
                return early, late
        return None

    revisions = [revision(a, b) for a, b in disjoint]
    if all(revisions):
        early, late = min(revisions, key=lambda p: (p[0].doc.order, -p[1].doc.order))
        return Verdict.REVISED, (f"{early.doc.source} ({_dated(early)}): {early.iv} ({early.doc.text[early.fact.start:early.fact.end]})"
                           f" → {late.doc.source} ({_dated(late)}): {late.iv} ({late.doc.text[late.fact.start:late.fact.end]})"
                           f": disjoint intervals, the later report raises a figure that grows over time"), [early, late]
    a, b = next(p for p, r in zip(disjoint, revisions) if r is None)
    if a.doc.order > b.doc.order:
        a, b = b, a
    why = f"{_label(a)} vs {_label(b)}: disjoint intervals"
    if is_later(b.doc.date, a.doc.date) or is_later(a.doc.date, b.doc.date):
        early, late = (a, b) if is_later(b.doc.date, a.doc.date) else (b, a)
        if category not in GROWING:
            why += f"; {category} is not a figure that only grows, so the later report ({late.doc.source}, {_dated(late)}) does not simply revise it"
        else:
            why += f"; the later report ({late.doc.source}, {_dated(late)}) gives the lower figure"
    else:
        why += f"; neither report is dated later ({_dated(a)} vs {_dated(b)})"
    if len(disjoint) > 1:
        why += f" ({len(disjoint)} disjoint pairs in all)"
    return Verdict.DIFFER, why, [a, b]


def build_ledger(docs: list[Doc], names: dict[str, str] | None = None) -> list[LedgerRow]:
    """Rows sorted by category (killed first) then by number of independent sources."""
    story_place = main_place(docs)
    groups: dict[tuple, list[_Item]] = defaultdict(list)
    for d in docs:
        for f in d.analysis.facts:
            sent = d.sentence(f.sentence)
            if sent is None or not (sent.start <= f.start and f.end <= sent.end):
                sent = d.sentence_at(f.start)
            s_start, s_end = (sent.start, sent.end) if sent else (f.start, f.end)
            subject = _subject(d, f, s_start, s_end, story_place)
            if not _eligible(d, f, s_start, s_end, subject):
                continue
            iv = None if f.vague else interval(f)
            groups[_group_key(f, subject)].append(_Item(d, f, iv, s_start, s_end))
    rows = []
    for (category, subject, detail), items in groups.items():
        verdict, why, named = _verdict(category, items)
        nums = [it for it in items if it.iv is not None]
        rows.append(LedgerRow(
            category=Category(category), subject=subject,
            subject_name=(names or {}).get(subject, subject) if subject else None, detail=detail or None,
            verdict=verdict, why=why, sources=len({it.doc.identity for it in nums}),
            entries=[_entry(it) for it in nums], vague=[_entry(it) for it in items if it.iv is None],
            compared=[next(i for i, x in enumerate(nums) if x is it) for it in named],
        ))
    rows.sort(key=lambda r: (ORDER.get(r.category, 99), -r.sources, -len(r.entries), r.subject or "", r.detail or ""))
    return rows


def entity_names(docs: list[Doc]) -> dict[str, str]:
    """Entity key -> the display name most articles use."""
    names: dict[str, Counter] = defaultdict(Counter)
    for d in docs:
        for e in d.analysis.entities:
            names[e.key][e.name] += 1
    return {k: c.most_common(1)[0][0] for k, c in names.items()}
