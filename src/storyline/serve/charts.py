"""Server-side SVG for trends: articles per day (week, month) across stories or for one entity, with an axis.

Built from the histogram's numbers and escaped labels only, as serve/svg.py builds the story charts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from storyline.synthesise.histogram import Bins
from storyline.types.views import HistogramBin


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _count(v: float) -> str:
    return str(int(round(v))) if abs(v - round(v)) < 0.05 else f"≈{v:.1f}"


def bins_of(histogram: Sequence[HistogramBin]) -> Bins:
    """The bins an API histogram was made from, to draw them."""
    return Bins(histogram[0].unit, [(dt.date.fromisoformat(h.start), dt.date.fromisoformat(h.end)) for h in histogram],
                [h.articles for h in histogram], [h.exact for h in histogram])


def volume_chart(histogram: Sequence[HistogramBin], *, width: int = 760, height: int = 170, label: str = "",
                 fmt: Callable[[str], str] = str) -> Markup:
    """Bars per bin with the peak and the first, middle and last dates marked; empty without data."""
    if not histogram:
        return Markup("")
    bins = bins_of(histogram)
    left, right, top, bottom = 40, 12, 12, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(bins.values) or 1.0
    n = len(bins.values)
    bw = plot_w / n
    parts = [f'<svg class="volume-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"'
             f' role="img" aria-label="{escape(label)}">',
             f'<line class="axis" x1="{left}" y1="{top + plot_h + 0.5}" x2="{width - right}" y2="{top + plot_h + 0.5}"/>',
             f'<text class="tick" x="{left - 6}" y="{top + 4}" text-anchor="end">{escape(_count(peak))}</text>',
             f'<text class="tick" x="{left - 6}" y="{top + plot_h + 4}" text-anchor="end">0</text>']
    for i, v in enumerate(bins.values):
        if v <= 0:
            continue
        h = max(1.5, plot_h * v / peak)
        w = min(max(bw - (1.0 if bw > 3 else 0.0), 0.8), 40.0)
        cls = "bar" if bins.exact[i] else "bar spread"
        parts.append(f'<rect class="{cls}" x="{_num(left + i * bw + (bw - w) / 2)}" y="{_num(top + plot_h - h)}"'
                     f' width="{_num(w)}" height="{_num(h)}"><title>{escape(bins.label(i, fmt))}: {escape(_count(v))}'
                     '</title></rect>')
    ticks = sorted({0, n // 2, n - 1})
    for i in ticks:
        anchor = "start" if i == 0 else "end" if i == n - 1 else "middle"
        x = left if i == 0 else width - right if i == n - 1 else left + (i + 0.5) * bw
        parts.append(f'<text class="tick" x="{_num(x)}" y="{height - 8}" text-anchor="{anchor if n > 1 else "start"}">'
                     f'{escape(bins.label(i, fmt))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def band(first: str | None, last: str | None, span: tuple[dt.date, dt.date] | None, *, width: int = 120,
         height: int = 10, label: str = "") -> Markup:
    """Where a date range lies within the story's span: a band over a faint track (empty without dates)."""
    if not first or not last or span is None:
        return Markup("")
    lo, hi = span
    days = max((hi - lo).days + 1, 1)
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    x = width * max((a - lo).days, 0) / days
    w = max(width * ((b - a).days + 1) / days, 2.0)
    return Markup(f'<svg class="band" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}"'
                  f' height="{height}" role="img" aria-label="{escape(label)}">'
                  f'<rect class="band-track" x="0" y="3" width="{width}" height="4" rx="2"/>'
                  f'<rect class="band-range" x="{_num(x)}" y="1" width="{_num(min(w, width - x))}" height="8" rx="3"/>'
                  '</svg>')


def span_of(ranges: Sequence[tuple[str | None, str | None]]) -> tuple[dt.date, dt.date] | None:
    days = [dt.date.fromisoformat(d) for r in ranges for d in r if d]
    return (min(days), max(days)) if days else None
