"""Bytes -> str with encoding detection, refusing what is not text."""

from __future__ import annotations

from charset_normalizer import from_bytes

from storyline.ingest.errors import InputError

# UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one.
BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte-order mark declares and the mark's length, or None."""
    for mark, encoding in BOMS:
        if data.startswith(mark):
            return encoding, len(mark)
    return None


def _decode_marked(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid {encoding} text although it starts with a {encoding} byte-order mark "
                         f"(at byte {exc.start})") from None


def decode(data: bytes) -> str:
    """Text from a file: a byte-order mark's encoding, else UTF-8, else the best guess that is not binary."""
    marked = bom_encoding(data)
    if marked is not None:
        text = _decode_marked(data[marked[1]:], marked[0])
        if not text.strip():
            raise InputError("empty file")
        if "\x00" in text:
            raise InputError(f"binary file (decoded as {marked[0]} but contains NUL characters), not text")
        return text
    if not data.strip():
        raise InputError("empty file")
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes), not text")
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
