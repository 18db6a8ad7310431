"""Storage. SQLite is the embedded default; the API is small so PostgreSQL can follow."""

from storyline.store.sqlite import Store, default_path

__all__ = ["Store", "default_path"]
