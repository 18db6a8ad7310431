"""Normalised time values ("2022-01-13", "2022-W02", "2022-01", "1992", ranges) as honest day ranges."""

from __future__ import annotations

import datetime as dt
import re

from storyline.lang import MONTH_NAMES
from storyline.types import PartialDate

PRECISION_RANK = {"time": 0, "day": 1, "week": 2, "month": 3, "range": 4, "year": 5}

_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})$")

MONTHS = MONTH_NAMES


def precision_of(value: str) -> str | None:
    if _RANGE.match(value):
        return "range"
    if _WEEK.match(value):
        return "week"
    try:
        return PartialDate.parse(value).precision
    except ValueError:
        return None


def value_range(value: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day a normalised value can mean; None when it cannot be read."""
    if not value:
        return None
    m = _RANGE.match(value)
    if m:
        return dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
    m = _WEEK.match(value)
    if m:
        try:
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            return None
        return monday, monday + dt.timedelta(days=6)
    try:
        d = PartialDate.parse(value)
    except ValueError:
        return None
    return d.first_day(), d.last_day()


def parse_day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def is_later(a: PartialDate | None, b: PartialDate | None) -> bool:
    """True only when ``a`` is certainly after ``b`` (a month-dated and a day-dated report in it are not)."""
    if a is None or b is None:
        return False
    if a.first_day() > b.last_day():
        return True
    if a.time and b.time and a.first_day() == b.first_day() == b.last_day():
        return a.time > b.time
    return False


def human_date(value: str | None, lang: str | None) -> str:
    """``2022-01-13`` -> "13. Januar 2022" / "13 January 2022"; keeps the precision it is given."""
    if not value:
        return ""
    lang = "de" if lang == "de" else "en"
    m = _WEEK.match(value)
    if m:
        return f"KW {int(m[2])}/{m[1]}" if lang == "de" else f"week {int(m[2])} of {m[1]}"
    m = _RANGE.match(value)
    if m:
        a, b = human_date(m[1], lang), human_date(m[2], lang)
        return f"zwischen {a} und {b}" if lang == "de" else f"between {a} and {b}"
    try:
        d = PartialDate.parse(value)
    except ValueError:
        return value
    if d.month is None:
        return str(d.year)
    month = MONTHS[lang][d.month - 1]
    if d.day is None:
        return f"{month} {d.year}"
    return f"{d.day}. {month} {d.year}" if lang == "de" else f"{d.day} {month} {d.year}"
