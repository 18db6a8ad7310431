"""``storyline backfill SOURCES… [--db PATH|URL] [--scheduler tcp://HOST:8786 | --workers N]``."""

# No ``from __future__ import annotations``: typer must see the option types.
import os
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from storyline.cli import err, out
from storyline.cli.ingest import Tally, guarded
from storyline.cli.progress import progress
from storyline.jobs import BATCH_SIZE


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command("backfill")
    def backfill_cmd(
        paths: Annotated[list[Path], typer.Argument(help="Files or directories (recursive), as for ingest.")],
        db: Annotated[Optional[str], typer.Option(
            "--db", help="SQLite file or postgresql:// URL \\[env STORYLINE_DB; default ./storyline.db]")] = None,
        scheduler: Annotated[Optional[str], typer.Option(
            "--scheduler", help="A running Dask scheduler (tcp://HOST:8786); its workers must see the input "
                                "files at the same paths and the database.")] = None,
        workers: Annotated[Optional[int], typer.Option(
            "--workers", min=1, help="Worker processes of a local cluster when no --scheduler is given "
                                     "\\[default: one per core]")] = None,
        worker_writes: Annotated[Optional[bool], typer.Option(
            "--worker-writes/--client-writes",
            help="Workers stage their results in the database themselves, or hand them back to this process "
                 "\\[default: workers write to PostgreSQL, hand back for SQLite]")] = None,
        batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles committed per transaction "
                                                "(the same batches as ingest: the same stories).")] = BATCH_SIZE,
        source: Annotated[Optional[str], typer.Option(
            "--source", help="The outlet of articles whose format names none (as for ingest).")] = None,
        stall_seconds: Annotated[Optional[float], typer.Option(
            "--stall-seconds", min=1, help="A partition with no result this long after it is needed is "
                                           "submitted again: a lost task or a hung worker \\[default: 600]")] = None,
    ) -> None:
        """Ingest a large archive on Dask distributed: workers read and analyse, one process clusters.

        Stores exactly what `storyline ingest` stores. Killed and run again with the same inputs, it goes
        on where it stopped without analysing stored articles again. Exit status as for ingest: 0 all
        stored, 1 some inputs rejected, 3 stopped by an error."""
        if scheduler and workers:
            err.print("--scheduler and --workers exclude each other: the scheduler's cluster has its own workers")
            raise typer.Exit(2)
        try:
            from storyline.jobs.backfill import STALL_SECONDS, backfill
            import distributed  # noqa: F401
        except ImportError:
            from storyline.jobs.backfill import INSTALL_HINT

            err.print(INSTALL_HINT)
            raise typer.Exit(2)
        from storyline.store import default_path, is_url

        target = db if db is not None else default_path()
        stall = stall_seconds or STALL_SECONDS
        local_db = None if is_url(target) else Path(target)  # where a crash's traceback goes (beside SQLite)

        def work(tally: Tally) -> None:
            with progress("backfill", None) as bar:
                shown = {"stored": 0}

                def started(stats) -> None:
                    where = f"scheduler {scheduler}" if scheduler else f"{stats.workers} local worker processes"
                    err.print(f"backfill: {stats.partitions} partitions on {escape(where)}"
                              + (f"; Dask dashboard: {stats.dashboard}" if stats.dashboard else
                                 " (no dashboard: pip install bokeh)"), highlight=False, soft_wrap=True)

                def moved(stats) -> None:
                    bar.update(description=f"backfill: {stats.done}/{stats.partitions} partitions analysed, "
                                           f"stored")
                    bar.advance(stats.stored - shown["stored"])
                    shown["stored"] = stats.stored

                _, stats = backfill(target, paths, scheduler=scheduler, workers=workers or os.cpu_count() or 1,
                                    worker_writes=worker_writes, batch_size=batch_size, source=source,
                                    stall_seconds=stall, on_batch=tally.add, on_progress=moved,
                                    on_start=started)
            out.print(f"{stats.articles} articles read by {stats.workers} workers in {stats.wall_seconds:.1f} s "
                      f"({stats.articles_per_s:.1f}/s): {stats.analysed} analysed, {stats.skipped} stored before "
                      f"(not analysed again)" + (f", {stats.resumed} partitions resumed from the database"
                                                 if stats.resumed else "")
                      + (f", {stats.resubmitted} partitions submitted again after {stall:.0f} s without "
                         f"a result" if stats.resubmitted else ""), highlight=False, soft_wrap=True)
            if tally.alerts:
                from storyline.cli.watchlist import deliver_pending
                from storyline.jobs import Writer
                from storyline.store import open_store

                with open_store(target) as store:
                    deliver_pending(Writer(store))

        raise typer.Exit(guarded(local_db, work))
