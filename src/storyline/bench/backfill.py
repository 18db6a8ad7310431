"""Backfill benchmarks: ``storyline backfill`` on Dask distributed, 1 and 2 worker processes.

Over the same ~2,000 German and English articles from ../shared/data (:func:`write_corpus`: SmartData news,
the SemEval-2022 German and German-English articles, ECB+ train and dev), written as JSON Lines files:

* ``analysis_stage``: the workers' stage alone (read, dedup keys, analysis, ``cluster_doc``; results
  gathered by the client, nothing stored), articles/s of wall time for 1 and 2 workers, and their ratio
  (the acceptance: >= 1.8 on a 2-core machine); ``analysis_only`` the same with only counts sent back
  (the client then takes no CPU from the workers: on 2 cores it otherwise shares them). Each configuration is run ``rounds`` times and the best
  round kept: the machine is shared, and load from others only ever slows a round down.
* ``end_to_end``: the whole backfill (workers, engine, store) per database and worker count: articles/s,
  the share of wall time the client spent in ``Writer.write`` (dedup planning, the engine, inserts,
  commits: the serial part) and waiting for results.
* Dask's overhead per article (``analysis_stage``): the workers' wall time per article beyond the CPU their
  tasks used (scheduling, transfers, idle ends), and the CPU the tasks used beyond the in-process baseline
  (reading and decoding the records, pickling the results).
* ``in_process``: the same work in one process without Dask (the baseline of the overhead), and the
  engine alone: ``partial_fit`` throughput on the corpus' documents, lexical and with the dense signal
  on a sample -- the rate at which one engine process saturates (docs/scale.md, "Why one engine").

Databases: a SQLite file in a temporary directory, plus every URL in ``--db``/``STORYLINE_BENCH_PG``
(comma-separated ``postgresql://`` URLs of a database on the server: each run gets a fresh database
beside it, dropped afterwards).
The end-to-end runs use the lexical engine (``StoryEngine(dense=False)``): with the dense signal the
engine, not the cluster, sets the pace (``in_process.engine``), and the point here is the cluster.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

from storyline.bench.corpus import shared_data, smartdata_news

SOURCES = ("smartdata", "semeval_de", "ecbplus")
LINES = 25  # lines per partition: ~80 partitions of ~0.5 s each, enough to keep 2 workers evenly busy


def corpus_records(limit_per_source: int | None = None) -> dict[str, list[dict]]:
    """JSON Lines records per source: German (SmartData news, dated; SemEval German articles) and English
    (SemEval English articles, ECB+ articles); French SemEval articles are left out."""
    data = shared_data()
    out: dict[str, list[dict]] = {}
    out["smartdata"] = [{"id": d["id"], "text": d["text"], "date": (d["date"] or "")[:10] or None, "lang": "de",
                         "source": "smartdata"} for d in smartdata_news()]
    semeval, seen = [], set()
    with open(data / "semeval_de" / "pairs.dev.jsonl", encoding="utf-8") as f:
        for line in f:
            pair = json.loads(line)
            for side in ("a", "b"):
                art = pair[side]
                if art["lang"] in ("de", "en") and art["id"] not in seen and art["text"].strip():
                    seen.add(art["id"])
                    semeval.append({"id": art["id"], "text": art["text"], "lang": art["lang"],
                                    "source": "semeval"})
    out["semeval_de"] = semeval
    ecb = []
    for name in ("ecbplus.train.jsonl", "ecbplus.dev.jsonl"):
        with open(data / "ecbplus" / name, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                ecb.append({k: r.get(k) for k in ("id", "date", "lang", "title", "text", "source", "url")})
    out["ecbplus"] = ecb
    if limit_per_source is not None:
        out = {k: v[:limit_per_source] for k, v in out.items()}
    return out


def write_corpus(dest: Path, limit_per_source: int | None = None, extra: dict[str, list[dict]] | None = None) -> Path:
    """The corpus as one JSON Lines file per source under ``dest`` (returned); ``extra`` adds files."""
    dest.mkdir(parents=True, exist_ok=True)
    for name, records in {**corpus_records(limit_per_source), **(extra or {})}.items():
        with open(dest / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return dest


def _urls(urls: list[str] | None) -> list[str]:
    found = list(urls or [])
    found += [u for u in (os.environ.get("STORYLINE_BENCH_PG") or "").split(",") if u.strip()]
    return found


def _counted(part, db: str, limits) -> tuple[int, float]:
    """A partition analysed on a worker, only its counts sent back (the results stay there)."""
    from storyline.jobs.backfill import run_partition

    r = run_partition(part, db, limits, False)
    return r.analysed, r.cpu_seconds


def _stage_only(client, parts, limits, gather: bool = True) -> tuple[float, int, float]:
    """The workers' stage alone: every partition analysed, nothing stored; with ``gather`` the results come
    back to this process (as in a client-writes backfill: unpickling them costs this process CPU), without
    it only counts do (the analysis alone, as in a worker-writes backfill minus the store)."""
    from distributed import as_completed

    from storyline.jobs.backfill import Partition, run_partition

    todo = [p for p in parts if isinstance(p, Partition)]
    start = time.perf_counter()
    task = run_partition if gather else _counted
    args = (_STAGE_DB, limits, False) if gather else (_STAGE_DB, limits)
    futures = [client.submit(task, p, *args, pure=False, priority=-p.index) for p in todo]
    articles, cpu = 0, 0.0
    for fut in as_completed(futures):
        r = fut.result()
        analysed, seconds = (r.analysed, r.cpu_seconds) if gather else r
        articles += analysed
        cpu += seconds
    return time.perf_counter() - start, articles, cpu


_STAGE_DB = ""  # set per run: an empty SQLite file (the workers only ask it which articles are stored)


def run(quick: bool = False, urls: list[str] | None = None, rounds: int | None = None) -> dict:
    global _STAGE_DB
    from storyline.analyse.pipeline import analyse
    from storyline.cluster import StoryEngine, cluster_doc
    from storyline.dedup import minhash
    from storyline.ingest import read_paths
    from storyline.ingest.limits import Limits
    from storyline.jobs import Writer, ingest
    from storyline.jobs.backfill import backfill, local_cluster, partitions
    from storyline.store import open_store
    from storyline.store.postgres import drop_database, scratch_database
    from storyline.types import Article

    from distributed import Client

    rounds = rounds or (1 if quick else 2)
    out: dict = {"articles": 0, "rounds": rounds}
    with tempfile.TemporaryDirectory(prefix="storyline-bench-backfill-") as tmp:
        root = write_corpus(Path(tmp) / "corpus", 60 if quick else None)
        paths = [root]
        limits = Limits.from_env()
        parts = partitions(paths, LINES, limits)
        items = [i for i in read_paths(paths, limits) if isinstance(i, Article)]
        out["articles"] = len(items)
        out["partitions"] = sum(1 for p in parts if not hasattr(p, "reason"))

        # the baseline: the same work in this process, no Dask
        analyse(items[0])
        start = time.process_time()
        analyses = [analyse(a) for a in items]
        docs = [cluster_doc(a, x) for a, x in zip(items, analyses)]
        for a in items:
            minhash.signature(a.text)
        in_process = (time.process_time() - start) / len(items)
        engine = StoryEngine(dense=False)
        start = time.process_time()
        for i in range(0, len(docs), 200):
            engine.partial_fit(docs[i:i + 200])
        lexical = time.process_time() - start
        sample = docs[: 40 if quick else 200]
        from storyline.cluster import dense

        if dense.available():
            dense.embed(["warm up: the model is loaded outside the clock"])
        dense_engine = StoryEngine()
        start = time.process_time()
        dense_engine.partial_fit(sample)
        dense_s = time.process_time() - start
        out["in_process"] = {
            "ms_per_article": round(in_process * 1000, 2),
            "articles_per_s_one_core": round(1 / in_process, 1),
            "engine": {"lexical_articles_per_s": round(len(docs) / lexical),
                       "lexical_ms_per_article": round(lexical / len(docs) * 1000, 3),
                       "dense_articles_per_s": round(len(sample) / dense_s, 1),
                       "dense_sample": len(sample), "dense_embedded": dense_engine.dense_stats["articles"],
                       "dense_used": dense_engine.gated},
        }

        stage: dict = {}
        e2e: dict = {}
        # both clusters up at once and their rounds interleaved (1, 2, 1, 2, ...): load from other users of
        # the machine then hits both alike instead of whichever configuration ran while it lasted
        with local_cluster(1) as c1, Client(c1) as one, local_cluster(2) as c2, Client(c2) as two:
            clients = {1: one, 2: two}
            _STAGE_DB = str(Path(tmp) / "stage.db")
            open_store(_STAGE_DB).close()
            for n, client in clients.items():
                client.wait_for_workers(n)
                client.run(_warm)  # models loaded outside the clock, as for the in-process baseline
            best: dict[int, tuple[float, int, float]] = {}
            loads = []
            counted: dict[int, tuple[float, int, float]] = {}
            for _ in range(rounds):
                for n, client in clients.items():
                    loads.append(round(os.getloadavg()[0], 2))  # others' load (and ours) on the 2 shared cores
                    wall, analysed, cpu = _stage_only(client, parts, limits)
                    if n not in best or wall < best[n][0]:
                        best[n] = (wall, analysed, cpu)
                    wall, analysed, cpu = _stage_only(client, parts, limits, gather=False)
                    if n not in counted or wall < counted[n][0]:
                        counted[n] = (wall, analysed, cpu)
            out["analysis_only"] = {f"workers_{n}": {"articles": a, "wall_seconds": round(w, 2),
                                                     "articles_per_s": round(a / w, 1),
                                                     "worker_cpu_ms_per_article": round(c / a * 1000, 2)}
                                    for n, (w, a, c) in counted.items()}
            out["analysis_only"]["ratio_2_to_1"] = round(counted[1][0] / counted[2][0], 2)
            for n, (wall, analysed, cpu) in best.items():
                # Dask's overhead per article: worker wall time per article (n workers for ``wall`` seconds)
                # beyond the CPU the tasks used (scheduling, transfers, idle ends); and the CPU the tasks
                # used beyond the in-process baseline (reading and decoding the records, pickling results)
                stage[f"workers_{n}"] = {"articles": analysed, "wall_seconds": round(wall, 2),
                                         "articles_per_s": round(analysed / wall, 1),
                                         "worker_cpu_ms_per_article": round(cpu / analysed * 1000, 2),
                                         "overhead_wall_ms_per_article": round((wall * n - cpu) / analysed * 1000, 2),
                                         "overhead_cpu_ms_per_article": round(cpu / analysed * 1000
                                                                              - in_process * 1000, 2)}
            for n, client in clients.items():
                for db in [None, *_urls(urls)]:
                    # each run a fresh store: a second run on the first one's would find everything stored
                    target = str(Path(tmp) / f"e2e-{n}.db") if db is None else scratch_database(db, "storyline_bench")
                    try:
                        _, stats = backfill(target, paths, client=client, lines_per_partition=LINES,
                                            engine_factory=lambda: StoryEngine(dense=False))
                    finally:
                        if db is not None:
                            drop_database(target)
                    e2e[f"{'sqlite' if db is None else 'postgresql'}_workers_{n}"] = {
                        "articles": stats.articles, "stored": stats.stored,
                        "wall_seconds": round(stats.wall_seconds, 2),
                        "articles_per_s": round(stats.articles_per_s, 1),
                        "engine_share": round(stats.write_seconds / stats.wall_seconds, 3),
                        "client_waiting_share": round(stats.wait_seconds / stats.wall_seconds, 3),
                        "write_ms_per_article": round(stats.write_seconds / max(stats.stored, 1) * 1000, 2),
                        "worker_cpu_ms_per_article": round(stats.worker_cpu_seconds / max(stats.analysed, 1) * 1000, 2),
                    }
        # the acceptance at this size: the 2-worker backfill stored exactly what a plain ingest stores
        plain = str(Path(tmp) / "plain.db")
        with open_store(plain) as store:
            ingest(Writer(store, lambda: StoryEngine(dense=False)), read_paths(paths, limits))
        out["identical_to_ingest"] = _same_store(plain, str(Path(tmp) / "e2e-2.db"))
        stage["load_1min_before_rounds"] = loads
        out["analysis_stage"] = stage
        out["analysis_stage"]["ratio_2_to_1"] = round(stage["workers_2"]["articles_per_s"]
                                                      / stage["workers_1"]["articles_per_s"], 2)
        out["end_to_end"] = e2e
        out["load_average"] = [round(x, 2) for x in os.getloadavg()]
    return out


def _same_store(a: str, b: str) -> dict:
    """Articles, analyses, partition and scores of two stores compared (tests/jobs/test_backfill.py compares
    more, on fewer articles)."""
    from storyline.store import open_store
    from storyline.types import to_plain

    with open_store(a) as x, open_store(b) as y:
        px, py = x.story_assignments(), y.story_assignments()
        ids = sorted(px)
        scores = all([(r["id"], r["score"]) for r in x.article_rows(s)] == [(r["id"], r["score"]) for r in y.article_rows(s)]
                     for s in set(px.values()))
        return {"articles": x.count_articles() == y.count_articles() and len(ids) == len(py),
                "analyses": ids == sorted(py) and all(to_plain(x.analysis(i)) == to_plain(y.analysis(i)) for i in ids),
                "partition": px == py, "scores": scores, "stories": len(set(px.values()))}


def _warm() -> None:
    from storyline.analyse.pipeline import analyse
    from storyline.ingest.identity import article_id
    from storyline.types import Article, PartialDate

    text = "Die Polizei nahm am Donnerstag in Berlin 20 Menschen fest. The police in London said on Friday."
    analyse(Article(article_id(text), text, PartialDate(2022, 1, 14), "warm", lang="de"))
    analyse(Article(article_id(text + "x"), text + " x", PartialDate(2022, 1, 14), "warm", lang="en"))
