"""``storyline stories`` and ``storyline show STORY_ID``: the read model, printed."""

# No ``from __future__ import annotations``: typer must see the option types.
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from storyline.cli import DbOption, JsonOption, err, out, print_json, read_store
from storyline.store import read
from storyline.synthesise import ledger_text
from storyline.types.ledger import LedgerRow
from storyline.types.views import Merged, StoryDetail, StorySummary


def _dates(first: object, last: object) -> str:
    if first is None:
        return "?"
    return str(first) if first == last else f"{first} – {last}"


def stories_table(stories: list[StorySummary]) -> Table:
    table = Table(show_lines=False)
    for col in ("story", "articles", "dates", "sources", "headline"):
        table.add_column(col, overflow="fold")
    for s in stories:
        sources = ", ".join(s.sources[:3]) + (" …" if len(s.sources) > 3 else "")
        table.add_row(s.id, str(s.size), _dates(s.first_date, s.last_date), escape(sources), escape(s.headline))
    return table


def _figures(row: LedgerRow) -> str:
    """ "dpa: 9,000 to < 10,000; faz.net: > 10,000 (earlier figure)" — as ledger_text writes every figure."""
    parts = []
    for e in row.entries:
        role = ledger_text.role_label(e.role, "en")
        parts.append(f"{e.source}: {ledger_text.figure(e, row.category, 'en')}" + (f" ({role})" if role else ""))
    return "; ".join(parts)


def _ledger_rows(table: Table, rows: list[LedgerRow], depth: int = 0) -> None:
    for row in rows:
        vague = ", ".join(v.text for v in row.vague)
        verdict = ledger_text.verdict_label(row.verdict, "en")
        what = ("  " * depth + "↳ " if depth else "") + ledger_text.what_label(row, "en")
        table.add_row(escape(what), escape(ledger_text.subject_label(row, "en")),
                      f"[bold red]{verdict}[/]" if row.verdict.flagged else verdict,
                      escape(_figures(row)) + (f"  [dim]+ {escape(vague)}[/]" if vague else ""), escape(row.why))
        _ledger_rows(table, row.parts, depth + 1)


def print_story(story: StoryDetail) -> None:
    out.print(f"[bold]{escape(story.headline)}[/]  ({story.id}, {_dates(story.first_date, story.last_date)})")
    for s in story.summary.sentences:
        out.print(f"  • {escape(s.text)}")
    table = Table(title="articles")
    for col in ("article", "date", "lang", "source", "title / lead"):
        table.add_column(col, overflow="fold")
    for a in story.articles:
        copy = f" [dim](copy of {a.copy_of})[/]" if a.copy_of else ""
        table.add_row(a.id, str(a.date or "?"), a.lang or "?", escape(a.source) + copy, escape(a.title or a.text[:90]))
    out.print(table)
    if story.ledger:
        ledger = Table(title="fact ledger")
        for col in ("what", "where", "verdict", "figures", "why"):
            ledger.add_column(col, overflow="fold")
        _ledger_rows(ledger, story.ledger)
        out.print(ledger)
    if story.timeline:
        timeline = Table(title="timeline")
        for col in ("when", "precision", "what", "sources"):
            timeline.add_column(col, overflow="fold")
        for t in story.timeline:
            cited = sorted({c.source or c.article for c in t.citations})
            timeline.add_row(str(t.value or "?"), str(t.precision or ""), escape(t.text), escape(", ".join(cited)))
        out.print(timeline)
    if story.entities:
        out.print("key entities: " + escape(", ".join(f"{e.name} ({e.type}, {e.sources} src)"
                                                      for e in story.entities[:12])))
    for ev in story.events:
        out.print(f"  {ev.kind} {ev.story_id} ← {ev.other} at {ev.at}: {escape(ev.why)}")
    for c in story.copies:
        out.print(f"  copy: {c.article_id} ({escape(c.source)}) copies {c.original_id} ({escape(c.original_source)})")
    for r in story.revisions:
        out.print(f"  revision {r.n} of {r.article_id} at {r.fetched_at}: {escape(r.reason)}")


def load_story(db: Path | None, story_id: str) -> StoryDetail:
    """The story to show or export; a merged id names its survivor, an unknown one exits with status 2."""
    with read_store(db) as store:
        found = read.resolve(store, story_id)
        if isinstance(found, Merged):
            err.print(f"story {escape(story_id)} was merged into {found.into}; showing {found.into}")
            story_id = found.into
        story = read.story_detail(store, story_id) if found is not None else None
    if story is None:
        err.print(f"no story {escape(story_id)!r}")
        raise typer.Exit(2)
    return story


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command("stories")
    def stories_cmd(db: DbOption = None, json_out: JsonOption = False) -> None:
        """List stories, largest first."""
        with read_store(db) as store:
            stories = read.list_stories(store)
        if json_out:
            print_json(stories)
        else:
            out.print(stories_table(stories))

    @app.command("show")
    def show_cmd(story_id: str, db: DbOption = None, json_out: JsonOption = False) -> None:
        """Show one story with its articles, ledger, timeline and entities."""
        story = load_story(db, story_id)
        if json_out:
            print_json(story)
            return
        print_story(story)

