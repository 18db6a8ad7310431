"""Dates that keep the precision they were given with."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["year", "month", "day", "time"]

_DATE_RE = re.compile(
    r"^(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2})"
    r"(?:[T ](?P<t>\d{1,2}:\d{2}(?::\d{2})?))?)?)?$"
)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date that keeps the precision it was given with.

    ``date 2022-01`` is January 2022, not the 1st of January: code that needs a
    day must ask for :meth:`first_day`/:meth:`last_day` and treat the result as
    a range.
    """

    year: int
    month: int | None = None
    day: int | None = None
    time: str | None = None  # "HH:MM" or "HH:MM:SS", only with a day

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} out of range")
        if self.month is None and (self.day is not None or self.time is not None):
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} out of range 1-12")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]  # type: ignore[arg-type]
            if not 1 <= self.day <= last:
                raise ValueError(f"day {self.day} out of range for {self.year}-{self.month:02d}")
        if self.time is not None:
            if self.day is None:
                raise ValueError("a time needs a day")
            parts = [int(p) for p in self.time.split(":")]
            if not (0 <= parts[0] < 24 and 0 <= parts[1] < 60 and (len(parts) < 3 or 0 <= parts[2] < 60)):
                raise ValueError(f"time {self.time} out of range")

    @property
    def precision(self) -> Precision:
        if self.time is not None:
            return "time"
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def iso(self) -> str:
        s = f"{self.year:04d}"
        if self.month is not None:
            s += f"-{self.month:02d}"
        if self.day is not None:
            s += f"-{self.day:02d}"
        if self.time is not None:
            s += f"T{self.time}"
        return s

    __str__ = iso

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day is not None:
            return dt.date(self.year, self.month, self.day)  # type: ignore[arg-type]
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def sort_key(self) -> str:
        """Sorts partial dates by their first instant; ties keep coarser first."""
        return self.iso()

    @classmethod
    def parse(cls, value: str) -> "PartialDate":
        """Parse ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` with optional ``THH:MM[:SS]``.

        Also accepts full ISO 8601 timestamps (``2014-03-10T16:52:50Z``,
        offsets are dropped after conversion to UTC). Raises ValueError naming
        what is wrong.
        """
        text = value.strip()
        m = _DATE_RE.match(text)
        if m:
            y, mo, d, t = m["y"], m["m"], m["d"], m["t"]
            if t is not None and len(t.split(":")[0]) == 1:
                t = "0" + t
            return cls(int(y), int(mo) if mo else None, int(d) if d else None, t)
        shown = repr(text[:60] + "…" if len(text) > 60 else text)
        try:
            stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"not a date: {shown} (expected YYYY, YYYY-MM or YYYY-MM-DD[THH:MM])") from None
        if stamp.tzinfo is not None:
            try:  # 9999-12-31T23:00-05:00 is in year 10000 once in UTC
                stamp = stamp.astimezone(dt.timezone.utc).replace(tzinfo=None)
            except OverflowError:
                raise ValueError(f"date {shown} is out of range (years 1-9999) in UTC") from None
        return cls(stamp.year, stamp.month, stamp.day, stamp.strftime("%H:%M:%S"))

    @classmethod
    def from_date(cls, d: dt.date) -> "PartialDate":
        return cls(d.year, d.month, d.day)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: object, handler: object) -> object:
        """In JSON (and so in the OpenAPI schema) a partial date is its ISO string: ``2022``, ``2022-01``,
        ``2022-01-13`` or ``2022-01-13T09:30``. pydantic is imported only when a schema is asked for."""
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(
            lambda v: v if isinstance(v, cls) else cls.parse(v),
            core_schema.union_schema([core_schema.is_instance_schema(cls), core_schema.str_schema()]),
            serialization=core_schema.plain_serializer_function_ser_schema(lambda v: v.iso(), when_used="always"),
            metadata={"pydantic_js_functions": [lambda _schema, _handler: {
                "type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?)?)?)?$",
                "description": "A date with the precision it was given: year, month, day or time.",
                "examples": ["2022-01", "2022-01-13"]}]},
        )
