"""The main job: read -> analyse -> cluster -> store, in batches that are each one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from storyline.ingest.errors import Rejection
from storyline.jobs.writer import ENGINE_STATE, IngestReport, Writer
from storyline.store import Store
from storyline.types import Article

BATCH_SIZE = 200

__all__ = ["BATCH_SIZE", "ENGINE_STATE", "IngestReport", "Writer", "ingest"]


def _batches(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def ingest(target: Writer | Store, items: Iterable[Article | Rejection], batch_size: int = BATCH_SIZE,
           on_article: Callable[[], None] | None = None,
           on_batch: Callable[[IngestReport], None] | None = None) -> IngestReport:
    """Ingest a stream through the database's writer; each batch commits on its own, so a crash loses at
    most the batch under way. Articles are put in date order within a batch (the engine's ``partial_fit``).

    With ``on_batch`` each batch's report goes to it and is not kept: memory is bounded by the batch, not
    by the input (the returned report is then empty)."""
    writer = target if isinstance(target, Writer) else Writer(target)
    total = IngestReport()
    for chunk in _batches(items, batch_size):
        report = writer.write(chunk, on_article)
        if on_batch is None:
            total.merge(report)
        else:
            on_batch(report)
    return total
