"""``storyline backfill``: a large archive through Dask distributed, storing exactly what ``ingest`` stores.

Who does what (docs/scale.md, "Backfill on Dask"):

* **The client** (this process) walks the inputs and cuts them into *partitions*: a file, or a range of
  ``lines_per_partition`` lines of a JSON Lines file (found by scanning for newlines, nothing decoded).
  It submits them to the cluster a window ahead of what it consumes, with ``priority`` in input order,
  so the workers run ahead of the engine but memory stays bounded by the window.
* **The workers** read and decode a partition, extract and identify its articles (the readers of
  ``storyline ingest``), skip the articles the store already holds (a restarted backfill re-analyses
  nothing stored), and for the others compute what costs CPU: MinHash signatures (dedup keys), the
  full analysis and the engine's document (``cluster_doc``). A bad record is a Rejection, as in
  ``ingest``; an article whose analysis raises is left unanalysed, and the writer analyses it again and
  rejects it with the message ``ingest`` gives.
* **The engine** stays on the client, one process: the partitions' items are put back in input order
  and handed to :class:`~storyline.jobs.writer.Writer` in batches of ``batch_size`` items, exactly the
  batches ``ingest`` makes, with the workers' analyses, documents and signatures. The story engine's
  ``partial_fit`` depends on order and on batching (it sorts each batch by date, so the batch decides
  what is sorted); dedup planning is sequential too (an article is a duplicate of what came before).
  Feeding the writer the same batches as ``ingest`` is what makes the stored articles, analyses and
  story partition identical -- tests/jobs/test_backfill.py checks it.

**One switch, ``worker_writes``**, says where the workers' results go:

* ``False`` (the default for a SQLite path): back to the client through Dask. SQLite is one file with
  one writer at a time; workers fighting the client for its lock would only slow the engine down.
* ``True`` (the default for a ``postgresql://`` URL: a server takes concurrent writers): each worker
  writes its partition's results into the store itself (``backfill/<partition key>`` in the store's
  named state, the API the engine's own state uses, so every backend has it), returns only counts, and
  the client reads them back when their turn comes. The results survive the client: a backfill killed
  and restarted finds every partition that was finished and does not submit it again. Workers do not
  insert into ``articles`` themselves: whether an article is new, a duplicate, a revision or a copy
  depends on every article before it, so only the writer, in input order, can decide what is stored.
  The staged results of a partition are deleted once its articles are committed.

**Faults.** A worker killed mid-partition loses nothing: the scheduler runs the partition again on
another worker (``distributed.scheduler.allowed-failures`` times), and a task that raised is retried
``retries`` times. Dask reschedules only the work of a worker that stops answering it (worker-ttl,
five minutes); a worker that hangs inside a task while its process still answers (a read from a hung
network file system, a lock wait in the database) would hold its partition for ever, and a task can be
lost in the scheduler (dask/distributed#3196). So a partition that shows no result ``stall_seconds``
after the client asked for it is cancelled and submitted again under a new key, ``retries`` times (on
the workers that held the fewest stalled partitions), then the backfill stops with an error naming the
file and its lines rather than wait for ever. Everything a partition writes is keyed by what it is (the
staged results by the partition's key, articles by their id), so running it twice writes the same thing
once.
The client commits one batch per transaction, as ``ingest`` does; killed and restarted with the same
inputs it makes the same batches, finds the committed ones stored (duplicates, not analysed again) and
goes on.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.analyse.pipeline import analyse
from storyline.cluster import StoryEngine, cluster_doc, dense
from storyline.dedup import minhash
from storyline.ingest.discover import join_ranges, read_file, read_range, splittable, walk
from storyline.ingest.errors import Rejection
from storyline.ingest.jsonl import line_ranges
from storyline.ingest.limits import Limits
from storyline.jobs.ingest import BATCH_SIZE, _batches  # ingest's own batching: the same batches
from storyline.jobs.writer import IngestReport, Prepared, Writer
from storyline.store import Store, default_path, is_url, open_store
from storyline.store.revisions import stored_articles
from storyline.types import Analysis, Article

LINES_PER_PARTITION = 100  # JSON Lines records per partition: ~2 s of analysis, many partitions per worker
RETRIES = 3  # a partition whose task raised (not its records: those are Rejections) is run again this often
# A partition with no result this long after the client asked for it is submitted again (``_Run._result``):
# ~2 s of work, so ten minutes means lost, not slow, even on a loaded cluster embedding every lead.
STALL_SECONDS = 600.0
STAGE_PREFIX = "backfill/"

INSTALL_HINT = "storyline backfill needs Dask distributed: pip install 'storyline[scale]'"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Partition:
    """A unit of work for one worker: a whole file (``stop`` None) or a range of a JSON Lines file."""

    index: int  # position in the client's list (input order)
    path: str  # as the walk yields it: the articles' origins name it exactly as ``ingest`` does
    start: int = 0
    stop: int | None = None
    first_line: int = 1
    key: str = ""  # the file (resolved path, size, mtime) and the range: the name of its staged results


@dataclass
class Result:
    """What a worker made of a partition."""

    index: int
    items: list[Any] = field(default_factory=list)  # whole file: items; a range: (line number, item)
    analyses: dict[str, Analysis] = field(default_factory=dict)
    prepared: Prepared = field(default_factory=Prepared)
    articles: int = 0  # articles read
    analysed: int = 0  # analysed here
    skipped: int = 0  # stored already: not analysed again
    cpu_seconds: float = 0.0  # this process's CPU time for the partition (reading included)
    staged: bool = False  # the results are in the store under the partition's stage name, not here


@dataclass
class BackfillStats:
    """What a backfill did and where the time went (the bench reads these)."""

    workers: int = 0
    partitions: int = 0
    done: int = 0  # partitions whose results have come back (or were found staged)
    articles: int = 0  # articles read by the workers
    analysed: int = 0  # ... analysed by them
    skipped: int = 0  # ... already stored, not analysed again
    resumed: int = 0  # partitions found staged by an earlier run, not submitted
    resubmitted: int = 0  # partitions submitted again after ``stall_seconds`` without a result
    stored: int = 0  # articles added to the store by this run
    worker_cpu_seconds: float = 0.0
    write_seconds: float = 0.0  # wall time in Writer.write here: dedup planning, the engine, inserts, commits
    wait_seconds: float = 0.0  # wall time here waiting for a partition's results (the workers are behind)
    wall_seconds: float = 0.0
    dashboard: str | None = None

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.wall_seconds if self.wall_seconds else 0.0


def stage_name(key: str) -> str:
    return STAGE_PREFIX + key


# -- the workers' side ---------------------------------------------------------------------------------

_stores: dict[tuple[int, str], Store] = {}


def _worker_store(target: str) -> Store:
    """One store connection per worker thread and target, kept across tasks (SQLite connections belong to
    the thread that made them)."""
    key = (threading.get_ident(), target)
    if key not in _stores:
        _stores[key] = open_store(target)
    return _stores[key]


def run_partition(part: Partition, target: str, limits: Limits, worker_writes: bool, embed: bool = False) -> Result:
    """Read, identify and analyse one partition (the task a worker runs); see the module's docstring.
    With ``embed`` (the database's engine uses the dense signal) each article's lead is embedded here too,
    so the one engine process does not (``StoryEngine.give_embeddings``)."""
    started = time.process_time()
    store = _worker_store(target)
    if worker_writes and store.state_version(stage_name(part.key)) > 0:
        return Result(part.index, staged=True)  # a run before this one (or a killed attempt) finished it
    if part.stop is None:
        items: list[Any] = list(read_file(Path(part.path), limits))
        articles = [i for i in items if isinstance(i, Article)]
    else:
        items = read_range(Path(part.path), part.start, part.stop, part.first_line, limits)
        articles = [i for _, i in items if isinstance(i, Article)]
    result = Result(part.index, items, articles=len(articles))
    stored = stored_articles(store, [a.id for a in articles])
    for a in articles:
        if a.id in stored:
            result.skipped += 1
            continue
        if a.id in result.analyses:
            continue
        result.prepared.signatures[a.id] = minhash.signature(a.text)
        try:
            analysis = analyse(a)
            doc = cluster_doc(a, analysis)
        except Exception:  # noqa: BLE001  the writer analyses it again and rejects it as ``ingest`` does
            continue
        result.analyses[a.id] = analysis
        result.prepared.docs[a.id] = doc
        if embed and doc.lead:
            result.prepared.vectors[a.id] = dense.embed([doc.lead])[0]
        result.analysed += 1
    result.cpu_seconds = time.process_time() - started
    if not worker_writes:
        return result
    with store.transaction():  # an upsert by name: a partition run twice is staged once
        store.save_state(stage_name(part.key), zlib.compress(pickle.dumps(result, pickle.HIGHEST_PROTOCOL), 1), 1)
    return Result(part.index, articles=result.articles, analysed=result.analysed, skipped=result.skipped,
                  cpu_seconds=result.cpu_seconds, staged=True)


# -- the client's side -----------------------------------------------------------------------------------

def _file_key(path: Path) -> str:
    try:
        st = path.stat()
        return f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}"
    except OSError:
        return f"{path.absolute()}|missing"


def partitions(paths: Iterable[Path], lines_per_partition: int = LINES_PER_PARTITION,
               limits: Limits | None = None) -> list[Partition | Rejection]:
    """The inputs in ``ingest``'s order: a Rejection for what the walk does not read, a Partition per file,
    JSON Lines files of more than ``lines_per_partition`` lines cut into ranges of that many lines."""
    limits = limits or Limits.from_env()
    out: list[Partition | Rejection] = []
    for item in walk(paths):
        if isinstance(item, Rejection):
            out.append(item)
            continue
        ident = _file_key(item)
        ranges = line_ranges(item, lines_per_partition, limits) if splittable(item) else None
        if ranges and len(ranges) > 1:
            for start, stop, first in ranges:
                key = hashlib.sha256(f"{ident}|{start}|{stop}".encode()).hexdigest()[:24]
                out.append(Partition(len(out), str(item), start, stop, first, key))
        else:
            key = hashlib.sha256(f"{ident}|whole".encode()).hexdigest()[:24]
            out.append(Partition(len(out), str(item), key=key))
    return out


def _named(items: Iterable[Article | Rejection], source: str | None) -> Iterator[Article | Rejection]:
    """``ingest --source``: the outlet of articles whose format names none (as ``cli.ingest.with_source``)."""
    for item in items:
        if source and isinstance(item, Article) and item.origin and item.source == Path(item.origin).name:
            item.source = source
        yield item


def default_window(workers: int, batch_size: int, lines_per_partition: int) -> int:
    """Partitions kept on the cluster ahead of the one the client is consuming: two batches' worth (the client
    pulls a whole batch before it writes, and the workers must not run dry while it writes) plus four per
    worker. Too few and the workers wait for the engine; each one more holds a partition's results in memory."""
    return 4 * workers + 2 * -(-batch_size // lines_per_partition)


def dashboard_available() -> bool:
    try:
        import bokeh  # noqa: F401  the dashboard's only extra requirement
    except ImportError:
        return False
    return True


def local_cluster(workers: int):
    """``workers`` processes of one thread each on this machine (analysis is CPU-bound Python: threads
    would share one GIL), with the dashboard on a free port when bokeh is installed."""
    from distributed import LocalCluster

    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                        dashboard_address=":0" if dashboard_available() else None, silence_logs=logging.ERROR)


def backfill(target: str | Path | None, paths: Sequence[Path], *, scheduler: str | None = None, workers: int = 2,
             client: Any = None, worker_writes: bool | None = None, batch_size: int = BATCH_SIZE,
             lines_per_partition: int = LINES_PER_PARTITION, source: str | None = None,
             engine_factory: Callable[[], StoryEngine] = StoryEngine, limits: Limits | None = None,
             retries: int = RETRIES, window: int | None = None, stall_seconds: float = STALL_SECONDS,
             on_batch: Callable[[IngestReport], None] | None = None,
             on_progress: Callable[[BackfillStats], None] | None = None,
             on_start: Callable[[BackfillStats], None] | None = None) -> tuple[IngestReport, BackfillStats]:
    """Ingest ``paths`` into the store at ``target`` (a path or ``postgresql://`` URL) on Dask distributed.

    The cluster is ``client`` when given (left running), else one at ``scheduler`` (``tcp://host:8786``),
    else a local one of ``workers`` processes. ``worker_writes`` None: True for a server store (a URL),
    False for SQLite (the module's docstring). A partition without a result ``stall_seconds`` after it is
    needed is submitted again (the module's docstring, "Faults"). With ``on_batch`` each batch's report
    goes to it and is not kept, as in :func:`storyline.jobs.ingest.ingest`. Returns the report and the
    run's statistics.
    """
    try:
        from distributed import Client
    except ImportError:
        raise ImportError(INSTALL_HINT) from None
    target = str(target if target is not None else default_path())
    if not is_url(target) and target != ":memory:":
        target = str(Path(target).resolve())  # the workers may not share this process's working directory
    if target == ":memory:":
        raise ValueError("storyline backfill needs a database the workers can open: a file or a URL, "
                         "not :memory:")
    worker_writes = is_url(target) if worker_writes is None else worker_writes
    limits = limits or Limits.from_env()
    stats = BackfillStats()
    started = time.perf_counter()
    total = IngestReport()
    with ExitStack() as stack:
        store = stack.enter_context(open_store(target))  # created and migrated here, before any worker opens it
        writer = Writer(store, engine_factory)
        if client is None:
            if scheduler:
                client = stack.enter_context(Client(scheduler))
            else:
                cluster = stack.enter_context(local_cluster(workers))
                client = stack.enter_context(Client(cluster))
        stats.workers = len(client.scheduler_info().get("workers", {})) or workers
        stats.dashboard = client.dashboard_link if dashboard_available() else None
        parts = partitions(paths, lines_per_partition, limits)
        stats.partitions = sum(isinstance(p, Partition) for p in parts)
        if on_start:
            on_start(stats)
        # the dense signal's embeddings (~0.1 s of CPU an article) are made on the workers: the one engine
        # process embedding them itself capped any backfill at ~8.6 articles/s (docs/scale.md)
        run = _Run(client, store, target, parts, limits, worker_writes, retries,
                   window or default_window(stats.workers, batch_size, lines_per_partition), stats, on_progress,
                   embed=writer.engine.embeds, stall=stall_seconds)
        stack.callback(run.cancel)
        for chunk in _batches(_named(run.items(), source), batch_size):
            ids = {a.id for a in chunk if isinstance(a, Article)}
            analyses = {i: run.analyses[i] for i in ids if i in run.analyses}
            prepared = Prepared({i: run.docs[i] for i in ids if i in run.docs},
                                {i: run.signatures[i] for i in ids if i in run.signatures},
                                {i: run.vectors[i] for i in ids if i in run.vectors})
            t = time.perf_counter()
            report = writer.write(chunk, analyses=analyses, prepared=prepared)
            stats.write_seconds += time.perf_counter() - t
            stats.stored += len(report.added)
            run.committed(ids)
            if on_batch is None:
                total.merge(report)
            else:
                on_batch(report)
            if on_progress:
                on_progress(stats)
        run.committed(set(), final=True)  # the last partition's staged results, now that all is stored
    stats.wall_seconds = time.perf_counter() - started
    return total, stats


class _Run:
    """The client's bookkeeping: the submission window, results in input order, staged results."""

    def __init__(self, client: Any, store: Store, target: str, parts: list[Partition | Rejection], limits: Limits,
                 worker_writes: bool, retries: int, window: int, stats: BackfillStats,
                 on_progress: Callable[[BackfillStats], None] | None, embed: bool = False,
                 stall: float = STALL_SECONDS) -> None:
        self.client, self.store, self.target, self.parts, self.limits = client, store, target, parts, limits
        self.worker_writes, self.retries, self.window, self.stats = worker_writes, retries, window, stats
        self.stall = stall
        self.stalled: Counter[str] = Counter()  # worker -> partitions it held past ``stall``
        self.on_progress = on_progress
        self.token = hashlib.sha256(f"{os.getpid()}|{time.time_ns()}".encode()).hexdigest()[:12]
        self.futures: dict[int, Any] = {}
        self.staged: set[int] = set()  # partitions whose results are in the store already
        self.next = 0  # the next part to submit
        self.analyses: dict[str, Analysis] = {}
        self.docs: dict = {}
        self.signatures: dict = {}
        self.vectors: dict = {}
        self.embed = embed  # the workers embed leads (the database's engine uses the dense signal)
        self.fetched: list[str] = []  # stage names of partitions fetched and not yet deleted

    def _submit(self, consumed: int) -> None:
        """Keep ``window`` partitions ahead of the one being consumed on the cluster."""
        while self.next < len(self.parts) and self.next < consumed + self.window:
            part = self.parts[self.next]
            self.next += 1
            if not isinstance(part, Partition):
                continue
            if self.worker_writes and self.store.state_version(stage_name(part.key)) > 0:
                self.staged.add(part.index)  # finished by an earlier run: nothing to submit
                self.stats.resumed += 1
                continue
            self.futures[part.index] = self._submit_one(part)

    def _submit_one(self, part: Partition, attempt: int = 0) -> Any:
        key = f"backfill-{self.token}-{part.index}" + (f"-again{attempt}" if attempt else "")
        return self.client.submit(run_partition, part, self.target, self.limits, self.worker_writes, self.embed,
                                  key=key, retries=self.retries, priority=-part.index, pure=False,
                                  workers=self._trusted())

    def _trusted(self) -> list[str] | None:
        """The workers to run on: all (None) until a partition stalls, then those that held the fewest
        stalled partitions. A hung worker looks idle to the scheduler once its task is cancelled and
        would be given the partition again; a worker that was only slow once (a loaded machine) is
        trusted again when the hung one has stalled more."""
        if not self.stalled:
            return None
        workers = list(self.client.ncores())  # every worker (scheduler_info lists a first few in some releases)
        fewest = min((self.stalled[w] for w in workers), default=0)
        trusted = [w for w in workers if self.stalled[w] == fewest]
        return trusted if len(trusted) < len(workers) else None

    def _holder(self, future: Any) -> str | None:
        return next((w for w, keys in self.client.processing().items() if future.key in keys), None)

    def _result(self, part: Partition) -> Result:
        """The partition's result, submitted again under a new key when it has none ``stall`` seconds after
        it is needed: a task lost by the scheduler or held by a hung worker would otherwise be waited for
        for ever, and a partition run twice writes the same thing once (the module's docstring)."""
        future = self.futures.pop(part.index)
        for attempt in range(1, self.retries + 2):
            try:
                return future.result(timeout=self.stall)  # a partition that failed for good raises here
            except TimeoutError:
                holder = self._holder(future)
                if holder:
                    self.stalled[holder] += 1
                future.cancel()
                if attempt > self.retries:
                    break
                log.warning("%s: partition %d (from line %d) has no result after %.0f s on %s: submitted again",
                            part.path, part.index, part.first_line, self.stall, holder or "no worker")
                self.stats.resubmitted += 1
                future = self._submit_one(part, attempt)
        raise RuntimeError(f"{part.path}: partition {part.index} (from line {part.first_line}) had no result "
                           f"within {self.stall:.0f} s, {self.retries + 1} times; is the cluster working?")

    def cancel(self) -> None:
        if self.futures:
            self.client.cancel(list(self.futures.values()))
            self.futures.clear()

    def _fetch(self, part: Partition) -> Result:
        self._submit(part.index)
        if part.index in self.staged:
            result = Result(part.index, staged=True)
        else:
            t = time.perf_counter()
            result = self._result(part)
            self.stats.wait_seconds += time.perf_counter() - t
            self.stats.articles += result.articles
            self.stats.analysed += result.analysed
            self.stats.skipped += result.skipped
            self.stats.worker_cpu_seconds += result.cpu_seconds
        if result.staged:
            data = self.store.load_state(stage_name(part.key))
            if not data:
                raise RuntimeError(f"{part.path}: the staged results of partition {part.index} "
                                   f"({stage_name(part.key)}) are missing from the store")
            result = pickle.loads(zlib.decompress(data))  # written by our own workers into our own store
            if part.index in self.staged:  # staged by an earlier run: read here, analysed then
                self.stats.articles += result.articles
            self.fetched.append(stage_name(part.key))
        self.stats.done += 1
        self.analyses.update(result.analyses)
        self.docs.update(result.prepared.docs)
        self.signatures.update(result.prepared.signatures)
        self.vectors.update(result.prepared.vectors)
        self._submit(part.index + 1)
        if self.on_progress:
            self.on_progress(self.stats)
        return result

    def committed(self, ids: set[str], final: bool = False) -> None:
        """A batch is stored: drop its articles' results; delete staged results of partitions fully consumed
        (all fetched ones but the last, whose items may reach into the next batch; all of them at the end)."""
        for i in ids:
            self.analyses.pop(i, None)
            self.docs.pop(i, None)
            self.signatures.pop(i, None)
            self.vectors.pop(i, None)
        done = self.fetched if final else self.fetched[:-1]
        if done:
            with self.store.transaction():
                for name in done:
                    self.store.delete_state(name)
            self.fetched = self.fetched[len(done):]

    def items(self) -> Iterator[Article | Rejection]:
        """Every item in ``ingest``'s order, fetching the partitions' results as they are needed."""
        parts, i = self.parts, 0
        self._submit(0)
        while i < len(parts):
            part = parts[i]
            if isinstance(part, Rejection):
                yield part
                i += 1
            elif part.stop is None:
                yield from self._fetch(part).items
                i += 1
            else:  # the ranges of one file: joined as one file (its whole-file checks)
                j = i + 1
                while j < len(parts) and isinstance(parts[j], Partition) and parts[j].path == part.path \
                        and parts[j].stop is not None and parts[j].start > 0:
                    j += 1
                ranges = [p for p in parts[i:j] if isinstance(p, Partition)]
                yield from join_ranges(Path(part.path), (self._fetch(p).items for p in ranges), self.limits)
                i = j
