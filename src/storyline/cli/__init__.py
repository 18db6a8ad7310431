"""Command line: a thin layer over the library (each command mirrors a library call of the same name).

One module per group of commands (``cli/ingest.py``, ``cli/read.py``, ``cli/watch.py``, …), each
with ``register(app, eval_app)``; what they share (the consoles, ``--db``, ``--json``, opening a
store) is here, declared once.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape

from storyline.store import Store, default_path, describe, is_url
from storyline.store import open_store as _open_target
from storyline.types import to_plain

app = typer.Typer(help="storyline: news articles in, stories with traced facts out.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
eval_app = typer.Typer(help="Evaluate the analysis and the story engine against gold data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

out = Console()
err = Console(stderr=True)

# a str, not a Path: Path() would fold the // of a postgresql:// URL
DbOption = Annotated[Optional[str], typer.Option(
    "--db", help="SQLite file or postgresql://user@host/db URL \\[env STORYLINE_DB; default ./storyline.db]")]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]


def db_path(db: str | Path | None) -> str | Path:
    """``--db``, else ``STORYLINE_DB``, else ./storyline.db: a URL as given (open_store refuses any but
    PostgreSQL's, saying so), a path as a Path."""
    target = str(db) if db is not None else default_path()
    return target if is_url(target) or "://" in target else Path(target)


def _open(target: str | Path) -> Store:
    try:
        return _open_target(target)
    except (ConnectionError, ValueError) as exc:  # a server that does not answer, a URL that is no store
        err.print(escape(str(exc)), highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


def open_store(db: str | Path | None) -> Store:
    """The store a writing command uses: created (and migrated) when it does not exist yet."""
    return _open(db_path(db))


def read_store(db: str | Path | None) -> Store:
    """The store a reading command uses: a path that does not exist is an error, not a new empty database.
    A PostgreSQL URL is never "missing": its server says whether the database is there."""
    path = db_path(db)
    if isinstance(path, Path) and str(path) != ":memory:" and not path.exists():
        err.print(f"no database at {escape(describe(path))} (ingest something first, or pass --db)")
        raise typer.Exit(2)
    return _open(path)


def print_json(data: object) -> None:
    """The one place the CLI turns a view into JSON."""
    sys.stdout.write(json.dumps(to_plain(data), ensure_ascii=False, indent=2) + "\n")


# Each module registers its commands; the list is the CLI's table of contents.
COMMAND_MODULES = (
    "storyline.cli.ingest",  # ingest
    "storyline.cli.backfill",  # backfill (Dask distributed)
    "storyline.cli.demo",  # demo
    "storyline.cli.read",  # stories, show
    "storyline.cli.export",  # export
    "storyline.cli.watch",  # watch
    "storyline.cli.watchlist",  # watchlist add, list, rm, alerts, deliver
    "storyline.cli.serve",  # serve
    "storyline.cli.evaluate",  # eval ner
    "storyline.eval.commands",  # eval cluster, eval pairs
    "storyline.eval.facts_command",  # eval facts
)


def _register_all() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app, eval_app)


_register_all()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
