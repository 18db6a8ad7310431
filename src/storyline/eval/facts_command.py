"""CLI command of the quantity-fact evaluation: ``storyline eval facts``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @eval_app.command("facts")
    def eval_facts_cmd(
        gold: Annotated[Path, typer.Option("--gold", help="JSON Lines: sentence, date, figures (span, category, kind, value).")],
        lang: Annotated[str, typer.Option("--lang", help="Language of the gold sentences: de or en.")] = "de",
        json_out: Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")] = False,
    ) -> None:
        """Precision and recall of quantity facts per category, with every miss and false alarm."""
        from rich.console import Console

        from storyline.eval import facts

        try:
            result = facts.evaluate(gold, lang=lang, data=facts.shared_data())
        except (OSError, KeyError, ValueError) as exc:
            Console(stderr=True).print(f"{gold}: {facts.input_error(exc)}")
            raise typer.Exit(2) from None
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) if json_out else facts.format_table(result))
        sys.stdout.write("\n")
