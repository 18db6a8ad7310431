"""Typed records that flow one way through the pipeline.

ingest -> Article; analyse -> Analysis (sentences, entities, facts, times);
cluster -> Assignment; synthesise -> StoryView. Every analysis result carries
its provenance: the article id and a character span ``[start, end)`` into
``Article.text`` such that ``text[start:end]`` is exactly the quoted words.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from typing import Any, Literal, get_args, get_origin, get_type_hints

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
        try:
            stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"not a date: {value!r} (expected YYYY, YYYY-MM or YYYY-MM-DD[THH:MM])") from None
        if stamp.tzinfo is not None:
            stamp = stamp.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return cls(stamp.year, stamp.month, stamp.day, stamp.strftime("%H:%M:%S"))

    @classmethod
    def from_date(cls, d: dt.date) -> "PartialDate":
        return cls(d.year, d.month, d.day)


@dataclass(slots=True)
class Article:
    """One news article as read from disk, a feed or an archive."""

    id: str
    text: str
    date: PartialDate | None
    source: str
    title: str | None = None
    url: str | None = None
    lang: str | None = None  # as declared by the input; analysis may detect another
    origin: str | None = None  # the file, URL or archive record it came from
    author: str | None = None


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    lemma: str
    kind: str = "regular"  # SoMaJo token class: regular, number, symbol, URL, ...


@dataclass(slots=True)
class Sentence:
    index: int
    start: int
    end: int
    tokens: list[Token] = field(default_factory=list)


@dataclass(slots=True)
class Place:
    """Gazetteer facts for a LOC entity."""

    gazetteer_id: str  # e.g. "geonames:1526384" or "iso:KZ"
    country: str | None  # ISO 3166-1 alpha-2
    lat: float | None = None
    lon: float | None = None


@dataclass(slots=True)
class Mention:
    text: str
    start: int
    end: int
    sentence: int


@dataclass(slots=True)
class Entity:
    """One canonical entity within an article, with all its mentions.

    ``key`` is language-independent ("per:tokayev", "org:csto", "loc:geonames:1526384")
    so the same entity links across articles and languages.
    """

    key: str
    name: str  # the display form, e.g. the longest mention
    type: Literal["PER", "ORG", "LOC", "MISC"]
    mentions: list[Mention] = field(default_factory=list)
    place: Place | None = None


@dataclass(slots=True)
class Fact:
    """A quantity and what it counts, e.g. "fast 10.000 wurden festgenommen"."""

    category: str  # killed, injured, arrested, troops, evacuated, affected, money, percent, duration, age, other
    low: float | None
    high: float | None
    hedge: str | None  # the hedge word as written ("fast", "mehr als"), None when exact
    unit: str | None  # "people", "EUR", "%", "day", ... or the head noun for "other"
    attribution: str | None  # "nach Angaben der Regierung", "according to police"
    text: str  # the quantity phrase as written; == article.text[start:end]
    sentence: int
    start: int
    end: int
    head: str | None = None  # governing word ("festgenommen", "Soldaten")
    subject: str | None = None  # where/who it is about, when known (an entity key)
    vague: bool = False  # "viele Tote", "Hunderte Verletzte": kept, never counted as a figure


@dataclass(slots=True)
class TimeExpr:
    text: str  # == article.text[start:end]
    start: int
    end: int
    sentence: int
    value: str | None  # normalised: "2022-01-13", "2022-W02", "2022-01", "1992"; None if unresolved
    precision: Literal["day", "week", "month", "year"] | None
    kind: Literal["date", "weekday", "relative", "duration"]
    range_start: str | None = None  # ISO day: the honest range when precision is coarse
    range_end: str | None = None
    duration_days: float | None = None  # for kind == "duration"


@dataclass(slots=True)
class Analysis:
    article_id: str
    lang: str | None  # detected ISO 639-1 code, None when undetermined
    lang_confidence: float
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)


@dataclass(slots=True)
class ClusterDoc:
    """What the story engine sees of an article: bags of strings and a date."""

    id: str
    lang: str | None
    date: PartialDate | None
    title_tokens: list[str] = field(default_factory=list)
    title_lemmas: list[str] = field(default_factory=list)
    body_tokens: list[str] = field(default_factory=list)
    body_lemmas: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)  # language-independent entity keys
    years: list[int] = field(default_factory=list)  # years written out in absolute dates of the text
    dense: Any = None  # optional L2-normalised float32 embedding (storyline[embeddings]); None when off

    def __setstate__(self, state) -> None:
        # pickles made before a field existed (cached ClusterDocs) lack it: it takes its default
        slots = (state[1] if isinstance(state, tuple) else state) or {}
        for f in fields(self):
            if f.name not in slots and f.default_factory is not MISSING:
                setattr(self, f.name, f.default_factory())
            elif f.name not in slots and f.default is not MISSING:
                setattr(self, f.name, f.default)
        for name, value in slots.items():
            setattr(self, name, value)


@dataclass(slots=True)
class Assignment:
    article_id: str
    story_id: str
    score: float  # similarity to the story (or new-story confidence)
    new_story: bool


# -- (de)serialisation: dataclasses <-> plain JSON-able values ---------------------------

def to_plain(obj: Any) -> Any:
    """Convert nested dataclasses to JSON-able dicts/lists; PartialDate -> ISO string."""
    if isinstance(obj, PartialDate):
        return obj.iso()
    if is_dataclass(obj):
        return {f.name: to_plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_plain(v) for k, v in obj.items()}
    return obj


_HINTS: dict[type, dict[str, Any]] = {}


def from_plain(cls: type, data: Any) -> Any:
    """Inverse of :func:`to_plain` for the dataclasses in this module."""
    if data is None:
        return None
    if cls is PartialDate:
        return PartialDate.parse(data)
    if is_dataclass(cls):
        hints = _HINTS.get(cls)
        if hints is None:
            hints = _HINTS[cls] = get_type_hints(cls)
        return cls(**{k: _coerce(hints[k], v) for k, v in data.items() if k in hints})
    return data


def _coerce(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(hint)
    args = get_args(hint)
    if origin is list and args and is_dataclass(args[0]):
        return [from_plain(args[0], v) for v in value]
    if args:  # Optional[X] / X | None
        for a in args:
            if a is PartialDate or is_dataclass(a):
                return from_plain(a, value)
    if hint is PartialDate or is_dataclass(hint):
        return from_plain(hint, value)
    return value
