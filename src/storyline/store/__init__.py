"""Storage. SQLite is the embedded default; ``open_store`` picks the backend from a path or URL:
a ``postgresql://`` URL opens the shared PostgreSQL store (:mod:`storyline.store.postgres`), anything
else is the path of a SQLite file."""

from __future__ import annotations

import re
from pathlib import Path

from storyline.store.sqlite import Store, default_path

__all__ = ["Store", "default_path", "describe", "is_url", "open_store"]

URL_SCHEMES = ("postgresql://", "postgres://")


def is_url(target: str | Path | None) -> bool:
    return isinstance(target, str) and target.startswith(URL_SCHEMES)


def describe(target: str | Path) -> str:
    """The target as it may be printed: a URL without its password."""
    text = str(target)
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", text) if is_url(text) else text


def open_store(target: str | Path | None = None, **kwargs) -> Store:
    """The store at ``target``: a ``postgresql://`` URL, or a path (SQLite; ``None``: ``STORYLINE_DB`` or
    ``storyline.db``). Any other ``scheme://`` is an error, not a file of that name."""
    target = target if target is not None else default_path()
    if is_url(target):
        from storyline.store.postgres import PgStore  # psycopg loads only for a PostgreSQL store

        return PgStore(str(target))
    if isinstance(target, str) and "://" in target:
        raise ValueError(f"{target}: not a store; give a SQLite path or a postgresql://user@host/db URL")
    return Store(target, **kwargs)
