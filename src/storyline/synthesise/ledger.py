"""The fact ledger: every source's figure for one slot, side by side, with a verdict.

**A slot is what × where.** *What* is the category and what the figure counts: its group for
people ("security_forces", "police", "women"; people ⊃ security forces ⊃ police), flights or jobs
for cancellations and job cuts, the currency and topic for money ("credit", "package"), the topic
for percentages, the unit or head word for durations, measures and other quantities. *Where* is
the fact's own subject ("loc:world" for "weltweit"), else the most specific place its sentence
names outside the attribution and the dateline (a city before a country, the nearest on a tie;
three or more places of one level are an enumeration), else the story's main place. A region
written as a direction and a country ("Osttürkei") is that country.

**Nesting.** A slot whose group is a sub-group of another slot's group, or whose place lies in
another slot's place (a city in its country, a country in the world), sits in that row's
``parts``, under the nearest such row, and is never compared with it; so does a part written as
one ("15 davon schwer", "darunter 18 Sicherheitskräfte"). Parts that add up to more than their
total (or one part above it) are noted (``parts_exceed_total``).

**Entries.** Every figure is an interval whose bounds are strict when the hedge says so ("fast
10.000" is ``9,000 to < 10,000``, "mehr als 10.000" ``> 10,000``: disjoint though they touch).
An entry's role is its stance: ``current``, ``history`` (an earlier figure the report quotes),
``plan`` (announced or expected) or ``corrected`` (the figure of an older version of the same
article: the latest version's figures count). Copies of one report are one report; one figure
per report takes part in the verdict (the one nearest the slot's median).

**Verdicts**, over the reports' figures (current ones; plans where the row has no other):

* ``differ``     two figures exclude each other although neither report is certainly later,
                 or a later report gives a lower figure of a count that only grows
* ``corrected``  a source revised its own figure (a later version of the same article)
* ``updated``    a certainly later report moves the figure: a growing count (killed, injured,
                 arrested, evacuated, affected) rises, a plan meets its outcome (800 flights
                 announced, 650 cancelled), or the later report itself quotes the earlier figure
* ``agree``      two or more sources, every pair of figures overlaps
* ``single``     one independent source
* ``unquantified`` only vague mentions ("viele Tote", listed in ``vague``, never counted)

``why`` names the pair that decides, with the sources and dates of each figure ("164 (9–10 Jan,
4 sources) → 225 (15 Jan, dw.com)"; ledger_text writes it in English and German). What goes in:
people counts, cancellations and job cuts always; durations, ages, percentages, money and measures
only when they are facts of the event, not of a person (no person is named in the sentence and the
subject is not a person); never a quantity that is a date or a year or a rank ("neuntgrößte").
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from storyline.analyse.lexicon import GROUP_PARENT, WORLD_SUBJECT
from storyline.analyse.quantities import find_facts
from storyline.analyse.sentences import split
from storyline.synthesise.dates import is_later
from storyline.synthesise.ledger_text import why
from storyline.synthesise.model import Doc
from storyline.synthesise.places import Places
from storyline.lang import HANDLED
from storyline.types import Article, Category, Fact, Stance
from storyline.types.ledger import EntryRole, Interval, LedgerEntry, LedgerRow, Verdict, interval_of

PEOPLE = frozenset({"killed", "injured", "arrested", "evacuated", "affected", "troops", "participants"})
GROWING = frozenset({"killed", "injured", "arrested", "evacuated", "affected"})
EVENT_ONLY = frozenset({"duration", "age", "percent", "money", "measure"})  # only when no person is the subject
NEVER = frozenset({"year", "date", "rank", "ordinal", "time"})
ORDER = {c: n for n, c in enumerate(
    ["killed", "injured", "arrested", "evacuated", "affected", "participants", "troops", "cancelled", "job_cuts",
     "money", "percent", "duration", "measure", "age", "other"])}

_ORDINAL = re.compile(r"(?:^|\s)\d+\.(?:\s|$)|\b\d+(?:st|nd|rd|th)\b|(?:größt|groesst|kleinst|wichtigst|best)", re.I)
_KIND_WORDS = (  # hedge words of hand-built facts that carry no hedge_kind
    ("below", {"fast", "knapp", "beinahe", "nahezu", "nearly", "almost", "just under", "knapp unter"}),
    ("under", {"weniger als", "unter", "fewer than", "less than", "under", "below"}),
    ("over", {"mehr als", "über", "more than", "over", "knapp über", "upwards of", "in excess of", "weit über"}),
    ("min", {"mindestens", "wenigstens", "zumindest", "gut", "at least", "no fewer than"}),
    ("max", {"höchstens", "bis zu", "maximal", "at most", "up to", "no more than"}),
)


def fact_kind(fact: Fact) -> str | None:
    """The fact's hedge kind; for a fact without one (hand-built), read from its hedge words."""
    if fact.vague:
        return "vague"
    if fact.hedge_kind:
        return fact.hedge_kind
    if not fact.hedge:
        return None
    h = " ".join(fact.hedge.lower().rstrip(".").split())
    return next((kind for kind, words in _KIND_WORDS if h in words), "about")


def interval(fact: Fact) -> Interval | None:
    kind = fact_kind(fact)
    nominal = fact.value if fact.value is not None else (fact.low if fact.low == fact.high else None)
    return interval_of(fact.low, fact.high, kind, nominal if kind == "about" else None)


# -- what goes in -----------------------------------------------------------------------------


def _mentions_person(doc: Doc, fact: Fact, s_start: int, s_end: int) -> bool:
    """A person named in the sentence, outside its attribution ("teilte Bundeskanzler Scholz mit" is the speaker)."""
    attr = doc.text.find(fact.attribution, s_start, s_end) if fact.attribution else -1
    a, b = (attr, attr + len(fact.attribution)) if attr >= 0 else (0, 0)
    return any(e.type == "PER" and any(s_start <= m.start < s_end and not a <= m.start < b for m in e.mentions)
               for e in doc.analysis.entities)


def _is_date_like(doc: Doc, fact: Fact) -> bool:
    for t in doc.analysis.times:
        if t.kind != "duration" and t.start < fact.end and fact.start < t.end:
            return True
    return (fact.category in ("other", "duration") and fact.low is not None and fact.low == fact.high
            and float(fact.low).is_integer() and 1800 <= fact.low <= 2100 and not fact.hedge
            and re.fullmatch(r"\d{4}", fact.text.strip()) is not None)


def _eligible(doc: Doc, fact: Fact, s_start: int, s_end: int, place: str | None, versioned: bool) -> bool:
    if fact.category in NEVER or _ORDINAL.search(fact.text):
        return False
    if not versioned and (not (0 <= fact.start < fact.end <= len(doc.text)) or _is_date_like(doc, fact)):
        return False
    if fact.category in EVENT_ONLY and ((place or "").startswith("per:") or _mentions_person(doc, fact, s_start, s_end)):
        return False
    if fact.category == "other" and not (fact.head or fact.unit):
        return False
    return fact.vague or fact.low is not None or fact.high is not None


# -- slots ------------------------------------------------------------------------------------------


def _lemma_key(word: str | None) -> str:
    return (word or "").strip().lower()


def _what(fact: Fact) -> tuple[str, str, str]:
    """(category, group, detail): what a figure counts. Passengers counted dead or injured are the
    people of the row, not a part of them (they are all who were on the train); workers laid off are
    the jobs cut."""
    c = str(fact.category)
    if c in PEOPLE:
        return c, ("people" if fact.group == "passengers" else fact.group) or "people", ""
    if c in ("cancelled", "job_cuts"):
        group = "jobs" if c == "job_cuts" and fact.group in ("employees", "people") else fact.group
        return c, group or ("flights" if c == "cancelled" else "jobs"), ""
    if c == "money":
        return c, fact.group or "", (fact.unit or "").upper()
    if c == "percent":
        return c, fact.group or "", fact.unit or "%"
    return c, "", _lemma_key(fact.head) or _lemma_key(fact.unit)


def _role(fact: Fact) -> EntryRole:
    return {Stance.HISTORY: EntryRole.HISTORY, Stance.PLAN: EntryRole.PLAN}.get(fact.stance, EntryRole.CURRENT)


@dataclass
class _Item:
    doc: Doc
    fact: Fact
    iv: Interval | None
    text: str  # the text of the version the fact quotes
    s_start: int
    s_end: int
    place: str | None
    role: EntryRole
    version: int | None = None
    whole: "_Item | None" = None  # the figure of the same sentence this one is a part of


@dataclass
class _Slot:
    key: tuple  # (category, group, detail, place, part-of slot key or None)
    items: list[_Item] = field(default_factory=list)
    parts: list["_Slot"] = field(default_factory=list)
    relation: str | None = None

    @property
    def category(self) -> str:
        return self.key[0]

    @property
    def group(self) -> str:
        return self.key[1]

    @property
    def place(self) -> str | None:
        return self.key[3]


def _items_of(doc: Doc, facts: list[Fact], text: str, version: int | None, places: Places,
              sentences: dict[int, tuple[int, int]] | None) -> list[_Item]:
    out: list[_Item] = []
    by_start: dict[int, _Item] = {}
    for f in facts:
        s_start, s_end = _sentence_span(doc, f, sentences)
        place = f.subject or places.of_fact(doc, f, text, s_start, s_end, versioned=version is not None)
        if not _eligible(doc, f, s_start, s_end, place, version is not None):
            continue
        it = _Item(doc, f, None if f.vague else interval(f), text, s_start, s_end, place, _role(f), version)
        by_start[f.start] = it
        out.append(it)
    for it in out:
        if it.fact.part_of is not None:
            it.whole = by_start.get(it.fact.part_of)
    return out


def _sentence_span(doc: Doc, f: Fact, sentences: dict[int, tuple[int, int]] | None) -> tuple[int, int]:
    if sentences is not None:
        return sentences.get(f.sentence, (f.start, f.end))
    sent = doc.sentence(f.sentence)
    if sent is None or not (sent.start <= f.start and f.end <= sent.end):
        sent = doc.sentence_at(f.start)
    return (sent.start, sent.end) if sent else (f.start, f.end)


def _slot_key(it: _Item, topics: dict[tuple[str, str], str]) -> tuple:
    category, group, detail = _what(it.fact)
    if category in ("money", "percent") and not group:
        group = topics.get((category, detail), "")
    whole = it.whole
    if whole is not None and _what(whole.fact)[:2] == (category, group) and whole.place == it.place:
        return (category, group, detail, it.place, _slot_key(whole, topics))  # "15 davon schwer"
    return (category, group, detail, it.place, None)


def _lone_topics(items: list[_Item]) -> dict[tuple[str, str], str]:
    """Money or percentages without a topic join the one topic the story gives that category, if only one."""
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for it in items:
        category, group, detail = _what(it.fact)
        if category in ("money", "percent") and group:
            seen[(category, detail)].add(group)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def _group_ancestors(group: str) -> list[str]:
    out = []
    while group in GROUP_PARENT:
        group = GROUP_PARENT[group]
        out.append(group)
    return out


def _parent(slot: _Slot, slots: dict[tuple, _Slot], places: Places) -> tuple[_Slot, str] | None:
    """The nearest row a slot nests under: its whole, a larger group at its place, or its group at a larger place."""
    category, group, detail, place, whole = slot.key
    if whole is not None and whole in slots:
        return slots[whole], "part"
    groups = [group, *_group_ancestors(group)]
    place_chain = [place, *places.ancestors(place)]
    candidates = sorted(((gi + pi, gi == 0, g, p) for gi, g in enumerate(groups) for pi, p in enumerate(place_chain)
                         if gi or pi), key=lambda c: (c[0], c[1]))
    for _, same_group, g, p in candidates:
        other = slots.get((category, g, detail, p, None))
        if other is not None:
            return other, ("place" if same_group else "group")
    return None


def _tree(slots: dict[tuple, _Slot], places: Places) -> list[_Slot]:
    top = []
    for slot in slots.values():
        found = _parent(slot, slots, places)
        if found is None:
            top.append(slot)
        else:
            parent, relation = found
            slot.relation = relation
            parent.parts.append(slot)
    return top


# -- verdicts --------------------------------------------------------------------------------------


def _reports(items: list[_Item]) -> list[_Item]:
    """One figure per report (copies of one report are one report): the one nearest the slot's median."""
    if not items:
        return []
    by_report: dict[str, list[_Item]] = defaultdict(list)
    for it in items:
        by_report[it.doc.root].append(it)
    mids = sorted(it.iv.mid for it in items)
    median = mids[len(mids) // 2]

    def distance(it: _Item) -> float:
        return abs(math.log1p(abs(it.iv.mid)) - math.log1p(abs(median)))

    reps = [min(group, key=lambda it: (distance(it), it.doc.order, it.fact.start)) for group in by_report.values()]
    return sorted(reps, key=lambda it: (it.doc.order, it.fact.start))


def _quotes(later: _Item, earlier: _Item, history: list[_Item]) -> bool:
    """The later report itself gives the earlier figure as history ("hatten zuvor von 164 Toten gesprochen")."""
    return any(h.doc.root == later.doc.root and h.iv is not None and h.iv.overlaps(earlier.iv) for h in history)


def _move(a: _Item, b: _Item, category: str, history: list[_Item]) -> tuple[_Item, _Item, str] | None:
    """(earlier, later, reason) when one of two disjoint figures updates the other, else None."""
    for early, late in ((a, b), (b, a)):
        if early.role == EntryRole.PLAN and late.role == EntryRole.CURRENT \
                and not is_later(early.doc.date, late.doc.date):
            return early, late, "plan_then_outcome"  # an outcome never dated before its plan supersedes it
        if not is_later(late.doc.date, early.doc.date):
            continue
        if category in GROWING and late.iv.above(early.iv):
            return early, late, "later_higher"
        if _quotes(late, early, history):
            return early, late, "history_quote"
    return None


def _conflict_reason(a: _Item, b: _Item, category: str) -> str:
    if not (is_later(b.doc.date, a.doc.date) or is_later(a.doc.date, b.doc.date)):
        return "same_time"
    return "later_lower" if category in GROWING else "not_growing"


@dataclass
class _Decision:
    verdict: Verdict
    reason: str
    pair: list[_Item]


def _corrections(items: list[_Item]) -> list[tuple[_Item, _Item]]:
    """(superseded, latest) figure pairs of one article whose later version changed it."""
    latest = {it.doc.id: it for it in items if it.role != EntryRole.CORRECTED and it.iv is not None}
    return [(it, latest[it.doc.id]) for it in items
            if it.role == EntryRole.CORRECTED and it.doc.id in latest and not it.iv.overlaps(latest[it.doc.id].iv)]


def _pairs(pool: list[_Item], category: str, history: list[_Item]) -> tuple[list, list]:
    """(moves, conflicts) among the disjoint pairs of the reports' figures."""
    moves, conflicts = [], []
    for i, a in enumerate(pool):
        for b in pool[i + 1:]:
            if a.iv.overlaps(b.iv):
                continue
            move = _move(a, b, category, history)
            if move is not None:
                moves.append(move)
            elif a.role == b.role:
                conflicts.append((a, b) if a.doc.order <= b.doc.order else (b, a))
    return moves, conflicts


def _update(pool: list[_Item], moves: list[tuple[_Item, _Item, str]]) -> _Decision:
    """The update the row shows: from the best-supported earliest figure to its latest successor."""
    support = Counter(str(it.iv) for it in pool)
    early, _, reason = min(moves, key=lambda m: (-support[str(m[0].iv)], m[0].doc.order, -m[1].doc.order))
    late = max((m[1] for m in moves if m[0] is early), key=lambda it: (support[str(it.iv)], it.doc.order))
    return _Decision(Verdict.UPDATED, reason, [early, late])


def _decide(category: str, items: list[_Item]) -> _Decision:
    nums = [it for it in items if it.iv is not None]
    current = [it for it in nums if it.role == EntryRole.CURRENT]
    plans = [it for it in nums if it.role == EntryRole.PLAN]
    history = [it for it in nums if it.role == EntryRole.HISTORY]
    pool = _reports(current) + _reports(plans) if current else _reports(plans or history)
    if not pool:
        return _Decision(Verdict.UNQUANTIFIED, "vague_only", [])
    moves, conflicts = _pairs(pool, category, history)
    if conflicts:
        a, b = conflicts[0]
        return _Decision(Verdict.DIFFER, _conflict_reason(a, b, category), [a, b])
    fixes = _corrections(items)
    if fixes:
        return _Decision(Verdict.CORRECTED, "own_revision", list(fixes[0]))
    if moves:
        return _update(pool, moves)
    if len({it.doc.identity for it in pool}) == 1:
        return _Decision(Verdict.SINGLE, "one_source", [pool[0]])
    other = next(it for it in pool if it.doc.identity != pool[0].doc.identity)
    return _Decision(Verdict.AGREE, "overlap", [pool[0], other])


# -- rows --------------------------------------------------------------------------------------------


def _entry(it: _Item, names: dict[str, str]) -> LedgerEntry:
    d, f = it.doc, it.fact
    out = LedgerEntry(
        article=d.id, source=d.source, date=d.date, date_precision=d.date.precision if d.date else None,
        hedge=f.hedge, attribution=f.attribution, unit=f.unit, head=f.head, text=it.text[f.start:f.end],
        span=(f.start, f.end), sentence=it.text[it.s_start:it.s_end], sentence_span=(it.s_start, it.s_end),
        copy_of=d.copy_of, role=it.role, value=f.value, hedge_kind=fact_kind(f), group=f.group, place=it.place,
        as_of=f.as_of, version=it.version,
    )
    if it.iv is not None:
        out.low, out.high, out.bounds, out.interval = f.low, f.high, it.iv, it.iv.text("en")
    return out


def _row(slot: _Slot, names: dict[str, str]) -> LedgerRow:
    items = sorted(slot.items, key=lambda it: (it.doc.order, it.version or 0, it.fact.start))
    decision = _decide(slot.category, items)
    nums = [it for it in items if it.iv is not None]
    category, group, detail, place, _ = slot.key
    row = LedgerRow(
        category=Category(category), subject=place, subject_name=names.get(place, place) if place else None,
        detail=detail or None, verdict=decision.verdict, why="",
        sources=len({it.doc.identity for it in nums if it.role != EntryRole.CORRECTED}),
        entries=[_entry(it, names) for it in nums], vague=[_entry(it, names) for it in items if it.iv is None],
        compared=[next(i for i, x in enumerate(nums) if x is it) for it in decision.pair],
        group=group or None, reason=decision.reason, relation=slot.relation,
        parts=[_row(p, names) for p in _ordered(slot.parts)],
    )
    if _parts_exceed(row):
        row.notes.append("parts_exceed_total")
    row.why = why(row, "en")
    return row


def _latest_low(row: LedgerRow) -> float | None:
    current = [e for e in row.entries if e.role == EntryRole.CURRENT and e.bounds is not None]
    return max((e.bounds.low or 0) for e in current) if current else None


def _latest_high(row: LedgerRow) -> float | None:
    current = [e for e in row.entries if e.role == EntryRole.CURRENT and e.bounds is not None]
    if not current or any(e.bounds.high is None for e in current):
        return None
    return max(e.bounds.high for e in current)


def _parts_exceed(row: LedgerRow) -> bool:
    """One part above its total, or sub-places of one level that add up to more than it."""
    top = _latest_high(row)
    if top is None:
        return False
    lows = [(p.relation, _latest_low(p)) for p in row.parts]
    if any(low is not None and low > top for _, low in lows):
        return True
    return sum(low for rel, low in lows if rel == "place" and low is not None) > top


def _ordered(slots: list[_Slot]) -> list[_Slot]:
    return sorted(slots, key=lambda s: (ORDER.get(s.category, 99), -len({it.doc.identity for it in s.items}),
                                        -len(s.items), s.place or "", s.group, s.key[2]))


def build_ledger(docs: list[Doc], names: dict[str, str] | None = None,
                 versions: dict[str, list] | None = None) -> list[LedgerRow]:
    """Rows sorted by category (killed first) then by number of independent sources; parts nested.

    ``versions`` maps an article id to its later versions, each ``(n, text, facts, sentence spans)``
    (analysed by the caller): the latest version's figures count, older ones are kept as corrected.
    """
    names = dict(names or {})
    places = Places(docs, names)
    items: list[_Item] = []
    for d in docs:
        items += _doc_items(d, places, (versions or {}).get(d.id))
    topics = _lone_topics(items)
    slots: dict[tuple, _Slot] = {}
    for it in items:
        key = _slot_key(it, topics)
        slots.setdefault(key, _Slot(key)).items.append(it)
    names.setdefault(WORLD_SUBJECT, "world")
    return [_row(s, names) for s in _ordered(_tree(slots, places))]


def _doc_items(d: Doc, places: Places, later: list | None) -> list[_Item]:
    """The figures of one article: its latest version's, and those its later versions corrected."""
    own = _items_of(d, d.analysis.facts, d.text, None, places, None)
    if not later:
        return own
    n, text, facts, sentences = later[-1]
    latest = _items_of(d, facts, text, n, places, sentences)
    kept = {_figure_key(it) for it in latest}
    older = [it for it in own + [x for m, t, f, s in later[:-1] for x in _items_of(d, f, t, m, places, s)]
             if it.iv is not None and _figure_key(it) not in kept]
    for it in older:
        it.role = EntryRole.CORRECTED
    return latest + older


def _figure_key(it: _Item) -> tuple:
    """What a figure says, wherever it stands: an older version that says the same corrected nothing."""
    f = it.fact
    return str(f.category), f.low, f.high, fact_kind(f), it.place


def revised_facts(docs: list[Doc], revisions: dict[str, list[Article]] | None) -> dict[str, list]:
    """Each revised article's later versions with their figures: ``(n, text, facts, sentence spans)``.

    Revisions are stored as text only (they are not analysed at ingest), so their figures are read
    here, with the article's language and date; a story without revisions costs nothing.
    """
    out: dict[str, list] = {}
    by_id = {d.id: d for d in docs}
    for aid, later in (revisions or {}).items():
        doc = by_id.get(aid)
        if doc is None or not later or doc.lang not in HANDLED:
            continue
        versions = []
        for n, version in enumerate(later, 1):
            sents = split(version.text, doc.lang)
            facts = find_facts(version.text, sents, doc.lang, version.date or doc.date)
            versions.append((n, version.text, facts, {s.index: (s.start, s.end) for s in sents}))
        out[aid] = versions
    return out


def entity_names(docs: list[Doc]) -> dict[str, str]:
    """Entity key -> the display name most articles use."""
    names: dict[str, Counter] = defaultdict(Counter)
    for d in docs:
        for e in d.analysis.entities:
            names[e.key][e.name] += 1
    return {k: c.most_common(1)[0][0] for k, c in names.items()}


def main_place(docs: list[Doc]) -> str | None:
    return Places(docs, {}).main

