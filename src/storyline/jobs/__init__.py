"""The jobs that run the stages: ingest (read -> analyse -> cluster -> store), the feed watcher, and the
one write path they share (:class:`~storyline.jobs.writer.Writer`). They sit above the stages and
below the front ends (CLI, server): a stage never imports a job.
"""

from storyline.jobs.ingest import BATCH_SIZE, ingest
from storyline.jobs.writer import ENGINE_STATE, IngestReport, Writer

__all__ = ["BATCH_SIZE", "ENGINE_STATE", "IngestReport", "Writer", "ingest"]
