"""Learning the engine's weights from labelled streams (used by ``scripts/train_cluster.py``).

Pairs (article, candidate story) are collected by replaying a labelled stream
with *gold* stories (teacher forcing): each article is vectorised exactly as at
run time, its candidates are retrieved from the inverted index exactly as at run
time (its gold story is added when retrieval missed it), each pair gets the
engine's feature vector and the label "is this the article's story", and the
article then joins its gold story. A logistic regression on those pairs gives
the sub-similarity weights. The new-story thresholds (one for articles with a
body, one for headline-only articles, whose similarities run lower) and the
merge rule are then chosen by running the real engine on the training streams
and maximising BCubed F1 -- teacher-forced pairs cannot show how one wrong join
snowballs, the real stream does.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storyline.cluster.engine import CROSS_FEATURES, DENSE_FEATURES, FEATURES, MODEL_FEATURES, StoryEngine
from storyline.types import ClusterDoc


def background_table(docs: Sequence[ClusterDoc], min_df: int = 2) -> dict:
    """Document frequencies of typed terms (t tokens, l lemmas, e entity keys, n name keys)."""
    from collections import Counter

    tables = {k: Counter() for k in ("t", "l", "e", "n")}
    for d in docs:
        tables["t"].update(set(d.title_tokens) | set(d.body_tokens))
        tables["l"].update(set(d.title_lemmas) | set(d.body_lemmas))
        tables["e"].update({e for e in d.entities if not e.startswith("~")})
        tables["n"].update({e[3:] for e in d.entities if e.startswith("~")})
    return {"n_docs": len(docs),
            "df": {k: dict(sorted((t, c) for t, c in tab.items() if c >= min_df)) for k, tab in tables.items()}}


def pairs(docs: Sequence[ClusterDoc], labels: Sequence[str], model: dict | None = None,
          window_days: int | None = None, shuffle_undated: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """Replay a labelled stream with gold stories: feature rows of all (article, candidate)
    pairs (FEATURES order) and their labels (1 = the candidate is the article's story).

    Undated streams (ECB+) come sorted by topic; replayed in that order, every
    candidate story other than the article's own is older and complete, which
    teaches order artefacts. With ``shuffle_undated`` (a seed) an undated
    stream is replayed in a fixed random order instead; dated streams keep
    their date order.
    """
    if shuffle_undated is not None and docs and all(d.date is None for d in docs):
        import random

        order = list(range(len(docs)))
        random.Random(shuffle_undated).shuffle(order)
        docs, labels = [docs[i] for i in order], [labels[i] for i in order]
    kwargs = {} if window_days is None else {"window_days": window_days}
    engine = StoryEngine(model=model, merges=False, **kwargs)
    engine._split_cos = -1.0  # gold stories are never split
    engine._dense = True  # cos_dense is filled in for docs that carry an embedding (ClusterDoc.dense)
    story_of: dict[str, int] = {}
    rows: list[list[float]] = []
    ys: list[int] = []
    for doc, d, label in zip(docs, engine.vectorise_batch(docs), labels):
        engine.seq += 1
        if d.days is not None and (engine.clock is None or d.days[1] > engine.clock):
            engine.clock = d.days[1]
        cands = engine.candidates(d)
        gold_serial = story_of.get(label)
        gold = engine.stories.get(gold_serial) if gold_serial is not None else None
        if gold is not None and gold not in cands:
            cands.append(gold)
        gold_dots = None
        for story in cands:
            f, dots = engine.features(d, story)
            rows.append(f)
            ys.append(1 if story is gold else 0)
            if story is gold:
                gold_dots = dots
        if gold is None:
            gold = engine._open(doc.id)
            story_of[label] = gold.serial
        engine._add(gold, d, gold_dots)
        if engine.seq % 256 == 0:
            engine.expire()
    return np.array(rows, dtype=np.float64).reshape(-1, len(FEATURES)), np.array(ys)


def fit(X: np.ndarray, y: np.ndarray, features: Sequence[str], C: float = 1.0,
        columns: Sequence[str] = FEATURES) -> dict:
    from sklearn.linear_model import LogisticRegression

    cols = [list(columns).index(f) for f in features]
    lr = LogisticRegression(C=C, max_iter=2000)
    lr.fit(X[:, cols], y)
    return {"features": list(features), "coef": [round(float(c), 5) for c in lr.coef_[0]],
            "intercept": round(float(lr.intercept_[0]), 5)}


def fit_models(X: np.ndarray, y: np.ndarray, C: float = 1.0, dense: bool = False) -> dict:
    """The ranking models: same language (all features) and across languages, each for
    articles with a body ("text") and headline-only articles ("title_only"), whose
    similarities behave differently. A regime without rows borrows the other's model.
    ``dense`` adds ``cos_dense`` (the optional embeddings, cluster/dense.py) to both."""
    t = FEATURES.index("title_only")
    extra = DENSE_FEATURES if dense else ()
    out: dict = {}
    for name, features in (("same", MODEL_FEATURES + extra), ("cross", CROSS_FEATURES + extra)):
        parts = {}
        for regime, mask in (("text", X[:, t] == 0), ("title_only", X[:, t] == 1)):
            if mask.sum() and len(set(y[mask])) == 2:
                parts[regime] = fit(X[mask], y[mask], [f for f in features if f != "title_only"], C)
        if not parts:
            raise ValueError("no training pairs with both labels")
        parts.setdefault("text", parts.get("title_only"))
        parts.setdefault("title_only", parts["text"])
        out[name] = parts
    return out
