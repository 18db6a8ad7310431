"""Trends across stories: volume by day, stories rising against their own baseline, outlets compared."""

from __future__ import annotations

from dataclasses import dataclass, field

from storyline.types.views import EntityListItem, HistogramBin, StoryItem


@dataclass(slots=True)
class RisingStory:
    story: StoryItem
    recent: int  # articles dated within the last ``window_days`` days of the store's data
    baseline: float  # the story's own articles per ``window_days`` before that (0 for a new story)
    score: float  # recent / (baseline + 1): growth against the story's own rate
    window_days: int


@dataclass(slots=True)
class OutletStats:
    source: str
    articles: int
    stories: int
    languages: list[str] = field(default_factory=list)
    differ_figures: int = 0  # its figures in ledger rows whose sources differ
    outliers: int = 0  # … of which overlap no other source's figure in a row of three or more sources


@dataclass(slots=True)
class Trends:
    date_from: str | None  # the days shown (ISO); the last days of the store's data unless asked
    date_to: str | None
    volume: list[HistogramBin] = field(default_factory=list)  # articles per day (week, month) across stories
    rising: list[RisingStory] = field(default_factory=list)
    entities: list[EntityListItem] = field(default_factory=list)  # most reported within the days shown
    outlets: list[OutletStats] = field(default_factory=list)
    ledger_stories: int = 0  # how many stories the outlets' figures were compared over
