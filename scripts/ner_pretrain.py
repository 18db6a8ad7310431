#!/usr/bin/env python
"""Pretrain the NER models' tok2vec on raw German text (spaCy's character objective), for
``train_ner.py --init-tok2vec``.

The layer pretrained is exactly the one ``train_ner.build_nlp`` makes (same hash tables, same
gazetteer classes as ``TAG`` input, SoMaJo words), so its weights load as they are. The text:
every training sentence of ``train_ner.load_corpora`` (GermEval test.tsv minus its held-out 8 %,
SmartData minus its held-out documents, Europarl train, WikiANN train) plus the German articles
of semeval_de outside its held-out pair groups, labelled or not. GermEval dev.tsv and every
held-out set stay out. The objective (``spacy.PretrainCharacters.v1``) predicts the first and
last four characters of each word from its context, the one spaCy offers without vectors.

  .venv/bin/python scripts/ner_pretrain.py --out /tmp/pretrain [--epochs 8] [--minutes 25]
Each epoch writes ``model<N>.bin``; ``train_ner.py --init-tok2vec /tmp/pretrain/model<N>.bin``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_ner  # noqa: E402
from spacy.training.pretrain import ensure_docs, make_update  # noqa: E402
from spacy.util import minibatch, registry  # noqa: E402
from thinc.api import Adam, set_dropout_rate  # noqa: E402


def texts(data: Path, rng: random.Random) -> list[tuple[list[str], list[bool]]]:
    """Training words of every corpus plus the semeval German articles outside the held-out groups."""
    from storyline.analyse.sentences import split

    train, _ = train_ner.load_corpora("de", data, rng)
    out = [(s.words, s.spaces or [True] * len(s.words)) for name, sents in train.items() if name != "semeval"
           for s in sents]
    held = train_ner.semeval_held_ids(data, "de")
    articles, _ = train_ner.semeval_articles(data, "de")
    for art, text in sorted(articles.items()):
        if art in held:
            continue
        for sent in split(text, "de"):
            out.append(([t.text for t in sent.tokens], train_ner._spaces(sent.tokens)))
    return out


def pretrain(sents: list[tuple[list[str], list[bool]]], out: Path, epochs: int, minutes: float, seed: int = 13,
             width: int = 96, depth: int = 4, rows: tuple[int, ...] = (20000, 5000, 5000, 1000)) -> list[Path]:
    """Pretrain the tok2vec layer of ``train_ner.build_nlp`` on ``sents``; one weights file an epoch."""
    import spacy

    train_ner.FEATURES, train_ner.NAMES, train_ner.LEXICON = True, True, False
    rng = random.Random(seed)
    spacy.util.fix_random_seed(seed)
    nlp = train_ner.build_nlp("de", width, depth, list(rows), 64)
    docs = [train_ner.make_doc(nlp.vocab, w, sp) for w, sp in sents if len(w) >= 3]
    tok2vec = nlp.get_pipe("tok2vec").model
    tok2vec.initialize(X=docs[:100])
    objective = registry.architectures.get("spacy.PretrainCharacters.v1")(maxout_pieces=3, hidden_size=300,
                                                                          n_characters=4)
    model = objective(nlp.vocab, tok2vec)
    model.initialize(X=docs[:100])
    set_dropout_rate(model, 0.2)
    optimizer = Adam(0.001, use_averages=True, L2=0.01, grad_clip=1.0)
    loss_fn = model.attrs["loss"]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    t0 = time.perf_counter()
    for epoch in range(epochs):
        rng.shuffle(docs)
        total, words = 0.0, 0
        for batch in minibatch(docs, size=64):
            total += make_update(model, ensure_docs(batch), optimizer, loss_fn)
            words += sum(len(d) for d in batch)
        with model.use_params(optimizer.averages):
            path = out / f"model{epoch}.bin"
            path.write_bytes(model.get_ref("tok2vec").to_bytes())
            written.append(path)
        elapsed = (time.perf_counter() - t0) / 60
        print(f"epoch {epoch} loss/word {total / max(words, 1):.4f} {elapsed:.1f} min", flush=True)
        if elapsed * (epoch + 2) / (epoch + 1) > minutes:
            break
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=train_ner.default_data_dir())
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--minutes", type=float, default=25.0)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--width", type=int, default=96)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--rows", type=str, default="20000,5000,5000,1000")
    args = ap.parse_args(argv)
    sents = texts(args.data, random.Random(args.seed))
    print(f"{len(sents)} sentences, {sum(len(w) for w, _ in sents)} words", flush=True)
    pretrain(sents, args.out, args.epochs, args.minutes, args.seed, args.width, args.depth,
             tuple(int(x) for x in args.rows.split(",")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
