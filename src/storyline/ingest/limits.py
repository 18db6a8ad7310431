"""How much one input may cost: bytes per article, per page and per file, records per file, JSON shape.

Every limit is checked before the bytes it guards are read (a file's size
from ``stat``, a line by ``readline(limit + 1)``), so an oversized input is
rejected in the time it takes to look at it, never after reading it whole.
Each limit can be set in the environment (``STORYLINE_MAX_ARTICLE=4MB``);
docs/ingest.md lists them with the message each violation prints.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

KB = 1024
MB = 1024 * KB
GB = 1024 * MB

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": KB, "m": MB, "g": GB}


@dataclass(frozen=True, slots=True)
class Limits:
    article_bytes: int = 2 * MB  # a text file, a JSONL line, a feed item's text, a page's extracted text
    page_bytes: int = 5 * MB  # an HTML page (file or WARC payload): markup is heavier than its text
    feed_bytes: int = 8 * MB  # a feed file, parsed whole by feedparser
    page_elements: int = 20_000  # HTML elements of one page: extraction costs ~0.2 ms each
    page_attributes: int = 2_000  # attributes of one HTML element: lxml's parser is quadratic in them
    feed_elements: int = 50_000  # tags of one feed (counted as "<"): feedparser costs ~30 us each
    file_bytes: int = 8 * GB  # any file; JSONL and WARC are streamed, so only time grows with it
    records_per_file: int = 1_000_000  # JSONL lines, WARC records, feed items
    rejections_per_file: int = 100  # named one by one; later ones are counted in one closing rejection
    json_depth: int = 64  # nesting of arrays/objects in a JSONL line or a page's JSON-LD
    number_digits: int = 100  # digits of one JSON number
    header_line_bytes: int = 64 * KB  # one WARC or HTTP header line

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Limits":
        """Defaults, overridden by ``STORYLINE_MAX_<NAME>`` (``STORYLINE_MAX_ARTICLE=4MB``, ``..._RECORDS=1000``)."""
        environ = os.environ if environ is None else environ
        changes = {}
        for f in fields(cls):
            raw = environ.get(env_name(f.name))
            if raw is not None:
                changes[f.name] = parse_size(raw, env_name(f.name))
        return replace(cls(), **changes)


def env_name(field_name: str) -> str:
    """``article_bytes`` -> ``STORYLINE_MAX_ARTICLE``; ``records_per_file`` -> ``STORYLINE_MAX_RECORDS``."""
    stem = field_name.removesuffix("_bytes").removesuffix("_per_file").removesuffix("_digits")
    return "STORYLINE_MAX_" + stem.upper()


def parse_size(text: str, what: str = "size") -> int:
    """``2MB``, ``512k``, ``1.5GB``, ``1000`` -> bytes (or a plain count); ValueError naming ``what``."""
    m = _SIZE.match(text)
    if not m:
        raise ValueError(f"{what}: {text!r} is not a size such as 2MB, 512KB or 1000")
    value = int(float(m[1]) * _UNITS[m[2].lower()])
    if value < 1:
        raise ValueError(f"{what}: {text!r} must be at least 1")
    return value


def human(n: int) -> str:
    """A byte count as people read it: ``100 MB``, ``2.5 MB``, ``800 KB``, ``12 bytes``."""
    for unit, size in (("GB", GB), ("MB", MB), ("KB", KB)):
        if n >= size:
            return f"{n / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} byte" + ("" if n == 1 else "s")


def too_large(what: str, size: int, limit: int, *, at_least: bool = False) -> str:
    """The message of every size limit: ``article of 100 MB exceeds the 2 MB limit``."""
    return f"{what} of {'more than ' if at_least else ''}{human(size)} exceeds the {human(limit)} limit"
