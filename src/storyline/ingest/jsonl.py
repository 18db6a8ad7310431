"""JSON Lines: one article per line with ``date``, ``text`` and optional metadata."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from storyline.ingest.decode import decode
from storyline.ingest.errors import InputError, Rejection
from storyline.ingest.identity import article_id
from storyline.types import Article, PartialDate

OPTIONAL = ("id", "title", "source", "url", "lang")


def parse_record(record: object, default_source: str, origin: str) -> Article:
    if not isinstance(record, dict):
        raise InputError("not a JSON object")
    text = record.get("text")
    title = record.get("title") or None
    if not isinstance(text, str):
        raise InputError("field 'text' missing or not a string")
    if not text.strip() and not title:
        raise InputError("empty 'text' and no 'title'")
    raw_date = record.get("date")
    date = None
    if raw_date is not None:
        try:
            date = PartialDate.parse(str(raw_date))
        except ValueError as exc:
            raise InputError(f"invalid 'date': {exc}") from None
    body = text.strip()
    return Article(
        id=article_id(body, title),
        text=body,
        date=date,
        source=str(record.get("source") or default_source),
        title=title,
        url=record.get("url") or None,
        lang=record.get("lang") or None,
        origin=f"{origin} (id {record['id']})" if record.get("id") else origin,
    )


def read_jsonl(path: Path) -> Iterator[Article | Rejection]:
    """Yield articles and per-line rejections; a bad line never hides the good ones."""
    text = decode(path.read_bytes())
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        origin = f"{path}:{n}"
        try:
            yield parse_record(json.loads(line), default_source=path.name, origin=origin)
        except json.JSONDecodeError as exc:
            yield Rejection(origin, f"invalid JSON: {exc.msg} at column {exc.colno}")
        except InputError as exc:
            yield Rejection(origin, str(exc))
