"""NER evaluation on GermEval 2014 TSV files (entity level, conlleval style).

Format: ``#`` comment lines start a sentence; then one token a line,
``index<TAB>token<TAB>outer<TAB>nested``; blank lines between sentences. The held-out
corpora of ../shared/data are read as they are, gzip'd or not: WikiANN
(``lang:token<TAB>tag``, two columns) and Europarl NER (``token<TAB>lemma<TAB>POS<TAB>chunk<TAB>tag``,
IO tags: a run of ``I-X`` is one entity; MISC is OTH).
Only the outer tags are scored, 4 classes PER/LOC/ORG/OTH. The ``-deriv``
(``kasachischen``) and ``-part`` (``OVKS-Truppen``) subtypes are *dropped*
(read as ``O``) here and in training alike: storyline does not make entities of
adjectives, and a ``-part`` tag marks a whole token of which only a piece is the
name, which a token-level scorer cannot represent. OTH is scored against MISC.

An entity counts as correct when its token span and type both match exactly.
"""

from __future__ import annotations

import gzip
import time
from collections import Counter
from pathlib import Path

TYPES = ("PER", "LOC", "ORG", "OTH")
_TO_OURS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "OTH": "MISC"}
_FROM_OURS = {v: k for k, v in _TO_OURS.items()}


def fold_tag(tag: str) -> str:
    """``B-LOCderiv`` -> ``O``; ``I-ORG`` -> ``I-ORG``; unknown -> ``O``."""
    if not tag or tag == "O" or "-" not in tag:
        return "O"
    prefix, label = tag.split("-", 1)
    label = "OTH" if label == "MISC" else label
    if prefix not in ("B", "I") or label not in TYPES:
        return "O"  # -deriv / -part subtypes are dropped
    return f"{prefix}-{label}"


def read_germeval(path: Path) -> list[tuple[list[str], list[str]]]:
    """Sentences as (tokens, folded BIO outer tags)."""
    return read_documents(path)[0]


def read_documents(path: Path) -> tuple[list[tuple[list[str], list[str]]], list[int]]:
    """Sentences as (tokens, folded BIO outer tags) and, per sentence, the number of its document.

    A comment line ``#<TAB>doc=<id>`` (written by ``scripts/train_ner.py --dump-held`` for the
    article-based sets) opens a document that runs to the next such line (``#<TAB>doc=`` with no
    id closes it: the dump ends each file so, and concatenated files stay apart); a sentence
    outside any (GermEval, WikiANN, Europarl) is a document of its own, as in those corpora."""
    sentences: list[tuple[list[str], list[str]]] = []
    docs: list[int] = []
    words: list[str] = []
    tags: list[str] = []
    current = -1  # no open document
    count = 0

    def flush() -> None:
        nonlocal count
        if words:
            sentences.append((list(words), list(tags)))
            docs.append(current if current >= 0 else count)
            count += 1
        words.clear()
        tags.clear()

    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n").rstrip("\r")
            if line.startswith("#") or not line.strip():
                flush()
                if line.startswith("#\tdoc="):
                    current = count if line[6:].strip() else -1  # an empty id closes the document
                continue
            word, tag = _token_tag(line, path)
            words.append(word)
            tags.append(fold_tag(tag))
    flush()
    return sentences, docs


def _token_tag(line: str, path: Path) -> tuple[str, str]:
    """(token, tag) of a GermEval (4 columns), WikiANN (2) or Europarl (5) line."""
    parts = line.split("\t")
    if len(parts) == 2:
        word = parts[0]
        return (word.split(":", 1)[1] if ":" in word[:4] else word), parts[1]
    if len(parts) == 5:
        return parts[0], parts[4]
    if len(parts) < 3:
        raise ValueError(f"{path}: not a GermEval line: {line[:80]!r}")
    return parts[1], parts[2]


def spans_from_bio(tags: list[str]) -> set[tuple[int, int, str]]:
    """Token spans ``(start, end_exclusive, type)``; an ``I-`` without a ``B-`` opens a span (conlleval)."""
    spans: set[tuple[int, int, str]] = set()
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, lab = tag.partition("-")
        if start is not None and (prefix != "I" or lab != label):
            spans.add((start, i, label))  # type: ignore[arg-type]
            start, label = None, None
        if prefix == "B" or (prefix == "I" and start is None):
            start, label = i, lab
    return spans


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn}


def score(gold: list[set[tuple[int, int, str]]], pred: list[set[tuple[int, int, str]]]) -> dict:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        for s in p:
            (tp if s in g else fp)[s[2]] += 1
        for s in g - p:
            fn[s[2]] += 1
    per_type = {t: _prf(tp[t], fp[t], fn[t]) for t in TYPES}
    overall = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return {"overall": overall, "per_type": per_type}


def predict_spans(sentences: list[list[str]], rules: bool = True, lang: str = "de",
                  docs: list[int] | None = None) -> list[set[tuple[int, int, str]]]:
    """Run the analysis (model, plus gazetteer rules when ``rules``) over given tokens;
    sentences with the same ``docs`` number are analysed as one article."""
    from storyline.analyse.entities import tag_token_lists

    out = []
    for spans in tag_token_lists(sentences, rules=rules, lang=lang, docs=docs):
        out.append({(s, e, _FROM_OURS.get(t, t)) for s, e, t in spans})
    return out


def errors(words: list[list[str]], gold: list[set[tuple[int, int, str]]],
           pred: list[set[tuple[int, int, str]]]) -> list[dict]:
    """Every disagreement, sentence by sentence: a gold span the system missed (``missed``), found
    with another type (``type``) or other boundaries (``span``), and a predicted span that overlaps
    no gold one (``spurious``); with the words around it. What a round of rules starts from."""
    def overlapping(span: tuple[int, int, str], others: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        return [q for q in others if q[0] < span[1] and span[0] < q[1]]

    out = []
    for i, (w, g, p) in enumerate(zip(words, gold, pred, strict=True)):
        missed, extra = sorted(g - p), sorted(p - g)
        for s, e, t in missed:
            near = overlapping((s, e, t), extra)
            kind = "missed" if not near else "type" if (near[0][0], near[0][1]) == (s, e) else "span"
            out.append({"sentence": i, "kind": kind, "gold": [" ".join(w[s:e]), t],
                        "predicted": [[" ".join(w[a:b]), u] for a, b, u in near],
                        "context": " ".join(w[max(0, s - 5) : e + 5])})
        for s, e, t in extra:
            if not overlapping((s, e, t), missed):
                out.append({"sentence": i, "kind": "spurious", "gold": None, "predicted": [[" ".join(w[s:e]), t]],
                            "context": " ".join(w[max(0, s - 5) : e + 5])})
    return out


def format_errors(found: list[dict]) -> str:
    """One line an error: kind, gold span/type, predicted span(s)/type, context."""
    lines = []
    for x in found:
        gold = f"{x['gold'][1]} [{x['gold'][0]}]" if x["gold"] else "-"
        pred = ", ".join(f"{t} [{n}]" for n, t in x["predicted"]) or "-"
        lines.append(f"{x['kind']:<9}{gold}  ->  {pred}  | {x['context']}")
    return "\n".join(lines)


def evaluate(gold_path: Path, rules: bool = True, lang: str = "de", with_errors: bool = False) -> dict:
    """Entity-level precision/recall/F1 per type and overall on a GermEval TSV file.

    ``rules=False`` scores the statistical model alone; ``lang`` picks the model and the
    language-specific rules (``en`` for scripts/ner_en_ecbplus_test.tsv). A class with no
    gold entity in the file (OTH in SmartData or WikiANN) is not scored: predictions of it
    are left out rather than counted as false positives. ``with_errors`` adds every disagreement
    (:func:`errors`)."""
    t0 = time.perf_counter()
    data, docs = read_documents(Path(gold_path))
    gold = [spans_from_bio(tags) for _, tags in data]
    pred = predict_spans([words for words, _ in data], rules=rules, lang=lang, docs=docs)
    present = {t for spans in gold for *_, t in spans}
    # a corpus without a class (SmartData and WikiANN have no OTH) cannot judge that class
    pred = [{s for s in spans if s[2] in present} for spans in pred]
    result = score(gold, pred)
    if with_errors:
        result["errors"] = errors([w for w, _ in data], gold, pred)
    result["sentences"] = len(data)
    result["documents"] = len(set(docs))
    result["types_scored"] = [t for t in TYPES if t in present]
    result["rules"] = rules
    result["seconds"] = round(time.perf_counter() - t0, 2)
    return result


def format_table(result: dict) -> str:
    lines = [f"{'type':<8}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}"]
    rows = [*result["per_type"].items(), ("overall", result["overall"])]
    for name, m in rows:
        lines.append(f"{name:<8}{m['precision']:>10.4f}{m['recall']:>10.4f}{m['f1']:>10.4f}{m['support']:>10d}")
    rules = "with" if result.get("rules", True) else "without"
    docs = result.get("documents", result["sentences"])
    context = f" in {docs} documents" if docs < result["sentences"] else ""
    lines.append(f"{result['sentences']} sentences{context}, {result['seconds']:.1f} s, {rules} gazetteer rules")
    return "\n".join(lines)
