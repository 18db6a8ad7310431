"""Walk paths (files and directories, recursively) and dispatch each file to its reader.

A directory walk stays inside its tree: a symbolic link is read only when it
points at a regular file inside the tree; a link to a directory, out of the
tree, into a loop or to nothing is a Rejection naming it. A path given on the
command line is followed wherever it points, but only a regular file is
read: a FIFO, a device or a socket is a Rejection, never opened for reading.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from storyline.ingest.errors import InputError, Rejection
from storyline.ingest.feed import read_feed_file
from storyline.ingest.files import kind_of, not_regular
from storyline.ingest.html import read_html_file
from storyline.ingest.jsonl import join_jsonl, read_jsonl, read_jsonl_range
from storyline.ingest.limits import Limits
from storyline.ingest.names import shown
from storyline.ingest.textfile import read_text_file
from storyline.ingest.warc import read_warc
from storyline.types import Article

Reader = Callable[[Path, Limits], "Article | Iterable[Article | Rejection]"]

# Later readers (HTML, feeds, WARC) register here by suffix; the default is the sample text format.
READERS: dict[str, Reader] = {".jsonl": read_jsonl, ".ndjson": read_jsonl}
READERS.update({".html": read_html_file, ".htm": read_html_file, ".xhtml": read_html_file,  # issue 7
                ".xml": read_feed_file, ".rss": read_feed_file, ".atom": read_feed_file,
                ".warc": read_warc, ".warc.gz": read_warc, ".arc.gz": read_warc})
DEFAULT_READER: Reader = read_text_file
_SKIP_NAMES = {".DS_Store", "Thumbs.db"}


def _link_problem(path: Path, root: Path) -> str | None:
    """Why a symlink met in a walk of ``root`` is not followed, or None when it is a file inside the tree."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError:
        return "symbolic link loop, not followed"
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            return "symbolic link loop, not followed"
        return f"broken symbolic link ({exc.strerror or exc}), not followed"
    if not target.is_relative_to(root):
        return f"symbolic link out of the tree (to {shown(target)}), not followed"
    mode = target.stat().st_mode
    if stat.S_ISDIR(mode):
        return "symbolic link to a directory, not followed (a walk never follows them)"
    if not stat.S_ISREG(mode):
        return f"symbolic link to {kind_of(mode)}, not read"
    return None


def _entries(directory: Path) -> tuple[list[os.DirEntry], str | None]:
    try:
        with os.scandir(directory) as it:
            return sorted(it, key=lambda e: e.name), None
    except OSError as exc:
        return [], f"cannot read directory: {exc.strerror or exc}"


def _walk_tree(top: Path) -> Iterator[Path | Rejection]:
    """Files under ``top`` in name order, depth first, without recursion and without following links."""
    root = top.resolve()
    stack = [top]
    while stack:
        directory = stack.pop()
        entries, problem = _entries(directory)
        if problem:
            yield Rejection(shown(directory), problem)
        subdirs = []
        for entry in entries:
            if entry.name.startswith(".") or entry.name in _SKIP_NAMES:
                continue
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    problem = _link_problem(path, root)
                    yield path if problem is None else Rejection(shown(path), problem)
                elif entry.is_dir(follow_symlinks=False):
                    subdirs.append(path)
                elif entry.is_file(follow_symlinks=False):
                    yield path
                else:
                    mode = entry.stat(follow_symlinks=False).st_mode
                    yield Rejection(shown(path), not_regular(mode))
            except OSError as exc:
                yield Rejection(shown(path), f"cannot read: {exc.strerror or exc}")
        stack.extend(reversed(subdirs))


def walk(paths: Iterable[Path]) -> Iterator[Path | Rejection]:
    """Every file to read under ``paths``, and a Rejection for every entry that is not read."""
    for path in paths:
        path = Path(path)
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk_tree(path)
        else:
            yield path


def files_under(paths: Iterable[Path]) -> Iterator[Path]:
    return (p for p in walk(paths) if isinstance(p, Path))


def reader_for(path: Path) -> Reader:
    name = path.name.lower()
    for suffix, reader in READERS.items():
        if name.endswith(suffix):
            return reader
    return DEFAULT_READER


def _failure(exc: Exception) -> str:
    """Why a file could not be read (further), as its Rejection says it."""
    if isinstance(exc, InputError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"cannot read: {exc.strerror or exc}"
    if isinstance(exc, RecursionError):
        return "nested too deeply to read"
    return f"unreadable ({type(exc).__name__}: {str(exc)[:200]})"


def _read_one(path: Path, limits: Limits) -> Iterator[Article | Rejection]:
    name = shown(path)
    if not os.path.lexists(path):
        yield Rejection(name, "no such file or directory")
        return
    try:
        result = reader_for(path)(path, limits)
        if isinstance(result, Article):
            yield result
        else:
            yield from result
    except Exception as exc:  # noqa: BLE001  a reader's bug must cost this file, never the files after it
        yield Rejection(name, _failure(exc))


def read_file(path: Path, limits: Limits | None = None) -> Iterator[Article | Rejection]:
    """Read one file; every failure becomes a Rejection naming the file and the reason.

    After ``Limits.rejections_per_file`` rejections the rest are counted, not listed, so a
    file of a million bad lines costs one line of report, not a million.
    """
    limits = limits or Limits.from_env()
    return _capped(path, _read_one(path, limits), limits)


def splittable(path: Path) -> bool:
    """A file that several processes may read in ranges of lines (:func:`read_range`): JSON Lines."""
    return reader_for(path) is read_jsonl


def read_range(path: Path, start: int, stop: int, first_line: int,
               limits: Limits | None = None) -> list[tuple[int, Article | Rejection]]:
    """(line number, item) of one range of a JSON Lines file (``line_ranges``); a failure to read it ends
    the list as (0, Rejection naming the file), which ends the file in :func:`join_ranges`."""
    limits = limits or Limits.from_env()
    out: list[tuple[int, Article | Rejection]] = []
    try:
        out.extend(read_jsonl_range(path, start, stop, first_line, limits))
    except Exception as exc:  # noqa: BLE001  as in _read_one: the file's problem, never the run's
        out.append((0, Rejection(shown(path), _failure(exc))))
    return out


def join_ranges(path: Path, ranges: Iterable[list[tuple[int, Article | Rejection]]],
                limits: Limits | None = None) -> Iterator[Article | Rejection]:
    """What :func:`read_file` yields for a file read in ranges, from the ranges' items in order."""
    limits = limits or Limits.from_env()
    return _capped(path, join_jsonl(path, ranges, limits), limits)


def _capped(path: Path, items: Iterable[Article | Rejection], limits: Limits) -> Iterator[Article | Rejection]:
    rejected = 0
    for item in items:
        if isinstance(item, Rejection):
            rejected += 1
            if rejected > limits.rejections_per_file:
                continue
        yield item
    if rejected > limits.rejections_per_file:
        extra = rejected - limits.rejections_per_file
        yield Rejection(shown(path), f"{extra:,} more rejection{'s' if extra > 1 else ''} in this file, not listed "
                                     f"(only the first {limits.rejections_per_file:,} are)")


def read_paths(paths: Iterable[Path], limits: Limits | None = None) -> Iterator[Article | Rejection]:
    limits = limits or Limits.from_env()
    for item in walk(paths):
        if isinstance(item, Rejection):
            yield item
        else:
            yield from read_file(item, limits)
