"""Articles per day, week, month or year across a story: the bins of its sparkline, chart and API histogram.

A date given only to the month (or year) is spread evenly over its days: a month-dated article adds
1/31 to each day of January instead of pretending it happened on the 1st.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from storyline.types import PartialDate
from storyline.types.views import HistogramBin


@dataclass(slots=True)
class Bins:
    kind: str  # "day" | "week" | "month" | "year"
    edges: list[tuple[dt.date, dt.date]]  # inclusive first and last day of each bin
    values: list[float]
    exact: list[bool]  # True when every article counted in the bin lies wholly inside it

    def label(self, i: int, fmt: Callable[[str], str]) -> str:
        a, b = self.edges[i]
        if self.kind == "day":
            return fmt(a.isoformat())
        if self.kind == "month":
            return fmt(a.isoformat()[:7])
        if self.kind == "year":
            return fmt(a.isoformat()[:4])
        return f"{fmt(a.isoformat())} – {fmt(b.isoformat())}"

    def position(self, day: dt.date) -> float:
        """Where a day falls on the axis, in bins (0 .. len)."""
        for i, (a, b) in enumerate(self.edges):
            if a <= day <= b:
                return i + ((day - a).days + 0.5) / ((b - a).days + 1)
        return 0.0 if day < self.edges[0][0] else float(len(self.edges))


def date_ranges(dates: Iterable[PartialDate | str | None]) -> list[tuple[dt.date, dt.date]]:
    out = []
    for value in dates:
        if not value:
            continue
        try:
            d = value if isinstance(value, PartialDate) else PartialDate.parse(value)
        except ValueError:
            continue
        out.append((d.first_day(), d.last_day()))
    return out


def _months(lo: dt.date, hi: dt.date) -> list[tuple[dt.date, dt.date]]:
    out = []
    y, m = lo.year, lo.month
    while (y, m) <= (hi.year, hi.month):
        first = dt.date(y, m, 1)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        out.append((first, dt.date(y, m, 1) - dt.timedelta(days=1)))
    return out


def _edges(ranges: Sequence[tuple[dt.date, dt.date]], max_bins: int) -> tuple[str, list[tuple[dt.date, dt.date]]]:
    lo = min(a for a, _ in ranges)
    hi = max(b for _, b in ranges)
    n_days = (hi - lo).days + 1
    has_days = any(a == b for a, b in ranges)
    if has_days and n_days <= max_bins:
        return "day", [(lo + dt.timedelta(days=i),) * 2 for i in range(n_days)]  # type: ignore[misc]
    if has_days and math.ceil(n_days / 7) <= max_bins:
        start = lo - dt.timedelta(days=lo.weekday())
        weeks = []
        while start <= hi:
            weeks.append((start, start + dt.timedelta(days=6)))
            start += dt.timedelta(days=7)
        return "week", weeks
    months = _months(lo, hi)
    if len(months) <= max_bins:
        return "month", months
    return "year", [(dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in range(lo.year, hi.year + 1)]


def bin_dates(ranges: Sequence[tuple[dt.date, dt.date]], max_bins: int = 60) -> Bins | None:
    """Articles per day, week, month or year: the finest unit the dates allow within ``max_bins``.

    A story whose articles carry only months is counted per month; with day-dated
    articles it is counted per day and a month-dated article is spread over its days.
    """
    if not ranges:
        return None
    kind, edges = _edges(ranges, max_bins)
    values, exact = spread(ranges, edges)
    return Bins(kind, edges, values, exact)


def spread(ranges, edges) -> tuple[list[float], list[bool]]:
    """Share each date range over the bins it overlaps, in proportion to its days.

    ``exact[i]`` is False when some range only partly falls in bin ``i``.
    """
    values = [0.0] * len(edges)
    exact = [True] * len(edges)
    for a, b in ranges:
        days = (b - a).days + 1
        for i, (ea, eb) in enumerate(edges):
            if eb < a:
                continue
            if ea > b:
                break
            overlap = (min(b, eb) - max(a, ea)).days + 1
            values[i] += overlap / days
            if overlap < days:
                exact[i] = False
    return values, exact



def histogram(dates: Iterable[PartialDate | str | None], max_bins: int = 40) -> list[HistogramBin]:
    """The bins of a story's articles as the API and the story list show them."""
    bins = bin_dates(date_ranges(dates), max_bins=max_bins)
    if bins is None:
        return []
    return [HistogramBin(a.isoformat(), b.isoformat(), bins.kind, round(v, 3), ok)  # type: ignore[arg-type]
            for (a, b), v, ok in zip(bins.edges, bins.values, bins.exact)]
