#!/usr/bin/env python
"""Static German word vectors from the text available in ../shared/data, for the NER model's
``--vectors`` option (scripts/train_ner.py): positive PMI of words within two tokens of each
other, reduced by a truncated SVD (Levy & Goldberg 2014 style), one vector per lower-cased word.

Text: GermEval 2014 test.tsv, SmartData, Europarl NER train, WikiANN de train and the German
articles of semeval_de (~0.8 M tokens). GermEval dev.tsv is never read. Whether the vectors pay
is measured in docs/ner.md; they are not part of the committed model unless they do.

  .venv/bin/python scripts/ner_vectors.py --out /tmp/vectors_de [--dims 64] [--words 20000]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

WINDOW = 2


def german_sentences(data: Path) -> list[list[str]]:
    """Lower-cased token lists of every German text here except GermEval dev."""
    import train_ner as tn
    from storyline.analyse.sentences import split
    from storyline.eval.ner import read_germeval

    sents = [w for w, _ in read_germeval(data / "germeval2014" / "test.tsv")]
    sents += [w for w, _ in read_germeval(data / "europarl_ner" / "train.tsv.gz")]
    sents += [w for w, _ in read_germeval(data / "wikiann" / "de" / "train.gz")]
    sd = tn.smartdata([data / "smartdata" / "v1_train.json.gz", data / "smartdata" / "v3_dev.json.gz"], set())
    sents += [s.words for doc in sd for s in doc]
    with open(data / "semeval_de" / "pairs.dev.jsonl", encoding="utf-8") as fh:
        seen: set[str] = set()
        for line in fh:
            pair = json.loads(line)
            for art in (pair["a"], pair["b"]):
                if art["lang"] == "de" and art["id"] not in seen:
                    seen.add(art["id"])
                    sents += [[t.text for t in s.tokens] for s in split(art["text"], "de")]
    return [[w.lower() for w in s] for s in sents]


def ppmi_svd(sents: list[list[str]], n_words: int, dims: int) -> tuple[list[str], np.ndarray]:
    from scipy.sparse import coo_matrix
    from sklearn.decomposition import TruncatedSVD

    counts = Counter(w for s in sents for w in s)
    words = [w for w, c in counts.most_common(n_words) if c >= 2]
    index = {w: i for i, w in enumerate(words)}
    rows, cols, vals = [], [], []
    for s in sents:
        ids = [index.get(w, -1) for w in s]
        for i, a in enumerate(ids):
            if a < 0:
                continue
            for d in range(1, WINDOW + 1):
                if i + d < len(ids) and ids[i + d] >= 0:
                    rows += [a, ids[i + d]]
                    cols += [ids[i + d], a]
                    vals += [1.0 / d, 1.0 / d]
    n = len(words)
    m = coo_matrix((vals, (rows, cols)), shape=(n, n)).tocsr()
    row = np.asarray(m.sum(axis=1)).ravel()
    col = np.asarray(m.sum(axis=0)).ravel() ** 0.75  # context smoothing
    m = m.tocoo()
    pmi = np.log(m.data * col.sum() / (row[m.row] * col[m.col]))
    keep = pmi > 0
    ppmi = coo_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=(n, n)).tocsr()
    svd = TruncatedSVD(n_components=dims, random_state=0)
    vecs = svd.fit_transform(ppmi)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-8
    return words, vecs.astype(np.float32)


def write(out: Path, words: list[str], vecs: np.ndarray) -> None:
    out.mkdir(parents=True, exist_ok=True)
    np.save(out / "vectors.npy", vecs)
    # JSON, not lines: a token may hold a carriage return, which read_text would split on
    (out / "words.json").write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")


def main() -> int:
    import train_ner as tn

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=tn.default_data_dir())
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--dims", type=int, default=64)
    ap.add_argument("--words", type=int, default=20000)
    args = ap.parse_args()
    sents = german_sentences(args.data)
    print(f"{len(sents)} sentences, {sum(map(len, sents))} tokens")
    words, vecs = ppmi_svd(sents, args.words, args.dims)
    write(args.out, words, vecs)
    print(f"wrote {len(words)} x {args.dims} to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
