"""Server-side SVG: the story list's sparklines and the story page's timeline chart.

Charts are built from numbers and escaped labels only, so they work without
JavaScript and cannot carry markup from article text. A date given only to the
month (or year) is spread evenly over its days: a month-dated article adds 1/31
to each day of January instead of pretending it happened on the 1st.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from storyline.serve.charts import bins_of
from storyline.synthesise.histogram import spread, bin_dates, date_ranges
from storyline.types.views import HistogramBin

LANES = 4  # event ranges stack in at most this many lanes above the bars


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _count(v: float) -> str:
    if round(v) >= 1 and abs(v - round(v)) < 0.05:
        return str(int(round(v)))
    return f"≈{v:.1f}" if v >= 1 else f"≈{v:.2f}"


def sparkline(histogram: Sequence[HistogramBin], *, width: int = 160, height: int = 32, label: str = "",
              fmt: Callable[[str], str] = str) -> Markup:
    """Bars of articles per day (week, month) across the story's span; an empty string without dates."""
    if not histogram:
        return Markup("")
    bins = bins_of(histogram)
    peak = max(bins.values) or 1.0
    n = len(bins.values)
    gap = 1.0 if width / n > 3 else 0.0
    bw = width / n
    parts = [
        f'<svg class="spark" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}"'
        f' height="{height}" role="img" aria-label="{escape(label)}" preserveAspectRatio="none">',
        f'<line class="spark-base" x1="0" y1="{height - 0.5}" x2="{width}" y2="{height - 0.5}"/>',
    ]
    for i, v in enumerate(bins.values):
        if v <= 0:
            continue
        h = max(1.5, (height - 2) * v / peak)
        when = bins.label(i, fmt)
        cls = "spark-bar" if bins.exact[i] else "spark-bar spread"
        w = min(max(bw - gap, 0.8), 14.0)
        parts.append(
            f'<rect class="{cls}" x="{_num(i * bw + (bw - w) / 2)}" y="{_num(height - h)}" width="{_num(w)}"'
            f' height="{_num(h)}"><title>{escape(when)}: {escape(_count(v))}</title></rect>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def timeline_chart(dates: Iterable[str | None], markers: Iterable[tuple[str, str | None, str]] = (), *,
                   width: int = 760,
                   height: int = 190, label: str = "", fmt: Callable[[str], str] = str) -> Markup:
    """Articles per day (week, month) with an axis, plus events ``(first, last, text)`` above the bars.

    An event dated to a day is a dot; one dated to a range ("last week") is a band over that range.
    """
    article_ranges = date_ranges(dates)
    marks = []
    for first, last, text in markers:
        a, b = date_ranges([first]), date_ranges([last or first])
        if a and b:
            marks.append(((a[0][0], max(a[0][0], b[0][1])), text))
    axis = bin_dates(article_ranges + [r for r, _ in marks], max_bins=90)
    if axis is None:
        return Markup("")
    # count the articles only, on the axis that also spans the events
    values, exact = spread(article_ranges, axis.edges)
    left, right, bottom = 40, 12, 28
    top = 14 + LANES * 5 if marks else 14
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(values) or 1.0
    n = len(values)
    bw = plot_w / n
    gap = min(6.0, bw * 0.25) if bw > 4 else 0.0
    parts = [
        f'<svg class="timeline-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"'
        f' role="img" aria-label="{escape(label)}">',
        f'<line class="grid" x1="{left}" y1="{top + 0.5}" x2="{width - right}" y2="{top + 0.5}"/>',
        f'<line class="grid" x1="{left}" y1="{_num(top + plot_h / 2)}" x2="{width - right}" y2="{_num(top + plot_h / 2)}"/>',
        f'<line class="axis" x1="{left}" y1="{top + plot_h + 0.5}" x2="{width - right}" y2="{top + plot_h + 0.5}"/>',
        f'<text class="tick" x="{left - 6}" y="{top + 4}" text-anchor="end">{escape(_count(peak))}</text>',
        f'<text class="tick" x="{left - 6}" y="{top + plot_h + 4}" text-anchor="end">0</text>',
    ]
    for i, v in enumerate(values):
        if v <= 0:
            continue
        h = max(1.5, plot_h * v / peak)
        cls = "bar" if exact[i] else "bar spread"
        w = min(max(bw - gap, 0.8), 56.0)
        parts.append(
            f'<rect class="{cls}" x="{_num(left + i * bw + (bw - w) / 2)}" y="{_num(top + plot_h - h)}"'
            f' width="{_num(w)}" height="{_num(h)}">'
            f'<title>{escape(axis.label(i, fmt))}: {escape(_count(v))}</title></rect>'
        )
    ticks = [(0, "start")] if n == 1 else [(0, "start"), (n - 1, "end")]
    if n >= 9:
        ticks.insert(1, (n // 2, "middle"))
    for i, anchor in ticks:
        x = left + (i + 0.5) * bw if n > 1 else left + plot_w / 2
        if n > 1 and anchor == "start":
            x = left
        if n > 1 and anchor == "end":
            x = width - right
        anchor = "middle" if n == 1 else anchor
        parts.append(f'<text class="tick" x="{_num(x)}" y="{height - 8}" text-anchor="{anchor}">'
                     f'{escape(axis.label(i, fmt))}</text>')
    lane_ends: list[float] = []  # ranges stack in lanes so overlapping ones stay apart
    for (a, b), text in sorted(marks, key=lambda m: m[0]):
        when = fmt(a.isoformat()) if a == b else f"{fmt(a.isoformat())} – {fmt(b.isoformat())}"
        title = f"<title>{escape(when)}: {escape(text)}</title>"
        x1 = left + (axis.position(a) - 0.5 / max(1, (axis.edges[0][1] - axis.edges[0][0]).days + 1)) * bw
        x2 = left + axis.position(b) * bw
        x1, x2 = max(x1, left), min(max(x2, x1 + 4), width - right)
        lane = next((i for i, end in enumerate(lane_ends) if end + 3 < x1), None)
        if lane is None:
            lane = len(lane_ends) if len(lane_ends) < LANES else min(range(LANES), key=lambda i: lane_ends[i])
            if lane == len(lane_ends):
                lane_ends.append(x2)
        lane_ends[lane] = max(lane_ends[lane], x2)
        y = top - 6 - lane * 5
        if b == a:
            x = (x1 + x2) / 2
            parts.append(f'<g class="marker"><line x1="{_num(x)}" y1="{y}" x2="{_num(x)}" y2="{top + plot_h}"/>'
                         f'<circle cx="{_num(x)}" cy="{y}" r="3.5"/>{title}</g>')
        else:
            parts.append(f'<g class="marker range"><rect x="{_num(x1)}" y="{y - 1.5}" width="{_num(x2 - x1)}"'
                         f' height="3" rx="1.5"/>{title}</g>')
    parts.append("</svg>")
    return Markup("".join(parts))
