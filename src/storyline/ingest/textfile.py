"""The sample format: an optional-whitespace ``date YYYY[-MM[-DD[ HH:MM]]]`` header, then the body.

Paragraphs are separated by blank lines. There is no title and no source: the
source is the file name, the headline is derived later.
"""

from __future__ import annotations

import re
from pathlib import Path

from storyline.ingest.decode import decode
from storyline.ingest.errors import InputError
from storyline.ingest.identity import article_id
from storyline.types import Article, PartialDate

_HEADER = re.compile(r"\A\s*date[ \t]+(?P<value>\S+(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?)[ \t]*(?:\r?\n|[ \t]+)")


def parse_text(text: str, source: str, origin: str | None = None) -> Article:
    m = _HEADER.match(text)
    if not m:
        first = text.strip().splitlines()[0][:60] if text.strip() else ""
        raise InputError(f"missing header 'date YYYY[-MM[-DD]]' (first line: {first!r})")
    try:
        date = PartialDate.parse(m["value"].replace(" ", "T"))
    except ValueError as exc:
        raise InputError(f"invalid date header {m['value']!r}: {exc}") from None
    body = text[m.end():].strip()
    if not body:
        raise InputError("no text after the date header")
    body = body.replace("\r\n", "\n")
    return Article(id=article_id(body), text=body, date=date, source=source, origin=origin)


def read_text_file(path: Path) -> Article:
    return parse_text(decode(path.read_bytes()), source=path.name, origin=str(path))
