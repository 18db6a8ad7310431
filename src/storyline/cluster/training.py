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
    engine = StoryEngine(model=model, merges=False, dense=False, **kwargs)
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
        columns: Sequence[str] = FEATURES, weight: np.ndarray | None = None) -> dict:
    """A logistic regression on the named columns. ``y`` may hold soft targets in [0, 1] (a rater
    score): each row then counts as a positive with weight ``y`` and a negative with ``1 - y``,
    which is the cross-entropy against the soft target."""
    from sklearn.linear_model import LogisticRegression

    cols = [list(columns).index(f) for f in features]
    w = np.ones(len(y)) if weight is None else np.asarray(weight, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    Z = X[:, cols]
    if np.all((y == 0) | (y == 1)):
        Zs, ys, ws = Z, y, w
    else:
        Zs, ys, ws = np.vstack([Z, Z]), np.r_[np.ones(len(y)), np.zeros(len(y))], np.r_[w * y, w * (1 - y)]
    keep = ws > 0
    # a feature constant over the rows (no_date over undated files: every full article in ECB+ and the
    # rated pairs) says nothing, yet L2 would split the intercept with it and shift every article where it
    # differs (dated news) by its weight: it gets weight 0
    varies = np.ptp(Z, axis=0) > 0
    lr = LogisticRegression(C=C, max_iter=5000)
    lr.fit(Zs[keep][:, varies], ys[keep], sample_weight=ws[keep])
    coef = np.zeros(len(features))
    coef[varies] = lr.coef_[0]
    return {"features": list(features), "coef": [round(float(c), 5) for c in coef],
            "intercept": round(float(lr.intercept_[0]), 5)}


def fit_models(X: np.ndarray, y: np.ndarray, C: float = 1.0, dense: bool = False,
               weight: np.ndarray | None = None, cross_rows: np.ndarray | None = None) -> dict:
    """The ranking models: same language (all features) and across languages, each for
    articles with a body ("text") and headline-only articles ("title_only"), whose
    similarities behave differently. A regime without rows borrows the other's model.
    ``dense`` adds ``cos_dense`` (the optional embeddings, cluster/dense.py) to both.

    ``cross_rows`` (bool per row) marks rows judged across languages for real (German–English
    pairs): the same-language models leave them out. Every other row trains both models, the
    cross model seeing only its language-independent features. ``weight`` weighs rows
    (``y`` may be soft, see :func:`fit`)."""
    t = FEATURES.index("title_only")
    extra = DENSE_FEATURES if dense else ()
    w = np.ones(len(y)) if weight is None else np.asarray(weight, dtype=np.float64)
    real_cross = np.zeros(len(y), dtype=bool) if cross_rows is None else np.asarray(cross_rows, dtype=bool)
    out: dict = {}
    for name, features in (("same", MODEL_FEATURES + extra), ("cross", CROSS_FEATURES + extra)):
        rows = ~real_cross if name == "same" else np.ones(len(y), dtype=bool)
        parts = {}
        for regime, mask in (("text", X[:, t] == 0), ("title_only", X[:, t] == 1)):
            mask = mask & rows
            if mask.sum() and (y[mask] > 0).any() and (y[mask] < 1).any():
                parts[regime] = fit(X[mask], y[mask], [f for f in features if f != "title_only"], C,
                                    weight=w[mask])
        if not parts:
            raise ValueError("no training pairs with both labels")
        parts.setdefault("text", parts.get("title_only"))
        parts.setdefault("title_only", parts["text"])
        out[name] = parts
    return out


# -- labelled article pairs (same story or not) -----------------------------------------------------

def soft_target(label: str | None, overall: float | None) -> float:
    """The training target of a rated pair: 1 for "same", 0 for "different", and in between the mean
    rating (1 = same story ... 4 = unrelated) mapped linearly onto [1, 0]."""
    if label == "same":
        return 1.0
    if label == "different":
        return 0.0
    if overall is None:
        raise ValueError("an unlabelled pair needs its overall rating")
    return float(min(1.0, max(0.0, (4.0 - overall) / 3.0)))


def pair_rows(pairs: Sequence[tuple[ClusterDoc, ClusterDoc]], model: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows (FEATURES order) of article ``b`` against the one-article story of ``a``, each pair
    in a fresh engine as ``eval pairs`` runs it, and whether the pair is judged across languages.
    ``cos_dense`` is filled in when the ClusterDocs carry embeddings."""
    rows, cross = [], []
    for a, b in pairs:
        engine = StoryEngine(model=model, merges=False, dense=False)
        engine._dense = True
        da, db = engine.vectorise_batch([a, b])
        story = engine._open(a.id)
        engine._add(story, da, None)
        f, _ = engine.features(db, story)
        rows.append(f)
        cross.append(engine.is_cross(db, story))
    return np.array(rows, dtype=np.float64).reshape(-1, len(FEATURES)), np.array(cross, dtype=bool)


# -- the gate: where the dense model may overrule the lexical one ---------------------------------------

GATE_LOW = (0.0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.25, 0.3)
GATE_HIGH = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99, 1.01)


def gate_band(p_lex: np.ndarray, dense_yes: np.ndarray, tolerance: float) -> tuple[float, float]:
    """The narrowest band [lo, hi) of lexical probabilities outside which the lexical verdict (no below lo,
    yes from hi) disagrees with the dense model's decision on at most ``tolerance`` of the rows on each side."""
    n = max(len(p_lex), 1)
    lo = max(t for t in GATE_LOW if np.sum((p_lex < t) & dense_yes) <= tolerance * n)
    hi = min(t for t in GATE_HIGH if t > lo and np.sum((p_lex >= t) & ~dense_yes) <= tolerance * n)
    return lo, hi


def gate_bands(X: np.ndarray, cross_rows: np.ndarray, model: dict, tolerance: float = 0.002) -> dict:
    """Per regime, :func:`gate_band` of the model's lexical part against its dense part on training rows.
    Cross-language bands also read the same-language rows judged by the cross models (there are few real
    cross-language rows)."""
    t = FEATURES.index("title_only")
    lexical = StoryEngine(model={k: v for k, v in model.items() if k != "dense"}, dense=False)
    dense = StoryEngine(model=dict(model["dense"]), dense=False)
    out: dict = {"same": {}, "cross": {}}
    for cross in (False, True):
        rows = X if cross else X[~cross_rows]
        for title_only in (False, True):
            part = rows[rows[:, t] == int(title_only)]
            if not len(part):
                out["cross" if cross else "same"]["title_only" if title_only else "text"] = [0.0, 1.01]
                continue
            p_lex = np.array([lexical.probability(list(r), cross, title_only) for r in part])
            p_den = np.array([dense.probability(list(r), cross, title_only) for r in part])
            yes = p_den >= dense.thresholds[cross, title_only]
            out["cross" if cross else "same"]["title_only" if title_only else "text"] = \
                list(gate_band(p_lex, yes, tolerance))
    return out
