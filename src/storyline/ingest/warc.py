"""WARC archives (``.warc``, ``.warc.gz``): every HTML response record as an article, streamed.

Records are read one at a time with warcio's ArchiveIterator; only the
payload of an HTML response is read, and never more than ``MAX_PAGE_BYTES`` of
it, so memory stays flat however large the archive is. Every response record
that yields no article yields a Rejection naming it:
``archive.warc.gz#record-N <uri>: reason`` (N counts all records from 1).
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.ingest.errors import InputError, Rejection
from storyline.ingest.html import extract_article
from storyline.types import Article, PartialDate

MAX_PAGE_BYTES = 5 * 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")


def _warc_date(value: str | None) -> PartialDate | None:
    if not value:
        return None
    try:
        return PartialDate.parse(value.strip())
    except ValueError:
        return None


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"\'')
    return None


class _Iterator(ArchiveIterator):
    """Notes, before warcio closes its reader, whether the last gzip member ended (a cut download does not)."""

    truncated = False

    def close(self) -> None:
        reader = getattr(self, "reader", None)
        decompressor = getattr(reader, "decompressor", None) if reader is not None else None
        if decompressor is not None and getattr(decompressor, "eof", True) is False:
            self.truncated = True
        super().close()


def _check_magic(path: Path) -> None:
    with open(path, "rb") as f:
        head = f.read(2)
        f.seek(0)
        try:
            start = gzip.GzipFile(fileobj=f).read(16) if head == b"\x1f\x8b" else f.read(16)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"not a readable WARC archive: {exc}") from None
    if not (start.startswith(b"WARC/") or start.startswith(b"filedesc://")):
        raise InputError("not a WARC archive (it does not start with a WARC/1.x record)")


def iter_warc(path: Path) -> Iterator[Article | Rejection]:
    """Articles and rejections from one archive, lazily, in record order."""
    _check_magic(path)
    with open(path, "rb") as stream:
        n = 0
        records = _Iterator(stream, arc2warc=True)
        try:
            for record in records:
                n += 1
                if record.rec_type != "response":
                    continue  # warcinfo, request, metadata, revisit: not pages
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                origin = f"{path}#record-{n} {uri}".rstrip()
                http = record.http_headers
                if http is None:
                    yield Rejection(origin, "not an HTTP response")
                    continue
                status = http.get_statuscode()
                if status != "200":
                    yield Rejection(origin, f"HTTP {status}, not a page")
                    continue
                content_type = http.get_header("Content-Type") or ""
                media = content_type.split(";")[0].strip().lower()
                if media not in HTML_TYPES:
                    yield Rejection(origin, f"not HTML ({media or 'no content type'})")
                    continue
                data = record.content_stream().read(MAX_PAGE_BYTES + 1)
                if len(data) > MAX_PAGE_BYTES:
                    yield Rejection(origin, f"page larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB")
                    continue
                try:
                    yield extract_article(data, origin=origin, url=uri or None, charset=_charset(content_type),
                                          fallback_date=_warc_date(record.rec_headers.get_header("WARC-Date")))
                except InputError as exc:
                    yield Rejection(origin, str(exc))
            if records.truncated:
                raise InputError(f"archive cut short: its last gzip member (after record {n}) is incomplete")
        except ArchiveLoadFailed as exc:
            raise InputError(f"not a readable WARC archive after {n} records: {exc}") from None
        except (EOFError, OSError, ValueError) as exc:  # truncated gzip member, bad chunking
            raise InputError(f"archive damaged after record {n}: {exc}") from None


def read_warc(path: Path) -> Iterator[Article | Rejection]:
    return iter_warc(path)
