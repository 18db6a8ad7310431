"""What the read model (``storyline.store.read``) returns and every front end shows.

The CLI prints these, the API serialises them (their fields are its OpenAPI schema), the pages
and exports read their attributes. Spans are ``[start, end)`` into the article's ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from storyline.types.dates import PartialDate, Precision
from storyline.types.ledger import LedgerRow, Verdict
from storyline.types.records import EntityType, Fact, Mention, Place, TimeExpr
from storyline.types.story import Citation, KeyEntity, StoryEvent, Summary, TimelineEntry

Sort = Literal["size", "recent"]


# -- articles ------------------------------------------------------------------------------------


@dataclass(slots=True)
class ArticleRef:
    id: str
    source: str
    date: PartialDate | None  # with the precision it was given: 2022, 2022-01, 2022-01-13
    date_precision: Precision | None
    lang: str | None  # detected
    title: str | None
    url: str | None


@dataclass(slots=True)
class MentionView(Mention):
    span: tuple[int, int] = (0, 0)


@dataclass(slots=True)
class EntityView:
    key: str
    name: str
    type: EntityType
    mentions: list[MentionView] = field(default_factory=list)
    place: Place | None = None


@dataclass(slots=True)
class FactView(Fact):
    span: tuple[int, int] = (0, 0)
    sentence_text: str = ""  # the words of sentence number ``sentence``


@dataclass(slots=True)
class TimeView(TimeExpr):
    span: tuple[int, int] = (0, 0)


@dataclass(slots=True)
class StoryArticle(ArticleRef):
    """An article with its analysis as shown: entities with their mentions, figures and time expressions."""

    text: str = ""
    lang_confidence: float | None = None
    copy_of: str | None = None  # the article whose report this one copies
    entities: list[EntityView] = field(default_factory=list)
    facts: list[FactView] = field(default_factory=list)
    times: list[TimeView] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class ArticleDetail(StoryArticle):
    """One article's page: the story article plus what ingest recorded."""

    declared_lang: str | None = None  # as the input declared it; ``lang`` is what analysis detected
    analysed_lang: str | None = None
    author: str | None = None
    ingested_at: str | None = None
    story_id: str | None = None


# -- stories -------------------------------------------------------------------------------------


@dataclass(slots=True)
class EntityRef:
    key: str  # language-independent, e.g. "per:tokajew"
    name: str
    type: EntityType
    articles: int  # articles that mention it
    mentions: int


@dataclass(slots=True)
class HistogramBin:
    start: str  # ISO day
    end: str
    unit: Literal["day", "week", "month", "year"]
    articles: float  # month-dated articles are spread over their days
    exact: bool = True  # False when some article counted here lies only partly inside the bin


@dataclass(slots=True)
class StorySummary:
    """A story as the ``stories`` command lists it."""

    id: str
    headline: str
    first_date: PartialDate | None
    last_date: PartialDate | None
    size: int  # articles
    sources: list[str]
    articles: list[ArticleRef] = field(default_factory=list)


@dataclass(slots=True)
class StoryItem:
    """A story in the API's and the home page's list."""

    id: str
    headline: str
    first_date: PartialDate | None
    last_date: PartialDate | None
    size: int
    sources: list[str]
    languages: list[str] = field(default_factory=list)
    entities: list[EntityRef] = field(default_factory=list)  # the most widely reported
    histogram: list[HistogramBin] = field(default_factory=list)  # articles per day (or week, month)
    # the flagged verdicts of the story's ledger (``Verdict.flagged``): "sources differ", "figures updated"
    flagged: list[Verdict] = field(default_factory=list)


@dataclass(slots=True)
class StoryPage:
    total: int  # stories matching the filters
    limit: int
    offset: int
    sort: Sort
    items: list[StoryItem] = field(default_factory=list)


@dataclass(slots=True)
class CopyView:
    article_id: str
    source: str
    original_id: str
    original_source: str
    similarity: float


@dataclass(slots=True)
class RevisionView:
    article_id: str
    n: int  # version number, from 1 (the stored article is version 0)
    title: str | None
    date: PartialDate | None
    fetched_at: str
    reason: str
    similarity: float | None
    diff: str  # unified diff from version n - 1


@dataclass(slots=True)
class StoryDetail:
    """One story: its articles with their analysis, the engine's events and the synthesis."""

    id: str
    headline: str
    first_date: PartialDate | None
    last_date: PartialDate | None
    size: int
    sources: list[str]
    articles: list[StoryArticle]
    events: list[StoryEvent]
    headline_from: Literal["title", "lead"] | None
    headline_citation: Citation | None
    lang: str | None
    main_place: str | None
    independent_sources: int
    timeline: list[TimelineEntry]
    ledger: list[LedgerRow]
    summary: Summary
    entities: list[KeyEntity]
    copies: list[CopyView] = field(default_factory=list)
    revisions: list[RevisionView] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Merged:
    """A story id the engine folded into another: it resolves to ``into``, which users see instead."""

    id: str
    into: str


# -- entities and search -------------------------------------------------------------------------


@dataclass(slots=True)
class EntityListItem(EntityRef):
    stories: int = 0


@dataclass(slots=True)
class EntityList:
    total: int
    limit: int
    offset: int
    items: list[EntityListItem] = field(default_factory=list)


@dataclass(slots=True)
class EntityStory:
    id: str
    articles: int  # articles of this story that mention the entity
    mentions: int
    first_day: str | None
    last_day: str | None
    headline: str | None = None
    size: int | None = None


@dataclass(slots=True)
class EntityDetail:
    key: str
    name: str
    names: list[str]  # the spellings used, most used first
    type: EntityType
    articles: int
    mentions: int
    stories: list[EntityStory] = field(default_factory=list)


@dataclass(slots=True)
class SearchHit:
    id: str
    title: str | None
    source: str
    date: PartialDate | None
    date_precision: Precision | None
    lang: str | None
    url: str | None
    story_id: str | None
    snippet: str  # text around the matches
    highlights: list[tuple[int, int]]  # [start, end) of each matched word in ``snippet``
    score: float


@dataclass(slots=True)
class FacetCount:
    value: str  # what a filter takes: a language code, a source, an entity key, a month (YYYY-MM)
    label: str  # what a page shows: the entity's name; else the value
    count: int  # matching articles with this value (counted under the other filters, not this facet's own)


@dataclass(slots=True)
class SearchFacets:
    languages: list[FacetCount] = field(default_factory=list)
    sources: list[FacetCount] = field(default_factory=list)
    entities: list[FacetCount] = field(default_factory=list)  # the most frequent among the matches
    months: list[FacetCount] = field(default_factory=list)  # by the articles' first day


@dataclass(slots=True)
class SearchResult:
    query: str
    match: str | None  # the full-text expression the query became
    total: int
    limit: int
    offset: int
    items: list[SearchHit] = field(default_factory=list)
    # entities the query names under any alias: their mentions match in every language ("Tokayev" finds
    # articles writing "Tokajew")
    entities: list[EntityRef] = field(default_factory=list)
    facets: SearchFacets = field(default_factory=SearchFacets)


# -- what ingest recorded about versions and feeds ---------------------------------------------------


@dataclass(slots=True)
class ArticleVersion:
    """Version 0 is the stored article (what was analysed); revisions count from 1."""

    article_id: str
    n: int
    text: str
    title: str | None
    date: PartialDate | None
    date_precision: Precision | None
    url: str | None
    origin: str | None
    similarity: float | None  # MinHash Jaccard estimate against the stored article
    reason: str
    fetched_at: str


@dataclass(slots=True)
class FeedState:
    url: str
    title: str | None
    etag: str | None
    last_modified: str | None
    checked_at: str | None
    status: str | None  # "200", "304" or the failure
    failures: int


@dataclass(frozen=True, slots=True)
class StoryRow:
    """A story's aggregate row: what the list is sorted by, and a fingerprint that changes with its articles."""

    id: str
    size: int
    first_day: str | None
    last_day: str | None
    fingerprint: float  # sum of the articles' row ids
    updated: str | None  # the latest ingest time
