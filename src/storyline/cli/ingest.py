"""``storyline ingest PATH…`` and ``storyline demo``."""

# No ``from __future__ import annotations``: typer must see the option types.
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from storyline.cli import DbOption, err, open_store, out
from storyline.ingest import files_under, read_paths
from storyline.jobs import BATCH_SIZE, IngestReport, Writer, ingest
from storyline.store import Store


def report(r: IngestReport) -> None:
    out.print(
        f"[bold]{len(r.added)}[/] added, [bold]{len(r.duplicates)}[/] duplicate, "
        f"[bold]{len(r.rejected)}[/] rejected; {len(r.new_stories)} new "
        f"stor{'y' if len(r.new_stories) == 1 else 'ies'}, {len(r.stories)} touched; "
        f"{len(r.revisions)} revision{'' if len(r.revisions) == 1 else 's'}, "
        f"{len(r.copies)} cop{'y' if len(r.copies) == 1 else 'ies'} of other outlets' reports"
    )
    for a in r.duplicates:
        out.print(f"  [dim]duplicate[/] {escape(a.origin or a.source)} (already stored as {a.id})")
    for rej in r.rejected:
        err.print(f"  [red]rejected[/] {escape(str(rej.origin))}: {escape(rej.reason)}")


def run_ingest(store: Store, paths: list[Path], batch_size: int = BATCH_SIZE) -> IngestReport:
    files = list(files_under(paths))
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=len(files) < 20) as progress:
        task = progress.add_task("analysing", total=None)
        return ingest(Writer(store), read_paths(paths), batch_size, on_article=lambda: progress.advance(task))


def bundled_examples() -> Path:
    return Path(str(resources.files("storyline") / "examples"))


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest_cmd(paths: Annotated[list[Path], typer.Argument(help="Files or directories (recursive).")],
                   db: DbOption = None,
                   batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles committed per "
                                                           "transaction (a crash loses at most one batch).")]
                   = BATCH_SIZE) -> None:
        """Read articles, analyse them, assign them to stories and store them."""
        with open_store(db) as store:
            r = run_ingest(store, paths, batch_size)
        report(r)
        raise typer.Exit(1 if r.rejected else 0)

    @app.command("demo")
    def demo_cmd(db: DbOption = None) -> None:
        """Ingest the bundled example articles and print the stories."""
        from storyline.cli.read import stories_table
        from storyline.store import read

        with open_store(db) as store:
            out.print(f"ingesting the bundled examples into {escape(store.path)}")
            r = run_ingest(store, [bundled_examples()])
            report(r)
            out.print(stories_table(read.list_stories(store)))
        raise typer.Exit(1 if r.rejected else 0)
