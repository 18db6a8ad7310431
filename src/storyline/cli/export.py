"""``storyline export STORY_ID --format json|md|html|csv [--db PATH] [--output FILE]``."""

# No ``from __future__ import annotations``: typer must see the option types.
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from storyline.cli import DbOption, err


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
        from storyline.cli.read import load_story
        from storyline.synthesise.export import export

        text = export(load_story(db, story_id), fmt.value)
        if output is None:
            sys.stdout.write(text)
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8", newline="")
            err.print(f"wrote {escape(str(output))}")
