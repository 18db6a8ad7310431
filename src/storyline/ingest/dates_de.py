"""Publication dates as German (and plain English) news pages write them, with their precision.

``11. Januar 2022, 14:03 Uhr`` is a time, ``11.01.2022`` a day, ``Januar 2022`` a
month: the precision a page gives is the precision we keep. Times are the
page's local wall-clock time (German pages rarely state an offset), so they
are kept as written.
"""

from __future__ import annotations

import bisect
import re

from storyline.lang import MONTH_NUMBERS
from storyline.types import PartialDate

_MONTHS = MONTH_NUMBERS
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_TIME = (r"(?:\s*(?:,|\||-|–|—|um|at)?\s*(?:um\s+)?(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)(?!\d|[.,]\d)"
         r"(?::(?P<s>[0-5]\d)(?!\d))?(?:\s*(?P<ampm>[ap]\.?m\.?))?(?:\s*Uhr)?)?")

# "11. Januar 2022, 14:03 Uhr", "11. Jan. 2022 um 14.03 Uhr", "11 January 2022"
_DAY_MONTH_YEAR = re.compile(r"(?<!\d)(?P<d>[0-3]?\d)\.?\s+" + _MONTH + r"\s+(?P<y>(?:19|20)\d\d)(?!\d)" + _TIME,
                             re.IGNORECASE)
# "January 11, 2022, 2:03 PM"
_MONTH_DAY_YEAR = re.compile(r"(?<![\w])" + _MONTH + r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+"
                             r"(?P<y>(?:19|20)\d\d)(?!\d)" + _TIME, re.IGNORECASE)
# "11.01.2022 14:03", "11.1.22"
_NUMERIC = re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d\d|\d\d)(?![\d])" + _TIME)
# "Januar 2022" (month precision)
_MONTH_YEAR = re.compile(r"(?<![\w.])" + _MONTH + r"\s+(?P<y>(?:19|20)\d\d)(?!\d)", re.IGNORECASE)


def _build(y: int, m: int, d: int | None, match: re.Match | None) -> PartialDate | None:
    time = None
    if d is not None and match is not None and match.groupdict().get("h"):
        h = int(match["h"])
        ampm = (match["ampm"] or "").replace(".", "").lower()
        if ampm == "pm" and h < 12:
            h += 12
        elif ampm == "am" and h == 12:
            h = 0
        time = f"{h:02d}:{match['mi']}" + (f":{match['s']}" if match["s"] else "")
    try:
        return PartialDate(y, m, d, time)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[PartialDate, int, int]]:
    """Every date expression in ``text`` as (date, start, end), in text order, most precise reading first."""
    found: list[tuple[PartialDate, int, int]] = []
    starts: list[int] = []  # the spans taken so far: disjoint, kept sorted, so one bisect tells overlap
    ends: list[int] = []

    def free(s: int, e: int) -> bool:
        i = bisect.bisect_left(starts, e)  # spans starting before e; the last of them ends latest
        return i == 0 or ends[i - 1] <= s

    def take(s: int, e: int) -> None:
        i = bisect.bisect_left(starts, s)
        starts.insert(i, s)
        ends.insert(i, e)

    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _NUMERIC):
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            if pattern is _NUMERIC:
                y = int(m["y"])
                y = y + 2000 if y < 100 and y < 70 else (y + 1900 if y < 100 else y)
                month = int(m["m"])
            else:
                y, month = int(m["y"]), _MONTHS[m["mon"].lower()]
            date = _build(y, month, int(m["d"]), m)
            take(m.start(), m.end())  # an impossible day is no date, not a month either
            if date is not None:
                found.append((date, m.start(), m.end()))
    for m in _MONTH_YEAR.finditer(text):
        if free(m.start(), m.end()):
            date = _build(int(m["y"]), _MONTHS[m["mon"].lower()], None, None)
            if date is not None:
                found.append((date, m.start(), m.end()))
                take(m.start(), m.end())
    found.sort(key=lambda t: t[1])
    return found


def parse_date(text: str) -> PartialDate | None:
    """The first date written in ``text`` (a byline, a ``<time>`` element), or None."""
    dates = find_dates(text[:2000])  # a byline; a <time> element of megabytes is not one
    return dates[0][0] if dates else None
