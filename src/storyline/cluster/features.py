"""Article + Analysis -> ClusterDoc: the bags of strings the story engine compares.

* ``title_tokens``/``body_tokens``: lower-cased content words (SoMaJo class
  ``regular``, longer than one character, not a stop word);
* ``title_lemmas``/``body_lemmas``: their simplemma lemmas;
* ``entities``: the entity component's language-independent keys
  (``per:tokayev``, ``org:csto``, ``loc:iso:KZ``) followed by this module's
  cheap language-independent keys, prefixed ``~t:`` (title) or ``~b:`` (body):
  capitalised words that are not sentence-initial (and every capitalised
  title word) folded by :func:`storyline.cluster.names.name_key`, and numbers
  normalised by :func:`storyline.cluster.names.number_key` (``#10000``).

Headline-only articles (no body) are judged on their title, which is split
and lemmatised here since the analysis has no sentences for them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from storyline.analyse.keys import PERSON, surname
from storyline.analyse.sentences import split
from storyline.cluster.boilerplate import notice_spans, without
from storyline.cluster.dense import doc_text
from storyline.cluster.names import name_key, number_key
from storyline.lang import HANDLED as _HANDLED
from storyline.types import Analysis, Article, ClusterDoc

_CONTENT = {"regular"}
NAME_PREFIX = "~"  # entity strings starting with this are our own name/number keys
MAX_BODY_WORDS = 600  # the lead carries the story; caps the cost of very long texts


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    try:
        from spacy.lang.de.stop_words import STOP_WORDS as DE
        from spacy.lang.en.stop_words import STOP_WORDS as EN
    except ImportError:  # pragma: no cover - spacy is a dependency
        return frozenset()
    return frozenset(w.lower() for w in DE | EN)


def _words(sentences, limit: int | None = None, title: bool = False) -> tuple[list[str], list[str], list[str]]:
    """Content tokens, their lemmas and the name/number keys of a list of sentences.

    In a body only capitalised words that do not open a sentence count as names;
    in a title (often Title Case) every capitalised word does.
    """
    stop = _stop_words()
    toks: list[str] = []
    lems: list[str] = []
    keys: list[str] = []
    for s in sentences:
        for i, t in enumerate(s.tokens):
            text = t.text
            if t.kind == "number":
                k = number_key(text)
                if k:
                    keys.append("#" + k)
                continue
            if t.kind not in _CONTENT or len(text) < 2:
                continue
            low = text.lower()
            if text[0].isupper() and (i > 0 or title) and len(text) >= 3:
                k = name_key(text)
                if k:
                    keys.append(k)
            if low in stop:
                continue
            toks.append(low)
            lems.append(t.lemma if t.lemma else low)
        if limit is not None and len(toks) >= limit:
            break
    return toks, lems, keys


_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def _years(analysis: Analysis) -> list[int]:
    """Years spelt out in the article's absolute dates ("April 27, 2009", "im Jahr 2013").

    Only years written in the text count: a relative expression resolved against the
    article's own date says nothing new. For undated articles (crawls, ECB+) these
    are the only clue to *when* -- two similar events years apart differ here first.
    """
    out = []
    for t in analysis.times:
        if t.value and t.kind == "date":
            m = _YEAR.search(t.text)
            if m and t.value.startswith(m.group(1)):
                out.append(int(m.group(1)))
    return out


def _lang(article: Article, analysis: Analysis) -> str | None:
    """The detected language, unless it is one storyline does not handle and the declared one is
    (short headlines are sometimes taken for Dutch or Italian)."""
    if analysis.lang in _HANDLED or article.lang not in _HANDLED:
        return analysis.lang or article.lang
    return article.lang


def _engine_key(key: str) -> str:
    """``per:kasym-tokaev`` -> ``per:tokaev``; any other key as it is."""
    sur = surname(key)
    return PERSON + sur if sur else key


def cluster_doc(article: Article, analysis: Analysis) -> ClusterDoc:
    lang = _lang(article, analysis)
    text, sentences = article.text, analysis.sentences
    notices = notice_spans(text)
    if notices:  # a consent banner is the same on every page of a site: it says nothing of the story
        sentences = [s for s in sentences if not any(a <= s.start < b for a, b in notices)]
        text = without(text, notices)
    body_tokens, body_lemmas, body_keys = _words(sentences, MAX_BODY_WORDS)
    title_tokens, title_lemmas, title_keys = [], [], []
    if article.title:
        title_tokens, title_lemmas, title_keys = _words(split(article.title, lang), title=True)
    # people by surname: an article that names only "Tokajew" and one that names "Kassym-Schomart
    # Tokajew" report on the same man, and two namesakes in one story's window are rare
    entities = list(dict.fromkeys(_engine_key(e.key) for e in analysis.entities))
    entities += [NAME_PREFIX + "t:" + k for k in title_keys]
    entities += [NAME_PREFIX + "b:" + k for k in body_keys]
    return ClusterDoc(
        id=article.id,
        lang=lang,
        date=article.date,
        title_tokens=title_tokens,
        title_lemmas=title_lemmas,
        body_tokens=body_tokens,
        body_lemmas=body_lemmas,
        entities=entities,
        years=_years(analysis),
        lead=doc_text(article.title, text),
    )
