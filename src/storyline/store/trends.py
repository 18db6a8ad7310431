"""Trends: articles per day across stories (or for one entity), rising stories, outlet statistics.

Counts come from SQL; a month-dated article is spread over its month's days, as on the story pages
(:mod:`storyline.synthesise.histogram`). "Rising" compares a story's articles in the last days of the
store's data with its own earlier rate, so a big story that goes on at its usual pace does not rise and a
small one that suddenly doubles does. Outlet figures are compared over the largest multi-source stories'
ledgers, built as the story pages build them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from storyline.store import read
from storyline.store.ledgers import story_ledger
from storyline.store.search import overlapping
from storyline.store.sqlite import Store
from storyline.synthesise.histogram import bin_dates, spread
from storyline.types.ledger import LedgerRow, Verdict
from storyline.types.trends import OutletStats, RisingStory, Trends
from storyline.types.views import EntityListItem, HistogramBin

DAYS = 90  # the default window of the volume chart, ending at the store's last day
RISING_WINDOW = 3  # days
RISING_MIN = 2  # articles in the window for a story to count as rising
LEDGER_STORIES = 200  # the largest multi-source stories whose ledgers the outlet figures come from


def last_day(store: Store) -> dt.date | None:
    """"Now" for an archive as much as for a live feed: the latest day an article is dated to, or, in a
    store of month- or year-dated articles only, the last day they may fall on."""
    row = store.conn.execute("SELECT (SELECT max(date_start) FROM articles WHERE date_start = date_end),"
                             " (SELECT max(date_end) FROM articles)").fetchone()
    value = row[0] or row[1] if row else None
    return dt.date.fromisoformat(value) if value else None


def _window(store: Store, date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    if date_from or date_to:
        return date_from, date_to
    end = last_day(store)
    return ((end - dt.timedelta(days=DAYS - 1)).isoformat(), end.isoformat()) if end else (None, None)


def volume(store: Store, date_from: str | None, date_to: str | None, entity: str | None = None,
           max_bins: int = 90) -> list[HistogramBin]:
    """Articles per day (week, month) whose dates overlap the range, optionally mentioning one entity."""
    where, params = overlapping(date_from, date_to)
    where.append("a.date_start IS NOT NULL")
    if entity:
        where.append("a.id IN (SELECT article_id FROM article_entities WHERE key = ?)")
        params.append(entity)
    groups = [(dt.date.fromisoformat(r[0]), dt.date.fromisoformat(r[1]), r[2]) for r in store.conn.execute(
        f"SELECT a.date_start, a.date_end, count(*) FROM articles a WHERE {' AND '.join(where)}"
        " GROUP BY a.date_start, a.date_end", params)]
    lo = dt.date.fromisoformat(date_from) if date_from else None
    hi = dt.date.fromisoformat(date_to) if date_to else None
    ranges = [(max(a, lo) if lo else a, min(b, hi) if hi else b) for a, b, _ in groups]
    bins = bin_dates(ranges, max_bins=max_bins)
    if bins is None:
        return []
    values, exact = [0.0] * len(bins.edges), [True] * len(bins.edges)
    for (a, b, n), (ca, cb) in zip(groups, ranges):
        # a range cut by the window keeps its share of the window's days only
        share = ((cb - ca).days + 1) / ((b - a).days + 1)
        part, ok = spread([(ca, cb)], bins.edges)
        for i, v in enumerate(part):
            values[i] += v * n * share
            exact[i] = exact[i] and ok[i] and a == ca and b == cb
    return [HistogramBin(a.isoformat(), b.isoformat(), bins.kind, round(v, 3), ok)  # type: ignore[arg-type]
            for (a, b), v, ok in zip(bins.edges, values, exact)]


def rising(store: Store, limit: int = 5, window: int = RISING_WINDOW) -> list[RisingStory]:
    end = last_day(store)
    if end is None:
        return []
    start = end - dt.timedelta(days=window - 1)
    rows = store.conn.execute(
        "SELECT sa.story_id AS id, count(*) AS total, min(a.date_start) AS first_day,"
        " sum(CASE WHEN a.date_start >= ? AND a.date_start = a.date_end THEN 1 ELSE 0 END) AS recent"
        " FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
        " WHERE sa.story_id IN (SELECT s2.story_id FROM articles a2 JOIN story_articles s2 ON s2.article_id = a2.id"
        " WHERE a2.date_start >= ?) GROUP BY sa.story_id"
        # the aggregate, not its alias: PostgreSQL does not know output names in HAVING
        " HAVING sum(CASE WHEN a.date_start >= ? AND a.date_start = a.date_end THEN 1 ELSE 0 END) >= ?",
        (start.isoformat(), start.isoformat(), start.isoformat(), RISING_MIN)).fetchall()
    scored = []
    for r in rows:
        before_days = (start - dt.date.fromisoformat(r["first_day"])).days
        baseline = (r["total"] - r["recent"]) * window / max(before_days, window) if before_days > 0 else 0.0
        scored.append((r["recent"] / (baseline + 1.0), r["id"], r["recent"], baseline))
    scored.sort(key=lambda x: (-x[0], -x[2], x[1]))
    out = []
    for score, sid, recent, baseline in scored[:limit]:
        item = read.story_item(store, sid)
        if item is not None:
            out.append(RisingStory(item, recent, round(baseline, 2), round(score, 2), window))
    return out


def top_entities(store: Store, date_from: str | None, date_to: str | None, limit: int = 20) -> list[EntityListItem]:
    where, params = overlapping(date_from, date_to)
    rows = store.conn.execute(
        "SELECT e.key, max(e.name), max(e.type), count(DISTINCT e.article_id), sum(e.mentions),"
        " count(DISTINCT sa.story_id) FROM article_entities e JOIN articles a ON a.id = e.article_id"
        f" LEFT JOIN story_articles sa ON sa.article_id = a.id WHERE {' AND '.join(where) or '1 = 1'}"
        " GROUP BY e.key ORDER BY count(DISTINCT e.article_id) DESC, e.key LIMIT ?", [*params, limit]).fetchall()
    return [EntityListItem(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]


def _outliers(row: LedgerRow) -> list[int]:
    """Entries whose figure overlaps no other source's, in a row where three or more sources give one."""
    if row.sources < 3:
        return []
    out = []
    for i, e in enumerate(row.entries):
        others = [o for o in row.entries if o.source != e.source and o.bounds is not None]
        if e.bounds is not None and others and not any(e.bounds.overlaps(o.bounds) for o in others):
            out.append(i)
    return out


def outlets(store: Store, limit: int = 40, stories: int = LEDGER_STORIES) -> tuple[list[OutletStats], int]:
    """Per outlet: articles, stories, languages, and how its figures fare in the ledgers of the largest
    multi-source stories; and how many stories those ledgers came from."""
    stats = {r[0]: OutletStats(r[0], r[1], r[2], sorted(set((r[3] or "").split(",")) - {""})) for r in store.conn.execute(
        "SELECT a.source, count(*), count(DISTINCT sa.story_id), group_concat(DISTINCT a.lang)"
        " FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id GROUP BY a.source"
        " ORDER BY count(*) DESC, a.source LIMIT ?", (limit,))}
    ids = [r[0] for r in store.conn.execute(
        "SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id GROUP BY sa.story_id"
        " HAVING count(DISTINCT a.source) >= 2 ORDER BY count(*) DESC, sa.story_id LIMIT ?", (stories,))]
    differ, outlier = Counter(), Counter()
    for sid in ids:
        for row in story_ledger(store, sid):
            if row.verdict != Verdict.DIFFER:
                continue
            differ.update({e.source for e in row.entries})
            outlier.update({row.entries[i].source for i in _outliers(row)})
    for s in stats.values():
        s.differ_figures, s.outliers = differ[s.source], outlier[s.source]
    return list(stats.values()), len(ids)


def trends(store: Store, date_from: str | None = None, date_to: str | None = None) -> Trends:
    lo, hi = _window(store, date_from, date_to)
    outlet_stats, compared = outlets(store)
    return Trends(lo, hi, volume(store, lo, hi), rising(store), top_entities(store, lo, hi), outlet_stats, compared)
