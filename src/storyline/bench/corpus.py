"""Real German news for benchmarks: the SmartData corpus in ../shared/data."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def shared_data() -> Path:
    path = Path(os.environ.get("STORYLINE_SHARED_DATA", ROOT.parent / "shared" / "data"))
    if not path.exists():
        raise FileNotFoundError(f"{path}: the benchmarks read the corpora in ../shared/data, which is absent")
    return path


def _objects(path: Path) -> Iterator[dict]:
    """SmartData files hold concatenated pretty-printed JSON objects, not JSON Lines."""
    text = gzip.open(path, "rt", encoding="utf-8").read()
    decoder = json.JSONDecoder()
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            return
        obj, pos = decoder.raw_decode(text, pos)
        yield obj


def smartdata_news() -> list[dict]:
    """German news documents (source ``news``) with text and ISO date."""
    docs = []
    for name in ("v1_train.json.gz", "v3_dev.json.gz"):
        for obj in _objects(shared_data() / "smartdata" / name):
            source = ((obj.get("refids") or {}).get("map") or {}).get("source")
            lang = (obj.get("langCode") or {}).get("string")
            text = (obj.get("text") or {}).get("string") or ""
            if source == "news" and lang in (None, "de") and text.strip():
                docs.append({"id": obj.get("id"), "text": text, "date": (obj.get("date") or {}).get("string")})
    return docs
