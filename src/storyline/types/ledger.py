"""The fact ledger: every independent source's figure for one slot (what × where), side by side, with a verdict.

Built by :func:`storyline.synthesise.ledger.build_ledger`; how slots are formed and verdicts
decided is documented there, the words every front end writes are in
:mod:`storyline.synthesise.ledger_text`. These are the shapes the CLI, the API, the pages and the
exports read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from storyline.types.dates import PartialDate, Precision
from storyline.types.records import Category


class Verdict(StrEnum):
    SINGLE = "single"  # one independent source (however many copies carry it)
    AGREE = "agree"  # two or more sources, every pair of figures overlaps
    DIFFER = "differ"  # figures reported at the same time (or a growing count falling) exclude each other
    UPDATED = "updated"  # a later report moves the figure: a growing count rises, or a plan meets its outcome
    CORRECTED = "corrected"  # a source revised its own figure (a later version of the same article)
    UNQUANTIFIED = "unquantified"  # only vague mentions ("viele Tote")

    @property
    def flagged(self) -> bool:
        """Worth a reader's attention: the sources do not simply agree."""
        return self in (Verdict.DIFFER, Verdict.UPDATED, Verdict.CORRECTED)


class EntryRole(StrEnum):
    """How an entry takes part in its row."""

    CURRENT = "current"  # the figure its report gives as now
    HISTORY = "history"  # an earlier figure the report quotes ("hatten zuvor von 164 Toten gesprochen")
    PLAN = "plan"  # announced or expected ("sollen 800 Flüge ausfallen")
    CORRECTED = "corrected"  # superseded by a later version of the same article


Relation = Literal["group", "place", "part"]  # how a nested row relates to the row it sits under


def _group(digits: str, sep: str) -> str:
    head, _, tail = digits.partition(".")
    out = []
    while len(head) > 3:
        out.insert(0, head[-3:])
        head = head[:-3]
    out.insert(0, head)
    return sep.join(out) + (("," if sep == "." else ".") + tail if tail else "")


_SCALES = {"en": ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")),
           "de": ((1e12, "Bio."), (1e9, "Mrd."), (1e6, "Mio."))}


def number(v: float, lang: str = "en") -> str:
    """10,000 / 10.000; 2.5 / 2,5; whole millions and billions in words ("15 billion", "15 Mrd.")."""
    sep = "." if lang == "de" else ","
    for scale, word in _SCALES["de" if lang == "de" else "en"]:
        if abs(v) >= scale and math.isclose(round(v / scale, 2) * scale, v, rel_tol=1e-9):
            return f"{number(v / scale, lang)} {word}"
    v = round(v, 6)
    if float(v).is_integer():
        text = _group(str(int(abs(v))), sep)
    else:
        text = _group(f"{abs(v):.2f}".rstrip("0").rstrip("."), sep)
    return ("−" if v < 0 else "") + text


@dataclass(frozen=True, slots=True)
class Interval:
    """A figure as an interval: "fast 10.000" is ``9,000 to < 10,000``, "mehr als 10.000" is ``> 10,000``."""

    low: float | None
    high: float | None
    low_strict: bool = False
    high_strict: bool = False
    nominal: float | None = None  # "etwa 2.500": written "≈ 2,500", compared as its bounds

    def contains(self, x: float) -> bool:
        if self.low is not None and (x < self.low or (x == self.low and self.low_strict)):
            return False
        if self.high is not None and (x > self.high or (x == self.high and self.high_strict)):
            return False
        return True

    def overlaps(self, other: "Interval") -> bool:
        lows = [v for v in (self.low, other.low) if v is not None]
        highs = [v for v in (self.high, other.high) if v is not None]
        lo = max(lows) if lows else None
        hi = min(highs) if highs else None
        if lo is None or hi is None or lo < hi:
            return True
        if lo > hi:
            return False
        return self.contains(lo) and other.contains(lo)

    def above(self, other: "Interval") -> bool:
        """Wholly above ``other`` (callers check disjointness first)."""
        return other.high is not None and self.low is not None and self.low >= other.high

    def text(self, lang: str = "en") -> str:
        """The one way every front end writes a figure: strict bounds strict ("< 10,000", "> 10,000")."""
        lo, hi = self.low, self.high
        if self.nominal is not None:
            return f"≈ {number(self.nominal, lang)}"
        if lo is None and hi is None:
            return "?"
        if lo is None:
            return f"{'<' if self.high_strict else '≤'} {number(hi, lang)}"
        if hi is None:
            return f"{'>' if self.low_strict else '≥'} {number(lo, lang)}"
        if lo == hi:
            return number(lo, lang)
        left = f"> {number(lo, lang)}" if self.low_strict else number(lo, lang)
        right = f"< {number(hi, lang)}" if self.high_strict else number(hi, lang)
        if self.low_strict or self.high_strict:
            return f"{left} {'bis' if lang == 'de' else 'to'} {right}"
        return f"{left}–{right}"

    def __str__(self) -> str:
        return self.text("en")

    @property
    def mid(self) -> float:
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        return self.low if self.low is not None else self.high  # type: ignore[return-value]


APPROX = 0.05  # an approximate figure without a range of its own: ±5 %


def interval_of(low: float | None, high: float | None, kind: str | None,
                nominal: float | None = None) -> Interval | None:
    """The interval of a figure from its bounds and its hedge kind (docs/facts.md); None for vague amounts.

    ``nominal`` is the number as written, kept for an approximate figure ("etwa 2.500" reads ≈ 2,500)."""
    if kind == "vague" or (low is None and high is None):
        return None
    v = low if low is not None else high
    if kind == "below":
        top = high if high is not None else low
        return Interval(low if low is not None and low < top else None, top, False, True)
    if kind in ("over", "min", "above"):
        base = low if low is not None else high
        return Interval(base, high if high is not None and high > base else None, kind == "over", False)
    if kind in ("under", "max"):
        top = high if high is not None else low
        return Interval(low if low is not None and low < top else None, top, False, kind == "under")
    if kind == "about":
        if low is None or high is None or low == high:
            return Interval(v * (1 - APPROX), v * (1 + APPROX), nominal=v)
        return Interval(min(low, high), max(low, high), nominal=nominal)
    if low is None or high is None or low == high:
        return Interval(v, v)
    return Interval(min(low, high), max(low, high))


@dataclass(slots=True)
class LedgerEntry:
    """One source's figure (or, in ``LedgerRow.vague``, its unquantified mention) with its provenance."""

    article: str
    source: str
    date: PartialDate | None
    date_precision: Precision | None
    hedge: str | None  # as written: "fast", "mehr als"
    attribution: str | None  # "nach Angaben der Regierung"
    unit: str | None
    head: str | None
    text: str  # the quantity phrase, == the article's text[span] (of ``version`` when set)
    span: tuple[int, int]
    sentence: str  # the sentence it stands in
    sentence_span: tuple[int, int]
    low: float | None = None  # the figure as the analysis read it (None for a vague mention)
    high: float | None = None
    interval: str | None = None  # ``bounds.text("en")``: how every front end writes the figure
    bounds: Interval | None = None
    copy_of: str | None = None  # the article this one copies (copies never confirm each other)
    role: EntryRole = EntryRole.CURRENT
    value: float | None = None  # the number as written
    hedge_kind: str | None = None  # exact, about, below, above, over, min, under, max, range
    group: str | None = None  # what it counts ("people", "security_forces", "flights", a money topic)
    place: str | None = None  # where: an entity key ("loc:iso:KZ"), "loc:world"
    as_of: str | None = None  # when the figure holds, when its sentence says so
    version: int | None = None  # the revision of the article the span quotes (None: the article as stored)


@dataclass(slots=True)
class LedgerRow:
    """One slot: a category and what it counts (``group``, ``detail``) at one place (``subject``).

    Sub-groups ("18 Sicherheitskräfte" of the dead), sub-places (Almaty in Kasachstan) and parts
    ("15 davon schwer") sit in ``parts`` under their total and are never compared with it.
    """

    category: Category
    subject: str | None  # an entity key, e.g. "loc:iso:KZ", or "loc:world"
    subject_name: str | None
    detail: str | None  # unit, currency or head word for money, durations and other quantities
    verdict: Verdict
    why: str  # the verdict in words (English; ledger_text.why(row, lang) writes it in German too)
    sources: int  # independent sources with a figure
    entries: list[LedgerEntry] = field(default_factory=list)
    vague: list[LedgerEntry] = field(default_factory=list)
    compared: list[int] = field(default_factory=list)  # indices into ``entries`` of the pair ``why`` names
    group: str | None = None  # "people", "security_forces", "flights", "jobs", a money topic ("credit")
    reason: str = ""  # why the verdict, as a code ledger_text words: "later_higher", "same_time", ...
    parts: list["LedgerRow"] = field(default_factory=list)
    relation: Relation | None = None  # for a row in ``parts``: a sub-group, a sub-place or a part ("davon")
    notes: list[str] = field(default_factory=list)  # "parts_exceed_total"
