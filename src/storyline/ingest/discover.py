"""Walk paths (files and directories, recursively) and dispatch each file to its reader."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from storyline.ingest.errors import InputError, Rejection
from storyline.ingest.feed import read_feed_file
from storyline.ingest.html import read_html_file
from storyline.ingest.jsonl import read_jsonl
from storyline.ingest.textfile import read_text_file
from storyline.ingest.warc import read_warc
from storyline.types import Article

Reader = Callable[[Path], "Article | Iterable[Article | Rejection]"]

# Later readers (HTML, feeds, WARC) register here by suffix; the default is the sample text format.
READERS: dict[str, Reader] = {".jsonl": read_jsonl, ".ndjson": read_jsonl}
READERS.update({".html": read_html_file, ".htm": read_html_file, ".xhtml": read_html_file,  # issue 7
                ".xml": read_feed_file, ".rss": read_feed_file, ".atom": read_feed_file,
                ".warc": read_warc, ".warc.gz": read_warc, ".arc.gz": read_warc})
DEFAULT_READER: Reader = read_text_file
_SKIP_NAMES = {".DS_Store", "Thumbs.db"}


def files_under(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from (p for p in sorted(path.rglob("*")) if p.is_file() and p.name not in _SKIP_NAMES
                        and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            yield path


def reader_for(path: Path) -> Reader:
    name = path.name.lower()
    for suffix, reader in READERS.items():
        if name.endswith(suffix):
            return reader
    return DEFAULT_READER


def read_file(path: Path) -> Iterator[Article | Rejection]:
    """Read one file; every failure becomes a Rejection naming the file and the reason."""
    if not path.exists():
        yield Rejection(str(path), "no such file or directory")
        return
    try:
        result = reader_for(path)(path)
        if isinstance(result, Article):
            yield result
        else:
            yield from result
    except InputError as exc:
        yield Rejection(str(path), str(exc))
    except OSError as exc:
        yield Rejection(str(path), f"cannot read: {exc.strerror or exc}")


def read_paths(paths: Iterable[Path]) -> Iterator[Article | Rejection]:
    for path in files_under(paths):
        yield from read_file(path)
