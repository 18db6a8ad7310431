"""CLI commands of the story-engine evaluation: ``storyline eval cluster`` and ``storyline eval pairs``.

They live with ``eval`` (which imports the engine), not with ``cluster``: imports flow one
way, from the engine up to its evaluation and the CLI.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

GoldOption = Annotated[Path, typer.Option("--gold", help="The gold JSON Lines file.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="Re-analyse instead of reading cached features.")]


def _exists(gold: Path) -> None:
    if not gold.exists():
        from rich.console import Console

        Console(stderr=True).print(f"{gold}: no such file")
        raise typer.Exit(2)


def _print(result: dict, table, json_out: bool) -> None:
    from rich.console import Console

    if json_out:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        Console(width=max(120, Console().width)).print(table(result))


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @eval_app.command("cluster")
    def eval_cluster_cmd(
        gold: GoldOption,
        json_out: JsonOption = False,
        peers: Annotated[bool, typer.Option("--peers", help="Also run the batch peers (agglomerative, BERTopic).")] = False,
        no_cache: NoCacheOption = False,
    ) -> None:
        """Stream a gold file (id, date, lang, title, text, source, story) through a fresh story engine:
        BCubed, pairwise, ARI, speed (and peers)."""
        from rich.console import Console

        from storyline.eval import cluster

        _exists(gold)
        try:
            result = cluster.evaluate(gold, peers=peers, cache=not no_cache)
        except (KeyError, ValueError) as exc:
            Console(stderr=True).print(f"{gold}: not a gold clustering file ({type(exc).__name__}: {exc})")
            raise typer.Exit(2) from None
        _print(result, cluster.format_table, json_out)

    @eval_app.command("pairs")
    def eval_pairs_cmd(
        gold: GoldOption,
        json_out: JsonOption = False,
        peers: Annotated[bool, typer.Option("--peers", help="Also score a TF-IDF cosine (its best threshold on "
                                                            "the file: an oracle).")] = False,
        no_cache: NoCacheOption = False,
    ) -> None:
        """Same story or not: each labelled pair (pair_id, label, a, b) through a fresh story engine, a then b;
        ROC-AUC of the join probability, decision accuracy, pairs split and joined, per language pair."""
        from rich.console import Console

        from storyline.eval import pairs

        _exists(gold)
        try:
            result = pairs.evaluate(gold, peers=peers, cache=not no_cache)
        except (KeyError, ValueError, TypeError) as exc:
            Console(stderr=True).print(f"{gold}: not a gold pairs file ({type(exc).__name__}: {exc})")
            raise typer.Exit(2) from None
        _print(result, pairs.format_table, json_out)
