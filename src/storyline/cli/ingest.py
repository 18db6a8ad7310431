"""``storyline ingest PATH…`` and ``storyline demo``."""

# No ``from __future__ import annotations``: typer must see the option types.
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from storyline.cli import DbOption, db_path, err, open_store, out
from storyline.ingest import files_under, read_paths
from storyline.ingest.names import printable
from storyline.jobs import BATCH_SIZE, IngestReport, Writer, ingest
from storyline.store import Store


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


def run_ingest(store: Store, paths: list[Path], tally: Tally | None = None, batch_size: int = BATCH_SIZE) -> Tally:
    tally = tally if tally is not None else Tally()
    many = sum(1 for _ in islice(files_under(paths), 20)) >= 20  # a bar only when there is something to wait for
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=not many) as progress:
        task = progress.add_task("analysing", total=None)
        ingest(Writer(store), read_paths(paths), batch_size, on_article=lambda: progress.advance(task),
               on_batch=tally.add)
    return tally


def error_log(db: Path | None) -> Path:
    """Where a crash's traceback goes: ``$STORYLINE_ERROR_LOG``, else beside the database."""
    if os.environ.get("STORYLINE_ERROR_LOG"):
        return Path(os.environ["STORYLINE_ERROR_LOG"])
    path = db_path(db)
    return (Path.cwd() if str(path) == ":memory:" else path.parent) / "storyline-errors.log"


def guarded(db: Path | None, work: Callable[[Tally], None], then: Callable[[], None] | None = None) -> int:
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


def bundled_examples() -> Path:
    return Path(str(resources.files("storyline") / "examples"))


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest_cmd(paths: Annotated[list[Path], typer.Argument(help="Files or directories (recursive).")],
                   db: DbOption = None,
                   batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles committed per "
                                                           "transaction (a crash loses at most one batch).")]
                   = BATCH_SIZE) -> None:
        """Read articles, analyse them, assign them to stories and store them.

        Exit status: 0 all stored, 1 finished with some inputs rejected, 3 stopped by an error."""
        def work(tally: Tally) -> None:
            with open_store(db) as store:
                run_ingest(store, paths, tally, batch_size)

        raise typer.Exit(guarded(db, work))

    @app.command("demo")
    def demo_cmd(db: DbOption = None) -> None:
        """Ingest the bundled example articles and print the stories."""
        from storyline.cli.read import stories_table
        from storyline.store import read

        def work(tally: Tally) -> None:
            with open_store(db) as store:
                out.print(f"ingesting the bundled examples into {escape(store.path)}")
                run_ingest(store, [bundled_examples()], tally)

        def stories() -> None:
            with open_store(db) as store:
                out.print(stories_table(read.list_stories(store)))

        raise typer.Exit(guarded(db, work, then=stories))
