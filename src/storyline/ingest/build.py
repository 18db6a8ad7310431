"""The one way a reader makes an Article: text normalised, size checked, id derived.

Text from JSON may hold lone surrogates (``"\\ud800"`` is valid JSON) that no
UTF-8 encoder accepts, and any input may hold control characters; both become
U+FFFD here, so nothing downstream (SQLite, JSON, a terminal) meets them.
"""

from __future__ import annotations

import re

from storyline.ingest.errors import InputError
from storyline.ingest.identity import article_id
from storyline.ingest.limits import Limits, too_large
from storyline.ingest.names import one_line, printable
from storyline.types import Article, PartialDate

_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\ud800-\udfff]")


def clean(text: str) -> str:
    """Lone surrogates and control characters (other than tab, newlines, form feed) -> U+FFFD."""
    return _BAD_CHARS.sub("\ufffd", text)


def label(value: str | None) -> str | None:
    """A one-line field (title, source, author, origin) cleaned and made printable; None when empty."""
    return one_line(clean(value)) or None if value else None


def utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def make_article(text: str, *, date: PartialDate | None, source: str, limits: Limits, title: str | None = None,
                 url: str | None = None, lang: str | None = None, origin: str | None = None,
                 author: str | None = None) -> Article:
    """An Article from a reader's fields; InputError when it holds nothing or more than the article limit."""
    body = clean(text).strip()
    title = label(title)
    size = utf8_size(body) + (utf8_size(title) if title else 0)
    if size > limits.article_bytes:
        raise InputError(too_large("article", size, limits.article_bytes))
    if not body and not title:
        raise InputError("empty text and no title")
    return Article(id=article_id(body, title), text=body, date=date, source=label(source) or "unknown", title=title,
                   url=printable(clean(url.strip())) or None if url else None, lang=label(lang),
                   origin=printable(clean(origin)) if origin else None, author=label(author))
