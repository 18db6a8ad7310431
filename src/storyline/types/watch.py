"""Watchlists and the alerts they raise: what the write path evaluates and every front end shows.

A watchlist is a saved query over stories. Its facets AND together; the values inside one facet OR:
a watchlist on ``entities=[per:tokaev]`` and ``languages=[de, en]`` matches a story with an article
that mentions Tokayev (under any alias, in any language) and an article in German or English.
An alert always names the story and cites the sentence that raised it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from storyline.types.ledger import Verdict
from storyline.types.records import Category
from storyline.types.story import Citation


class AlertKind(StrEnum):
    MATCH = "match"  # a story matches the watchlist for the first time (a new story, or one that grew into it)
    GREW = "grew"  # a matching story grew past the watchlist's article or outlet threshold
    FIGURE = "figure"  # a figure in a matching story's ledger is new or changed (a new differ, an updated count)


class DeliveryState(StrEnum):
    PENDING = "pending"  # waiting for its next attempt
    DELIVERED = "delivered"  # the receiver answered 2xx
    DEAD = "dead"  # every attempt failed: the dead-letter record


@dataclass(slots=True)
class WatchQuery:
    """What a watchlist looks for; an empty facet is no condition."""

    entities: list[str] = field(default_factory=list)  # entity keys: every alias and language of each counts
    keywords: list[str] = field(default_factory=list)  # search queries, German-aware as /search is
    places: list[str] = field(default_factory=list)  # place keys; a country contains its cities
    categories: list[Category] = field(default_factory=list)  # a figure of this kind (killed, arrested …)
    languages: list[str] = field(default_factory=list)  # an article in this language

    def empty(self) -> bool:
        return not (self.entities or self.keywords or self.places or self.categories or self.languages)


@dataclass(slots=True)
class WatchlistIn:
    """A watchlist as created or edited (CLI, API, form)."""

    name: str
    query: WatchQuery
    min_articles: int | None = None  # alert when a matching story grows past this many articles …
    min_sources: int | None = None  # … or this many outlets
    webhook: str | None = None  # http(s) URL that receives each alert as signed JSON


@dataclass(slots=True)
class Watchlist(WatchlistIn):
    id: int = 0
    created_at: str = ""
    updated_at: str = ""
    alerts: int = 0  # alerts raised so far
    last_alert: str | None = None  # when the latest was raised


@dataclass(slots=True)
class Alert:
    id: int
    watchlist_id: int
    watchlist: str  # its name
    kind: AlertKind
    story_id: str
    headline: str
    why: str  # in words: what matched, which threshold, which figure
    at: str  # when it was raised (ISO 8601 UTC)
    citation: Citation | None  # the sentence that raised it
    verdict: Verdict | None = None  # FIGURE: the ledger row's verdict
    category: Category | None = None  # FIGURE: what the figure counts


@dataclass(slots=True)
class AlertPage:
    total: int
    limit: int
    offset: int
    items: list[Alert] = field(default_factory=list)
    newest: int = 0  # the highest alert id: a reader's "seen up to" mark


@dataclass(slots=True)
class Delivery:
    """One alert's webhook delivery: attempts so far, the last answer, and whether it is done."""

    id: int
    alert_id: int
    watchlist_id: int
    url: str
    state: DeliveryState
    attempts: int
    last_status: int | None  # the receiver's HTTP status, None when it could not be reached
    last_error: str | None
    next_attempt_at: str | None  # pending: when it is tried again
    created_at: str
    updated_at: str


@dataclass(slots=True)
class WatchlistSaved:
    """What creating or editing a watchlist answers: the watchlist and, when it has a webhook, its secret."""

    watchlist: Watchlist
    secret: str | None
