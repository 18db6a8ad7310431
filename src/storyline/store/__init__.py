"""Storage. SQLite is the embedded default; ``open_store`` picks the backend from a path or URL."""

from __future__ import annotations

from pathlib import Path

from storyline.store.sqlite import Store, default_path

__all__ = ["Store", "default_path", "is_url", "open_store"]


def is_url(target: str | Path | None) -> bool:
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def open_store(target: str | Path | None = None, **kwargs) -> Store:
    """The store at ``target``: a ``postgresql://`` URL, or a path (SQLite; ``None``: ``STORYLINE_DB`` or
    ``storyline.db``)."""
    target = target if target is not None else default_path()
    if is_url(target):
        raise NotImplementedError(f"{target}: the PostgreSQL backend is not built yet")
    return Store(target, **kwargs)
