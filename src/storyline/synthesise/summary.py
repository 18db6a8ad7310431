"""An extractive multi-document summary with cited sentences, plus one generated sentence per disagreement.

Sentences of independent reports in the story's language are TF-IDF vectors
over content lemmas (IDF across the story's sentences). A sentence's score
mixes its cosine to the story centroid (each report's sentences summed and
normalised, so a long report does not outvote the others), its LexRank
centrality among the best 60 candidates (cosine graph, threshold 0.1, damping
0.85) and a small lead bonus. Maximal Marginal Relevance (lambda 0.7) then
picks 3-5 sentences, skipping any whose cosine to a chosen one exceeds 0.5, and
they are shown in report order.

For each ``differ``, ``updated`` or ``corrected`` ledger row (at most
:data:`MAX_GENERATED`, totals before their parts), a sentence in the story's
language names the pair the row's ``why`` names, with their sources and dates
("von 164 (9.–10. Jan., 4 Quellen) auf 225 (15. Jan., dw.com)"); its citations
are the two facts' spans.
"""

from __future__ import annotations

import re
from collections import defaultdict

from storyline.synthesise.ledger_text import category_label, figure_group, group_label
from storyline.synthesise.model import Doc, Sent
from storyline.synthesise.text import cosine, idf_table, normalise, tfidf
from storyline.types.ledger import LedgerRow, Verdict
from storyline.types.story import Citation, LedgerRef, Summary, SummarySentence

MIN_WORDS, MAX_WORDS = 6, 60
POOL = 60
LAMBDA = 0.7
REDUNDANT = 0.5
MAX_GENERATED = 3

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
    subj = row.subject
    if not subj or subj == main_place or not row.subject_name:
        return ""
    if subj == "loc:world":
        return " weltweit" if lang == "de" else " worldwide"
    return f" in {row.subject_name}" if subj.startswith("loc:") else f" ({row.subject_name})"


# what a row counts, in a sentence: "zu Todesopfern", "der Todesopfer"; "for deaths"
NOUN = {
    "de": {"killed": ("Todesopfern", "der Todesopfer"), "injured": ("Verletzten", "der Verletzten"),
           "arrested": ("Festnahmen", "der Festnahmen"), "evacuated": ("Evakuierten", "der Evakuierten"),
           "affected": ("Betroffenen", "der Betroffenen"), "troops": ("Einsatzkräften", "der Einsatzkräfte"),
           "participants": ("Teilnehmenden", "der Teilnehmenden"), "cancelled": ("Ausfällen", "der Ausfälle"),
           "job_cuts": ("gestrichenen Stellen", "der gestrichenen Stellen")},
    "en": {"killed": ("deaths", "deaths"), "injured": ("injuries", "injured"), "arrested": ("arrests", "arrests"),
           "evacuated": ("evacuations", "people evacuated"), "affected": ("people affected", "people affected"),
           "troops": ("troops deployed", "troops deployed"), "participants": ("participants", "participants"),
           "cancelled": ("cancellations", "cancellations"), "job_cuts": ("job cuts", "job cuts")},
}
_SENTENCES = {
    "de": {
        Verdict.DIFFER: "Die Quellen nennen unterschiedliche Zahlen zu {noun}{subject}: {a.source} spricht von "
                        "{a.text}, {b.source} von {b.text}.",
        Verdict.UPDATED: "Die Zahl {gen}{subject} änderte sich im Lauf der Berichterstattung: von {fa} auf {fb}.",
        Verdict.CORRECTED: "{b.source} korrigierte die Zahl {gen}{subject} von {a.text} auf {b.text}.",
        "plan_then_outcome": "Angekündigt waren {fa}, gemeldet wurden {fb}.",
        "later_higher": "Die Zahl {gen}{subject} stieg im Lauf der Berichterstattung: von {fa} auf {fb}.",
    },
    "en": {
        Verdict.DIFFER: "Sources give different figures for {noun}{subject}: {a.source} reports {a.text}, "
                        "{b.source} {b.text}.",
        Verdict.UPDATED: "The number of {gen}{subject} changed as reporting went on: from {fa} to {fb}.",
        Verdict.CORRECTED: "{b.source} corrected the number of {gen}{subject} from {a.text} to {b.text}.",
        "plan_then_outcome": "{fa} were announced, {fb} reported.",
        "later_higher": "The number of {gen}{subject} rose as reporting went on: from {fa} to {fb}.",
    },
}


def _nouns(row: LedgerRow, lang: str) -> tuple[str, str]:
    c = str(row.category)
    if c in NOUN[lang]:
        return NOUN[lang][c]
    word = group_label(row.group, lang) if row.group else (row.detail or category_label(c, lang))
    quoted = f"„{word}“" if lang == "de" else f"“{word}”"
    return quoted, (f"bei {quoted}" if lang == "de" else quoted)


def disagreement(row: LedgerRow, docs_by_id: dict[str, Doc], main_place: str | None,
                 lang: str | None) -> SummarySentence | None:
    """One generated sentence for a row whose sources differ, update or correct a figure (story language)."""
    if not row.verdict.flagged or len(row.compared) != 2:
        return None
    lang = "de" if lang == "de" else "en"
    a, b = (row.entries[i] for i in row.compared)
    da, db = docs_by_id[a.article], docs_by_id[b.article]
    noun, gen = _nouns(row, lang)
    template = _SENTENCES[lang].get(row.reason) or _SENTENCES[lang][row.verdict]
    fa, fb = (figure_group(row, i, lang, with_role=False, as_written=True) for i in row.compared)
    text = template.format(noun=noun, gen=gen, subject=_subject_phrase(row, main_place, lang), a=a, b=b, fa=fa, fb=fb)
    return SummarySentence(text, row.verdict, True, [_cite(da, a), _cite(db, b)],
                           ledger=LedgerRef(row.category, row.subject))


def _cite(doc: Doc, e) -> Citation:
    """A generated sentence cites the figures it names (of the version the entry quotes)."""
    if e.version is None:
        return doc.cite(*e.span)
    return Citation(doc.id, doc.source, doc.date, e.span, e.text, doc.copy_of, version=e.version)


def _flagged(rows: list[LedgerRow]) -> list[LedgerRow]:
    """Rows worth a sentence, the totals before their parts."""
    out = []
    for row in rows:
        out.append(row)
        out += _flagged(row.parts)
    return out


def build_summary(docs: list[Doc], lang: str | None, ledger: list[LedgerRow], main_place: str | None) -> Summary:
    sentences = extract(docs, lang)
    by_id = {d.id: d for d in docs}
    generated = [g for row in _flagged(ledger) if (g := disagreement(row, by_id, main_place, lang))][:MAX_GENERATED]
    sentences = sentences + generated
    return Summary(lang, " ".join(s.text for s in sentences), sentences)
