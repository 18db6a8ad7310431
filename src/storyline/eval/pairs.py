"""Same story or not, one pair at a time: the story engine on labelled article pairs.

Gold file: JSON Lines with ``pair_id``, ``label`` (``same``/``different``; null pairs are
not scored), ``overall`` (the mean human rating, 1 = same story ... 4 = unrelated) and two
articles ``a`` and ``b`` (``id``, ``lang``, ``text``; optional ``title``, ``date``). The
SemEval-2022 Task 8 pairs in ../shared/data/semeval_de have this form; their ``text`` is the
headline followed by the start of the article, so a first line (or a run of two spaces)
within the opening characters is read as the headline.

Each labelled pair goes through a fresh engine by the production path: ``analyse`` ->
``cluster_doc`` -> ``partial_fit`` with ``a``, then ``b``. The pair is *joined* when ``b``
lands in ``a``'s story: that is the engine's decision, inverted index, gate and threshold
included. The *join probability* is the probability the engine's model gives ``b`` for ``a``'s
story just before ``b`` is assigned (``StoryEngine.probability_of``): exact, with the embedding
when the model has a dense part, and also for a pair whose story the index would not retrieve
(the decision counts such a pair as split; the ROC-AUC ranks the model's probabilities).

Reported per language pair (``de-de``, ``de-en``, ..., and ``all``): ROC-AUC of the join
probability, the engine's decision accuracy, same-story pairs split, different-story pairs
joined. Pairs in a language storyline does not analyse (``storyline.lang.HANDLED``) are
counted and skipped. The peer (``peers=True``) is a TF-IDF cosine over the same texts, its
threshold the best one on the file itself: an oracle, flagged as such.
"""

from __future__ import annotations

import hashlib

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from storyline.cluster import StoryEngine
from storyline.eval.cluster import cache_dir, cluster_docs, file_key, record_date
from storyline.ingest.identity import article_id
from storyline.lang import HANDLED
from storyline.types import Article, ClusterDoc

HEADLINE_CHARS = 300  # a headline ends within this many characters, or the text has none


@dataclass
class Pair:
    pair_id: str
    label: str | None  # "same", "different" or None (the raters were in between)
    overall: float | None
    a: Article
    b: Article

    @property
    def langs(self) -> str:
        return f"{self.a.lang or '?'}-{self.b.lang or '?'}"

    @property
    def handled(self) -> bool:
        return self.a.lang in HANDLED and self.b.lang in HANDLED


def split_headline(text: str) -> tuple[str | None, str]:
    """(headline, body) of a text that opens with its headline, separated by a line break or two
    spaces; (None, text) when no such break comes early enough."""
    text = text.strip()
    head = text[:HEADLINE_CHARS]
    cuts = [i for i in (head.find("\n"), head.find("  ")) if i > 0]
    if not cuts:
        return None, text
    i = min(cuts)
    return text[:i].strip(), text[i:].strip()


def _article(rec: dict, where: str) -> Article:
    text = rec.get("text") or ""
    title = rec.get("title")
    if title is None:
        title, text = split_headline(text)
    return Article(article_id(text, title), text, record_date(rec), "pairs", title=title, lang=rec.get("lang") or None,
                   origin=where)


def read_pairs(path: Path) -> list[Pair]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            label = rec.get("label")
            if label not in (None, "same", "different"):
                raise ValueError(f"line {n}: label {label!r} is neither same, different nor null")
            out.append(Pair(str(rec.get("pair_id", n)), label, rec.get("overall"),
                            _article(rec["a"], f"{path}:{n}:a"), _article(rec["b"], f"{path}:{n}:b")))
    return out


# -- metrics ----------------------------------------------------------------------------------

def roc_auc(scores: Sequence[float], positive: Sequence[bool]) -> float | None:
    """Probability that a random positive scores above a random negative (ties count half);
    None when one class is missing."""
    pos = [s for s, y in zip(scores, positive) if y]
    neg = [s for s, y in zip(scores, positive) if not y]
    if not pos or not neg:
        return None
    ranked = sorted((s, i) for i, s in enumerate(scores))
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(ranked):  # mean rank over a run of ties
        j = i
        while j + 1 < len(ranked) and ranked[j + 1][0] == ranked[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[ranked[k][1]] = (i + j) / 2 + 1
        i = j + 1
    r_pos = sum(r for r, y in zip(ranks, positive) if y)
    return (r_pos - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def best_threshold(scores: Sequence[float], positive: Sequence[bool]) -> tuple[float, float]:
    """(threshold, accuracy) of the best cut ``score >= threshold`` on these very pairs (an oracle)."""
    cuts = sorted(set(scores)) + [float("inf")]
    best = (0.0, -1.0)
    for t in cuts:
        acc = sum((s >= t) == y for s, y in zip(scores, positive)) / len(scores)
        if acc > best[1]:
            best = (t, acc)
    return best


def summary(scores: Sequence[float], joined: Sequence[bool], positive: Sequence[bool]) -> dict:
    n_same = sum(positive)
    auc = roc_auc(scores, positive)
    return {
        "pairs": len(positive), "same": n_same, "different": len(positive) - n_same,
        "roc_auc": None if auc is None else round(auc, 4),
        "accuracy": round(sum(j == y for j, y in zip(joined, positive)) / len(positive), 4) if positive else None,
        "same_split": sum(1 for j, y in zip(joined, positive) if y and not j),
        "different_joined": sum(1 for j, y in zip(joined, positive) if j and not y),
    }


# -- the engine, pair by pair -------------------------------------------------------------------

def run_pair(doc_a: ClusterDoc, doc_b: ClusterDoc, model: dict | None = None,
             embed_cache: Path | None = None) -> tuple[float, bool]:
    """(join probability, joined) of ``b`` after ``a`` in a fresh engine (embeddings it computes are kept in
    ``embed_cache`` when given)."""
    engine = StoryEngine(model=model)
    engine.embed_cache = str(embed_cache) if embed_cache else None
    first = engine.partial_fit([doc_a])[0]
    p = engine.probability_of(doc_b, first.story_id)
    second = next(x for x in engine.partial_fit([doc_b]) if x.article_id == doc_b.id)
    joined = engine.resolve(second.story_id) == engine.resolve(first.story_id)
    return float(p), joined


def pair_docs(pairs: Sequence[Pair], cache_key: str | None) -> dict[str, ClusterDoc]:
    """ClusterDocs of every distinct article of the handled pairs (analysed once, cached)."""
    arts: dict[str, Article] = {}
    for p in pairs:
        if p.handled:
            arts.setdefault(p.a.id, p.a)
            arts.setdefault(p.b.id, p.b)
    if cache_key:  # the labelled pairs and all pairs of one file are different sets: cache them apart
        cache_key += "|" + hashlib.sha256("\n".join(sorted(arts)).encode()).hexdigest()[:16]
    docs, _, _ = cluster_docs(list(arts.values()), cache_key)
    return {d.id: d for d in docs}


def tfidf_scores(pairs: Sequence[Pair]) -> list[float]:
    """Cosine of the two texts' TF-IDF vectors (scikit-learn, sublinear tf, fit on every text of the pairs)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = {}
    for p in pairs:
        for a in (p.a, p.b):
            texts.setdefault(a.id, ((a.title or "") + "\n" + a.text).strip())
    ids = list(texts)
    X = TfidfVectorizer(sublinear_tf=True).fit_transform([texts[i] for i in ids])
    row = {i: k for k, i in enumerate(ids)}
    return [float(X[row[p.a.id]].multiply(X[row[p.b.id]]).sum()) for p in pairs]


def evaluate(gold: Path, peers: bool = False, cache: bool = True, model: dict | None = None,
             runner: Callable[..., tuple[float, bool]] = run_pair) -> dict:
    pairs = read_pairs(gold)
    labelled = [p for p in pairs if p.label is not None]
    skipped: dict[str, int] = {}
    for p in labelled:
        if not p.handled:
            skipped[p.langs] = skipped.get(p.langs, 0) + 1
    scored = [p for p in labelled if p.handled]
    t = time.process_time()
    docs = pair_docs(scored, f"pairs|{file_key(gold)}" if cache else None)
    feature_s = time.process_time() - t
    t = time.process_time()
    embed_cache = cache_dir("dense") if cache else None
    results = [runner(docs[p.a.id], docs[p.b.id], model, embed_cache) for p in scored]
    engine_s = time.process_time() - t
    groups: dict[str, list[int]] = {}
    for i, p in enumerate(scored):
        groups.setdefault(p.langs, []).append(i)
    groups["all"] = list(range(len(scored)))
    out: dict = {"pairs": len(pairs), "labelled": len(labelled), "unlabelled": len(pairs) - len(labelled),
                 "skipped_languages": skipped, "engine": StoryEngine.name, "dense": StoryEngine(model=model).gated,
                 "groups": {},
                 "engine_seconds": round(engine_s, 3), "features_seconds": round(feature_s, 3)}
    tf = tfidf_scores(scored) if peers else None
    for name, idx in groups.items():
        positive = [scored[i].label == "same" for i in idx]
        g = summary([results[i][0] for i in idx], [results[i][1] for i in idx], positive)
        if tf is not None:
            s = [tf[i] for i in idx]
            thr, acc = best_threshold(s, positive)
            auc = roc_auc(s, positive)
            g["tfidf"] = {"roc_auc": None if auc is None else round(auc, 4), "accuracy": round(acc, 4),
                          "threshold": round(thr, 4), "oracle": True,
                          "same_split": sum(1 for x, y in zip(s, positive) if y and x < thr),
                          "different_joined": sum(1 for x, y in zip(s, positive) if not y and x >= thr)}
        out["groups"][name] = g
    out["per_pair"] = [{"pair_id": p.pair_id, "langs": p.langs, "label": p.label, "p": round(r[0], 4),
                        "joined": r[1]} for p, r in zip(scored, results)]
    return out


def format_table(result: dict):
    from rich.table import Table

    skipped = ", ".join(f"{n} {k}" for k, n in sorted(result["skipped_languages"].items())) or "none"
    table = Table(title=f"same story? {result['labelled']} labelled pairs ({result['unlabelled']} unlabelled not "
                        f"scored; skipped, language not analysed: {skipped}); dense signal "
                        f"{'on' if result.get('dense') else 'off'}")
    for c in ("pairs", "system", "same / different", "ROC-AUC", "accuracy", "same split", "different joined"):
        table.add_column(c, justify="left" if c in ("pairs", "system") else "right")
    fmt = lambda x: "–" if x is None else f"{x:.3f}"  # noqa: E731
    for name, g in result["groups"].items():
        table.add_row(name, "storyline", f"{g['same']} / {g['different']}", fmt(g["roc_auc"]), fmt(g["accuracy"]),
                      str(g["same_split"]), str(g["different_joined"]))
        if "tfidf" in g:
            t = g["tfidf"]
            table.add_row("", f"TF-IDF cosine (oracle threshold {t['threshold']:.2f})", "", fmt(t["roc_auc"]),
                          fmt(t["accuracy"]), str(t["same_split"]), str(t["different_joined"]))
    return table
