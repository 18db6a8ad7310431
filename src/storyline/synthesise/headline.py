"""A story's headline: the most central title, else the most central lead sentence, shortened.

Centrality is the cosine between a candidate and the centroid of the *other*
independent articles' TF-IDF vectors (leave-one-out, so an article's own text
does not vote for its lead; copies of one report count once; IDF within the
story), over each article's title and first 2,000 characters. Only candidates in the story's dominant language
compete while any exist. The headline depends on the articles alone (title,
text, language), never on stored analyses, so ``stories`` and ``show`` agree.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from storyline.synthesise.sources import copy_roots
from storyline.synthesise.text import content_words, cosine, first_sentence_span, idf_table, normalise, tfidf
from storyline.types import Article

MAX_WORDS = 18
MIN_LEAD_WORDS = 5
OPENING_CHARS = 2000  # of each article's text, for the centroid and copy test

# "MOSKAU (dpa) - ", "Berlin (AFP) – ", "Almaty/Moskau (Reuters): "
_DATELINE = re.compile(r"^[A-ZÄÖÜ][\w./ -]{0,40}\([A-Za-z][\w/-]{1,14}\)\s*[-–—:]\s*")
# German extended attribute between article and noun: "die von schweren Unruhen erschütterte Republik"
_DE_ATTRIBUTE = re.compile(
    r"\b(der|die|das|den|dem|des|eine|einer|einen|einem|eines|ein) von (?:[^\s,.;:]+ ){1,4}?"
    r"[a-zäöüß]+(?:te|ten|tem|ter|tes|ene|enen|ener|enem|enes)\s+(?=[A-ZÄÖÜ])"
)
_CONJUNCTION = re.compile(r" (?:und|sowie|aber|doch|während|weil|nachdem|and|but|while|after|as) ")
_LONG_PAREN = re.compile(r"\s*\([^()]*\s[^()]*\s[^()]*\s[^()]*\)")  # a parenthesis of four words or more


def shorten(sentence: str, max_words: int = MAX_WORDS, lang: str | None = None) -> str:
    sentence = re.sub(r"\s+", " ", sentence).strip()
    sentence = _DATELINE.sub("", sentence)
    if len(sentence.split(" ")) > max_words:
        sentence = _LONG_PAREN.sub("", sentence)
        if lang in (None, "de"):
            sentence = _DE_ATTRIBUTE.sub(lambda m: m.group(1) + " ", sentence)
    words = sentence.split(" ")
    if len(words) <= max_words:
        return sentence.rstrip(".").rstrip()
    # Cut at a clause boundary or before a conjunction when one falls late enough, else at the word limit.
    head = " ".join(words[:max_words])
    cut = max(head.rfind(","), head.rfind(":"), head.rfind(";"), head.rfind(" –"), head.rfind(" -"))
    if cut > len(head) // 2:
        return head[:cut].rstrip()
    conj = max((m.start() for m in _CONJUNCTION.finditer(head)), default=-1)
    if conj > len(head) // 2:
        return head[:conj].rstrip()
    return head + " …"


def first_sentence(text: str) -> str:
    span = first_sentence_span(text)
    return text[span[0]:span[1]] if span else text.strip()


def simple_headline(titles: list[str | None], texts: list[str]) -> str:
    """The first title, else the first text's lead shortened (kept for callers without articles)."""
    for t in titles:
        if t and t.strip():
            return t.strip()
    for text in texts:
        if text.strip():
            return shorten(first_sentence(text))
    return ""


def _opening(a: Article) -> str:
    """Title and the first :data:`OPENING_CHARS` of the text: what a headline summarises, at bounded cost."""
    return (a.title or "") + "\n" + a.text[:OPENING_CHARS]


def _dominant(langs: Sequence[str | None]) -> str | None:
    counts = Counter(x for x in langs if x)
    return counts.most_common(1)[0][0] if counts else None


@dataclass(frozen=True, slots=True)
class Headline:
    text: str
    lang: str | None
    origin: Literal["title", "lead"] | None  # where the words come from
    article: str | None = None
    span: tuple[int, int] | None = None  # the lead sentence's span in the article's text (None for titles)


def story_headline(articles: Sequence[Article], langs: Sequence[str | None] | None = None,
                   roots: dict[str, str] | None = None) -> Headline:
    """The story's headline, the language it was chosen in and where its words come from.

    ``langs`` are the articles' detected languages (default: ``Article.lang``);
    ``roots`` maps article id -> copy-group root (default: detected here, on the
    openings). Callers that want ``stories`` and ``show`` to agree leave it out.
    """
    articles = list(articles)
    if not articles:
        return Headline("", None, None)
    langs = list(langs) if langs is not None else [a.lang for a in articles]
    if roots is None:
        roots = copy_roots([a.id for a in articles], {a.id: _opening(a) for a in articles})
    originals = [(a, lang) for a, lang in zip(articles, langs) if roots.get(a.id, a.id) == a.id]
    lang = _dominant([lang for _, lang in originals]) or _dominant(langs)

    bags = [content_words(_opening(a), lg) for a, lg in originals]
    idf = idf_table(bags)
    vectors = {a.id: tfidf(bag, idf) for (a, _), bag in zip(originals, bags)}
    total: dict[str, float] = {}
    for vec in vectors.values():
        for w, v in vec.items():
            total[w] = total.get(w, 0.0) + v

    def centroid_without(article_id: str) -> dict[str, float]:
        # leave-one-out: a candidate is central when the *other* reports say what it says
        own = vectors.get(article_id) if len(vectors) > 1 else None
        if not own:
            return normalise(total)
        return normalise({w: v - own.get(w, 0.0) for w, v in total.items()})

    def best(cands: list[tuple[Article, str, tuple[int, int] | None, str | None]]):
        scored = []
        cache: dict[str, dict[str, float]] = {}
        for n, (a, text, span, lg) in enumerate(cands):
            if a.id not in cache:
                cache[a.id] = centroid_without(a.id)
            vec = tfidf(content_words(text, lg), idf)
            day = -a.date.first_day().toordinal() if a.date else -10 ** 7
            scored.append((round(cosine(vec, cache[a.id]), 9), day, a.id, a, text, span))
        # ties: the earlier report, then the article id (so any input order gives the same headline)
        return max(scored, key=lambda x: x[:3])[3:] if scored else None

    pool = originals if any(lg == lang for _, lg in originals) else [(a, lg) for a, lg in zip(articles, langs)]
    in_lang = [(a, lg) for a, lg in pool if lg == lang] or pool
    titles = [(a, a.title.strip(), None, lg) for a, lg in in_lang if a.title and a.title.strip()]
    if titles:
        a, text, _ = best(titles)
        return Headline(re.sub(r"\s+", " ", text), lang, "title", a.id)
    leads = []
    for a, lg in in_lang:
        span = first_sentence_span(a.text)
        if span:
            lead = a.text[span[0]:span[1]]
            leads.append((a, lead, span, lg, len(lead.split())))
    long_enough = [x for x in leads if x[4] >= MIN_LEAD_WORDS] or leads
    choice = best([x[:4] for x in long_enough])
    if choice is None:
        return Headline("", lang, None)
    a, text, span = choice
    return Headline(shorten(text, lang=lang), lang, "lead", a.id, (span[0], span[1]))
