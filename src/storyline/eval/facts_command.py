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
        from storyline.lang import HANDLED

        err = Console(stderr=True)
        if not gold.exists():
            err.print(f"{gold}: no such file")
            raise typer.Exit(2)
        if lang not in HANDLED:
            err.print(f"--lang {lang!r}: storyline analyses de and en")
            raise typer.Exit(2)
        try:
            result = facts.evaluate(gold, lang=lang, data=facts.shared_data())
        except (KeyError, ValueError) as exc:
            err.print(f"{gold}: not a gold fact file ({type(exc).__name__}: {exc})")
            raise typer.Exit(2) from None
        if json_out:
            sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        else:
            sys.stdout.write(facts.format_table(result) + "\n")
