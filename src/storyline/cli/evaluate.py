"""``storyline eval ner``: the entity recogniser against gold data (``eval cluster``/``pairs`` live in eval/commands.py)."""

# No ``from __future__ import annotations``: typer must see the option types.
from pathlib import Path
from typing import Annotated

import typer

from storyline.cli import JsonOption, err, out
from storyline.lang import HANDLED


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @eval_app.command("ner")
    def eval_ner_cmd(gold: Annotated[Path, typer.Option("--gold", help="GermEval 2014 TSV file.")],
                     lang: Annotated[str, typer.Option("--lang", help="Language of the gold file: de or en.")] = "de",
                     show_errors: Annotated[bool, typer.Option(
                         "--errors", help="Also list every missed, spurious, mistyped and mis-bounded span.")] = False,
                     json_out: JsonOption = False) -> None:
        """Precision, recall and F1 of the entity recogniser per type and overall."""
        import json
        import sys

        from storyline.eval import ner

        if not gold.exists():
            err.print(f"{gold}: no such file")
            raise typer.Exit(2)
        if lang not in HANDLED:
            err.print(f"--lang {lang!r}: storyline analyses {' and '.join(HANDLED)}")
            raise typer.Exit(2)
        result = ner.evaluate(gold, lang=lang, with_errors=show_errors)
        if json_out:
            sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        else:
            if show_errors:
                sys.stdout.write(ner.format_errors(result["errors"]) + "\n")  # one line an error, unwrapped
            out.print(ner.format_table(result))
