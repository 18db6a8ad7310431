"""The one write path: a :class:`Writer` owns a database's story engine and makes every write.

CLI ingest, ``watch``, ``POST /api/articles`` and revisions all call :meth:`Writer.write`. A batch is
planned (duplicates, revisions, copies) and analysed *outside* the database's write lock, then
clustered and stored inside one transaction that holds it:

* **The lock** is the database's own, taken by ``store.transaction()``: SQLite's ``BEGIN IMMEDIATE``
  (one writer at a time across processes; readers go on in WAL mode), PostgreSQL's
  ``pg_advisory_xact_lock`` on one key (the same, across processes and machines; readers go on under
  MVCC). Other writers wait for it instead of replaying work: the part under the lock is clustering
  and inserts, milliseconds per article, while analysis — the slow part — runs in parallel in each
  process.
* **The version.** The engine's stored state carries a version that every committed write bumps.
  Under the lock the writer compares it with the version its in-memory engine was loaded or saved at;
  when another process wrote in between, it reloads the engine from the database and re-plans the
  batch (an article the other process stored meanwhile is now a duplicate, not an IntegrityError).
  A long-running writer (the server, ``watch``) so keeps its engine in memory and unpickles it only
  when someone else wrote.
* **Failure** rolls the transaction back and drops the in-memory engine; the next batch reloads the
  last committed state, so memory and disk never disagree.

The engine's merge and split events are stored in the same transaction, and a merge moves the
absorbed story's articles to the survivor (:meth:`storyline.store.Store.record_event`): the stories
users see are the engine's partition. Watchlist alerts are evaluated last, in the same transaction
(:mod:`storyline.jobs.alerts` says why there and not after the commit).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from storyline.analyse.pipeline import analyse
from storyline.cluster import StoryEngine, cluster_doc
from storyline.dedup import Copy, Plan, Revision, plan_batch
from storyline.ingest.errors import Rejection
from storyline.jobs import alerts
from storyline.store import Store
from storyline.types import Analysis, Article, ClusterDoc

ENGINE_STATE = "story_engine"


@dataclass
class IngestReport:
    added: list[Article] = field(default_factory=list)
    duplicates: list[Article] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    new_stories: set[str] = field(default_factory=set)
    stories: set[str] = field(default_factory=set)
    revisions: list[Revision] = field(default_factory=list)  # later versions of stored articles
    copies: list[Copy] = field(default_factory=list)  # added articles that copy another outlet's report
    merged: dict[str, str] = field(default_factory=dict)  # story id -> the story it was merged into
    alerts: list[int] = field(default_factory=list)  # ids of the watchlist alerts the batch raised

    def merge(self, other: "IngestReport") -> None:
        self.added += other.added
        self.duplicates += other.duplicates
        self.revisions += other.revisions
        self.copies += other.copies
        self.rejected += other.rejected
        self.new_stories |= other.new_stories
        self.stories |= other.stories
        self.merged.update(other.merged)
        self.alerts += other.alerts


@dataclass
class Prepared:
    """Work on a batch done before :meth:`Writer.write` (by a backfill's workers), keyed by article id."""

    docs: dict[str, ClusterDoc] = field(default_factory=dict)  # cluster_doc(article, analysis)
    signatures: dict[str, np.ndarray | None] = field(default_factory=dict)  # minhash.signature(article.text)
    vectors: dict[str, np.ndarray] = field(default_factory=dict)  # the dense embedding of docs[id].lead


class Writer:
    """The owner of one database's story engine; every write goes through it.

    ``engine_factory`` makes the engine of a database that has none yet (tests pass a model).
    Thread-safe: one batch at a time per writer, and the database lock orders writers across processes.
    """

    def __init__(self, store: Store, engine_factory: Callable[[], StoryEngine] = StoryEngine) -> None:
        self.store = store
        self._factory = engine_factory
        self._engine: StoryEngine | None = None
        self._version = -1  # the stored version the in-memory engine corresponds to
        self._lock = threading.Lock()

    # -- the engine ---------------------------------------------------------------------------

    def _load(self) -> None:
        data = self.store.load_state(ENGINE_STATE)
        self._engine = StoryEngine.from_bytes(data) if data else self._factory()
        self._version = self.store.state_version(ENGINE_STATE)

    @property
    def engine(self) -> StoryEngine:
        """The engine as last committed by any process (reloaded when another one wrote since)."""
        with self._lock:
            if self._engine is None or self.store.state_version(ENGINE_STATE) != self._version:
                self._load()
            return self._engine  # type: ignore[return-value]

    # -- writes -------------------------------------------------------------------------------

    def write(self, items: Sequence[Article | Rejection], on_article: Callable[[], None] | None = None,
              analyses: dict[str, Analysis] | None = None, prepared: Prepared | None = None) -> IngestReport:
        """Analyse, cluster and store one batch atomically (see the module's docstring).

        ``analyses`` are analyses made elsewhere (a backfill's workers), keyed by article id; the rest
        are made here, before the lock is taken. ``prepared`` holds the rest of that work (the engine's
        documents, MinHash signatures), made by the same functions: the result does not depend on
        where they were made, only the time under the lock does.
        """
        prepared = prepared or Prepared()
        report = IngestReport()
        articles = [a for a in items if isinstance(a, Article)]
        report.rejected = [r for r in items if isinstance(r, Rejection)]
        if not articles:
            return report
        with self._lock:  # one batch at a time per writer; the transaction orders writers across processes
            seen = self.store.state_version(ENGINE_STATE)
            analyses = dict(analyses or {})
            plan, articles, failed = self._analysed_plan(articles, analyses, on_article, prepared)
            report.rejected += failed
            try:
                with self.store.transaction():
                    version = self.store.state_version(ENGINE_STATE)
                    if version != seen:  # another process wrote while this batch was analysed
                        plan = plan_batch(self.store, articles, prepared.signatures)
                    if plan.fresh and (self._engine is None or version != self._version):
                        self._load()
                    self._commit(plan, analyses, version + 1, report, prepared)
            except BaseException:
                self._engine = None  # reload the last committed state before the next batch
                raise
        return report

    def _analysed_plan(self, articles: list[Article], analyses: dict[str, Analysis],
                       on_article: Callable[[], None] | None,
                       prepared: Prepared) -> tuple[Plan, list[Article], list[Rejection]]:
        """The batch's plan with every fresh article analysed; an article whose analysis raises is that
        article's Rejection, and the batch is planned again without it (nothing else is lost)."""
        failed: list[Rejection] = []
        while True:
            plan = plan_batch(self.store, articles, prepared.signatures)
            broken = None
            for a in plan.fresh:
                if a.id not in analyses:
                    try:
                        analyses[a.id] = analyse(a)
                    except Exception as exc:  # noqa: BLE001  one article's analysis must not cost the batch
                        broken = a
                        failed.append(Rejection(a.origin or a.id, f"analysis failed ({type(exc).__name__}: "
                                                                  f"{str(exc)[:200]})"))
                        break
                if on_article:
                    on_article()
            if broken is None:
                return plan, articles, failed
            articles = [a for a in articles if a is not broken]

    def _commit(self, plan: Plan, analyses: dict[str, Analysis], version: int, report: IngestReport,
                prepared: Prepared) -> None:
        store = self.store
        report.duplicates, report.revisions, report.copies = plan.duplicates, plan.revisions, plan.copies
        fresh = plan.fresh
        for a in fresh:
            if a.id not in analyses:  # fresh only after the re-plan: rare, but it must be analysed
                analyses[a.id] = analyse(a)
        engine = self._engine
        docs = prepared.docs
        if engine and prepared.vectors:
            engine.give_embeddings({docs[i].lead: v for i, v in prepared.vectors.items() if i in docs})
        assignments = engine.partial_fit([docs[a.id] if a.id in docs else cluster_doc(a, analyses[a.id])
                                          for a in fresh]) if engine and fresh else []
        for a in fresh:
            store.insert_article(a, analyses[a.id])
        plan.write(store)
        for asg in assignments:
            store.assign(asg)
            report.stories.add(asg.story_id)
            if asg.new_story:
                report.new_stories.add(asg.story_id)
        for event in engine.drain_events() if engine else []:
            store.record_event(event.story_id, event.kind, event.other, event.why)
            if event.kind == "merge":
                report.merged[event.other] = event.story_id
        for gone in report.merged:  # a story merged in this batch is no longer one users see
            into = gone
            while into in report.merged:
                into = report.merged[into]
            report.merged[gone] = into
            report.new_stories.discard(gone)
            report.stories.discard(gone)
            report.stories.add(into)
        store.save_state(ENGINE_STATE, engine.to_bytes() if fresh else None, version)
        if fresh or self._version == version - 1:  # the engine in memory is the one stored at ``version``
            self._version = version
        report.added = fresh
        revised = [r.article_id for r in plan.revisions]
        report.alerts = alerts.evaluate(store, report.stories, fresh, analyses, revised)

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """A write that is not an article (a feed's state): same lock, same owner."""
        with self._lock, self.store.transaction():
            yield self.store
