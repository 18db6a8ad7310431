"""File names as text that is safe to store and print, and that gives back the exact bytes.

A POSIX file name is bytes. Python hands names that are not UTF-8 over as
str with lone surrogates (``\\udce9``), which SQLite, JSON and terminals all
refuse; control characters and bidi overrides in a name are legal but would
rewrite the line a terminal shows. :func:`shown` escapes exactly those:
an undecodable byte as ``\\xNN``, a control or bidi character as ``\\uNNNN``,
and a backslash as ``\\\\`` (so the escape is lossless: :func:`unshown`
inverts it). Every other name is left as it is.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}
_UNESCAPE = re.compile(r"\\(\\|x[0-9a-f]{2}|u[0-9a-f]{4})")


def _escape_char(c: str) -> str:
    code = ord(c)
    if c == "\\":
        return "\\\\"
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: one byte that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    if 0xD800 <= code <= 0xDFFF or c in _BIDI or unicodedata.category(c) in ("Cc", "Zl", "Zp"):
        return f"\\u{code:04x}"
    return c


def _needs_escape(c: str) -> bool:
    return c == "\\" or ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in _BIDI or "\u2028" <= c <= "\u2029" \
        or "\ud800" <= c <= "\udfff"


def shown(path: str | os.PathLike[str] | bytes) -> str:
    """The path as safe, lossless text (see the module docstring)."""
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    text = os.fspath(path)
    if not any(_needs_escape(c) for c in text):
        return text
    return "".join(_escape_char(c) for c in text)


def unshown(text: str) -> Path:
    """Inverse of :func:`shown`: the path with its original bytes."""
    def back(m: re.Match) -> str:
        token = m[1]
        if token == "\\":
            return "\\"
        if token[0] == "x":
            return chr(0xDC00 + int(token[1:], 16))
        return chr(int(token[1:], 16))

    return Path(_UNESCAPE.sub(back, text))


_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]")
_SPACES = re.compile(r"\s+")


def printable(text: str) -> str:
    """Text that cannot rewrite a terminal line or break a log line: control, bidi and surrogate characters
    (and line breaks) as ``\\uNNNN``; everything else, backslashes included, as it is."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def one_line(text: str) -> str:
    """A label (title, source, author): whitespace runs as one space, then :func:`printable`."""
    return printable(_SPACES.sub(" ", text).strip())
