"""The story's timeline: dated events in time order, one entry per event however many sources report it.

An event is a sentence that carries a time expression (the analysis' TimeExpr),
or an article's lead dated by the article itself. Its date is the time
expression's own value and precision (a week stays a week, a month a month;
a value the analysis could only bound becomes an ISO interval
``start/end`` with precision ``range``). A duration ("soll zehn Tage dauern")
is the period starting at the sentence's anchor (the article date unless the
analysis resolved a start), so its precision is the anchor's.

Events with the same value and precision whose sentences share enough content
lemmas (overlap coefficient >= 0.5 with at least two shared, outside the time
words) merge into one entry citing every source. Reports in different languages
share few lemmas, so across languages the sentences' entity keys and figures
stand in for words: two such sentences naming at least two of the same entities
or figures are one event. A duration that is an offset ("eine Woche nach der
Verlegung", "vor zehn Tagen") dates nothing by itself.

Order: events dated to the day (or the hour) come first, in time order; then those
the articles date only to a week, a month, a range or a year, coarser later, each
kind by where its range starts.
A sentence that leans on the one before it ("Das teilte das Innenministerium …
mit.", "Dabei starben …", "He said …") carries that sentence as its ``context``,
so every entry reads on its own.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from storyline.synthesise.dates import PRECISION_RANK, parse_day, precision_of, value_range
from storyline.synthesise.model import Doc, Sent
from storyline.synthesise.text import content_words, overlap
from storyline.types import TimeExpr
from storyline.types.story import TimelineEntry

MERGE_OVERLAP = 0.5
MERGE_MIN_SHARED = 2
PRECISE = frozenset({"time", "day"})

# a sentence opening with one of these leans on the one before it
_LEANS = frozenset("""das dies diese dieser dieses dabei damit dazu darauf daraufhin danach davor dort deshalb
daher er sie es ihr ihre sein seine man zudem außerdem auch ebenfalls allerdings jedoch zuvor später
this that these those it he she they his her their there then also however meanwhile later""".split())

# "eine Woche nach der Verlegung", "two days later", "vor zehn Tagen": an offset to another event, not a period
_OFFSET_AFTER = re.compile(r"^\W*(nach|nachdem|später|zuvor|danach|vorher|after|later|earlier|before|ago)\b", re.I)
_OFFSET_BEFORE = re.compile(r"\b(vor|seit|binnen|innerhalb|within|in)\s*$", re.I)


def _is_offset(t: TimeExpr, text: str) -> bool:
    return t.kind == "duration" and not t.value and bool(
        _OFFSET_AFTER.match(text[t.end:t.end + 20]) or _OFFSET_BEFORE.search(text[max(0, t.start - 12):t.start]))


@dataclass
class _Event:
    doc: Doc
    sent: Sent
    value: str
    precision: str | None
    start: dt.date | None
    end: dt.date | None
    kind: str  # "date" | "duration" | "report"
    dated_by: str  # "text" | "article"
    time: TimeExpr | None = None
    duration_days: float | None = None
    words: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)  # entity keys and figures: what a translation keeps


def _primary(times: list[TimeExpr]) -> TimeExpr:
    """The sentence's main time: the finest resolved date, else a duration, else the first."""
    def rank(t: TimeExpr):
        resolved = t.kind != "duration" and (t.value or t.range_start)
        prec = t.precision or (precision_of(t.value) if t.value else ("range" if t.range_start else None))
        return (0 if resolved else 1 if t.kind == "duration" else 2, PRECISION_RANK.get(prec or "", 9), t.start)
    return min(times, key=rank)


def _anchor(doc: Doc) -> tuple[str | None, str | None]:
    if doc.date is None:
        return None, None
    return doc.date.iso(), doc.date.precision


def _resolve(t: TimeExpr, doc: Doc) -> tuple[str | None, str | None, dt.date | None, dt.date | None, str, str]:
    """value, precision, range start, range end, kind, dated_by."""
    if t.kind == "duration":
        value = t.value
        if value:
            prec = t.precision or precision_of(value)
        else:
            value, prec = _anchor(doc)
        rng = value_range(value)
        if rng is None:
            return None, None, None, None, "duration", "article"
        start, end = rng
        if t.duration_days:
            end = end + dt.timedelta(days=max(0, math.ceil(t.duration_days) - 1))
        return value, prec, start, end, "duration", "text" if t.value else "article"
    if t.value:
        rng = value_range(t.value)
        start = parse_day(t.range_start) or (rng[0] if rng else None)
        end = parse_day(t.range_end) or (rng[1] if rng else None)
        return t.value, t.precision or precision_of(t.value), start, end, "date", "text"
    if t.range_start and t.range_end:
        start, end = parse_day(t.range_start), parse_day(t.range_end)
        if start and end:
            if start == end:
                return start.isoformat(), "day", start, end, "date", "text"
            return f"{start.isoformat()}/{end.isoformat()}", "range", start, end, "date", "text"
    value, prec = _anchor(doc)  # unresolved: only the article's date is honest
    rng = value_range(value)
    return value, prec, rng[0] if rng else None, rng[1] if rng else None, "date", "article"


def _sentence_words(doc: Doc, sent: Sent, times: list[TimeExpr]) -> set[str]:
    """The sentence's content lemmas without the time expressions' own words."""
    words = set(sent.words)
    for t in times:
        words.difference_update(content_words(t.text, doc.lang))
    return words


def _sentence_keys(doc: Doc, sent: Sent) -> set[str]:
    """The entities a sentence mentions and the figures it gives, which read the same in any language."""
    keys = {e.key for e in doc.analysis.entities for m in e.mentions if sent.start <= m.start < sent.end}
    keys |= {f"#{f.low:g}" for f in doc.analysis.facts if sent.start <= f.start < sent.end and f.low is not None}
    return keys


def _events(doc: Doc) -> list[_Event]:
    events: list[_Event] = []
    by_sentence: dict[int, list[TimeExpr]] = defaultdict(list)
    for t in doc.analysis.times:
        if not (0 <= t.start < t.end <= len(doc.text)) or _is_offset(t, doc.text):
            continue
        sent = doc.sentence(t.sentence)
        if sent is None or not (sent.start <= t.start and t.end <= sent.end):
            sent = doc.sentence_at(t.start)
        if sent is not None:
            by_sentence[sent.index].append(t)
    for index, times in by_sentence.items():
        sent = doc.sentence(index)
        t = _primary(times)
        value, prec, start, end, kind, dated_by = _resolve(t, doc)
        if value is None:
            continue
        events.append(_Event(doc, sent, value, prec, start, end, kind, dated_by, t,
                             t.duration_days if kind == "duration" else None,
                             _sentence_words(doc, sent, times), _sentence_keys(doc, sent)))
    lead = doc.sents[0] if doc.sents else None
    if lead is not None and lead.index not in by_sentence and doc.date is not None:
        value, prec = _anchor(doc)
        start, end = value_range(value) or (None, None)
        events.append(_Event(doc, lead, value, prec, start, end, "report", "article", words=set(lead.words),
                             keys=_sentence_keys(doc, lead)))
    return events


def _similar(a: _Event, b: _Event) -> bool:
    if len(a.words & b.words) >= MERGE_MIN_SHARED and overlap(a.words, b.words) >= MERGE_OVERLAP:
        return True
    return a.doc.lang != b.doc.lang and len(a.keys & b.keys) >= MERGE_MIN_SHARED


def build_timeline(docs: list[Doc]) -> list[TimelineEntry]:
    raw = [e for d in docs for e in _events(d)]
    buckets: dict[tuple, list[list[_Event]]] = defaultdict(list)
    for e in raw:  # docs are in date order, so a cluster's first event is the earliest report
        key = (e.value, e.precision, e.kind == "duration", e.duration_days)
        for cluster in buckets[key]:
            if any(_similar(e, other) for other in cluster[:8]):
                cluster.append(e)
                break
        else:
            buckets[key].append([e])
    ordered = []
    for clusters in buckets.values():
        for cluster in clusters:
            rep = next((e for e in cluster if e.doc.copy_of is None), cluster[0])
            ordered.append(((rep.doc.order, rep.sent.start), _entry(rep, cluster)))
    far = dt.date.max.isoformat()
    ordered.sort(key=lambda x: (_coarseness(x[1]), x[1].range[0] or far, x[1].range[1] or far, x[0]))
    return [entry for _, entry in ordered]


def _coarseness(e: TimelineEntry) -> int:
    """0 for an event dated to the day or finer; then week, month, range, year."""
    return 0 if e.precision in PRECISE else PRECISION_RANK.get(e.precision or "", 9)


def _context(doc: Doc, sent: Sent) -> tuple[int, int] | None:
    """The sentence before ``sent`` when ``sent`` opens with a word that points back to it."""
    first = re.match(r"\W*(\w+)", doc.text[sent.start:sent.end])
    if first is None or first.group(1).lower() not in _LEANS:
        return None
    before = [s for s in doc.sents if s.end <= sent.start]
    return (before[-1].start, before[-1].end) if before else None


def _entry(rep: _Event, cluster: list[_Event]) -> TimelineEntry:
    citations = []
    seen: set[tuple[str, int]] = set()
    for e in [rep] + [e for e in cluster if e is not rep]:  # the quoted sentence first
        if (e.doc.id, e.sent.start) in seen:
            continue
        seen.add((e.doc.id, e.sent.start))
        citations.append(e.doc.cite(e.sent.start, e.sent.end,
                                    (e.time.start, e.time.end) if e.time is not None else None))
    context = _context(rep.doc, rep.sent)
    return TimelineEntry(
        value=rep.value,
        precision=rep.precision,
        range=(rep.start.isoformat() if rep.start else None, rep.end.isoformat() if rep.end else None),
        kind=rep.kind,
        dated_by=rep.dated_by,
        duration_days=rep.duration_days,
        when=rep.time.text if rep.time is not None else None,
        text=rep.doc.text[rep.sent.start:rep.sent.end],
        article=rep.doc.id,
        span=(rep.sent.start, rep.sent.end),
        sources=len({e.doc.identity for e in cluster}),
        citations=citations,
        context=rep.doc.cite(*context) if context else None,
        languages=sorted({e.doc.lang for e in cluster if e.doc.lang}),
    )
