"""``storyline export STORY_ID --format json|md|html|csv [--db PATH] [--output FILE]``."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer


class Format(str, Enum):
    json = "json"
    md = "md"
    html = "html"
    csv = "csv"


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command("export")
    def export_cmd(
        story_id: str,
        fmt: Annotated[Format, typer.Option("--format", "-f", help="json, md, html (standalone page) or csv (one row per ledger entry).")] = Format.json,
        db: Annotated[Optional[Path], typer.Option("--db", help="SQLite file [env STORYLINE_DB; default ./storyline.db]")] = None,
        output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    ) -> None:
        """Export a story's synthesis: headline, summary, timeline, fact ledger, key entities."""
        from storyline.store import Store, default_path
        from storyline.synthesise import view
        from storyline.synthesise.export import export

        path = db if db is not None else Path(default_path())
        if str(path) != ":memory:" and not path.exists():
            typer.echo(f"no database at {path}", err=True)
            raise typer.Exit(2)
        with Store(path) as store:
            story = view.story_detail(store, story_id)
        if story is None:
            typer.echo(f"no story {story_id!r}", err=True)
            raise typer.Exit(2)
        text = export(story, fmt.value)
        if output is None:
            sys.stdout.write(text)
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8", newline="")
            typer.echo(f"wrote {output}", err=True)
