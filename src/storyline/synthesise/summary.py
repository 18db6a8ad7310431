"""An extractive multi-document summary with cited sentences, plus one generated sentence per disagreement.

Sentences of independent reports in the story's language are TF-IDF vectors
over content lemmas (IDF across the story's sentences). A sentence's score
mixes its cosine to the story centroid (each report's sentences summed and
normalised, so a long report does not outvote the others), its LexRank
centrality among the best 60 candidates (cosine graph, threshold 0.1, damping
0.85) and a small lead bonus. Maximal Marginal Relevance (lambda 0.7) then
picks 3-5 sentences, skipping any whose cosine to a chosen one exceeds 0.5, and
they are shown in report order.

For each ``differ`` or ``revised`` ledger row (at most :data:`MAX_GENERATED`),
a sentence in the story's language states both figures as written and their
sources; its citations are the two facts' spans.
"""

from __future__ import annotations

import re
from collections import defaultdict

from storyline.synthesise.dates import human_date
from storyline.synthesise.model import Doc, Sent
from storyline.synthesise.text import cosine, idf_table, normalise, tfidf
from storyline.types.ledger import LedgerRow, Verdict
from storyline.types.story import LedgerRef, Summary, SummarySentence

MIN_WORDS, MAX_WORDS = 6, 60
POOL = 60
LAMBDA = 0.7
REDUNDANT = 0.5
MAX_GENERATED = 3

NOUN_DE = {"killed": "Todesopfern", "injured": "Verletzten", "arrested": "Festnahmen", "evacuated": "Evakuierten",
           "affected": "Betroffenen", "troops": "eingesetzten Soldaten", "money": "Geldbeträgen",
           "percent": "Anteilen", "duration": "der Dauer", "age": "dem Alter"}
GEN_DE = {"killed": "der Todesopfer", "injured": "der Verletzten", "arrested": "der Festnahmen",
          "evacuated": "der Evakuierten", "affected": "der Betroffenen"}
NOUN_EN = {"killed": "deaths", "injured": "injuries", "arrested": "arrests", "evacuated": "evacuations",
           "affected": "people affected", "troops": "troops deployed", "money": "sums of money",
           "percent": "percentages", "duration": "durations", "age": "ages"}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _pagerank(sims: list[list[float]], damping: float = 0.85, iterations: int = 30) -> list[float]:
    """LexRank's power iteration over a weighted similarity graph."""
    n = len(sims)
    if n == 0:
        return []
    out_sum = [sum(row) for row in sims]
    incoming = [[(i, sims[i][j] / out_sum[i]) for i in range(n) if sims[i][j] and out_sum[i]] for j in range(n)]
    rank = [1.0 / n] * n
    base = (1 - damping) / n
    for _ in range(iterations):
        new = [base + damping * sum(rank[i] * w for i, w in inc) for inc in incoming]
        done = max(abs(a - b) for a, b in zip(new, rank)) < 1e-6
        rank = new
        if done:
            break
    return rank


def extract(docs: list[Doc], lang: str | None, k: int | None = None) -> list[SummarySentence]:
    in_lang = [d for d in docs if d.copy_of is None and (lang is None or d.lang == lang)]
    if not in_lang:
        in_lang = [d for d in docs if d.copy_of is None] or docs
    cands: list[tuple[Doc, Sent, int]] = []
    seen: set[str] = set()  # a sentence several reports share is one candidate (all are cited below)
    for d in in_lang:
        for pos, s in enumerate(d.sents):
            raw = d.text[s.start:s.end]
            n = len(raw.split())
            if MIN_WORDS <= n <= MAX_WORDS and len(s.words) >= 3:
                key = _norm(raw)
                if key not in seen:
                    seen.add(key)
                    cands.append((d, s, pos))
    if not cands:  # short items: take what there is
        cands = [(d, s, pos) for d in in_lang for pos, s in enumerate(d.sents) if s.words]
    if not cands:
        return []
    idf = idf_table([s.words for _, s, _ in cands])
    vecs = [tfidf(s.words, idf) for _, s, _ in cands]
    per_doc: dict[str, dict[str, float]] = defaultdict(dict)
    for (d, _, _), v in zip(cands, vecs):
        acc = per_doc[d.id]
        for w, x in v.items():
            acc[w] = acc.get(w, 0.0) + x
    centroid: dict[str, float] = {}
    for acc in per_doc.values():
        for w, x in normalise(acc).items():
            centroid[w] = centroid.get(w, 0.0) + x
    centroid = normalise(centroid)
    cent = [cosine(v, centroid) for v in vecs]
    bonus = [0.1 / (1 + pos) if pos < 3 else 0.0 for _, _, pos in cands]
    pool = sorted(range(len(cands)), key=lambda i: (-(cent[i] + bonus[i]), i))[:POOL]
    sims = [[0.0] * len(pool) for _ in pool]
    for a in range(len(pool)):
        for b in range(a + 1, len(pool)):
            x = cosine(vecs[pool[a]], vecs[pool[b]])
            sims[a][b] = sims[b][a] = x
    graph = [[x if x >= 0.1 else 0.0 for x in row] for row in sims]
    lex = _pagerank(graph)
    top_lex = max(lex) or 1.0
    top_cent = max(cent[i] for i in pool) or 1.0
    score = {i: 0.5 * cent[i] / top_cent + 0.5 * lex[n] / top_lex + bonus[i] for n, i in enumerate(pool)}
    if k is None:
        k = 3 if len(cands) < 40 else 4 if len(cands) < 150 else 5
    chosen: list[int] = []  # positions in pool
    while len(chosen) < min(k, len(pool)):
        best, best_val = None, None
        for n, i in enumerate(pool):
            if n in chosen:
                continue
            red = max((sims[n][c] for c in chosen), default=0.0)
            if red > REDUNDANT:
                continue
            val = LAMBDA * score[i] - (1 - LAMBDA) * red
            if best_val is None or val > best_val:
                best, best_val = n, val
        if best is None:
            break
        chosen.append(best)
    picked = sorted((pool[n] for n in chosen), key=lambda i: (cands[i][0].order, cands[i][1].start))
    # the same sentence in other reports (wire copies, shared paragraphs) is cited too
    same: dict[str, list[tuple[Doc, Sent]]] = defaultdict(list)
    wanted = {_norm(cands[i][0].text[cands[i][1].start:cands[i][1].end]) for i in picked}
    lengths = {len(cands[i][1].words) for i in picked}
    for d in docs:
        for s in d.sents:
            if len(s.words) in lengths and (key := _norm(d.text[s.start:s.end])) in wanted:
                same[key].append((d, s))
    out = []
    for i in picked:
        d, s, _ = cands[i]
        text = d.text[s.start:s.end]
        cites = [d.cite(s.start, s.end)]
        for od, os_ in same[_norm(text)]:
            if od is not d:
                cites.append(od.cite(os_.start, os_.end))
        out.append(SummarySentence(text, "extract", False, cites, d.id, (s.start, s.end), round(score[i], 4)))
    return out


def _subject_phrase(row: LedgerRow, main_place: str | None, lang: str) -> str:
    subj, name = row.subject, row.subject_name
    if not subj or subj == main_place or not name:
        return ""
    if subj.startswith("loc:"):
        return f" in {name}"
    return f" ({name})"


def _noun(row: LedgerRow, lang: str) -> str:
    table = NOUN_DE if lang == "de" else NOUN_EN
    c = row.category
    if c in table:
        return table[c]
    word = row.detail or c
    return f"„{word}“" if lang == "de" else f"“{word}”"


def disagreement(row: LedgerRow, docs_by_id: dict[str, Doc], main_place: str | None,
                 lang: str | None) -> SummarySentence | None:
    if not row.verdict.flagged or len(row.compared) != 2:
        return None
    lang = "de" if lang == "de" else "en"
    a, b = (row.entries[i] for i in row.compared)
    da, db = docs_by_id[a.article], docs_by_id[b.article]
    subject = _subject_phrase(row, main_place, lang)
    if row.verdict == Verdict.DIFFER:
        if lang == "de":
            text = (f"Die Quellen nennen unterschiedliche Zahlen zu {_noun(row, lang)}{subject}: "
                    f"{a.source} spricht von {a.text}, {b.source} von {b.text}.")
        else:
            text = (f"Sources give different figures for {_noun(row, lang)}{subject}: "
                    f"{a.source} reports {a.text}, {b.source} {b.text}.")
    else:
        ta, tb = human_date(a.date.iso() if a.date else None, lang), human_date(b.date.iso() if b.date else None, lang)
        if lang == "de":
            what = GEN_DE.get(row.category, "der " + _noun(row, lang))
            text = (f"Die Zahl {what}{subject} stieg im Lauf der Berichterstattung: "
                    f"{a.source} ({ta}) nannte {a.text}, {b.source} ({tb}) {b.text}.")
        else:
            text = (f"The number of {_noun(row, lang)}{subject} rose as reporting went on: "
                    f"{a.source} ({ta}) gave {a.text}, {b.source} ({tb}) {b.text}.")
    return SummarySentence(text, row.verdict, True, [da.cite(*a.span), db.cite(*b.span)],
                           ledger=LedgerRef(row.category, row.subject))


def build_summary(docs: list[Doc], lang: str | None, ledger: list[LedgerRow], main_place: str | None) -> Summary:
    sentences = extract(docs, lang)
    by_id = {d.id: d for d in docs}
    generated = [g for row in ledger if (g := disagreement(row, by_id, main_place, lang))][:MAX_GENERATED]
    sentences = sentences + generated
    return Summary(lang, " ".join(s.text for s in sentences), sentences)
