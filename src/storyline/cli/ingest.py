"""``storyline ingest PATH… [--source NAME]``."""

# No ``from __future__ import annotations``: typer must see the option types.
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from storyline.cli import DbOption, db_path, err, open_store, out
from storyline.cli.progress import progress
from storyline.ingest import files_under, read_paths
from storyline.ingest.errors import Rejection
from storyline.ingest.names import printable
from storyline.jobs import BATCH_SIZE, IngestReport, Writer, ingest
from storyline.store import Store
from storyline.types import Article

# formats that hold many articles per file; without them, the files are the progress bar's total
_MANY_PER_FILE = (".jsonl", ".ndjson", ".xml", ".rss", ".atom", ".warc", ".warc.gz", ".arc.gz")


# Exit statuses of ``storyline ingest``: a script can tell rejections from a crash.
EXIT_OK, EXIT_REJECTED, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 3, 130


@dataclass
class Tally:
    """What an ingest did, counted batch by batch (duplicates and rejections are printed as they come),
    so that memory is bounded by the batch however large the input is."""

    added: int = 0
    duplicates: int = 0
    rejected: int = 0
    revisions: int = 0
    copies: int = 0
    new_stories: set[str] = field(default_factory=set)
    stories: set[str] = field(default_factory=set)
    alerts: int = 0

    def add(self, r: IngestReport) -> None:
        for a in r.duplicates:
            out.print(f"  [dim]duplicate[/] {escape(a.origin or a.source)} (already stored as {a.id})", highlight=False,
                      soft_wrap=True)
        for rej in r.rejected:
            err.print(f"  [red]rejected[/] {escape(rej.origin)}: {escape(rej.reason)}", highlight=False, soft_wrap=True)
        self.added += len(r.added)
        self.duplicates += len(r.duplicates)
        self.rejected += len(r.rejected)
        self.revisions += len(r.revisions)
        self.copies += len(r.copies)
        self.alerts += len(r.alerts)
        self.new_stories = (self.new_stories | r.new_stories) - set(r.merged)
        self.stories = (self.stories | r.stories) - set(r.merged)

    @property
    def status(self) -> int:
        return EXIT_REJECTED if self.rejected else EXIT_OK


def report(t: Tally) -> None:
    n_new, n_rev, n_cop = len(t.new_stories), t.revisions, t.copies
    out.print(
        f"[bold]{t.added}[/] added, [bold]{t.duplicates}[/] duplicate, [bold]{t.rejected}[/] rejected; {n_new} new "
        f"stor{'y' if n_new == 1 else 'ies'}, {len(t.stories)} touched; "
        f"{n_rev} revision{'' if n_rev == 1 else 's'}, {n_cop} cop{'y' if n_cop == 1 else 'ies'} of other outlets' reports",
        soft_wrap=True)
    if t.alerts:
        out.print(f"[bold]{t.alerts}[/] watchlist alert{'' if t.alerts == 1 else 's'} raised"
                  " (storyline watchlist alerts)")


def with_source(items: Iterable[Article | Rejection], source: str | None) -> Iterator[Article | Rejection]:
    """Name the outlet of articles whose format has none (the sample format's source is its file name)."""
    for item in items:
        if source and isinstance(item, Article) and item.origin and item.source == Path(item.origin).name:
            item.source = source
        yield item


def run_ingest(store: Store, paths: list[Path], tally: Tally | None = None, batch_size: int = BATCH_SIZE,
               source: str | None = None) -> Tally:
    tally = tally if tally is not None else Tally()
    files = list(files_under(paths))
    total = None if any(f.name.lower().endswith(_MANY_PER_FILE) for f in files) else len(files)
    writer = Writer(store)
    with progress("analysing", total) as bar:
        ingest(writer, with_source(read_paths(paths), source), batch_size, on_article=bar.advance,
               on_batch=tally.add)
    if tally.alerts:
        from storyline.cli.watchlist import deliver_pending

        deliver_pending(writer)
    return tally


def error_log(db: str | Path | None) -> Path:
    """Where a crash's traceback goes: ``$STORYLINE_ERROR_LOG``, else beside the database (a PostgreSQL
    store's: the working directory)."""
    if os.environ.get("STORYLINE_ERROR_LOG"):
        return Path(os.environ["STORYLINE_ERROR_LOG"])
    path = db_path(db)
    return (path.parent if isinstance(path, Path) and str(path) != ":memory:" else Path.cwd()) / "storyline-errors.log"


def guarded(db: str | Path | None, work: Callable[[Tally], None], then: Callable[[], None] | None = None) -> int:
    """Runs ``work`` and returns the exit status: 0 all stored, 1 some inputs rejected, 3 stopped by an
    error (the traceback appended to the error log, one line on the terminal), 130 interrupted. What
    was stored before an error stays stored: every batch is its own transaction."""
    tally = Tally()
    try:
        work(tally)
    except KeyboardInterrupt:
        err.print(f"interrupted: {tally.added} articles stored before it")
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001  the one place a crash becomes a status, a log and one line
        log = error_log(db)
        try:
            with open(log, "a", encoding="utf-8") as f:
                f.write(f"--- {datetime.now(timezone.utc).isoformat()} storyline {' '.join(sys.argv[1:])}\n")
                f.write(traceback.format_exc())
            where = f"traceback in {log}"
        except OSError as log_exc:
            where = f"no traceback written ({log} {log_exc.strerror or log_exc})"
        message = printable(f"{type(exc).__name__}: {exc}")[:300]
        err.print(f"stopped by an error after {tally.added} articles stored: {escape(message)} ({escape(where)})",
                  highlight=False, soft_wrap=True)
        return EXIT_ERROR
    report(tally)
    if then is not None:
        then()
    return tally.status


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest_cmd(paths: Annotated[list[Path], typer.Argument(help="Files or directories (recursive).")],
                   db: DbOption = None,
                   batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles committed per "
                                                           "transaction (a crash loses at most one batch).")]
                   = BATCH_SIZE,
                   source: Annotated[Optional[str], typer.Option(
                       "--source", help="The outlet of articles whose format names none (.txt files; "
                                        "otherwise the file name is the source).")] = None) -> None:
        """Read articles, analyse them, assign them to stories and store them.

        Exit status: 0 all stored, 1 finished with some inputs rejected, 3 stopped by an error."""
        def work(tally: Tally) -> None:
            with open_store(db) as store:
                run_ingest(store, paths, tally, batch_size, source)

        raise typer.Exit(guarded(db, work))
