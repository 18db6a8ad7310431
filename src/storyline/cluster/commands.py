"""CLI commands of the story engine: ``storyline eval cluster``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @eval_app.command("cluster")
    def eval_cluster_cmd(
        gold: Annotated[Path, typer.Option("--gold", help="JSON Lines with id, date, lang, title, text, source, story.")],
        json_out: Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")] = False,
        peers: Annotated[bool, typer.Option("--peers", help="Also run the batch peers (agglomerative, BERTopic).")] = False,
        no_cache: Annotated[bool, typer.Option("--no-cache", help="Re-analyse instead of reading cached features.")] = False,
    ) -> None:
        """Stream a gold file through a fresh story engine: BCubed, pairwise, ARI, speed (and peers)."""
        from rich.console import Console

        from storyline.eval import cluster

        err = Console(stderr=True)
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
