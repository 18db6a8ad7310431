"""Small text helpers for synthesis: content words, a fallback sentence splitter, sparse vectors.

Everything here is pure Python over what the analysis already produced (SoMaJo
sentences with simplemma lemmas). When an article has no analysed sentences
(a language storyline does not handle, a headline-only item) a regex splitter
and lower-cased words stand in, so synthesis never fails for want of analysis.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from storyline.lang import HANDLED

WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.U)

STOPWORDS = frozenset("""
der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner
und oder aber doch sondern denn als wie wenn weil dass daß ob sowie bzw
in im ins an am auf aus bei mit nach von vom zu zum zur für über unter vor hinter neben zwischen
durch gegen ohne um bis seit seitdem während wegen trotz laut zufolge gemäß innerhalb außerhalb
ich du er sie es wir ihr mich mir dich dir ihn ihm uns euch ihnen sich sein seine seiner seinen
seinem seines ihre ihrer ihren ihrem ihres unser unsere euer dieser diese dieses diesen diesem
jener jene jenes welcher welche welches man jemand niemand alle alles allen aller jede jeder jedes
ist sind war waren wird werden wurde wurden worden sei seien wäre wären hat haben hatte hatten habe
kann können konnte konnten soll sollen sollte sollten muss müssen musste will wollen wollte darf
nicht nur auch noch schon bereits sehr so dann da dort hier nun jetzt etwa rund mehr weniger
einige viele wenige etwas nichts ganz immer wieder mal damit dabei darauf dazu davon daran dafür
es gibt gab heißt hieß sagte sagt erklärte teilte mit
the a an and or but nor if then else when while of in on at by for from to with without into onto
over under about after before between through during against within is are was were be been being
has have had do does did will would shall should can could may might must it its this that these
those he she they we you i him her them us his their our your my me not no also only just than too
very so as such there here which who whom whose what where why how all any each some more most
other said says according say be have do
geben sagen dürfen mögen lassen ander anderer andere weit sowohl ebenfalls zudem jedoch allerdings
""".split())

_ABBREV = frozenset("""
z b u a bzw ca dr prof nr st vgl inkl ggf usw etc mr mrs ms jr sr vs no gen lt col sgt
""".split())
_SENT_END = re.compile(r"[.!?…]+[\"'»«“”)\]]*(?=\s+|$)")


def is_content(word: str) -> bool:
    r = _IS_CONTENT.get(word)
    if r is None:
        r = _IS_CONTENT[word] = len(word) > 1 and word not in STOPWORDS and any(c.isalpha() for c in word)
        if len(_IS_CONTENT) > 200_000:
            _IS_CONTENT.clear()
    return r


_IS_CONTENT: dict[str, bool] = {}
_CONTENT: dict[tuple[str, str | None, bool], tuple[str, ...]] = {}


@lru_cache(maxsize=50_000)
def lemma(word: str, lang: str | None) -> str:
    """simplemma's lemma, lower-cased (the same value the analysis stores on tokens)."""
    if lang in HANDLED:
        try:
            import simplemma

            return simplemma.lemmatize(word, lang=lang).lower()
        except Exception:  # pragma: no cover - simplemma is a dependency; stay usable without it
            pass
    return word.lower()


def _word_content(word: str, lang: str | None, lemmatise: bool) -> tuple[str, ...]:
    key = (word, lang, lemmatise)
    r = _CONTENT.get(key)
    if r is None:
        out = []
        w = lemma(word, lang) if lemmatise else word.lower()
        if is_content(w):
            out.append(w)
        if "-" in word:
            for part in word.split("-"):
                p = lemma(part, lang) if lemmatise else part.lower()
                if is_content(p):
                    out.append(p)
        r = _CONTENT[key] = tuple(out)
        if len(_CONTENT) > 200_000:
            _CONTENT.clear()
    return r


def content_words(text: str, lang: str | None = None, lemmatise: bool = True) -> list[str]:
    """Content lemmas; a hyphenated compound also yields its parts ("OVKS-Truppen" -> ovks-truppe, ovks, truppe)."""
    out: list[str] = []
    for word in WORD.findall(text):
        out.extend(_word_content(word, lang, lemmatise))
    return out


def split_sentences(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """Regex sentence spans ``[start, end)`` for text that has no analysed sentences.

    Does not split after ordinals ("am 3. Januar") or common abbreviations.
    Stops after ``limit`` sentences when given.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while start < n and text[start].isspace():
        start += 1
    for m in _SENT_END.finditer(text):
        end = m.end()
        if end <= start:
            continue
        before = text[max(start, m.start() - 40):m.start()].split()
        last = before[-1].lower().strip("(\"'„“«»") if before else ""
        if m.group().startswith(".") and (last.isdigit() and len(last) <= 2 or last in _ABBREV or len(last) == 1):
            continue
        nxt = text[end:end + 3].lstrip()
        if nxt and nxt[0].islower():
            continue
        spans.append((start, end))
        if limit is not None and len(spans) >= limit:
            return spans
        start = end
        while start < n and text[start].isspace():
            start += 1
    if start < n and text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def first_sentence_span(text: str) -> tuple[int, int] | None:
    spans = split_sentences(text, limit=1)
    return spans[0] if spans else None


# -- sparse vectors ----------------------------------------------------------------------

Vector = dict[str, float]


def tfidf(words: list[str], idf: dict[str, float], default_idf: float = 1.0) -> Vector:
    counts = Counter(words)
    vec = {w: (1.0 + math.log(c)) * idf.get(w, default_idf) for w, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {w: v / norm for w, v in vec.items()} if norm else {}


def idf_table(docs: list[set[str]] | list[list[str]]) -> dict[str, float]:
    df: Counter[str] = Counter()
    for d in docs:
        df.update(set(d))
    n = len(docs)
    return {w: math.log((1 + n) / (1 + c)) + 1.0 for w, c in df.items()}


def cosine(a: Vector, b: Vector) -> float:
    """Cosine of two L2-normalised sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[w] for w, v in a.items() if w in b)


def normalise(vec: dict[str, float]) -> Vector:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {w: v / norm for w, v in vec.items()} if norm else {}


def overlap(a: set[str], b: set[str]) -> float:
    """Overlap coefficient |a∩b| / min(|a|,|b|)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def jaccard(a: set, b: set) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)
