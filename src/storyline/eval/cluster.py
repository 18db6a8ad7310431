"""Story clustering evaluation on gold JSON Lines (fields id, date, lang, title, text, source, story).

The file is streamed in date order (undated records keep their file order,
after dated ones) through a fresh :class:`~storyline.cluster.StoryEngine`. The
ClusterDocs are built by the production feature path: ``analyse(article)``
then ``cluster_doc(article, analysis)`` (there is no stand-in analysis).

Scores: BCubed precision/recall/F1 (Bagga & Baldwin 1998, per item), pairwise
precision/recall/F1 over same-story pairs, adjusted Rand index. Merges the
engine records are applied before scoring (an absorbed story counts as the
story it was merged into).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from math import comb
from pathlib import Path

from storyline.cluster import StoryEngine, cluster_doc
from storyline.ingest.identity import article_id
from storyline.types import Article, ClusterDoc, PartialDate

BATCH = 200
CACHE_VERSION = "cd-8"  # bump when ClusterDoc or cluster_doc() changes


# -- metrics ------------------------------------------------------------------------------

def _contingency(pred: Sequence, gold: Sequence) -> tuple[Counter, Counter, Counter]:
    if len(pred) != len(gold):
        raise ValueError("pred and gold differ in length")
    return Counter(zip(pred, gold)), Counter(pred), Counter(gold)


def bcubed(pred: Sequence, gold: Sequence) -> tuple[float, float, float]:
    """BCubed (precision, recall, F1): per item, the share of its predicted cluster that
    shares its gold story, and the share of its gold story found in its predicted cluster."""
    joint, p_sizes, g_sizes = _contingency(pred, gold)
    n = len(pred)
    if n == 0:
        return 0.0, 0.0, 0.0
    p = sum(c * c / p_sizes[pc] for (pc, _), c in joint.items()) / n
    r = sum(c * c / g_sizes[gc] for (_, gc), c in joint.items()) / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bcubed_items(pred: Sequence, gold: Sequence) -> tuple[list[float], list[float]]:
    """BCubed precision and recall of each item (their means are :func:`bcubed`'s P and R);
    per item, so that a bootstrap can resample items or groups of them."""
    joint, p_sizes, g_sizes = _contingency(pred, gold)
    return ([joint[p, g] / p_sizes[p] for p, g in zip(pred, gold)],
            [joint[p, g] / g_sizes[g] for p, g in zip(pred, gold)])


def pairwise(pred: Sequence, gold: Sequence) -> tuple[float, float, float]:
    """Precision/recall/F1 over unordered pairs of items put in one cluster."""
    joint, p_sizes, g_sizes = _contingency(pred, gold)
    tp = sum(comb(c, 2) for c in joint.values())
    pp = sum(comb(c, 2) for c in p_sizes.values())
    gp = sum(comb(c, 2) for c in g_sizes.values())
    p = tp / pp if pp else 1.0
    r = tp / gp if gp else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def ari(pred: Sequence, gold: Sequence) -> float:
    """Adjusted Rand index (Hubert & Arabie 1985)."""
    joint, p_sizes, g_sizes = _contingency(pred, gold)
    n = len(pred)
    if n < 2:
        return 1.0
    index = sum(comb(c, 2) for c in joint.values())
    a = sum(comb(c, 2) for c in p_sizes.values())
    b = sum(comb(c, 2) for c in g_sizes.values())
    expected = a * b / comb(n, 2)
    top = (a + b) / 2
    if top == expected:
        return 1.0
    return (index - expected) / (top - expected)


def scores(pred: Sequence, gold: Sequence) -> dict:
    bp, br, bf = bcubed(pred, gold)
    pp, pr, pf = pairwise(pred, gold)
    return {"bcubed_p": round(bp, 4), "bcubed_r": round(br, 4), "bcubed_f1": round(bf, 4),
            "pairwise_p": round(pp, 4), "pairwise_r": round(pr, 4), "pairwise_f1": round(pf, 4),
            "ari": round(ari(pred, gold), 4), "n_pred": len(set(pred)), "n_gold": len(set(gold))}


# -- gold files -> articles -> ClusterDocs ------------------------------------------------

@dataclass
class GoldItem:
    gold_id: str
    story: str
    article: Article


def record_date(rec: dict) -> PartialDate | None:
    """A gold record's ``date`` (any precision), None when absent or unreadable."""
    if rec.get("date"):
        try:
            return PartialDate.parse(str(rec["date"]))
        except ValueError:
            return None
    return None


def read_gold(path: Path) -> list[GoldItem]:
    """Gold records in stream order: dated ones by date, undated ones after them in file order."""
    items: list[GoldItem] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            title = rec.get("title") or None
            text = (rec.get("text") or "").strip()
            aid = article_id(text, title)
            if aid in seen:  # the same words twice (syndicated headlines): still two gold items
                aid = article_id(text, (title or "") + f"\x1f{rec.get('id', n)}")
            seen.add(aid)
            art = Article(id=aid, text=text, date=record_date(rec), source=str(rec.get("source") or path.name), title=title,
                          url=rec.get("url") or None, lang=rec.get("lang") or None, origin=f"{path}:{n}")
            items.append(GoldItem(str(rec.get("id", n)), str(rec["story"]), art))
    return sorted(items, key=lambda it: (it.article.date is None, it.article.date.sort_key() if it.article.date else ""))


def analyser():
    """The production analysis (``storyline.analyse.pipeline.analyse``) and its kind, ``"full"``.

    There is no reduced stand-in: an engine scored on features it never sees in production
    would publish figures no user gets, so a broken analysis fails here, loudly.
    """
    from storyline.analyse.pipeline import analyse

    return analyse, "full"


def _ner_fingerprint() -> str:
    """A digest of every NER model's meta.json, of the analysis code (span rules, gazetteer, keys)
    and of the gazetteer's data files: retraining a model (German or English) or changing a rule
    changes entity keys, so cached ClusterDocs built before must not be reused."""
    try:
        from storyline.analyse import entities

        digest = hashlib.sha256()
        for lang, path in sorted(entities._model_paths.items()):
            digest.update(lang.encode() + (path / "meta.json").read_bytes())
        package = Path(entities.__file__).resolve().parent
        for path in sorted(package.glob("*.py")) + sorted((package.parent / "data").glob("*")):
            if path.is_file():
                digest.update(path.name.encode() + path.read_bytes())
        return digest.hexdigest()[:12]
    except (ImportError, OSError):
        return "none"


def cache_dir(kind: str = "cluster") -> Path:
    """Where evaluation and training keep what they compute once (``~/.cache/storyline/<kind>``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "storyline" / kind


def cluster_docs(articles: Sequence[Article], cache_key: str | None = None) -> tuple[list[ClusterDoc], str, float]:
    """ClusterDocs by the production path; (docs, analysis kind, analysis+feature seconds).

    With ``cache_key`` the docs are cached on disk (``~/.cache/storyline/cluster``),
    keyed by it, the feature version and the analysis kind, and the seconds are those
    of the run that built them.
    """
    analyse, kind = analyser()
    path = None
    if cache_key:
        from storyline.cluster import dense, features

        digest = hashlib.sha256(f"{cache_key}|{CACHE_VERSION}|{kind}|{features.MAX_BODY_WORDS}|{dense.BODY_CHARS}|"
                                f"{_ner_fingerprint()}"
                                .encode()).hexdigest()[:20]
        path = cache_dir() / f"{digest}.pkl"
        if path.exists():
            docs, seconds = pickle.loads(path.read_bytes())
            return docs, kind, seconds
    start = time.process_time()
    docs = [cluster_doc(a, analyse(a)) for a in articles]
    seconds = time.process_time() - start
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps((docs, seconds)))
    return docs, kind, seconds


def file_key(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def run_engine(docs: Sequence[ClusterDoc], engine: StoryEngine | None = None) -> tuple[list[str], float, StoryEngine]:
    """Stream docs through an engine in batches; (story per doc after merges, CPU seconds, engine)."""
    from storyline.cluster.engine import background

    background()  # load the background table once, off the clock
    engine = engine if engine is not None else StoryEngine()
    assigned: dict[str, str] = {}
    merged_into: dict[str, str] = {}
    start = time.process_time()
    for i in range(0, len(docs), BATCH):
        for asg in engine.partial_fit(list(docs[i:i + BATCH])):
            assigned[asg.article_id] = asg.story_id  # a split's re-assignment overrides the first one
        for event in engine.drain_events():
            if event.kind == "merge":
                merged_into[event.other] = event.story_id
    seconds = time.process_time() - start

    def final(story: str) -> str:
        while story in merged_into:
            story = merged_into[story]
        return story

    return [final(assigned[d.id]) for d in docs], seconds, engine


def evaluate(gold: Path, peers: bool = False, cache: bool = True, engine: StoryEngine | None = None) -> dict:
    items = read_gold(gold)
    articles = [it.article for it in items]
    labels = [it.story for it in items]
    docs, kind, feat_seconds = cluster_docs(articles, file_key(gold) if cache else None)
    if engine is None:
        engine = StoryEngine()
        engine.embed_cache = str(cache_dir("dense")) if cache else None
    pred, seconds, engine = run_engine(docs, engine)
    result = scores(pred, labels)
    result.update({
        "articles": len(items),
        "articles_per_s": round(len(items) / max(seconds, 1e-9), 1),
        "articles_per_s_end_to_end": round(len(items) / max(seconds + feat_seconds, 1e-9), 1),
        "analysis": kind,
        "engine": engine.name,
        "dense": engine.gated,
        "dense_stats": {k: round(v, 3) for k, v in engine.dense_stats.items()},
    })
    if peers:
        from storyline.eval import peers as peer_mod

        result["peers"] = {}
        for name, run in peer_mod.PEERS.items():
            try:
                peer_pred, peer_seconds = run(articles)
            except ImportError as exc:
                result["peers"][name] = {"error": f"not installed: {exc}"}
                continue
            s = scores(peer_pred, labels)
            s["articles_per_s"] = round(len(items) / max(peer_seconds, 1e-9), 1)
            s["ratio_bcubed_f1"] = round(result["bcubed_f1"] / s["bcubed_f1"], 3) if s["bcubed_f1"] else None
            s["ratio_speed"] = round(result["articles_per_s"] / s["articles_per_s"], 1) if s["articles_per_s"] else None
            result["peers"][name] = s
    return result


def format_table(result: dict):
    from rich.table import Table

    table = Table(title=f"story clustering ({result['articles']} articles, analysis {result['analysis']}; "
                        f"end to end {result['articles_per_s_end_to_end']:,.0f} articles/s)")
    cols = ("system", "B3 P", "B3 R", "B3 F1", "pair P", "pair R", "pair F1", "ARI",
            "stories (gold)", "articles/s", "F1 ratio")
    for c in cols:
        table.add_column(c, justify="right" if c != "system" else "left")

    def row(name: str, r: dict, ratio: str = "") -> None:
        table.add_row(name, *(f"{r[k]:.3f}" for k in ("bcubed_p", "bcubed_r", "bcubed_f1", "pairwise_p",
                                                      "pairwise_r", "pairwise_f1", "ari")),
                      f"{r['n_pred']} ({r['n_gold']})", f"{r['articles_per_s']:,.0f}", ratio)

    row("storyline", result)
    for name, r in (result.get("peers") or {}).items():
        if "error" in r:
            table.add_row(name, *([""] * 9), r["error"])
        else:
            row(name, r, f"{r['ratio_bcubed_f1']:.2f}" if r.get("ratio_bcubed_f1") else "")
    return table
