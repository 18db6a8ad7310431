#!/usr/bin/env python
"""Held-out BCubed F1 of the story engine on the labelled streams, with or without ``cos_dense``.

The folds of ``train_cluster.py`` (ECB+ topics / UCI stories, 5 folds): ranking models are fit on
four folds and the real engine (the shipped model's merge rule) runs on the fifth; predictions are
pooled per stream over the folds, for a grid of new-story thresholds. Used for docs/embeddings.md.

Usage:
  .venv/bin/python scripts/cv_cluster.py [--dense] [--C 1.0] [--save preds.pkl]
  .venv/bin/python scripts/cv_cluster.py --compare off.pkl on.pkl   # paired bootstrap over topics/stories
  .venv/bin/python scripts/cv_cluster.py --cost                     # ms per article of the embeddings
  .venv/bin/python scripts/cv_cluster.py --cross-probe MODEL.json    # German story, English article: p off/on
  .venv/bin/python scripts/cv_cluster.py --pairs [--dense] [--weights 0,1,4,16]  # rated pairs: held-out figures

``--pairs`` chooses what the rated German and German–English pairs (semeval_de) weigh in training: for
each pair weight the models are fit on four folds (streams by ECB+ topic / UCI story, pairs by groups
that share an article) and score the fifth; it prints the held-out pair ROC-AUC, the decision
accuracy at each threshold of a grid, and the streams' held-out BCubed F1 at those thresholds.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import numpy as np  # noqa: E402

import train_cluster as tc  # noqa: E402
from storyline.cluster import engine as engine_mod  # noqa: E402
from storyline.eval import cluster as ev  # noqa: E402

GRID = (0.2, 0.3, 0.4, 0.5, 0.6)


def files(data: Path):
    return [(data / "ecbplus" / "ecbplus.train.jsonl", None), (data / "ecbplus" / "ecbplus.dev.jsonl", None),
            (data / "uci_news" / "uci.dev.jsonl", "all")]


def run(data: Path, dense: bool, C: float) -> dict:
    streams = []
    for path, half in files(data):
        docs, labels, kind = tc.load_stream(path, half, dense)
        streams.append((docs, labels, path))
        print(f"{path.name}: {len(docs)} articles, analysis {kind}", flush=True)
    base = engine_mod.default_model()
    folds = tc.cross_fit(streams, C, dense)
    out: dict = {}
    for t in GRID:
        for fold_model, held, _ in folds:
            for docs, labels, name in held:
                engine = engine_mod.StoryEngine(model={**base, **fold_model,
                                                       "threshold": {**base["threshold"], "text": t, "title_only": t}},
                                                dense=False)
                pred, _, _ = ev.run_engine(docs, engine)
                p, g = out.setdefault(t, {}).setdefault(name, ([], []))
                p.extend(pred)
                g.extend(labels)
        print(f"{'on ' if dense else 'off'} threshold {t}: held-out BCubed F1 "
              + ", ".join(f"{n} {ev.bcubed(p, g)[2]:.4f}" for n, (p, g) in out[t].items()), flush=True)
    for part in ("same", "cross"):
        for regime in ("text", "title_only"):
            m = folds[0][0][part][regime]
            if "cos_dense" in m["features"]:
                print(f"  fold 0 {part} {regime}: cos_dense {m['coef'][m['features'].index('cos_dense')]:+.2f}")
    return out


def pairs_cv(data: Path, dense: bool, C: float, weights: list[float]) -> None:
    from storyline.eval.pairs import roc_auc

    streams = [(docs, labels, path) for path, half in files(data)
               for docs, labels, _ in [tc.load_stream(path, half, dense)]]
    pairset = tc.PairSet(data / "semeval_de" / "pairs.dev.jsonl", dense)
    base = engine_mod.default_model()
    grid = (0.2, 0.3, 0.4, 0.5, 0.6)
    for w in weights:
        folds = tc.cross_fit(streams, C, dense, pairset, w)
        p = np.zeros(len(pairset.items))
        for fold_model, _, rows in folds:
            p[rows], _ = pairset.decisions({**base, **fold_model}, base["threshold"], rows)
        line = [f"{'dense' if dense else 'lexical'} pair weight {w:g}:"]
        for langs in ("de-de", "de-en"):
            m = (pairset.langs == langs) & pairset.labelled
            y = pairset.same[m]
            line.append(f"{langs} AUC {roc_auc(list(p[m]), list(y)):.3f} accuracy "
                        + "/".join(f"{np.mean(((p[m] >= t) & pairset.retrieved[m]) == y):.3f}" for t in grid))
        f1 = {}
        for t in grid:
            for fold_model, held, _ in folds:
                for docs, labels, name in held:
                    engine = engine_mod.StoryEngine(model={**base, **fold_model, "threshold": {
                        **base["threshold"], "text": t, "title_only": t}}, dense=False)
                    pred, _, _ = ev.run_engine(docs, engine)
                    a, b = f1.setdefault((t, name), ([], []))
                    a.extend(pred)
                    b.extend(labels)
        names = sorted({n for _, n in f1})
        line.append("BCubed " + "; ".join(n.split(".")[0] + "." + n.split(".")[1] + " "
                                          + "/".join(f"{ev.bcubed(*f1[t, n])[2]:.3f}" for t in grid) for n in names))
        print(f"  (thresholds {'/'.join(map(str, grid))})  " + " | ".join(line), flush=True)


def _items(pred, gold):
    return tuple(np.array(x) for x in ev.bcubed_items(pred, gold))


def _f1(prec, rec) -> float:
    p, r = prec.mean(), rec.mean()
    return 2 * p * r / (p + r) if p + r else 0.0


def compare(off: dict, on: dict, rounds: int = 2000) -> None:
    """Paired bootstrap of on - off over held-out groups (ECB+ topics, UCI stories)."""
    rng = np.random.default_rng(0)

    def best(d):
        return max(d, key=lambda t: np.mean([_f1(*_items(*d[t][n])) for n in d[t]]))

    t_off, t_on = best(off), best(on)
    for label, a_t, b_t in ((f"each at its best common threshold (off {t_off}, on {t_on})", t_off, t_on),
                            ("both at 0.3 (the shipped threshold)", 0.3, 0.3), ("both at 0.4", 0.4, 0.4)):
        print(label)
        for name in off[a_t]:
            gold = off[a_t][name][1]
            a, b = _items(*off[a_t][name]), _items(*on[b_t][name])
            grp = np.array([g.split("_")[0] if name.startswith("ecbplus") else g for g in gold])
            groups = np.unique(grp)
            idx = {g: np.flatnonzero(grp == g) for g in groups}
            deltas = []
            for _ in range(rounds):
                sel = np.concatenate([idx[g] for g in rng.choice(groups, len(groups))])
                deltas.append(_f1(b[0][sel], b[1][sel]) - _f1(a[0][sel], a[1][sel]))
            lo, hi = np.percentile(deltas, [2.5, 97.5])
            print(f"  {name:20} off {_f1(*a):.4f}  on {_f1(*b):.4f}  delta {_f1(*b) - _f1(*a):+.4f}  "
                  f"95% CI [{lo:+.4f}, {hi:+.4f}] over {len(groups)} groups")


def cost(data: Path) -> None:
    from storyline.cluster import dense

    gold = {p.name: ev.read_gold(p) for p, _ in files(data)[1:]}
    sets = [("ECB+ dev, headline + 300 chars", [dense.doc_text(i.article.title, i.article.text)
                                               for i in gold["ecbplus.dev.jsonl"]][:100]),
            ("UCI dev, headline", [dense.doc_text(i.article.title, i.article.text)
                                   for i in gold["uci.dev.jsonl"]][:300]),
            ("ECB+ dev, whole article", [i.article.text for i in gold["ecbplus.dev.jsonl"]][:20])]
    t = time.perf_counter()
    model = dense._load()
    print(f"model load {1000 * (time.perf_counter() - t):.0f} ms")
    for name, texts in sets:
        c = time.process_time()
        for x in texts:
            model.query(x)
        ms = 1000 * (time.process_time() - c) / len(texts)
        print(f"  {name:32} {len(texts):3} texts, mean {np.mean([len(x) for x in texts]):5.0f} chars: "
              f"{ms:7.1f} ms CPU per article")


def cross_probe(model_on: Path) -> None:
    """P(an English article joins a one-article German story) under the shipped model and ``model_on``."""
    import json

    sys.path.insert(0, str(ROOT))
    from storyline.cluster import cluster_doc, dense
    from storyline.ingest.identity import article_id
    from storyline.ingest.textfile import read_text_file
    from storyline.types import Article, PartialDate
    from tests.cluster import articles as A

    analyse = ev.analyser()[0]
    arts = {}
    for name, lang, date in (("CSTO_DE", "de", "2022-01-13"), ("CSTO_EN", "en", "2022-01-13"),
                             ("KZ_ENERGY_EN", "en", "2022-01-18"), ("KZ_FOOTBALL_DE", "de", "2022-01-20"),
                             ("BUNDESLIGA_DE", "de", "2022-01-15"), ("INFLATION_DE", "de", "2022-01-06")):
        text = getattr(A, name)
        arts[name] = Article(article_id(text, None), text, PartialDate.parse(date), "test", lang=lang)
    for path in sorted((ROOT / "src" / "storyline" / "examples" / "seeds").glob("*.txt")):
        arts["seed" + path.name[:3]] = read_text_file(path)
    docs = {name: cluster_doc(a, analyse(a)) for name, a in arts.items()}
    dense.attach(list(docs.values()), list(arts.values()), tc.dense_cache())
    models = (engine_mod.default_model(), json.loads(Path(model_on).read_text(encoding="utf-8")))
    pairs = [("CSTO_DE", "CSTO_EN", "same event"), ("seed002", "CSTO_EN", "same event"),
             ("seed000", "CSTO_EN", "same story"), ("CSTO_DE", "KZ_ENERGY_EN", "other"),
             ("seed002", "KZ_ENERGY_EN", "other"), ("KZ_FOOTBALL_DE", "KZ_ENERGY_EN", "other"),
             ("BUNDESLIGA_DE", "CSTO_EN", "other"), ("INFLATION_DE", "KZ_ENERGY_EN", "other"),
             ("KZ_FOOTBALL_DE", "CSTO_EN", "other")]
    print(f"{'German story':15} {'English article':15} {'gold':10} {'candidate':9} {'cos_dense':>9} "
          f"{'raw cos':>7} {'p off':>6} {'p on':>6}  threshold off/on")
    for a, b, gold in pairs:
        row = []
        for model in models:
            engine = engine_mod.StoryEngine(model=model, dense=False)
            engine.partial_fit([docs[a]])
            d = engine.vectorise(docs[b])
            story = next(iter(engine.stories.values()))
            cand = story in engine.candidates(d)
            if d.dense is None:  # off: the engine does not read embeddings; set them only to print cos_dense
                d.dense, story.dense = docs[b].dense, docs[a].dense
            f, _ = engine.features(d, story)
            cross = engine.is_cross(d, story)
            row.append((engine.probability(f, cross, d.title_only), cand, f[engine_mod._COS_DENSE],
                        engine.thresholds[cross, d.title_only]))
        (p0, cand, cd, t0), (p1, _, _, t1) = row
        raw = engine_mod.DENSE_FLOOR + (1 - engine_mod.DENSE_FLOOR) * cd
        print(f"{a:15} {b:15} {gold:10} {'yes' if cand else 'no':9} {cd:9.3f} {raw:7.3f} {p0:6.3f} {p1:6.3f}  "
              f"{t0}/{t1}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", help="../shared/data by default")
    ap.add_argument("--dense", action="store_true", help="embed the articles and add cos_dense to the models")
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--save", help="pickle the pooled predictions here (for --compare)")
    ap.add_argument("--compare", nargs=2, metavar=("OFF", "ON"))
    ap.add_argument("--cost", action="store_true")
    ap.add_argument("--cross-probe", metavar="MODEL_JSON", help="a model trained with train_cluster.py --dense")
    ap.add_argument("--pairs", action="store_true", help="held-out figures on the rated pairs per pair weight")
    ap.add_argument("--weights", default="0,1,4,16", help="pair weights for --pairs")
    args = ap.parse_args()
    if args.compare:
        compare(*(pickle.loads(Path(p).read_bytes()) for p in args.compare))
        return 0
    data = tc.data_dir(args.data)
    if args.cost:
        cost(data)
        return 0
    if args.pairs:
        pairs_cv(data, args.dense, args.C, [float(w) for w in args.weights.split(",")])
        return 0
    if args.cross_probe:
        cross_probe(Path(args.cross_probe))
        return 0
    out = run(data, args.dense, args.C)
    if args.save:
        Path(args.save).write_bytes(pickle.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
