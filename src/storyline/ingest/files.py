"""Opening an input without being stalled or flooded by it.

A FIFO blocks ``open()`` until a writer comes; ``/dev/zero`` never ends; a
100 MB "article" costs minutes of analysis. :func:`open_input` opens without
blocking and refuses anything that is not a regular file; :func:`read_capped`
refuses a file larger than a limit from its size alone, before reading it.
"""

from __future__ import annotations

import fcntl
import os
import stat
from pathlib import Path
from typing import BinaryIO

from storyline.ingest.errors import InputError
from storyline.ingest.limits import too_large

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def kind_of(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def not_regular(mode: int) -> str:
    """The rejection reason for anything that is not a regular file (nothing is read from it)."""
    return f"{kind_of(mode)}, not a regular file: not read"


def open_input(path: Path, max_bytes: int | None = None, what: str = "file") -> BinaryIO:
    """A regular file opened for reading; InputError for anything else or for a file over ``max_bytes``."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(not_regular(info.st_mode))
        if max_bytes is not None and info.st_size > max_bytes:
            raise InputError(too_large(what, info.st_size, max_bytes))
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_capped(path: Path, max_bytes: int, what: str = "article") -> bytes:
    """The whole file when it holds at most ``max_bytes``; a file that grew since ``stat`` is still capped."""
    with open_input(path, max_bytes, what) as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(too_large(what, len(data), max_bytes, at_least=True))
    return data
