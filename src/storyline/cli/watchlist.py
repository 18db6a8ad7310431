"""``storyline watchlist add|list|rm|alerts|deliver``: saved queries over stories and the alerts they raise."""

# No ``from __future__ import annotations``: typer must see the option types.
from contextlib import nullcontext
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from storyline.cli import DbOption, JsonOption, err, open_store, out, print_json, read_store
from storyline.types.watch import Alert, Watchlist, WatchlistIn, WatchQuery

DELIVER_SECONDS = 10.0  # how long a command waits for webhook receivers before leaving the rest queued

Entities = Annotated[Optional[list[str]], typer.Option("--entity", help="A key or name: per:tokaev, Tokajew, CSTO.")]
Keywords = Annotated[Optional[list[str]], typer.Option("--keyword", help="Words as /search takes them.")]
Places = Annotated[Optional[list[str]], typer.Option("--place", help="A key or name; a country contains its cities.")]
Categories = Annotated[Optional[list[str]], typer.Option("--category", help="A figure's kind: killed, arrested, …")]


def deliver_pending(writer, seconds: float = DELIVER_SECONDS) -> None:
    """Send the webhooks queued by this command's alerts; what fails now is retried by the next process."""
    from storyline.jobs.webhooks import Deliverer
    from storyline.store import alerts

    deliverer = Deliverer(lambda: nullcontext(writer.store), writer.transaction)
    try:
        deliverer.drain(seconds)
    finally:
        deliverer.close()
    if alerts.next_due(writer.store) is not None:
        err.print("some webhooks are queued for a retry (storyline watchlist deliver, or a running"
                  " storyline serve/watch, sends them)")


def query_text(q: WatchQuery) -> str:
    parts = [("entities", q.entities), ("keywords", q.keywords), ("places", q.places),
             ("categories", [str(c) for c in q.categories]), ("languages", q.languages)]
    return "; ".join(f"{name}: {', '.join(values)}" for name, values in parts if values)


def _table(items: list[Watchlist]) -> Table:
    table = Table()
    for col in ("id", "name", "query", "grows past", "webhook", "alerts"):
        table.add_column(col, overflow="fold")
    for w in items:
        grows = ", ".join(x for x in (f"{w.min_articles} articles" if w.min_articles else "",
                                      f"{w.min_sources} outlets" if w.min_sources else "") if x)
        table.add_row(str(w.id), escape(w.name), escape(query_text(w.query)), grows, escape(w.webhook or ""),
                      str(w.alerts))
    return table


def print_alert(a: Alert) -> None:
    out.print(f"[bold]#{a.id}[/] {a.at[:19]} [cyan]{a.kind}[/] {escape(a.watchlist)} → story {a.story_id}:"
              f" {escape(a.headline)}")
    out.print(f"    {escape(a.why)}", highlight=False)
    if a.citation and a.citation.quote:
        out.print(f"    “{escape(a.citation.quote)}” — {escape(a.citation.source)}", highlight=False)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    group = typer.Typer(help="Watchlists: saved queries over stories that raise alerts as articles arrive.",
                        no_args_is_help=True)
    app.add_typer(group, name="watchlist")

    @group.command("add")
    def add_cmd(
        name: Annotated[str, typer.Argument(help="What to call it.")],
        entity: Entities = None, keyword: Keywords = None, place: Places = None, category: Categories = None,
        lang: Annotated[Optional[list[str]], typer.Option("--lang", help="An article language (de, en).")] = None,
        min_articles: Annotated[Optional[int], typer.Option("--min-articles", min=1,
                                                            help="Alert when a matching story grows past this many articles.")] = None,
        min_sources: Annotated[Optional[int], typer.Option("--min-sources", min=1,
                                                           help="… or this many outlets.")] = None,
        webhook: Annotated[Optional[str], typer.Option("--webhook", help="POST each alert here as signed JSON.")] = None,
        secret: Annotated[Optional[str], typer.Option("--secret", help="The signing key (default: a new random one).")] = None,
        db: DbOption = None, json_out: JsonOption = False,
    ) -> None:
        """Save a watchlist. Facets AND together, values within one OR: --entity Tokayev --entity CSTO --lang de.

        Entities and places take keys (per:tokaev, loc:iso:KZ) or any name in any language (Tokajew, OVKS,
        Kasachstan); a place that is a country contains its cities. Categories: killed, injured, arrested, …"""
        from storyline.jobs import Writer
        from storyline.jobs.watchlists import WatchlistError, add

        query = WatchQuery(entity or [], keyword or [], place or [], category or [], lang or [])  # type: ignore[arg-type]
        with open_store(db) as store:
            try:
                w, key = add(Writer(store), WatchlistIn(name, query, min_articles, min_sources, webhook), secret)
            except WatchlistError as exc:
                err.print(f"watchlist not saved: {escape(str(exc))}")
                raise typer.Exit(2) from None
        if json_out:
            print_json({"watchlist": w, "secret": key})
            return
        out.print(_table([w]))
        if key:
            out.print(f"webhook secret (signs each body, header X-Storyline-Signature-256): [bold]{key}[/]")

    @group.command("list")
    def list_cmd(db: DbOption = None, json_out: JsonOption = False) -> None:
        """The watchlists, with how many alerts each raised."""
        from storyline.store.watchlists import list_watchlists

        with read_store(db) as store:
            items = list_watchlists(store)
        if json_out:
            print_json(items)
        elif items:
            out.print(_table(items))
        else:
            out.print("no watchlists (storyline watchlist add NAME --entity … --place … --keyword …)")

    @group.command("rm")
    def rm_cmd(watchlist_id: int, db: DbOption = None) -> None:
        """Remove a watchlist with its alerts."""
        from storyline.jobs import Writer
        from storyline.jobs.watchlists import remove

        with read_store(db) as store:
            if not remove(Writer(store), watchlist_id):
                err.print(f"no watchlist {watchlist_id}")
                raise typer.Exit(2)
        out.print(f"removed watchlist {watchlist_id}")

    @group.command("alerts")
    def alerts_cmd(watchlist_id: Annotated[Optional[int], typer.Argument(help="Only this watchlist's.")] = None,
                   limit: Annotated[int, typer.Option("--limit", min=1)] = 20,
                   db: DbOption = None, json_out: JsonOption = False) -> None:
        """The latest alerts, newest first, each with the sentence that raised it."""
        from storyline.store.alerts import alert_page

        with read_store(db) as store:
            page = alert_page(store, watchlist_id=watchlist_id, limit=limit)
        if json_out:
            print_json(page)
            return
        for a in page.items:
            print_alert(a)
        if not page.items:
            out.print("no alerts yet")

    @group.command("deliver")
    def deliver_cmd(wait: Annotated[float, typer.Option("--wait", help="Seconds to keep retrying.")] = DELIVER_SECONDS,
                    db: DbOption = None) -> None:
        """Send queued webhook deliveries now (retries included, for up to --wait seconds)."""
        from storyline.jobs import Writer

        with read_store(db) as store:
            deliver_pending(Writer(store), wait)
