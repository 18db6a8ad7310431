"""``storyline watch``: poll RSS/Atom feeds (URLs, local files, OPML lists of them) and ingest new items' pages."""

# No ``from __future__ import annotations``: typer must see the option types, which are local names here.
from typing import Annotated

import typer
from rich.markup import escape

from storyline.cli import DbOption, err, open_store, out
from storyline.ingest.fetch import DEFAULT_DELAY, DEFAULT_TIMEOUT, USER_AGENT


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    from storyline.jobs.watch import FeedResult, PollReport, Watcher, parse_every

    @app.command("watch")
    def watch_cmd(
        feeds: Annotated[list[str], typer.Argument(help="Feed URLs (RSS/Atom, http(s) or file://), local feed files, "
                                                        "or OPML files/URLs listing them.",
                                                   metavar="FEED_URL_OR_OPML")],
        every: Annotated[str, typer.Option("--every", help="Time between polls: 90s, 10m, 1h.")] = "10m",
        once: Annotated[bool, typer.Option("--once", help="Poll once and exit (non-zero if a feed failed).")] = False,
        delay: Annotated[float, typer.Option("--delay", help="Seconds between two requests to one host.")]
        = DEFAULT_DELAY,
        timeout: Annotated[float, typer.Option("--timeout", help="Seconds before a request is given up.")]
        = DEFAULT_TIMEOUT,
        db: DbOption = None,
    ) -> None:
        """Poll feeds, fetch each new item's page politely and ingest it; changed pages become revisions."""
        try:
            seconds = parse_every(every)
        except ValueError as exc:
            err.print(str(exc))
            raise typer.Exit(2)
        failed = False

        def on_feed(r: FeedResult) -> None:
            nonlocal failed
            if r.failed:
                failed = True
                err.print(f"[red]failed[/] {escape(r.url)}: {escape(str(r.error))}")
                return
            out.print(r.summary(), markup=False, highlight=False)
            for why in r.fallbacks:
                out.print(f"  [dim]summary only[/] {escape(why)}")
            for rev in r.report.revisions:
                out.print(f"  [dim]revision[/] {escape(str(rev.article.origin or rev.article.url))} -> {rev.article_id}"
                          f" v{rev.n} ({rev.reason})")
            for c in r.report.copies:
                out.print(f"  [dim]copy[/] {c.article.id} ({escape(c.article.source)}) of {c.original_id}"
                          f" ({c.similarity:.0%} similar)")
            for rej in r.report.rejected:
                err.print(f"  [red]rejected[/] {escape(str(rej.origin))}: {escape(rej.reason)}")

        from storyline.cli.progress import progress
        from storyline.cli.watchlist import deliver_pending
        from storyline.jobs import Writer

        with open_store(db) as store, progress("watching", None, unit="articles") as bar:
            writer = Writer(store)

            def on_poll(report: PollReport) -> None:
                total = report.total()
                out.print(f"[bold]poll done[/]: {len(report.feeds)} feeds, {len(report.failures)} failed;"
                          f" {len(total.added)} added, {len(total.revisions)} revisions, {len(total.alerts)} alerts")
                if total.alerts:
                    deliver_pending(writer)

            watcher = Watcher(writer, delay=delay, timeout=timeout, on_article=bar.advance)
            err.print(f"watching {len(feeds)} target(s) as {USER_AGENT!r}" + ("" if once else f", every {every}"))
            try:
                watcher.run(list(feeds), seconds, on_poll=on_poll, on_feed=on_feed, polls=1 if once else None)
            except KeyboardInterrupt:
                err.print("stopped")
            finally:
                watcher.close()
        raise typer.Exit(1 if once and failed else 0)
