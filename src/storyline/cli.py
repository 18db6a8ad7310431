"""Command line: a thin layer over the library (each command mirrors a library call)."""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from storyline.ingest import files_under, read_paths
from storyline.lang import HANDLED
from storyline.pipeline import IngestReport, ingest
from storyline.store import Store, default_path
from storyline.synthesise import view

app = typer.Typer(help="storyline: news articles in, stories with traced facts out.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
eval_app = typer.Typer(help="Evaluate the analysis and the story engine against gold data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

out = Console()
err = Console(stderr=True)

DbOption = Annotated[Optional[Path], typer.Option("--db", help="SQLite file [env STORYLINE_DB; default ./storyline.db]")]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]


def _store(db: Path | None) -> Store:
    return Store(db if db is not None else default_path())


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _report(report: IngestReport) -> None:
    out.print(
        f"[bold]{len(report.added)}[/] added, [bold]{len(report.duplicates)}[/] duplicate, "
        f"[bold]{len(report.rejected)}[/] rejected; {len(report.new_stories)} new "
        f"stor{'y' if len(report.new_stories) == 1 else 'ies'}, {len(report.stories)} touched; "
        f"{len(report.revisions)} revision{'' if len(report.revisions) == 1 else 's'}, "
        f"{len(report.copies)} cop{'y' if len(report.copies) == 1 else 'ies'} of other outlets' reports"
    )
    for a in report.duplicates:
        out.print(f"  [dim]duplicate[/] {a.origin or a.source} (already stored as {a.id})")
    for r in report.rejected:
        err.print(f"  [red]rejected[/] {r.origin}: {r.reason}")


def run_ingest(store: Store, paths: list[Path]) -> IngestReport:
    files = list(files_under(paths))
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=len(files) < 20) as progress:
        task = progress.add_task("analysing", total=None)
        return ingest(store, read_paths(paths), on_article=lambda: progress.advance(task))


@app.command("ingest")
def ingest_cmd(paths: Annotated[list[Path], typer.Argument(help="Files or directories (recursive).")],
               db: DbOption = None) -> None:
    """Read articles, analyse them, assign them to stories and store them."""
    with _store(db) as store:
        report = run_ingest(store, paths)
    _report(report)
    raise typer.Exit(1 if report.rejected else 0)


def _stories_table(stories: list[dict]) -> Table:
    table = Table(show_lines=False)
    for col in ("story", "articles", "dates", "sources", "headline"):
        table.add_column(col, overflow="fold")
    for s in stories:
        dates = s["first_date"] if s["first_date"] == s["last_date"] else f"{s['first_date']} – {s['last_date']}"
        table.add_row(s["id"], str(s["size"]), dates or "?", ", ".join(s["sources"][:3]) + (" …" if len(s["sources"]) > 3 else ""), s["headline"])
    return table


@app.command("stories")
def stories_cmd(db: DbOption = None, json_out: JsonOption = False) -> None:
    """List stories, largest first."""
    with _store(db) as store:
        stories = view.list_stories(store)
    if json_out:
        _print_json(stories)
    else:
        out.print(_stories_table(stories))


@app.command("show")
def show_cmd(story_id: str, db: DbOption = None, json_out: JsonOption = False) -> None:
    """Show one story with its articles."""
    with _store(db) as store:
        story = view.story_detail(store, story_id)
    if story is None:
        err.print(f"no story {story_id!r}")
        raise typer.Exit(2)
    if json_out:
        _print_json(story)
        return
    _print_story(story)


def _interval(e: dict) -> str:
    low, high = e.get("low"), e.get("high")
    fmt = lambda v: f"{v:,.0f}" if v is not None and float(v).is_integer() else str(v)
    if low is not None and high is not None:
        return fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"
    return f"≥ {fmt(low)}" if low is not None else (f"≤ {fmt(high)}" if high is not None else "?")


def _print_story(story: dict) -> None:
    out.print(f"[bold]{story['headline']}[/]  ({story['id']}, {story['first_date']} – {story['last_date']})")
    summary = story.get("summary") or {}
    for s in summary.get("sentences", []):
        out.print(f"  • {s['text']}")
    table = Table(title="articles")
    for col in ("article", "date", "lang", "source", "title / lead"):
        table.add_column(col, overflow="fold")
    for a in story["articles"]:
        copy = f" [dim](copy of {a['copy_of']})[/]" if a.get("copy_of") else ""
        table.add_row(a["id"], a["date"] or "?", a["lang"] or "?", a["source"] + copy, a["title"] or a["text"][:90])
    out.print(table)
    if story.get("ledger"):
        ledger = Table(title="fact ledger")
        for col in ("category", "subject", "verdict", "figures", "why"):
            ledger.add_column(col, overflow="fold")
        for row in story["ledger"]:
            figures = "; ".join(f"{e['source']}: {_interval(e)}" + (f" ({e['hedge']})" if e.get("hedge") else "")
                                for e in row["entries"])
            vague = ", ".join(v.get("text", "") for v in row.get("vague", []))
            style = "bold red" if row["verdict"] in ("differ", "revised") else ""
            ledger.add_row(row["category"], row.get("subject_name") or row.get("subject") or "",
                           f"[{style}]{row['verdict']}[/]" if style else row["verdict"],
                           figures + (f"  [dim]+ {vague}[/]" if vague else ""), row.get("why", ""))
        out.print(ledger)
    if story.get("timeline"):
        timeline = Table(title="timeline")
        for col in ("when", "precision", "what", "sources"):
            timeline.add_column(col, overflow="fold")
        for t in story["timeline"]:
            cited = sorted({c.get("source") or c["article"] for c in t.get("citations", [])})
            timeline.add_row(str(t.get("value") or "?"), str(t.get("precision") or ""), t["text"], ", ".join(cited))
        out.print(timeline)
    if story.get("entities"):
        out.print("key entities: " + ", ".join(f"{e['name']} ({e['type']}, {e['sources']} src)" for e in story["entities"][:12]))
    for e in story.get("events", []):
        out.print(f"  {e['kind']} {e['story_id']} ← {e['other']} at {e['at']}: {e['why']}")
    for c in story.get("copies", []):
        out.print(f"  copy: {c['article_id']} ({c['source']}) copies {c['original_id']} ({c['original_source']})")
    for r in story.get("revisions", []):
        out.print(f"  revision {r['n']} of {r['article_id']} at {r['fetched_at']}: {r['reason']}")


def bundled_examples() -> Path:
    return Path(str(resources.files("storyline") / "examples"))


@app.command("demo")
def demo_cmd(db: DbOption = None) -> None:
    """Ingest the bundled example articles and print the stories."""
    with _store(db) as store:
        out.print(f"ingesting the bundled examples into {store.path}")
        report = run_ingest(store, [bundled_examples()])
        _report(report)
        out.print(_stories_table(view.list_stories(store)))
    raise typer.Exit(1 if report.rejected else 0)


@eval_app.command("ner")
def eval_ner_cmd(gold: Annotated[Path, typer.Option("--gold", help="GermEval 2014 TSV file.")],
                 lang: Annotated[str, typer.Option("--lang", help="Language of the gold file: de or en.")] = "de",
                 json_out: JsonOption = False) -> None:
    """Precision, recall and F1 of the entity recogniser per type and overall."""
    from storyline.eval import ner

    if not gold.exists():
        err.print(f"{gold}: no such file")
        raise typer.Exit(2)
    if lang not in HANDLED:
        err.print(f"--lang {lang!r}: storyline analyses de and en")
        raise typer.Exit(2)
    result = ner.evaluate(gold, lang=lang)
    if json_out:
        _print_json(result)
    else:
        out.print(ner.format_table(result))


# Commands that live beside their stage register themselves: each module has
# ``register(app, eval_app)``, so the CLI stays a thin index of the library.
COMMAND_MODULES = (
    "storyline.eval.commands",  # eval cluster, eval pairs
    "storyline.synthesise.commands",  # export
    "storyline.serve.commands",  # serve
    "storyline.ingest.commands",  # watch
)


def _register_all() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app, eval_app)


_register_all()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
