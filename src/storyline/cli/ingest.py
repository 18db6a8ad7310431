"""``storyline ingest PATH… [--source NAME]``."""

# No ``from __future__ import annotations``: typer must see the option types.
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from storyline.cli import DbOption, err, open_store, out
from storyline.cli.progress import progress
from storyline.ingest import files_under, read_paths
from storyline.ingest.errors import Rejection
from storyline.jobs import BATCH_SIZE, IngestReport, Writer, ingest
from storyline.store import Store
from storyline.types import Article

# formats that hold many articles per file; without them, the files are the progress bar's total
_MANY_PER_FILE = (".jsonl", ".ndjson", ".xml", ".rss", ".atom", ".warc", ".warc.gz", ".arc.gz")


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
    if r.alerts:
        out.print(f"[bold]{len(r.alerts)}[/] watchlist alert{'' if len(r.alerts) == 1 else 's'} raised"
                  " (storyline watchlist alerts)")


def with_source(items: Iterable[Article | Rejection], source: str | None) -> Iterator[Article | Rejection]:
    """Name the outlet of articles whose format has none (the sample format's source is its file name)."""
    for item in items:
        if source and isinstance(item, Article) and item.origin and item.source == Path(item.origin).name:
            item.source = source
        yield item


def run_ingest(store: Store, paths: list[Path], batch_size: int = BATCH_SIZE, source: str | None = None) -> IngestReport:
    files = list(files_under(paths))
    total = None if any(f.name.lower().endswith(_MANY_PER_FILE) for f in files) else len(files)
    with progress("analysing", total) as bar:
        writer = Writer(store)
        report = ingest(writer, with_source(read_paths(paths), source), batch_size, on_article=bar.advance)
    if report.alerts:
        from storyline.cli.watchlist import deliver_pending

        deliver_pending(writer)
    return report


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
        """Read articles, analyse them, assign them to stories and store them."""
        with open_store(db) as store:
            r = run_ingest(store, paths, batch_size, source)
        report(r)
        raise typer.Exit(1 if r.rejected else 0)
