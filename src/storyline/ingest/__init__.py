"""Readers: every input format becomes :class:`storyline.types.Article`."""

from storyline.ingest.discover import files_under, read_file, read_paths
from storyline.ingest.errors import InputError, Rejection

__all__ = ["files_under", "read_file", "read_paths", "InputError", "Rejection"]
