"""What /openapi.json promises: the read model's dataclasses (``storyline.types.views``) for what the
API returns, and pydantic models for what it accepts and for its small answers.

The story, ledger, timeline and summary objects in the schema are the very dataclasses synthesis
builds, so the schema cannot drift from the JSON (a test validates real answers against it).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from storyline.types.views import (  # noqa: F401  (re-exported: the API's response models)
    ArticleDetail,
    EntityDetail,
    EntityList,
    SearchResult,
    StoryDetail,
    StoryPage,
)


# Paging beyond this is meaningless, and SQLite's integers end at 2**63 - 1: a larger offset is a 422,
# never an OverflowError in the query.
MAX_OFFSET = 1_000_000_000


class Message(BaseModel):
    detail: str = Field(description="What went wrong, in words.")


class Problem(BaseModel):
    loc: list[str] = Field(description="Where: e.g. ['query', 'offset'].")
    msg: str
    type: str


class ValidationMessage(Message):
    errors: list[Problem] = Field(default_factory=list, description="Each problem: where and what.")


class MovedMessage(Message):
    location: str = Field(description="Where the story lives now (also the Location header).")


class ArticleIn(BaseModel):
    """An article to store. ``text`` may be empty only when there is a ``title``."""

    model_config = ConfigDict(extra="forbid")
    date: str = Field(description="YYYY, YYYY-MM, YYYY-MM-DD or an ISO timestamp.", examples=["2022-01-13"])
    text: str
    title: str | None = None
    source: str | None = Field(None, description='Defaults to "api".')
    url: str | None = Field(None, description="http(s) URL of the original.")
    lang: str | None = Field(None, description="ISO 639-1 code as declared; analysis detects its own.")


class Links(BaseModel):
    article: str
    story: str
    page: str


class IngestResult(BaseModel):
    id: str = Field(description="The article id (content hash).")
    story_id: str | None
    duplicate: bool = Field(description="True when this text was already stored; nothing was added.")
    new_story: bool
    lang: str | None = None
    links: Links
