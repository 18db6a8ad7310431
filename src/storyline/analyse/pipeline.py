"""Analysis as small components over one document (in the spirit of spaCy's pipeline).

language -> sentences/tokens/lemmas -> entities -> quantity facts -> time expressions.
Texts in a language storyline does not handle get their language reported and
nothing else: no facts are invented from a tokenizer that does not fit.
"""

from __future__ import annotations

from storyline.analyse import entities, quantities, times
from storyline.analyse.language import HANDLED, detect
from storyline.analyse.sentences import split
from storyline.types import Analysis, Article, PartialDate


def analyse_text(article_id: str, text: str, date: PartialDate | None, declared_lang: str | None = None) -> Analysis:
    lang, confidence = detect(text)
    if lang is None and declared_lang in HANDLED:
        lang, confidence = declared_lang, 0.0
    result = Analysis(article_id=article_id, lang=lang, lang_confidence=round(confidence, 4))
    if lang not in HANDLED:
        return result
    result.sentences = split(text, lang)
    result.entities = entities.find_entities(text, result.sentences, lang)
    result.facts = quantities.find_facts(text, result.sentences, lang, date)
    result.times = times.find_times(text, result.sentences, lang, date)
    return result


def analyse(article: Article) -> Analysis:
    # Headline-only articles (feeds, aggregators) are judged on their title.
    text = article.text if article.text.strip() else ""
    if not text and article.title:
        lang, conf = detect(article.title)
        return Analysis(article_id=article.id, lang=lang or article.lang, lang_confidence=round(conf, 4))
    return analyse_text(article.id, text, article.date, article.lang)
