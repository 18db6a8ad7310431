"""JSON Lines: one article per line with ``date``, ``text`` and optional metadata.

The file is streamed line by line and split on ``\\n`` only (a raw U+2028
inside a JSON string is valid JSON, not a line break); no line is read past
``Limits.article_bytes``. Every line is judged on its own: invalid JSON, a
field of the wrong type, a NUL byte or an oversized line is a Rejection
``file:LINE`` and the other lines are kept.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from charset_normalizer import from_bytes

from storyline.ingest.build import make_article
from storyline.ingest.decode import bom_encoding
from storyline.ingest.errors import InputError, Rejection
from storyline.ingest.files import open_input
from storyline.ingest.limits import Limits, too_large
from storyline.ingest.names import shown
from storyline.ingest.safejson import loads
from storyline.types import Article, PartialDate

OPTIONAL = ("id", "title", "source", "url", "lang")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
_URL = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)
_SKIP_CHUNK = 1024 * 1024


def describe(value: object) -> str:
    """A JSON value's type as JSON calls it, with a short sample: ``a number (123)``, ``an array``."""
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        text = repr(value)
        return f"a number ({text[:20]}{'…' if len(text) > 20 else ''})"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a string" if isinstance(value, str) else "null"


def _string(record: dict, key: str) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, str):
        return value
    raise InputError(f"field {key!r} must be a string, not {describe(value)}")


def _date(record: dict) -> PartialDate | None:
    raw = record.get("date")
    if raw is None:
        return None
    if isinstance(raw, int) and not isinstance(raw, bool) and 1 <= raw <= 9999:
        raw = str(raw)  # a bare year
    if not isinstance(raw, str):
        raise InputError(f"field 'date' must be a string such as \"2022-01-11\", not {describe(raw)}")
    try:
        return PartialDate.parse(raw)
    except ValueError as exc:
        raise InputError(f"invalid 'date': {exc}") from None


def _record_id(record: dict) -> str | None:
    value = record.get("id")
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InputError(f"field 'id' must be a string or an integer, not {describe(value)}")
    text = str(value)
    return text if len(text) <= 200 else text[:200] + "…"


def _checked(record: dict, key: str, pattern: re.Pattern, example: str) -> str | None:
    value = (_string(record, key) or "").strip()
    if value and not pattern.match(value):
        raise InputError(f"field {key!r} must be {example}, not {value[:60]!r}")
    return value or None


def parse_record(record: object, default_source: str, origin: str, limits: Limits | None = None) -> Article:
    """One decoded JSON record -> Article; InputError naming the field that is missing or of the wrong type."""
    if not isinstance(record, dict):
        raise InputError(f"not a JSON object but {describe(record)}")
    if record.get("text") is None:
        raise InputError("field 'text' missing")
    text = _string(record, "text")
    title = _string(record, "title")
    record_id = _record_id(record)
    return make_article(
        text, date=_date(record), source=_string(record, "source") or default_source, title=title,
        url=_checked(record, "url", _URL, "an http(s) URL"),
        lang=_checked(record, "lang", _LANG, "a language code such as \"de\" or \"en-GB\""),
        origin=f"{origin} (id {record_id})" if record_id else origin, limits=limits or Limits.from_env(),
    )


def _skip_line(stream: IO) -> int:
    """Reads past the rest of an oversized line without keeping it; returns how much there was."""
    skipped = 0
    while chunk := stream.readline(_SKIP_CHUNK):
        skipped += len(chunk)
        if chunk.endswith(b"\n" if isinstance(chunk, bytes) else "\n"):
            break
    return skipped


def _lines(stream: IO, limit: int) -> Iterator[tuple[int, bytes | str | None, int]]:
    """(line number, line or None when oversized, its size), never holding more than ``limit`` of a line."""
    n = 0
    newline = b"\n" if isinstance(stream, io.BufferedIOBase) else "\n"
    while line := stream.readline(limit + 1):
        n += 1
        if len(line) > limit and not line.endswith(newline):
            yield n, None, len(line) + _skip_line(stream)
        else:
            yield n, line, len(line)


def _text(line: bytes | str) -> str:
    """A line as text: UTF-8 as JSON Lines should be, else the encoding the line's bytes suggest."""
    if isinstance(line, str):
        return line
    if b"\x00" in line:
        raise InputError("binary data (a NUL byte) in the line")
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as exc:
        guess = from_bytes(line).best()
        if guess is None:
            raise InputError(f"not UTF-8 text (byte 0x{line[exc.start]:02x} at column {exc.start + 1})") from None
        return str(guess)


def _stream(raw: IO[bytes]) -> IO:
    """The file as bytes, or as text when a UTF-16/32 byte-order mark says so."""
    marked = bom_encoding(raw.peek(4)[:4]) if hasattr(raw, "peek") else None
    if marked is None or marked[0] == "utf-8":
        return raw
    raw.read(marked[1])
    return io.TextIOWrapper(raw, encoding=marked[0], errors="replace", newline="\n")


def read_jsonl(path: Path, limits: Limits | None = None) -> Iterator[Article | Rejection]:
    """Yield articles and per-line rejections; a bad line never hides the good ones."""
    limits = limits or Limits.from_env()
    name = shown(path)
    with open_input(path, limits.file_bytes) as raw:
        stream = _stream(raw)
        records = 0
        for n, line, size in _lines(stream, limits.article_bytes):
            if line is not None and not line.strip():
                continue
            records += 1
            if records > limits.records_per_file:
                yield Rejection(name, f"more than {limits.records_per_file:,} records: the rest of the file "
                                      f"(from line {n}) is not read")
                return
            yield _line_item(line, size, f"{name}:{n}", shown(path.name), limits)
        if records == 0:
            yield Rejection(name, "empty file: no JSON records")


def _line_item(line: bytes | str | None, size: int, origin: str, source: str, limits: Limits) -> Article | Rejection:
    try:
        if line is None:
            raise InputError(too_large("article", size, limits.article_bytes))
        text = _text(line).lstrip("\ufeff")
        if not text.lstrip().startswith("{"):
            raise InputError("not a JSON object (each line holds one {...} record)")
        record = loads(text, limits.json_depth, limits.number_digits)
        return parse_record(record, default_source=source, origin=origin, limits=limits)
    except InputError as exc:
        return Rejection(origin, str(exc))



# -- ranges of lines: one file read by several processes (``storyline backfill``) ---------------------
#
# A range is (start byte, stop byte, number of its first line), cut right after a newline, so each line lies
# in exactly one range and keeps its line number (the origin ``file:LINE`` is the same as ``read_jsonl``'s).
# What needs the whole file -- the ``records_per_file`` cap, "empty file", the count of rejections -- is
# judged when the ranges' items are joined in order (``storyline.ingest.discover.join_ranges``).

_SCAN_BLOCK = 1024 * 1024


def line_ranges(path: Path, lines_per_range: int, limits: Limits | None = None) -> list[tuple[int, int, int]] | None:
    """Byte ranges of ``lines_per_range`` lines each, found by scanning for newlines (no line is decoded or
    held whole); None when the file is not split: unreadable (its one reader reports why), or marked
    UTF-16/32, whose newlines are not the byte 0x0a."""
    limits = limits or Limits.from_env()
    try:
        with open_input(path, limits.file_bytes) as f:
            marked = bom_encoding(f.peek(4)[:4])
            if marked is not None and marked[0] != "utf-8":
                return None
            ranges: list[tuple[int, int, int]] = []
            start, first, count, pos = 0, 1, 0, 0
            while block := f.read(_SCAN_BLOCK):
                i = block.find(b"\n")
                while i >= 0:
                    count += 1
                    if count == lines_per_range:
                        end = pos + i + 1
                        ranges.append((start, end, first))
                        start, first, count = end, first + count, 0
                    i = block.find(b"\n", i + 1)
                pos += len(block)
            if pos > start:
                ranges.append((start, pos, first))
            return ranges
    except (InputError, OSError):
        return None


class _Range(io.BufferedIOBase):
    """The bytes of an open file up to ``stop``: ``readline`` never reads past the range."""

    def __init__(self, raw: IO[bytes], stop: int) -> None:
        super().__init__()
        self._raw, self._left = raw, stop - raw.tell()

    def readable(self) -> bool:
        return True

    def readline(self, size: int | None = -1) -> bytes:  # type: ignore[override]
        if self._left <= 0:
            return b""
        line = self._raw.readline(self._left if size is None or size < 0 else min(size, self._left))
        self._left -= len(line)
        return line


def read_jsonl_range(path: Path, start: int, stop: int, first_line: int,
                     limits: Limits | None = None) -> Iterator[tuple[int, Article | Rejection]]:
    """(line number, item) for the records of one range, each judged exactly as :func:`read_jsonl` judges it."""
    limits = limits or Limits.from_env()
    with open_input(path, limits.file_bytes) as raw:
        raw.seek(start)
        for n, line, size in _lines(_Range(raw, stop), limits.article_bytes):
            n += first_line - 1
            if line is not None and not line.strip():
                continue
            yield n, _line_item(line, size, f"{shown(path)}:{n}", shown(path.name), limits)


def join_jsonl(path: Path, ranges: Iterable[list[tuple[int, Article | Rejection]]],
               limits: Limits) -> Iterator[Article | Rejection]:
    """What :func:`read_jsonl` yields for the whole file, from its ranges' items in order: the whole-file
    checks (``records_per_file``, an empty file) are made here."""
    name, records = shown(path), 0
    for items in ranges:
        for n, item in items:
            if n == 0:  # the range could not be read: the file ends here, as it does for read_file
                yield item
                return
            records += 1
            if records > limits.records_per_file:
                yield Rejection(name, f"more than {limits.records_per_file:,} records: the rest of the file "
                                      f"(from line {n}) is not read")
                return
            yield item
    if records == 0:
        yield Rejection(name, "empty file: no JSON records")
