"""Content-derived article ids: the same text ingested twice is the same article."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Unicode NFC and collapsed whitespace: formatting noise must not change an id."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def article_id(text: str, title: str | None = None) -> str:
    """16 hex digits of SHA-256 over the normalised title and body.

    Source, date and URL are left out on purpose: the same report filed under
    another name is the same content, and later stages (copies, revisions)
    decide what that means.
    """
    payload = normalise(title or "") + "\n\x1e\n" + normalise(text)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]
