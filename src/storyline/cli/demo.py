"""``storyline demo``: ingest the bundled examples, then show what storyline is for in a few lines.

It ends with the story whose sources disagree most plainly: the figures side by side with their
sources and sentences, the timeline at the precision the articles allow, and the commands to try next.
"""

# No ``from __future__ import annotations``: typer must see the option types.
from importlib import resources
from pathlib import Path

import typer
from rich.markup import escape

from storyline.cli import DbOption, open_store, out
from storyline.store import describe
from storyline.serve.i18n import format_date
from storyline.types.ledger import LedgerRow, Verdict
from storyline.types.story import TimelineEntry
from storyline.types.views import StoryDetail

PRECISION_WORDS = {"time": "to the minute", "day": "to the day", "week": "to the week", "month": "month only",
                   "range": "no closer date given", "year": "year only"}
TIMELINE_LINES = 6


def bundled_examples() -> Path:
    return Path(str(resources.files("storyline") / "examples"))


def disagreement(row: LedgerRow) -> list[str]:
    """A flagged ledger row in plain words: what, then each source's figure and sentence."""
    what = f"{row.category} in {row.subject_name}" if row.subject_name else str(row.category)
    said = "the sources differ" if row.verdict == Verdict.DIFFER else f"the figures were {row.verdict}"
    lines = [f"[bold]{escape(what)}[/]: {said}"]
    for e in row.entries:
        words = f"“{escape(e.text)}”" + (f" ({escape(e.interval)})" if e.interval and e.interval != e.text else "")
        lines.append(f"  • [bold]{escape(e.source)}[/] says {words}:")
        lines.append(f"      [italic]{escape(e.sentence)}[/]")
    lines.append(f"  [dim]{escape(row.why)}[/]")
    return lines


def when(t: TimelineEntry) -> str:
    """The entry's date in words, as precise as its articles allow, and the words that dated it."""
    first, last = t.range
    if t.precision in ("month", "year") and t.value:
        words = format_date(t.value, "en")
    elif first and last and first != last:
        words = f"between {format_date(first, 'en')} and {format_date(last, 'en')}"
    else:
        words = format_date(t.value or first, "en")
    said = f"; “{escape(t.when)}”" if t.when else ""
    return f"{words} [dim]({PRECISION_WORDS.get(t.precision or '', t.precision or '?')}{said})[/]"


def print_story_points(story: StoryDetail) -> None:
    out.print(f"\n[bold]Story {story.id}[/]: {escape(story.headline)}")
    out.print(f"  {story.size} articles from {len(story.sources)} sources ({', '.join(map(escape, story.sources))})")
    flagged = [r for r in story.ledger if r.verdict.flagged]
    if flagged:
        out.print("\n[bold red]Where the sources disagree[/] (the fact ledger):")
        for line in disagreement(flagged[0]):
            out.print("  " + line, highlight=False)
        if len(flagged) > 1:
            out.print(f"  … and {len(flagged) - 1} more flagged figure(s)")
    if story.timeline:
        out.print("\n[bold]Timeline[/], as precisely as the articles date it:")
        for t in story.timeline[:TIMELINE_LINES]:
            out.print(f"  {when(t)}  {escape(t.text[:110])}{'…' if len(t.text) > 110 else ''}", highlight=False)
        if len(story.timeline) > TIMELINE_LINES:
            out.print(f"  … {len(story.timeline) - TIMELINE_LINES} more")


def print_next(story_id: str | None, db: str) -> None:
    at = "" if db == "storyline.db" else f" --db {describe(db)}"  # a URL's password is not printed
    out.print("\n[bold]Next[/]:")
    if story_id:
        out.print(f"  .venv/bin/storyline show {story_id}{at}          the whole story: articles, ledger, timeline")
        out.print(f"  .venv/bin/storyline export {story_id} -f md{at}  the same as Markdown (or json, html, csv)")
    out.print(f"  .venv/bin/storyline serve{at}                       the web UI on http://127.0.0.1:8000/")
    out.print(f"  .venv/bin/storyline watchlist add Kasachstan --place Kasachstan{at}   alerts as articles arrive")
    out.print(f"  .venv/bin/storyline ingest PATH… --source OUTLET{at}  your own articles (.txt, .jsonl, .html, feeds)")


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command("demo")
    def demo_cmd(db: DbOption = None) -> None:
        """Ingest the bundled example articles and show the story's disagreement, timeline and next steps."""
        from storyline.cli.ingest import Tally, guarded, run_ingest
        from storyline.store import read

        def work(tally: Tally) -> None:
            with open_store(db) as store:
                out.print(f"ingesting the bundled examples into {escape(describe(store.path))}")
                run_ingest(store, [bundled_examples()], tally)

        def show() -> None:
            with open_store(db) as store:
                stories = [d for s in read.list_stories(store) if (d := read.story_detail(store, s.id))]
                path = store.path
            story = next((s for s in stories if any(row.verdict.flagged for row in s.ledger)), None) or \
                (stories[0] if stories else None)
            if story is not None:
                print_story_points(story)
            print_next(story.id if story else None, path)

        raise typer.Exit(guarded(db, work, then=show))
