"""Progress bars for long commands (ingest, watch, backfill): counts, rate and time, on stderr.

``with progress("analysing", total) as bar: bar.advance()``. The bar goes to stderr so ``--json`` and
piped output stay clean, disappears when done (the command prints its own summary), and is off when
stderr is not a terminal or the job is too small to need one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from storyline.cli import err


class RateColumn(ProgressColumn):
    """Items per second over the last seconds (Rich's own speed estimate)."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} {self.unit}/s" if speed else f"– {self.unit}/s", style="progress.data.speed")


class CountColumn(ProgressColumn):
    """``n`` when the total is unknown (a feed list, a JSON Lines file), ``n/total`` otherwise."""

    def __init__(self) -> None:
        super().__init__()
        self._of = MofNCompleteColumn()

    def render(self, task: Task) -> Text:
        return self._of.render(task) if task.total else Text(f"{int(task.completed):,}", style="progress.download")


class Bar:
    def __init__(self, progress: Progress | None, task: int | None) -> None:
        self._progress, self._task = progress, task

    def advance(self, n: float = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._task, n)  # type: ignore[arg-type]

    def update(self, *, total: float | None = None, description: str | None = None) -> None:
        if self._progress is not None:
            self._progress.update(self._task, total=total, description=description)  # type: ignore[arg-type]


@contextmanager
def progress(description: str, total: int | None = None, *, unit: str = "articles",
             minimum: int = 20) -> Iterator[Bar]:
    """A bar for ``total`` items (None: count and rate only); off below ``minimum`` known items."""
    if total is not None and total < minimum or not err.is_terminal:
        yield Bar(None, None)
        return
    columns = [TextColumn("{task.description}"), BarColumn(), CountColumn(), RateColumn(unit), TimeElapsedColumn()]
    if total:
        columns.append(TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as p:
        yield Bar(p, p.add_task(description, total=total))
