"""Cookie and consent notices inside an article's text, which the story engine must not read.

Text that reaches storyline from a crawl or another tool's export sometimes carries the site's consent
banner ("Wir setzen auf unserer Website Cookies … ein"; on the rated German pairs 11 of 836 texts,
whole articles among them). The banner is the same on every page of a site, so two unrelated reports
of one outlet looked alike to the engine (two of the German pairs it joined wrongly were such pages).
The HTML reader already rejects pages that are *only* a banner; this finds a banner paragraph inside
a text, for the engine's features only: the stored text is left as it is.

A paragraph is a notice when it uses at least three different consent words, four in all, and one word
in twelve is one of them. On the German pairs and on ECB+ and UCI (4,597 texts) that flags 9 banner
paragraphs and no paragraph of news (two short banner lines of three consent words each stay: a news
paragraph on cookie rules reads like them).
"""

from __future__ import annotations

import re

_TERMS = re.compile(
    r"\b(cookies?|website|webseite|datenschutz\w*|einwillig\w*|zustimm\w*|einverstanden|werbung|personalis\w*|"
    r"tracking|consent|privacy|akzeptier\w*|accept\w*|drittanbieter\w*|analysezweck\w*|einstellungen|settings|"
    r"javascript|browser|nutzungsbedingung\w*|anonymisiert\w*|advertis\w*|opt[- ]?out|widerruf\w*)\b",
    re.IGNORECASE)
_WORD = re.compile(r"\w+")
_PARAGRAPH = re.compile(r"[^\n]+")
MIN_DISTINCT = 3  # different consent words (by their first six letters: "cookie" and "cookies" are one)
MIN_HITS = 4
WORDS_PER_TERM = 12  # at most this many words per consent word


def notice_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs (lines) of ``text`` that are consent notices."""
    out = []
    for m in _PARAGRAPH.finditer(text):
        hits = _TERMS.findall(m.group(0))
        if len(hits) < MIN_HITS or len({h.lower()[:6] for h in hits}) < MIN_DISTINCT:
            continue
        if len(hits) * WORDS_PER_TERM >= len(_WORD.findall(m.group(0))):
            out.append(m.span())
    return out


def without(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the spans cut out."""
    parts, at = [], 0
    for start, end in spans:
        parts.append(text[at:start])
        at = end
    parts.append(text[at:])
    return "".join(parts)
