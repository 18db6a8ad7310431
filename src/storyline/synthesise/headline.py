"""A story's headline: the earliest title, else the lead sentence shortened."""

from __future__ import annotations

import re

MAX_WORDS = 14


def shorten(sentence: str, max_words: int = MAX_WORDS) -> str:
    sentence = re.sub(r"\s+", " ", sentence).strip()
    words = sentence.split(" ")
    if len(words) <= max_words:
        return sentence.rstrip(".")
    # Cut at a clause boundary when one falls late enough, else at the word limit.
    head = " ".join(words[:max_words])
    cut = max(head.rfind(","), head.rfind(":"), head.rfind(";"))
    if cut > len(head) // 2:
        return head[:cut]
    return head + " …"


def first_sentence(text: str) -> str:
    m = re.search(r"(.+?[.!?])(\s|$)", text.strip(), re.S)
    return m.group(1) if m else text.strip()


def simple_headline(titles: list[str | None], texts: list[str]) -> str:
    for t in titles:
        if t and t.strip():
            return t.strip()
    for text in texts:
        if text.strip():
            return shorten(first_sentence(text))
    return ""
