"""The sample format: an optional-whitespace ``date YYYY[-MM[-DD[ HH:MM]]]`` header, then the body.

Paragraphs are separated by blank lines. There is no title and no source: the
source is the file name, the headline is derived later. A file is one
article, so it may hold at most ``Limits.article_bytes``, judged from its size
before it is read.
"""

from __future__ import annotations

import re
from pathlib import Path

from storyline.ingest.build import make_article
from storyline.ingest.decode import decode
from storyline.ingest.errors import InputError
from storyline.ingest.files import read_capped
from storyline.ingest.limits import Limits
from storyline.ingest.names import shown
from storyline.types import Article, PartialDate

_HEADER = re.compile(r"\A\s*date[ \t]+(?P<value>\S+(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?)[ \t]*(?:\r?\n|[ \t]+)")


def _first_line(text: str) -> str:
    stripped = text.lstrip()
    return stripped[:stripped.find("\n")][:60] if "\n" in stripped else stripped[:60]


def parse_text(text: str, source: str, origin: str | None = None, limits: Limits | None = None) -> Article:
    m = _HEADER.match(text)
    if not m:
        raise InputError(f"missing header 'date YYYY[-MM[-DD]]' (first line: {_first_line(text)!r})")
    try:
        date = PartialDate.parse(m["value"].replace(" ", "T"))
    except ValueError as exc:
        raise InputError(f"invalid date header {m['value'][:80]!r}: {exc}") from None
    body = text[m.end():].strip()
    if not body:
        raise InputError("no text after the date header")
    return make_article(body.replace("\r\n", "\n"), date=date, source=source, origin=origin,
                        limits=limits or Limits.from_env())


def read_text_file(path: Path, limits: Limits | None = None) -> Article:
    limits = limits or Limits.from_env()
    data = read_capped(path, limits.article_bytes)
    return parse_text(decode(data), source=shown(path.name), origin=shown(path), limits=limits)
