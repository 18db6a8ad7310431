"""Watchlists: the SQL of migration 005's ``watchlists`` and ``watchlist_terms``.

Reads take a :class:`~storyline.store.Store`; writes run inside the Writer's transaction
(``Writer.transaction()``), like every other write. A watchlist's webhook secret is stored here
and read only by the webhook deliverer: the :class:`~storyline.types.watch.Watchlist` view never
carries it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from storyline.store.sqlite import Store
from storyline.types import Category
from storyline.types.watch import Watchlist, WatchlistIn, WatchQuery

FACETS = ("entity", "keyword", "place", "category", "language")  # watchlist_terms.kind
_FIELDS = {"entity": "entities", "keyword": "keywords", "place": "places", "category": "categories",
           "language": "languages"}


def stamp(when: dt.datetime | None = None) -> str:
    """ISO 8601 UTC with microseconds: these columns are compared as strings, so one format throughout."""
    return (when or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def _terms(query: WatchQuery) -> list[tuple[str, str, int]]:
    out = []
    for kind in FACETS:
        for n, value in enumerate(dict.fromkeys(str(v) for v in getattr(query, _FIELDS[kind]))):
            out.append((kind, value, n))
    return out


def _query(rows: list[sqlite3.Row]) -> WatchQuery:
    q = WatchQuery()
    for r in sorted(rows, key=lambda r: r["position"]):
        value = Category(r["value"]) if r["kind"] == "category" else r["value"]
        getattr(q, _FIELDS[r["kind"]]).append(value)
    return q


def _fill_terms(store: Store, watchlist_id: int, query: WatchQuery) -> None:
    store.conn.execute("DELETE FROM watchlist_terms WHERE watchlist_id=?", (watchlist_id,))
    store.conn.executemany(
        "INSERT INTO watchlist_terms (watchlist_id, kind, value, position) VALUES (?,?,?,?)",
        [(watchlist_id, kind, value, n) for kind, value, n in _terms(query)])


# -- writes (inside the Writer's transaction) -------------------------------------------------------


def create(store: Store, w: WatchlistIn, secret: str | None) -> int:
    now = stamp()
    cur = store.conn.execute(
        "INSERT INTO watchlists (name, min_articles, min_sources, webhook, secret, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?)", (w.name, w.min_articles, w.min_sources, w.webhook, secret, now, now))
    wid = int(cur.lastrowid)
    _fill_terms(store, wid, w.query)
    return wid


def update(store: Store, watchlist_id: int, w: WatchlistIn, secret: str | None) -> bool:
    """Replace a watchlist's name, query, thresholds and webhook; the stories it matched are forgotten, so
    stories that match the new query alert afresh. False when there is no such watchlist."""
    cur = store.conn.execute(
        "UPDATE watchlists SET name=?, min_articles=?, min_sources=?, webhook=?, secret=?, updated_at=?"
        " WHERE id=?", (w.name, w.min_articles, w.min_sources, w.webhook, secret, stamp(), watchlist_id))
    if not cur.rowcount:
        return False
    _fill_terms(store, watchlist_id, w.query)
    store.conn.execute("DELETE FROM watch_matches WHERE watchlist_id=?", (watchlist_id,))
    return True


def delete(store: Store, watchlist_id: int) -> bool:
    """The watchlist, its alerts and their deliveries (ON DELETE CASCADE)."""
    return bool(store.conn.execute("DELETE FROM watchlists WHERE id=?", (watchlist_id,)).rowcount)


# -- reads ---------------------------------------------------------------------------------------------

_SELECT = ("SELECT w.id, w.name, w.min_articles, w.min_sources, w.webhook, w.created_at, w.updated_at,"
           " (SELECT count(*) FROM alerts a WHERE a.watchlist_id = w.id) AS alerts,"
           " (SELECT max(at) FROM alerts a WHERE a.watchlist_id = w.id) AS last_alert FROM watchlists w")


def _watchlist(row: sqlite3.Row, terms: list[sqlite3.Row]) -> Watchlist:
    return Watchlist(row["name"], _query(terms), row["min_articles"], row["min_sources"], row["webhook"],
                     row["id"], row["created_at"], row["updated_at"], row["alerts"], row["last_alert"])


_PLAIN = ("SELECT w.id, w.name, w.min_articles, w.min_sources, w.webhook, w.created_at, w.updated_at,"
          " 0 AS alerts, NULL AS last_alert FROM watchlists w")


def list_watchlists(store: Store, counts: bool = True) -> list[Watchlist]:
    """Every watchlist; ``counts=False`` leaves its alert count at 0 (what the write path reads every batch)."""
    rows = store.conn.execute((_SELECT if counts else _PLAIN) + " ORDER BY w.id").fetchall()
    terms: dict[int, list[sqlite3.Row]] = {}
    for t in store.conn.execute("SELECT watchlist_id, kind, value, position FROM watchlist_terms"):
        terms.setdefault(t["watchlist_id"], []).append(t)
    return [_watchlist(r, terms.get(r["id"], [])) for r in rows]


def get(store: Store, watchlist_id: int) -> Watchlist | None:
    row = store.conn.execute(_SELECT + " WHERE w.id=?", (watchlist_id,)).fetchone()
    if row is None:
        return None
    terms = store.conn.execute("SELECT watchlist_id, kind, value, position FROM watchlist_terms"
                               " WHERE watchlist_id=?", (watchlist_id,)).fetchall()
    return _watchlist(row, terms)


def secret(store: Store, watchlist_id: int) -> str | None:
    row = store.conn.execute("SELECT secret FROM watchlists WHERE id=?", (watchlist_id,)).fetchone()
    return row[0] if row else None


def version(store: Store) -> tuple:
    """Changes when a watchlist is added, edited or removed, or an alert is raised (one query)."""
    return tuple(store.conn.execute(
        "SELECT (SELECT count(*) FROM watchlists), (SELECT max(updated_at) FROM watchlists),"
        " (SELECT max(id) FROM alerts)").fetchone())
