"""`backfill` on a real Dask LocalCluster (2 worker processes) stores exactly what a plain `ingest` stores.

The corpus is a few hundred German and English articles from ../shared/data (SmartData, SemEval-2022
German/English, ECB+), written as JSON Lines and cut into many line-range partitions, plus a file of
duplicates, a copy from another outlet, a revision (same URL, edited text) and bad records. Batches of
50 items make the engine's batching (and so its order dependence) matter many times over.

The engine is the lexical one (``StoryEngine(dense=False)``) on both sides: the dense signal embeds in the
engine's process and would make the run ten times slower without testing anything the cluster does.

Stores are compared through the Store API only, so the same tests run on both backends (``TARGETS``): a
backfill into PostgreSQL must store what a plain ingest stores into SQLite.
"""

from __future__ import annotations

import json
import os
import signal
import threading
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="the backfill tests need storyline[scale] (Dask)")

from _backends import BACKENDS, create_database, drop_database, require_server  # noqa: E402
from _support import shared_data  # noqa: E402

from storyline.analyse.pipeline import analyse_text  # noqa: E402
from storyline.cluster import StoryEngine  # noqa: E402
from storyline.ingest import read_paths  # noqa: E402
from storyline.ingest.discover import join_ranges, read_file, read_range  # noqa: E402
from storyline.ingest.limits import Limits  # noqa: E402
from storyline.jobs import ENGINE_STATE, Writer, ingest  # noqa: E402
from storyline.jobs.backfill import Partition, backfill, partitions, stage_name  # noqa: E402
from storyline.store import open_store  # noqa: E402
from storyline.store.revisions import original_of, revisions_of  # noqa: E402
from storyline.types import to_plain  # noqa: E402

pytestmark = pytest.mark.slow

BATCH = 50
LINES = 30  # lines per partition: ~12 partitions, several per batch and batches across partitions
PER_SOURCE = 90
TARGETS = list(BACKENDS)  # the same backfill into SQLite and into PostgreSQL


def lexical() -> StoryEngine:
    return StoryEngine(dense=False)


@pytest.fixture
def new_target(tmp_path: Path):
    """new_target(kind, name): a SQLite path, or a fresh database on the PostgreSQL test server (dropped
    at teardown)."""
    made: list[str] = []

    def make(kind: str, name: str) -> str:
        if kind == "sqlite":
            return str(tmp_path / f"{name}.db")
        require_server()
        made.append(create_database())
        return made[-1]

    yield make
    for url in made:
        drop_database(url)


def extra_records(corpus: Path) -> list[dict]:
    """Dedup cases and bad records, built from records of the corpus (so their outcome is not trivial)."""
    ecb = [json.loads(line) for line in (corpus / "ecbplus.jsonl").read_text(encoding="utf-8").splitlines()]
    sm = [json.loads(line) for line in (corpus / "smartdata.jsonl").read_text(encoding="utf-8").splitlines()]
    with_url = next(r for r in ecb if r.get("url"))
    revised = dict(with_url, text=with_url["text"] + "\nUpdate: the police have named a suspect.")
    return [
        sm[3],  # an exact duplicate (same outlet)
        dict(sm[5], source="another-outlet"),  # the same text from another outlet: a copy
        revised,  # same URL, edited text: a revision
        {"text": 12},  # a field of the wrong type: rejected
        {"id": "no-text"},  # no text: rejected
    ]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    from storyline.bench.backfill import write_corpus

    shared_data("smartdata")
    root = write_corpus(tmp_path_factory.mktemp("corpus"), PER_SOURCE)
    extra = "\n".join(json.dumps(r, ensure_ascii=False) for r in extra_records(root))
    (root / "zz_extra.jsonl").write_text(extra + "\nnot json at all\n", encoding="utf-8")
    return root


def snapshot(target: str) -> dict:
    """Everything a backfill must store as ingest does, through the Store API (timestamps left out)."""
    with open_store(target) as store:
        assignments = store.story_assignments()
        ids = sorted(assignments)
        stories = sorted(set(assignments.values()))
        return {
            "count": store.count_articles(),
            "articles": {i: to_plain(store.article(i)) for i in ids},
            "analyses": {i: to_plain(store.analysis(i)) for i in ids},
            "partition": assignments,
            "scores": {s: [(r["id"], r["score"]) for r in store.article_rows(s)] for s in stories},
            "events": {s: [(e.story_id, e.kind, e.other, e.why) for e in store.story_events(s)] for s in stories},
            "copies": {i: original_of(store, i) for i in ids},
            "revisions": {i: [(v.n, v.text, v.reason) for v in revisions_of(store, i)] for i in ids},
        }


@pytest.fixture(scope="module")
def plain(corpus, tmp_path_factory) -> dict:
    """What `storyline ingest` stores: the library call it makes, with the same batch size."""
    db = str(tmp_path_factory.mktemp("plain") / "plain.db")
    with open_store(db) as store:
        report = ingest(Writer(store, lexical), read_paths([corpus]), batch_size=BATCH)
    assert len(report.duplicates) >= 1 and len(report.copies) >= 1 and len(report.revisions) >= 1
    assert len(report.rejected) >= 3
    snap = snapshot(db)
    snap["read"] = len(report.added) + len(report.duplicates) + len(report.revisions)  # articles read
    assert snap["count"] > 250 and len(set(snap["partition"].values())) > 20
    return snap


STALL = 60.0  # a partition takes ~1 s here: one lost by the scheduler is submitted again long before CI's limit


def _cluster_client():
    from distributed import Client, LocalCluster

    # ":0": a free port for its HTTP server, as two clusters may run at once (None still takes 8787)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as c:
        c.wait_for_workers(2, timeout=STALL)
        yield c


@pytest.fixture(scope="module")
def client():
    yield from _cluster_client()


@pytest.fixture
def own_client():
    """A cluster of its own for a test that kills or stops a worker: after a SIGKILL Dask's nanny
    usually starts a new worker process, but not always (seen here: the nanny closed itself after
    restarting it), and the tests after it must not inherit a cluster of one worker. Its workers load
    the models first, so that a first partition's wait is analysis, not loading."""
    for c in _cluster_client():
        c.run(analyse_text, "warm-up", "Die Polizei in Köln nahm am Montag drei Männer fest.", None, "de")
        yield c


def _run(target: str, corpus: Path, client, **kw):
    kw.setdefault("stall_seconds", STALL)
    return backfill(target, [corpus], client=client, engine_factory=lexical, batch_size=BATCH,
                    lines_per_partition=LINES, **kw)


def _diff(a: dict, b: dict) -> list[str]:
    """Which parts differ, with a first example (a bare ``a == b`` on megabytes says nothing useful)."""
    out = []
    for k in b:
        if a[k] != b[k]:
            if isinstance(a[k], dict):
                bad = next(i for i in sorted(set(a[k]) | set(b[k])) if a[k].get(i) != b[k].get(i))
                out.append(f"{k}: first difference at {bad}: {str(a[k].get(bad))[:200]} != {str(b[k].get(bad))[:200]}")
            else:
                out.append(f"{k}: {a[k]} != {b[k]}")
    return out


def test_ranges_of_a_jsonl_file_read_as_the_whole_file(tmp_path: Path):
    """Line ranges joined give read_file's items: line numbers, blank lines, bad and oversized lines, the
    rejection cap and the records cap all as if one reader read the file."""
    lines = []
    for i in range(40):
        if i % 7 == 3:
            lines.append("")
        elif i % 5 == 1:
            lines.append("{broken")
        elif i == 20:
            lines.append(json.dumps({"text": "x" * 3000, "date": "2022-01-11"}))  # over the article limit below
        else:
            lines.append(json.dumps({"text": f"Meldung {i}: Die Polizei in Köln nahm {i} Menschen fest.",
                                     "date": "2022-01-11", "source": "t"}))
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")  # no newline at the end either
    for limits in (Limits(article_bytes=2000), Limits(article_bytes=2000, rejections_per_file=3),
                   Limits(article_bytes=2000, records_per_file=17)):
        whole = list(read_file(path, limits))
        parts = [p for p in partitions([path], 6, limits) if isinstance(p, Partition)]
        assert len(parts) == 7 and all(p.stop is not None for p in parts)
        joined = list(join_ranges(path, (read_range(path, p.start, p.stop, p.first_line, limits) for p in parts),
                                  limits))
        assert [to_plain(x) for x in joined] == [to_plain(x) for x in whole]
        assert any(getattr(x, "reason", "") for x in whole)  # the file does have rejections
    small = tmp_path / "small.jsonl"
    small.write_text(lines[0] + "\n", encoding="utf-8")
    assert [p.stop for p in partitions([small], 6)] == [None]  # one range: read whole, by its reader


@pytest.mark.parametrize("kind", TARGETS)
def test_backfill_stores_what_ingest_stores(kind, corpus, plain, client, new_target):
    target = new_target(kind, "bf")
    report, stats = _run(target, corpus, client)
    assert stats.partitions >= 10 and stats.done == stats.partitions
    assert stats.articles == plain["read"]
    assert stats.analysed >= plain["count"] - 1  # by the workers (a duplicate may be found stored first)
    assert len(report.added) == plain["count"] and len(report.rejected) >= 3
    assert _diff(plain, snapshot(target)) == []


def _busy_worker_pid(client) -> int | None:
    """The process id of a worker running a partition right now, if any."""
    busy = [w for w, tasks in client.processing().items() if tasks]
    return client.run(os.getpid, workers=[busy[0]])[busy[0]] if busy else None


@pytest.mark.parametrize("kind", TARGETS)
def test_a_worker_killed_mid_partition_loses_nothing(kind, corpus, plain, own_client, new_target):
    client = own_client
    target = new_target(kind, "killed")
    before = set(client.run(os.getpid).values())
    killed: list[int] = []

    def kill_busy_worker(stats) -> None:
        # once results flow, SIGKILL a worker that is running a partition right now (from another thread,
        # as an outside kill would come); the scheduler must run its partition again elsewhere
        if killed or stats.done < 1 or (pid := _busy_worker_pid(client)) is None:
            return
        killed.append(pid)
        threading.Thread(target=os.kill, args=(pid, signal.SIGKILL)).start()

    report, stats = _run(target, corpus, client, on_progress=kill_busy_worker)
    assert killed, "no worker was busy when results came back: nothing was killed"
    after = set(client.run(os.getpid).values())
    assert killed[0] in before and killed[0] not in after  # the partition was not finished by a ghost
    assert stats.done == stats.partitions
    assert _diff(plain, snapshot(target)) == []


def test_a_hung_worker_s_partition_is_submitted_again(corpus, plain, own_client, new_target):
    """A worker that stops answering (SIGSTOP: alive to the scheduler, holding its tasks) must not hold the
    backfill for ever: its partitions are submitted again after ``stall_seconds`` and all is stored."""
    client = own_client
    target = new_target("sqlite", "stalled")
    stopped: list[int] = []

    def stop_busy_worker(stats) -> None:
        if stopped or stats.done < 1 or (pid := _busy_worker_pid(client)) is None:
            return
        stopped.append(pid)
        os.kill(pid, signal.SIGSTOP)

    try:
        _, stats = _run(target, corpus, client, on_progress=stop_busy_worker, stall_seconds=20)
    finally:
        for pid in stopped:
            os.kill(pid, signal.SIGCONT)
    assert stopped, "no worker was busy when results came back: nothing was stopped"
    assert stats.resubmitted >= 1 and stats.done == stats.partitions
    assert _diff(plain, snapshot(target)) == []


def test_a_partition_that_never_finishes_stops_the_backfill_naming_it(corpus, client, new_target):
    """With every attempt out of time the backfill stops with an error naming the file, not a hang."""
    target = new_target("sqlite", "never")
    with pytest.raises(RuntimeError, match=r"jsonl: partition \d+ \(from line \d+\) had no result"):
        _run(target, corpus, client, stall_seconds=0.001, retries=1)


class Stop(Exception):
    pass


@pytest.mark.parametrize("kind", TARGETS)
@pytest.mark.parametrize("worker_writes", [False, True], ids=["client-writes", "worker-writes"])
def test_a_killed_backfill_resumes_without_analysing_again(kind, worker_writes, corpus, plain, client,
                                                           new_target):
    target = new_target(kind, "resumed")
    batches = []

    def stop_after_two(report) -> None:
        batches.append(report)
        if len(batches) == 2:
            raise Stop  # the client dies after two committed batches, with partitions in flight

    with pytest.raises(Stop):
        _run(target, corpus, client, worker_writes=worker_writes, on_batch=stop_after_two)
    with open_store(target) as store:
        stored = store.count_articles()
    assert 0 < stored < plain["count"]
    _, stats = _run(target, corpus, client, worker_writes=worker_writes)
    assert _diff(plain, snapshot(target)) == []
    # nothing the first run stored was analysed again: at most the articles read that are not stored (the
    # duplicates and revisions among them are analysed before the writer finds out what they are)
    assert stats.analysed <= plain["read"] - stored
    if not worker_writes:
        assert stats.skipped >= stored  # every stored article was read again and found stored
    else:
        assert stats.resumed > 0  # partitions the first run's workers finished were not submitted again
        with open_store(target) as store:  # and their staged results are gone once stored
            left = [p for p in partitions([corpus], LINES) if isinstance(p, Partition)
                    and store.state_version(stage_name(p.key))]
        assert left == []


def test_a_backfill_killed_with_sigkill_resumes(corpus, plain, client, tmp_path, new_target):
    """The command itself, killed -9 after its first commits while partitions are in flight, then run again
    (with other partition sizes: only the batches decide what is stored)."""
    import subprocess
    import sys
    import time

    target = new_target("sqlite", "sigkill")
    with open_store(target) as store, store.transaction():
        # the command makes the default engine (dense signal on); this database's engine is the lexical one
        # the plain ingest used, stored before the command starts, as an engine any run would continue
        store.save_state(ENGINE_STATE, lexical().to_bytes(), 1)
    scheduler = client.scheduler.address
    proc = subprocess.Popen([sys.executable, "-m", "storyline.cli", "backfill", str(corpus), "--db", target,
                             "--scheduler", scheduler, "--batch-size", str(BATCH)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stored = 0
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if Path(target).exists():
                with open_store(target) as store:
                    stored = store.count_articles()
                if stored >= BATCH:
                    break
            time.sleep(0.2)
    finally:
        proc.kill()
        _, err = proc.communicate()
    assert proc.returncode == -signal.SIGKILL, err.decode()[-2000:]
    assert 0 < stored < plain["count"]
    report, stats = _run(target, corpus, client)
    assert stats.skipped >= stored and stats.analysed <= plain["read"] - stored
    assert _diff(plain, snapshot(target)) == []


def test_with_the_dense_signal_the_workers_embed_and_the_stories_are_ingests(client, tmp_path, new_target):
    """The default engine (dense signal on): the workers embed every lead, the one engine process takes
    their vectors instead of embedding, and what is stored is what `ingest` stores, which embeds lazily."""
    from storyline.bench.backfill import write_corpus
    from storyline.jobs import ENGINE_STATE

    small = write_corpus(tmp_path / "small", 25)
    db = str(tmp_path / "dense-plain.db")
    with open_store(db) as store:
        ingest(Writer(store), read_paths([small]), batch_size=BATCH)
        alone = StoryEngine.from_bytes(store.load_state(ENGINE_STATE))
    assert alone.embeds and alone.dense_stats["articles"] > 5  # the engine did embed: the test means something
    target = new_target("sqlite", "dense")
    backfill(target, [small], client=client, batch_size=BATCH, lines_per_partition=LINES)
    assert _diff(snapshot(db), snapshot(target)) == []
    with open_store(target) as store:
        engine = StoryEngine.from_bytes(store.load_state(ENGINE_STATE))
    # the same embeddings were used, made on the workers: the engine spent (next to) no time embedding
    assert engine.dense_stats["articles"] == alone.dense_stats["articles"]
    assert engine.dense_stats["seconds"] < 0.1 * alone.dense_stats["seconds"], (engine.dense_stats, alone.dense_stats)
