"""The main job: read -> analyse -> cluster -> store, in batches that are each one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from storyline.analyse.pipeline import analyse
from storyline.cluster import StoryEngine, cluster_doc
from storyline.dedup import Copy, Revision, plan_batch
from storyline.ingest.errors import Rejection
from storyline.store import Store
from storyline.types import Analysis, Article

ENGINE_STATE = "story_engine"
BATCH_SIZE = 200


@dataclass
class IngestReport:
    added: list[Article] = field(default_factory=list)
    duplicates: list[Article] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    new_stories: set[str] = field(default_factory=set)
    stories: set[str] = field(default_factory=set)
    revisions: list[Revision] = field(default_factory=list)  # later versions of stored articles
    copies: list[Copy] = field(default_factory=list)  # added articles that copy another outlet's report

    def merge(self, other: "IngestReport") -> None:
        self.added += other.added
        self.duplicates += other.duplicates
        self.revisions += other.revisions
        self.copies += other.copies
        self.rejected += other.rejected
        self.new_stories |= other.new_stories
        self.stories |= other.stories


def load_engine(store: Store) -> StoryEngine:
    data = store.load_state(ENGINE_STATE)
    return StoryEngine.from_bytes(data) if data else StoryEngine()


def _batches(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def ingest_batch(store: Store, engine: StoryEngine, items: list[Article | Rejection],
                 on_article: Callable[[], None] | None = None) -> tuple[IngestReport, StoryEngine]:
    """Analyse, cluster and store one batch atomically.

    Returns the report and the engine to use next: on failure the database is
    rolled back and the engine restored from its pre-batch state before the
    error propagates, so memory and disk never disagree.
    """
    report = IngestReport()
    articles: list[Article] = []
    for item in items:
        if isinstance(item, Rejection):
            report.rejected.append(item)
        else:
            articles.append(item)
    plan = plan_batch(store, articles)  # duplicates, revisions and copies: storyline.dedup
    report.duplicates, report.revisions, report.copies = plan.duplicates, plan.revisions, plan.copies
    fresh = plan.fresh
    analyses: dict[str, Analysis] = {}
    for a in fresh:
        analyses[a.id] = analyse(a)
        if on_article:
            on_article()
    if not fresh:
        if plan.revisions:
            with store.transaction():
                plan.write(store)
        return report, engine
    snapshot = engine.to_bytes()
    try:
        assignments = engine.partial_fit([cluster_doc(a, analyses[a.id]) for a in fresh])
        with store.transaction():
            for a in fresh:
                store.insert_article(a, analyses[a.id])
            plan.write(store)
            for asg in assignments:
                store.assign(asg)
                report.stories.add(asg.story_id)
                if asg.new_story:
                    report.new_stories.add(asg.story_id)
            for event in engine.drain_events():
                store.record_event(**event)
            store.save_state(ENGINE_STATE, engine.to_bytes())
    except BaseException:
        engine = StoryEngine.from_bytes(snapshot)
        raise
    report.added = fresh
    return report, engine


def ingest(store: Store, items: Iterable[Article | Rejection], batch_size: int = BATCH_SIZE,
           on_article: Callable[[], None] | None = None) -> IngestReport:
    """Ingest a stream; each batch commits on its own, so a crash loses at most the batch under way."""
    total = IngestReport()
    engine = load_engine(store)
    for chunk in _batches(items, batch_size):
        report, engine = ingest_batch(store, engine, chunk, on_article)
        total.merge(report)
    return total
