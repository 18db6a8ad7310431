"""``storyline export STORY_ID --format json|md|html|csv [--db PATH] [--output FILE]``."""

# No ``from __future__ import annotations``: typer must see the option types.
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from storyline.cli import DbOption, err, read_store
from storyline.types.views import Merged


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
        db: DbOption = None,
        output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    ) -> None:
        """Export a story's synthesis: headline, summary, timeline, fact ledger, key entities."""
        from storyline.store import read
        from storyline.synthesise.export import export

        with read_store(db) as store:
            found = read.resolve(store, story_id)
            if isinstance(found, Merged):
                err.print(f"story {escape(story_id)} was merged into {found.into}; exporting {found.into}")
                story_id = found.into
            story = read.story_detail(store, story_id) if found is not None else None
        if story is None:
            err.print(f"no story {escape(story_id)!r}")
            raise typer.Exit(2)
        text = export(story, fmt.value)
        if output is None:
            sys.stdout.write(text)
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8", newline="")
            err.print(f"wrote {escape(str(output))}")
