"""What a figure claims beyond its number: its stance and the time it holds for.

*Stance* is ``current`` (the figure the report gives as now), ``history`` (an earlier figure
quoted: "Die Behörden hatten zuvor von 164 Toten gesprochen", "1100 statt 1700", "von 164 auf
225", "had previously put the toll at 164") or ``plan`` (announced, planned, expected or
conditional: "sollen 800 Flüge ausfallen", "will 550 Stellen streichen", "would cut").
History cues belong to the nearest figure of their clause, so "6,3 Prozent nach 5,4 Prozent
ein Jahr zuvor" makes only 5,4 a history; a pluperfect report ("hatte ... gesprochen") makes
every figure of its clause one. Plan cues hold for the whole clause and for a "dass"- or
"zu"-clause that depends on it; reported speech ("sollen ... im Einsatz gewesen sein") is no
plan. A history cue wins over a plan cue ("ursprünglich sollten 800 Flüge ausfallen").

*As of*: the time expression of the figure's clause (else the sentence's only one), as its
value ("2022-01-14") or its honest range ("2022-01-10/2022-01-12"), with its span.
"""

from __future__ import annotations

from storyline.analyse import lexicon as lx
from storyline.types import TimeExpr, Token


def _clause_range(clause: list[int], i: int) -> tuple[int, int]:
    cid = clause[i]
    a = i
    while a > 0 and clause[a - 1] == cid:
        a -= 1
    b = i + 1
    while b < len(clause) and clause[b] == cid:
        b += 1
    return a, b


def _previous_clause(clause: list[int], a: int) -> tuple[int, int] | None:
    k = a - 1
    while k >= 0 and clause[k] < 0:
        k -= 1
    return _clause_range(clause, k) if k >= 0 else None


def _infinitive(toks: list[Token], lowers: list[str], k: int) -> bool:
    """ "streichen", "geben": an infinitive is its own lemma ("überschritten", "ganztägigen" are not)."""
    low = lowers[k]
    return low[:1].isalpha() and low.endswith(("en", "ern", "eln")) and toks[k].lemma == low \
        and low not in lx.REPORTED_INFINITIVES and low not in ("werden", "worden")


def _zu_infinitive(toks: list[Token], lowers: list[str], a: int, b: int) -> bool:
    return any(lowers[k] == "zu" and _infinitive(toks, lowers, k + 1) for k in range(a, b - 1))


def _dependent(toks: list[Token], lowers: list[str], a: int, b: int, lang: str) -> bool:
    """A "dass"/"that"/"sodass" clause or a "zu"-infinitive: its verb of saying or planning is in the clause before."""
    if lowers[a] in ("dass", "that", "um", "sodass") or lowers[a:a + 2] == ["so", "dass"]:
        return True
    return lang == "de" and _zu_infinitive(toks, lowers, a, b)


def _plan(toks: list[Token], lowers: list[str], a: int, b: int, lang: str) -> bool:
    words = lx.PLAN_WORDS[lang]
    cue = any(lowers[k] in words for k in range(a, b))
    if lang != "de":
        return cue
    last = lowers[b - 1] if b > a else ""
    if cue and last in lx.REPORTED_INFINITIVES and not any(lowers[k] in ("will", "wollen", "plant") for k in range(a, b)):
        return False  # "sollen ... im Einsatz gewesen sein": what is said to be so
    if cue or _zu_infinitive(toks, lowers, a, b):  # "angekündigt, 2.900 Stellen zu streichen"
        return True
    if b - a >= 2 and lowers[b - 1] in lx.FUTURE_AUX_DE and _infinitive(toks, lowers, b - 2):
        return True  # "..., sodass es nur 90 Flüge geben werde"
    future = any(lowers[k] in lx.FUTURE_AUX_DE for k in range(a, b))
    return future and b > a and _infinitive(toks, lowers, b - 1)  # "wird ... geben", not "wird überschritten"


def _pluperfect_report(lowers: list[str], a: int, b: int, lang: str) -> bool:
    """ "hatten zuvor von 164 Toten gesprochen", "had previously put the toll at 164" (not "said 164 had died")."""
    aux = lx.PLUPERFECT_AUX[lang]
    said = lx.REPORTED_PARTICIPLES[lang]
    if lang == "de":
        return any(lowers[k] in aux for k in range(a, b)) and any(lowers[k] in said for k in range(a, b))
    return any(lowers[k] in aux and said.intersection(lowers[k + 1:min(b, k + 3)]) for k in range(a, b))


def _history_cues(lowers: list[str], a: int, b: int, lang: str) -> list[int]:
    words = lx.HISTORY_WORDS[lang]
    return [k for k in range(a, b) if lowers[k] in words]


def _nearest(spans: list[tuple[int, int]], members: list[int], k: int) -> int | None:
    def dist(m: int) -> int:
        s, e = spans[m]
        return s - k if k < s else (k - e + 1 if k >= e else 0)
    return min(members, key=lambda m: (dist(m), spans[m][0] < k)) if members else None


def _changed_from(lowers: list[str], spans: list[tuple[int, int]], m: int, lang: str) -> bool:
    """ "von 164 auf 225", "from 164 to 225": the figure after "von"/"from" is the earlier one."""
    first, second = lx.CHANGE_FROM[lang]
    s, e = spans[m]
    return s > 0 and lowers[s - 1] == first and any(spans[o][0] > e and second in lowers[e:spans[o][0]]
                                                      for o in range(len(spans)))


def stances(toks: list[Token], lowers: list[str], clause: list[int], spans: list[tuple[int, int]],
            lang: str) -> list[str]:
    """current, history or plan for each figure (token spans [i0, i1)) of one sentence."""
    out = ["current"] * len(spans)
    by_clause: dict[tuple[int, int], list[int]] = {}
    for m, (s, _) in enumerate(spans):
        by_clause.setdefault(_clause_range(clause, s), []).append(m)
    for (a, b), members in by_clause.items():
        scope = [(a, b)]
        prev = _previous_clause(clause, a)
        if prev is not None and _dependent(toks, lowers, a, b, lang):
            scope.append(prev)
        planned = any(_plan(toks, lowers, x, y, lang) for x, y in scope)
        if planned:
            for m in members:
                out[m] = "plan"
        if _pluperfect_report(lowers, a, b, lang) and not planned:
            for m in members:
                out[m] = "history"
        for k in _history_cues(lowers, a, b, lang):
            m = _nearest(spans, members, k)
            if m is not None:
                out[m] = "history"
        for m in members:
            s = spans[m][0]
            if (s > 0 and lowers[s - 1] in lx.HISTORY_BEFORE[lang]) or _changed_from(lowers, spans, m, lang):
                out[m] = "history"
    return out


def _possessive(toks: list[Token], t: TimeExpr) -> bool:
    """ "following last week's unrest": the time belongs to a noun, not to the figure."""
    return any(x.start >= t.end and x.start - t.end <= 1 and x.text in ("'s", "’s") for x in toks)


def as_of(times: list[TimeExpr], clause: list[int], toks: list[Token], i0: int, i1: int) -> tuple[str, int, int] | None:
    """(value or "start/end", start, end) of the time expression that dates a figure, or None."""
    dated = [t for t in times if t.kind != "duration" and (t.value or (t.range_start and t.range_end))
             and not _possessive(toks, t)]
    if not dated:
        return None
    a, b = _clause_range(clause, i0)
    lo, hi = toks[a].start, toks[b - 1].end
    inside = [t for t in dated if lo <= t.start and t.end <= hi]
    if not inside and len(dated) > 1:
        return None
    pool = inside or dated
    at = toks[i0].start
    t = min(pool, key=lambda t: abs(t.start - at))
    value = t.value or f"{t.range_start}/{t.range_end}"
    return value, t.start, t.end
