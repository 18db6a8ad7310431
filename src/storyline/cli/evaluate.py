"""``storyline eval ner`` and ``eval cluster``: the entity recogniser and the story engine against gold data."""

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
        result = ner.evaluate(gold, lang=lang)
        if json_out:
            sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        else:
            out.print(ner.format_table(result))

    @eval_app.command("cluster")
    def eval_cluster_cmd(
        gold: Annotated[Path, typer.Option("--gold", help="JSON Lines with id, date, lang, title, text, source, story.")],
        json_out: JsonOption = False,
        peers: Annotated[bool, typer.Option("--peers", help="Also run the batch peers (agglomerative, BERTopic).")] = False,
        no_cache: Annotated[bool, typer.Option("--no-cache", help="Re-analyse instead of reading cached features.")] = False,
    ) -> None:
        """Stream a gold file through a fresh story engine: BCubed, pairwise, ARI, speed (and peers)."""
        import json
        import sys

        from rich.console import Console

        from storyline.eval import cluster

        if not gold.exists():
            err.print(f"{gold}: no such file")
            raise typer.Exit(2)
        try:
            result = cluster.evaluate(gold, peers=peers, cache=not no_cache)
        except (KeyError, ValueError) as exc:
            err.print(f"{gold}: not a gold clustering file ({type(exc).__name__}: {exc})")
            raise typer.Exit(2) from None
        if json_out:
            sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        else:
            Console(width=max(120, Console().width)).print(cluster.format_table(result))
            if result["analysis"] != "full":
                err.print("[yellow]note[/]: entity analysis unavailable; features built without entity keys")
