"""Bytes -> str with encoding detection, refusing what is not text."""

from __future__ import annotations

from charset_normalizer import from_bytes

from storyline.ingest.errors import InputError


def decode(data: bytes) -> str:
    if not data.strip():
        raise InputError("empty file")
    if b"\x00" in data[:8192]:
        raise InputError("binary file (contains NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise InputError("binary or undecodable file: no text encoding fits")
    text = str(best)
    # Control characters other than whitespace mean the guess produced garbage.
    bad = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\t\n\r\f")
    if bad > 2:
        raise InputError(f"binary file: decoded as {best.encoding} but holds control characters")
    return text
