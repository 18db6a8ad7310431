"""Who and what an article is: its content-derived id, and the outlet a URL belongs to.

The same text ingested twice is the same article; light on purpose (no parser imports), so the
deduplication stage can name outlets without loading the HTML stack.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlsplit

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


def host_of(url: str | None) -> str | None:
    """``https://www.tagesschau.de/x`` -> ``tagesschau.de`` (the outlet a URL belongs to)."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower()
    for prefix in ("www.", "www1.", "www2.", "m.", "amp.", "mobil."):
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix):]
    return host
