"""Quantity facts against hand-labelled sentences (``storyline eval facts``).

Gold is JSON Lines, one sentence a line::

    {"id": "sd0039", "corpus": "smartdata", "doc": "<url>", "date": "2016-03-10",
     "sentence": "Von rund 9200 Arbeitsplätzen sollen rund 1100 Jobs gestrichen werden, davon 500 in Deutschland.",
     "figures": [{"span": [4, 24], "text": "rund 9200 Arbeitsplätzen", "category": "other", "kind": "about",
                  "value": 9200}, ...]}

A figure names its words (``span`` into the sentence, ``text`` == sentence[span]), its ``category``
(docs/facts.md), its interval ``kind`` (exact, about, below, above, over, min, under, max, range,
vague), its ``value`` (a range's first number; absent for vague amounts) and ``high`` for ranges;
``stance`` (current when absent: history, plan) is scored separately. A sentence whose text may
not be copied (the SemEval articles) is given as ``"ref": {"corpus": "semeval_de", "article": ID,
"start": S, "end": E, "sha1": FIRST_12_HEX}`` and read from ../shared/data at run time; its figures
then carry no ``text``.

Every sentence is analysed alone (SoMaJo sentences, then ``find_facts`` with the row's date).
A prediction *hits* a gold figure when their spans overlap and category, kind and value agree;
each is used once. Unhit gold figures are misses (recall), unhit predictions false alarms
(precision); both are listed, with the figure each one overlapped, so a wrong category shows as
one miss and one false alarm.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from storyline.analyse.quantities import find_facts
from storyline.analyse.sentences import split
from storyline.lang import HANDLED
from storyline.types import Fact, PartialDate

ROOT = Path(__file__).resolve().parents[3]
KINDS = ("exact", "about", "below", "above", "over", "min", "under", "max", "range", "vague")


def shared_data() -> Path | None:
    """../shared/data (or $STORYLINE_SHARED_DATA) when present: sentences given by reference are read from it."""
    path = Path(os.environ.get("STORYLINE_SHARED_DATA", ROOT.parent / "shared" / "data"))
    return path if path.exists() else None


def _semeval_texts(data: Path) -> dict[str, list[str]]:
    """Article id -> its texts (an id can come with more than one text in the pair file)."""
    texts: dict[str, list[str]] = {}
    with open(data / "semeval_de" / "pairs.dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            pair = json.loads(line)
            for side in ("a", "b"):
                versions = texts.setdefault(str(pair[side]["id"]), [])
                if pair[side]["text"] not in versions:
                    versions.append(pair[side]["text"])
    return texts


def _referenced(ref: dict, texts: dict[str, list[str]]) -> str:
    """The sentence a ``ref`` names: the slice of the article version whose SHA-1 matches."""
    for text in texts.get(str(ref["article"]), []):
        sentence = text[ref["start"]:ref["end"]]
        if hashlib.sha1(sentence.encode()).hexdigest()[:12] == ref["sha1"]:
            return sentence
    raise ValueError(f"no text of article {ref['article']} has the referenced sentence")


def read_gold(path: Path, data: Path | None = None) -> list[dict]:
    """Rows with their sentence text; ``ref`` rows are resolved against ``data`` (../shared/data)."""
    rows = []
    refs: dict[str, list[str]] | None = None
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if "sentence" not in row:
                if refs is None:
                    if data is None:
                        raise ValueError(f"line {n}: a 'ref' sentence needs the shared data directory")
                    refs = _semeval_texts(data)
                row["sentence"] = _referenced(row["ref"], refs)
            for g in row["figures"]:
                a, b = g["span"]
                g.setdefault("text", row["sentence"][a:b])
                if row["sentence"][a:b] != g["text"]:
                    raise ValueError(f"line {n}: span {g['span']} is {row['sentence'][a:b]!r}, not {g['text']!r}")
                if g["kind"] not in KINDS:
                    raise ValueError(f"line {n}: unknown kind {g['kind']!r}")
            rows.append(row)
    return rows


def predict(sentence: str, date: str | None, lang: str = "de") -> list[Fact]:
    sents = split(sentence, lang)
    return find_facts(sentence, sents, lang, PartialDate.parse(date) if date else None)


def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def hits(g: dict, f: Fact) -> bool:
    if f.category != g["category"] or (f.hedge_kind or "exact") != g["kind"]:
        return False
    if g["kind"] == "vague":
        return True
    if not _same_number(f.value, g.get("value")):
        return False
    return g["kind"] != "range" or _same_number(f.high, g.get("high"))


def _overlaps(g: dict, f: Fact) -> bool:
    a, b = g["span"]
    return f.start < b and a < f.end


def _describe(f: Fact) -> dict:
    return {"text": f.text, "span": [f.start, f.end], "category": f.category, "kind": f.hedge_kind,
            "value": f.value, "high": f.high, "stance": f.stance, "group": f.group}


def match(gold: list[dict], facts: list[Fact]) -> tuple[list[tuple[dict, Fact]], list[dict], list[Fact]]:
    """(hits, missed gold figures, false alarms): each figure and each fact used at most once."""
    used: set[int] = set()
    found: list[tuple[dict, Fact]] = []
    missed: list[dict] = []
    for g in gold:
        k = next((k for k, f in enumerate(facts) if k not in used and _overlaps(g, f) and hits(g, f)), None)
        if k is None:
            missed.append(g)
        else:
            used.add(k)
            found.append((g, facts[k]))
    return found, missed, [f for k, f in enumerate(facts) if k not in used]


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn,
            "tp": tp, "fp": fp, "fn": fn}


def input_error(exc: Exception) -> str:
    """What was wrong with a gold file, in words."""
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    return f"not a gold fact file ({type(exc).__name__}: {exc})"


@dataclass
class _Tally:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)
    stance_errors: list = field(default_factory=list)
    hits: int = 0

    def add(self, row: dict, facts: list[Fact]) -> None:
        found, missed, alarms = match(row["figures"], facts)
        for g, f in found:
            self.tp[g["category"]] += 1
            self.hits += 1
            if f.stance != g.get("stance", "current"):
                self.stance_errors.append({"id": row["id"], "text": g["text"], "gold": g.get("stance", "current"),
                                           "got": f.stance, "sentence": row["sentence"]})
        for g in missed:
            self.fn[g["category"]] += 1
        for f in alarms:
            self.fp[f.category] += 1
        if missed or alarms:
            self.errors.append({
                "id": row["id"], "sentence": row["sentence"],
                "missed": [dict(g, got=[_describe(f) for f in facts if _overlaps(g, f)]) for g in missed],
                "false_alarms": [_describe(f) for f in alarms],
            })


def evaluate(gold_path: Path, lang: str = "de", data: Path | None = None) -> dict:
    """Precision and recall overall and per category, stance accuracy on the hits, and every error."""
    if lang not in HANDLED:
        raise ValueError(f"language {lang!r}: storyline analyses {' and '.join(HANDLED)}")
    t0 = time.perf_counter()
    rows = read_gold(Path(gold_path), data)
    tally = _Tally()
    for row in rows:
        tally.add(row, predict(row["sentence"], row.get("date"), lang))
    categories = sorted(set(tally.tp) | set(tally.fp) | set(tally.fn))
    stance_ok = tally.hits - len(tally.stance_errors)
    return {
        "overall": _prf(sum(tally.tp.values()), sum(tally.fp.values()), sum(tally.fn.values())),
        "per_category": {c: _prf(tally.tp[c], tally.fp[c], tally.fn[c]) for c in categories},
        "stance_accuracy": round(stance_ok / tally.hits, 4) if tally.hits else None,
        "sentences": len(rows),
        "figures": sum(len(r["figures"]) for r in rows),
        "seconds": round(time.perf_counter() - t0, 2),
        "errors": tally.errors,
        "stance_errors": tally.stance_errors,
    }


def format_table(result: dict, errors: int = 20) -> str:
    lines = [f"{'category':<14}{'precision':>10}{'recall':>10}{'f1':>8}{'gold':>6}{'tp':>5}{'fp':>5}{'fn':>5}"]
    for name, m in [*result["per_category"].items(), ("overall", result["overall"])]:
        lines.append(f"{name:<14}{m['precision']:>10.3f}{m['recall']:>10.3f}{m['f1']:>8.3f}{m['support']:>6d}"
                     f"{m['tp']:>5d}{m['fp']:>5d}{m['fn']:>5d}")
    stance = result["stance_accuracy"]
    lines.append(f"{result['sentences']} sentences, {result['figures']} figures, {result['seconds']:.1f} s; "
                 f"stance right on {'–' if stance is None else f'{stance:.3f}'} of the hits")
    for e in result["errors"][:errors]:
        lines.append(f"- {e['id']}: {e['sentence'][:160]}")
        for g in e["missed"]:
            got = "; ".join(f"{f['category']} {f['kind']} {f['value']}" for f in g["got"]) or "nothing"
            lines.append(f"    missed {g['text']!r} {g['category']} {g['kind']} {g.get('value')} (got: {got})")
        for f in e["false_alarms"]:
            lines.append(f"    false alarm {f['text']!r} {f['category']} {f['kind']} {f['value']}")
    if len(result["errors"]) > errors:
        lines.append(f"… {len(result['errors']) - errors} more sentences with errors (--json lists all)")
    return "\n".join(lines)
