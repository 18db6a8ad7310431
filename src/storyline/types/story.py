"""What synthesis makes of one story: headline, timeline, ledger, summary and key entities.

Built by :func:`storyline.synthesise.synthesise`. Every sentence shown is a :class:`Citation`
(or carries them): the article, the span ``[start, end)`` and the quoted words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from storyline.types.dates import PartialDate
from storyline.types.ledger import LedgerRow, Verdict
from storyline.types.records import Category, EntityType, Place

TimelinePrecision = Literal["time", "day", "week", "month", "range", "year"]


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a shown sentence or figure comes from: ``quote == article.text[span[0]:span[1]]``."""

    article: str
    source: str
    date: PartialDate | None = None
    span: tuple[int, int] | None = None  # None when the cited words are the title (``field == "title"``)
    quote: str = ""
    copy_of: str | None = None  # the report this article copies
    time_span: tuple[int, int] | None = None  # the time expression inside the quote (timeline entries)
    field: Literal["text", "title"] = "text"
    version: int | None = None  # the revision of the article the span quotes (None: the article as stored)


@dataclass(slots=True)
class TimelineEntry:
    """One event, however many sources report it."""

    value: str | None  # "2022-01-13", "2022-W02", "2022-01", or "start/end" with precision "range"
    precision: TimelinePrecision | None
    range: tuple[str | None, str | None]  # first and last ISO day it may fall on
    kind: Literal["date", "duration", "report"]
    dated_by: Literal["text", "article"]  # the sentence's own time expression, or only the article's date
    duration_days: float | None
    when: str | None  # the time expression as written
    text: str  # the sentence quoted
    article: str
    span: tuple[int, int]
    sources: int
    citations: list[Citation] = field(default_factory=list)
    # the sentence before the quoted one, when the quote does not stand alone ("Das teilte … mit.")
    context: Citation | None = None
    languages: list[str] = field(default_factory=list)  # the languages of the reports it merges


@dataclass(frozen=True, slots=True)
class LedgerRef:
    category: Category
    subject: str | None


@dataclass(slots=True)
class SummarySentence:
    text: str
    kind: Literal["extract"] | Verdict  # an extracted sentence, or one generated for a ledger row
    generated: bool
    citations: list[Citation] = field(default_factory=list)
    article: str | None = None  # extracted: where it stands
    span: tuple[int, int] | None = None
    score: float | None = None
    ledger: LedgerRef | None = None  # generated: the row it states


@dataclass(slots=True)
class Summary:
    lang: str | None
    text: str
    sentences: list[SummarySentence] = field(default_factory=list)


@dataclass(slots=True)
class KeyEntity:
    key: str
    name: str
    type: EntityType
    sources: int  # independent sources that mention it
    articles: int
    mentions: int
    place: Place | None = None
    citations: list[Citation] = field(default_factory=list)


@dataclass(slots=True)
class Synthesis:
    headline: str
    headline_from: Literal["title", "lead"] | None
    headline_citation: Citation | None
    lang: str | None  # the story's dominant language
    main_place: str | None  # entity key
    independent_sources: int  # copy groups collapsed, one per outlet
    copies: dict[str, str]  # article id -> id of the report it copies
    timeline: list[TimelineEntry]
    ledger: list[LedgerRow]
    summary: Summary
    entities: list[KeyEntity]


@dataclass(slots=True)
class StoryEvent:
    """The story engine folded one story into another (merge) or moved articles out (split)."""

    story_id: str  # the surviving (merge) or original (split) story
    kind: Literal["merge", "split"]
    other: str  # the absorbed (merge) or new (split) story
    at: str  # when it was stored, ISO 8601 UTC
    why: str
