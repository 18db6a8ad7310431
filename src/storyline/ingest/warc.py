"""WARC archives (``.warc``, ``.warc.gz``): every HTML response record as an article, streamed.

Records are read one at a time with warcio's ArchiveIterator; only the
payload of an HTML response is read, and never more than ``Limits.page_bytes``
of it, so memory stays flat however large the archive is. Every response
record that yields no article yields a Rejection naming it:
``archive.warc.gz#record-N <uri>: reason`` (N counts all records from 1).

warcio trusts its input more than an archive from the wild deserves: a
response without ``WARC-Target-URI`` raises AttributeError inside it, a header
line is read however long it is, damaged gzip data is reported on stderr and
then read as empty, and a record with no ``WARC-Type`` is just an unknown
type. The subclasses below turn each of these into a Rejection; whatever the
archive held before the damage is kept.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataException, DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.recordloader import ArcWarcRecordLoader
from warcio.statusandheaders import StatusAndHeadersParserException

from storyline.ingest.errors import InputError, Rejection
from storyline.ingest.files import open_input
from storyline.ingest.html import extract_article
from storyline.ingest.limits import Limits, too_large
from storyline.ingest.names import shown
from storyline.types import Article, PartialDate

HTML_TYPES = ("text/html", "application/xhtml+xml")
RECORD_TYPES = {"warcinfo", "response", "resource", "request", "metadata", "revisit", "conversion", "continuation"}


class Damaged(Exception):
    """The archive cannot be read past this point; the message says why."""


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


class _Reader(DecompressingBufferedReader):
    """warcio's reader with header lines capped and damaged gzip data raised, not printed and dropped."""

    max_line = 64 * 1024

    def readline(self, length=None):
        cap = self.max_line + 1 if length is None or length < 0 else min(length, self.max_line + 1)
        line = super().readline(cap)
        if len(line) > self.max_line and not line.endswith(b"\n"):
            raise Damaged(f"a header line longer than the {self.max_line // 1024} KB limit")
        return line

    def _decompress(self, data):
        if self.decompressor is not None and data and self.num_block_read > 0:
            try:
                return self.decompressor.decompress(data)
            except zlib.error as exc:
                raise Damaged(f"damaged gzip data ({exc})") from None
        return super()._decompress(data)


class _Loader(ArcWarcRecordLoader):
    """A response record without a target URI has no HTTP headers to parse, rather than crashing warcio."""

    def load_http_headers(self, rec_type, uri, stream, length):
        if uri is None:
            return None
        return super().load_http_headers(rec_type, uri, stream, length)


class _Iterator(ArchiveIterator):
    """Records, with warcio's reader and loader swapped for the guarded ones above."""

    truncated = False
    cut = False

    def __init__(self, fileobj: BinaryIO, max_line: int) -> None:
        super().__init__(fileobj, arc2warc=True)
        self.loader = _Loader(verify_http=False, arc2warc=True)
        self.reader = _Reader(self.fh, block_size=self.reader.block_size)
        self.reader.max_line = max_line
        self.misaligned = 0

    def read_to_end(self, record=None):
        current = self.record
        super().read_to_end(record)
        if _cut_short(current):
            self.cut = True  # the file ended before the record's Content-Length did

    def _consume_blanklines(self):
        """warcio's, counting a record not followed by a blank line instead of printing about it."""
        empty_size, first = 0, True
        while True:
            line = self.reader.readline()
            if not line:
                return None, empty_size
            if line.rstrip() and not first:
                return line, empty_size
            if line.rstrip():
                self.misaligned += 1  # warcio skips this line, as here: a Content-Length was probably wrong
            empty_size += len(line)
            first = False

    def close(self) -> None:
        reader = getattr(self, "reader", None)
        decompressor = getattr(reader, "decompressor", None) if reader is not None else None
        if decompressor is not None and getattr(decompressor, "eof", True) is False:
            self.truncated = True  # the last gzip member never ended: a cut download
        super().close()


def _cut_short(record) -> bool:
    stream = getattr(record, "raw_stream", None)
    return isinstance(stream, LimitReader) and stream.limit > 0 and not stream.read(1)


def _check_magic(path: Path, limits: Limits) -> None:
    with open_input(path, limits.file_bytes) as f:
        head = f.read(2)
        f.seek(0)
        try:
            start = gzip.GzipFile(fileobj=f).read(16) if head == b"\x1f\x8b" else f.read(16)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"not a readable WARC archive: {exc}") from None
    if not start.strip():
        raise InputError("empty file")
    if not (start.startswith(b"WARC/") or start.startswith(b"filedesc://")):
        raise InputError("not a WARC archive (it does not start with a WARC/1.x record)")


def _record_item(record, origin: str, uri: str | None, limits: Limits) -> Article | Rejection | None:
    """What one record gives: an article, a rejection naming it, or None for records that are not pages."""
    rec_type = record.rec_type
    if rec_type is None:
        return Rejection(origin, "not a WARC record (no WARC-Type header)")
    if rec_type not in RECORD_TYPES:
        return Rejection(origin, f"unknown WARC-Type {rec_type[:40]!r}")
    if rec_type != "response":
        return None  # warcinfo, request, metadata, revisit: not pages
    if uri is None:
        return Rejection(origin, "response record without WARC-Target-URI")
    length = record.rec_headers.get_header("Content-Length")
    if length is None or not length.strip().isdigit():
        return Rejection(origin, "no Content-Length" if length is None else f"invalid Content-Length {length[:40]!r}")
    http = record.http_headers
    if http is None:
        return Rejection(origin, "not an HTTP response")
    status = http.get_statuscode()
    if status != "200":
        return Rejection(origin, f"HTTP {status[:20]}, not a page")
    content_type = http.get_header("Content-Type") or ""
    media = content_type.split(";")[0].strip().lower()
    if media not in HTML_TYPES:
        return Rejection(origin, f"not HTML ({media[:60] or 'no content type'})")
    try:
        data = record.content_stream().read(limits.page_bytes + 1)
    except (ChunkedDataException, zlib.error, OSError, ValueError) as exc:
        return Rejection(origin, f"unreadable HTTP body: {str(exc)[:200]}")
    if len(data) > limits.page_bytes:
        return Rejection(origin, too_large("page", len(data), limits.page_bytes, at_least=True))
    if _cut_short(record):
        return Rejection(origin, "record cut short: the archive ends inside it")
    try:
        return extract_article(data, origin=origin, url=uri or None, charset=_charset(content_type), limits=limits,
                               fallback_date=_warc_date(record.rec_headers.get_header("WARC-Date")))
    except InputError as exc:
        return Rejection(origin, str(exc))


def iter_warc(path: Path, limits: Limits | None = None) -> Iterator[Article | Rejection]:
    """Articles and rejections from one archive, lazily, in record order."""
    limits = limits or Limits.from_env()
    name = shown(path)
    _check_magic(path, limits)
    with open_input(path, limits.file_bytes) as stream:
        n = given = 0
        records = _Iterator(stream, limits.header_line_bytes)
        try:
            for record in records:
                n += 1
                if n > limits.records_per_file:
                    yield Rejection(name, f"more than {limits.records_per_file:,} records: the rest of the archive "
                                          f"(from record {n}) is not read")
                    return
                uri = record.rec_headers.get_header("WARC-Target-URI")
                origin = f"{name}#record-{n} {shown(uri or '')}".rstrip()
                item = _record_item(record, origin, uri, limits)
                if item is not None:
                    given += 1
                    yield item
            if records.misaligned:
                yield Rejection(name, f"{records.misaligned} record(s) not followed by a blank line: a Content-Length "
                                      "is probably wrong")
        except Damaged as exc:
            raise InputError(f"archive damaged after record {n}: {exc}") from None
        except (ArchiveLoadFailed, StatusAndHeadersParserException) as exc:
            raise InputError(f"not a readable WARC archive after {n} records: {str(exc).strip()[:200]}") from None
        except (EOFError, OSError, ValueError) as exc:  # truncated gzip member, bad chunking
            raise InputError(f"archive damaged after record {n}: {exc}") from None
    if records.cut:
        raise InputError(f"archive cut short inside record {n}")
    if records.truncated:
        raise InputError(f"archive cut short: its last gzip member (after record {n}) is incomplete")
    if n == 0:
        raise InputError("a WARC archive without records")
    if given == 0:
        raise InputError(f"no response records among its {n} record(s): no pages in the archive")


def read_warc(path: Path, limits: Limits | None = None) -> Iterator[Article | Rejection]:
    return iter_warc(path, limits)
