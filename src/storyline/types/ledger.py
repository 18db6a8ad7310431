"""The fact ledger: every independent source's figure for one thing, side by side, with a verdict.

Built by :func:`storyline.synthesise.ledger.build_ledger`; how rows are formed and verdicts
decided is documented there. These are the shapes the CLI, the API, the pages and the exports read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from storyline.types.dates import PartialDate, Precision
from storyline.types.records import Category


class Verdict(StrEnum):
    SINGLE = "single"  # one independent source (however many copies carry it)
    AGREE = "agree"  # two or more sources, every pair of intervals overlaps
    REVISED = "revised"  # disjoint only where a later report raises a figure that grows over time
    DIFFER = "differ"  # disjoint otherwise
    UNQUANTIFIED = "unquantified"  # only vague mentions ("viele Tote")

    @property
    def flagged(self) -> bool:
        """Worth a reader's attention: the sources do not simply agree."""
        return self in (Verdict.DIFFER, Verdict.REVISED)


def number(v: float) -> str:
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, slots=True)
class Interval:
    """A figure as an interval: "fast 10.000" is ``< 10,000``, "mehr als 10.000" is ``> 10,000``."""

    low: float | None
    high: float | None
    low_strict: bool = False
    high_strict: bool = False

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

    def __str__(self) -> str:
        lo, hi = self.low, self.high
        if lo is None and hi is None:
            return "?"
        if lo is None:
            return f"{'<' if self.high_strict else '≤'} {number(hi)}"
        if hi is None:
            return f"{'>' if self.low_strict else '≥'} {number(lo)}"
        if lo == hi:
            return number(lo)
        left = f"> {number(lo)}" if self.low_strict else number(lo)
        right = f"< {number(hi)}" if self.high_strict else number(hi)
        return f"{left} to {right}" if (self.low_strict or self.high_strict) else f"{left}–{right}"


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
    text: str  # the quantity phrase, == the article's text[span]
    span: tuple[int, int]
    sentence: str  # the sentence it stands in
    sentence_span: tuple[int, int]
    low: float | None = None  # the figure as the analysis read it (None for a vague mention)
    high: float | None = None
    interval: str | None = None  # ``str(bounds)``: how every front end writes the figure
    bounds: Interval | None = None
    copy_of: str | None = None  # the article this one copies (copies never confirm each other)


@dataclass(slots=True)
class LedgerRow:
    category: Category
    subject: str | None  # an entity key, e.g. "loc:iso:KZ"
    subject_name: str | None
    detail: str | None  # unit or head word for money, durations and other quantities
    verdict: Verdict
    why: str  # the verdict in words, naming the figures compared
    sources: int  # independent sources with a figure
    entries: list[LedgerEntry] = field(default_factory=list)
    vague: list[LedgerEntry] = field(default_factory=list)
    compared: list[int] = field(default_factory=list)  # indices into ``entries`` of the pair ``why`` names
