"""Pydantic models of the JSON API: what /openapi.json promises.

Story details are open (``extra="allow"``): the synthesis stage adds keys
(headline, timeline, ledger, summary, entities …) and the API passes on what exists.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Message(BaseModel):
    detail: str = Field(description="What went wrong, in words.")


class ValidationMessage(Message):
    errors: list[dict[str, Any]] = Field(default_factory=list, description="Each problem: where and what.")


class EntityRef(BaseModel):
    key: str = Field(description='Language-independent key, e.g. "per:tokajew".')
    name: str
    type: str = Field(description="PER, ORG, LOC or MISC")
    articles: int = Field(description="Articles that mention it.")
    mentions: int = Field(description="Mentions in those articles.")


class ArticleRef(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    source: str
    date: str | None = Field(None, description="ISO date with the precision it was given: 2022, 2022-01, 2022-01-13.")
    date_precision: str | None = None
    lang: str | None = None
    title: str | None = None
    url: str | None = None


class StoryItem(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    headline: str
    first_date: str | None
    last_date: str | None
    size: int = Field(description="Number of articles.")
    sources: list[str]
    languages: list[str] = Field(default_factory=list)
    entities: list[EntityRef] = Field(default_factory=list, description="The most widely reported entities.")
    histogram: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Articles per day (or week, month): {start, end, articles}; month-dated articles are spread.")


class StoryList(BaseModel):
    total: int = Field(description="Stories matching the filters.")
    limit: int
    offset: int
    sort: Literal["size", "recent"]
    items: list[StoryItem]


class StoryDetail(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    headline: str
    first_date: str | None
    last_date: str | None
    size: int
    sources: list[str]
    articles: list[dict[str, Any]] = Field(description="Articles with text, entities, facts and times (spans into text).")
    events: list[dict[str, Any]] = Field(default_factory=list, description="Merges and splits.")
    entities: Any = None
    timeline: Any = None
    ledger: Any = None
    summary: Any = None


class Mention(BaseModel):
    model_config = ConfigDict(extra="allow")
    text: str
    start: int
    end: int
    span: list[int] = Field(description="[start, end) into the article text.")


class ArticleEntity(BaseModel):
    model_config = ConfigDict(extra="allow")
    key: str
    name: str
    type: str
    mentions: list[Mention]


class ArticleDetail(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    title: str | None
    source: str
    date: str | None
    date_precision: str | None
    url: str | None
    lang: str | None = Field(description="Detected language.")
    declared_lang: str | None = None
    lang_confidence: float | None = None
    text: str
    story_id: str | None
    entities: list[ArticleEntity] = Field(default_factory=list)
    facts: list[dict[str, Any]] = Field(default_factory=list, description="Quantity facts; span = [start, end) into text.")
    times: list[dict[str, Any]] = Field(default_factory=list)
    sentences: list[list[int]] = Field(default_factory=list, description="[start, end) of each sentence.")


class EntityList(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[EntityRef | dict[str, Any]]


class EntityStory(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    headline: str | None = None
    size: int | None = None
    articles: int = Field(description="Articles of this story that mention the entity.")
    mentions: int
    first_day: str | None = None
    last_day: str | None = None


class EntityDetail(BaseModel):
    key: str
    name: str
    names: list[str]
    type: str
    articles: int
    mentions: int
    stories: list[EntityStory]


class SearchHit(BaseModel):
    id: str
    title: str | None
    source: str
    date: str | None
    date_precision: str | None
    lang: str | None
    url: str | None
    story_id: str | None
    snippet: str = Field(description="Text around the matches.")
    highlights: list[list[int]] = Field(description="[start, end) of each matched word in snippet.")
    score: float


class SearchResult(BaseModel):
    query: str
    match: str | None = Field(description="The FTS5 expression the query became.")
    total: int
    limit: int
    offset: int
    items: list[SearchHit]


class ArticleIn(BaseModel):
    """An article to store. ``text`` may be empty only when there is a ``title``."""

    model_config = ConfigDict(extra="forbid")
    date: str = Field(description="YYYY, YYYY-MM, YYYY-MM-DD or an ISO timestamp.", examples=["2022-01-13"])
    text: str
    title: str | None = None
    source: str | None = Field(None, description='Defaults to "api".')
    url: str | None = Field(None, description="http(s) URL of the original.")
    lang: str | None = Field(None, description="ISO 639-1 code as declared; analysis detects its own.")


class IngestResult(BaseModel):
    id: str = Field(description="The article id (content hash).")
    story_id: str | None
    duplicate: bool = Field(description="True when this text was already stored; nothing was added.")
    new_story: bool
    lang: str | None = None
    links: dict[str, str] = Field(default_factory=dict)
