"""Alerts, the stories each watchlist matches, matching stories' ledger state and webhook deliveries:
the SQL of migration 005 beside the watchlists themselves.

Writes run inside the Writer's transaction: the alerts of a batch are stored in the batch's own
transaction (see :mod:`storyline.jobs.alerts`), delivery attempts in a short one of their own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from storyline.store.sqlite import Store
from storyline.store.watchlists import stamp
from storyline.types import Category, PartialDate
from storyline.types.ledger import Verdict
from storyline.types.story import Citation
from storyline.types.watch import Alert, AlertKind, AlertPage, Delivery, DeliveryState


def _chunks(ids: list[str], size: int = 500) -> Iterable[list[str]]:
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def _in(n: int) -> str:
    return ",".join("?" * n)


# -- what the stories of a batch hold -----------------------------------------------------------------


def story_sizes(store: Store, story_ids: list[str]) -> dict[str, tuple[int, int]]:
    """{story id: (articles, outlets)}."""
    out = {}
    for chunk in _chunks(story_ids):
        for r in store.conn.execute(
                "SELECT sa.story_id, count(*), count(DISTINCT a.source) FROM story_articles sa"
                f" JOIN articles a ON a.id = sa.article_id WHERE sa.story_id IN ({_in(len(chunk))})"
                " GROUP BY sa.story_id", chunk):
            out[r[0]] = (r[1], r[2])
    return out


def story_articles(store: Store, story_ids: list[str]) -> dict[str, list[str]]:
    """{story id: its article ids, newest first}."""
    out: dict[str, list[str]] = {}
    for chunk in _chunks(story_ids):
        for r in store.conn.execute(
                "SELECT sa.story_id, a.id FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
                f" WHERE sa.story_id IN ({_in(len(chunk))}) ORDER BY a.date_end DESC, a.rowid DESC", chunk):
            out.setdefault(r[0], []).append(r[1])
    return out


def _by_story(store: Store, story_ids: list[str], column: str, extra: str = "") -> dict[str, dict[str, list[str]]]:
    """{story id: {value of ``column``: the articles with it, newest first}}."""
    out: dict[str, dict[str, list[str]]] = {}
    for chunk in _chunks(story_ids):
        for r in store.conn.execute(
                f"SELECT sa.story_id, {column}, a.id FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
                f"{extra} WHERE sa.story_id IN ({_in(len(chunk))}) AND {column} IS NOT NULL"
                " ORDER BY a.date_end DESC, a.rowid DESC", chunk):
            out.setdefault(r[0], {}).setdefault(r[1], []).append(r[2])
    return out


def story_key_articles(store: Store, story_ids: list[str]) -> dict[str, dict[str, list[str]]]:
    """{story id: {entity key: the articles mentioning it, newest first}}."""
    return _by_story(store, story_ids, "e.key", " JOIN article_entities e ON e.article_id = a.id")


def story_language_articles(store: Store, story_ids: list[str]) -> dict[str, dict[str, list[str]]]:
    """{story id: {language: its articles in it, newest first}}."""
    return _by_story(store, story_ids, "a.lang")


def story_texts(store: Store, story_ids: list[str]) -> list[tuple[str, str, str]]:
    """(article id, title, text) of every article of the stories."""
    out = []
    for chunk in _chunks(story_ids):
        out += [(r[0], r[1] or "", r[2]) for r in store.conn.execute(
            "SELECT a.id, a.title, a.text FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
            f" WHERE sa.story_id IN ({_in(len(chunk))})", chunk)]
    return out


# -- which stories each watchlist matches --------------------------------------------------------------


def matches(store: Store, story_ids: list[str]) -> dict[tuple[int, str], tuple[int, int]]:
    """{(watchlist id, story id): (articles, outlets) when last evaluated} for the given stories."""
    out = {}
    for chunk in _chunks(story_ids):
        for r in store.conn.execute(
                "SELECT watchlist_id, story_id, articles, sources FROM watch_matches"
                f" WHERE story_id IN ({_in(len(chunk))})", chunk):
            out[(r[0], r[1])] = (r[2], r[3])
    return out


def save_match(store: Store, watchlist_id: int, story_id: str, articles: int, sources: int) -> None:
    store.conn.execute(
        "INSERT INTO watch_matches (watchlist_id, story_id, articles, sources, matched_at) VALUES (?,?,?,?,?)"
        " ON CONFLICT(watchlist_id, story_id) DO UPDATE SET articles=excluded.articles, sources=excluded.sources",
        (watchlist_id, story_id, articles, sources, stamp()))


def ledger_state(store: Store, story_id: str) -> dict[str, tuple[str, str]]:
    """{row key: (verdict, figures)} as last evaluated; empty when the story was never evaluated."""
    return {r[0]: (r[1], r[2]) for r in store.conn.execute(
        "SELECT row_key, verdict, figures FROM story_ledger_rows WHERE story_id=?", (story_id,))}


def save_ledger_state(store: Store, story_id: str, rows: dict[str, tuple[str, str]]) -> None:
    store.conn.execute("DELETE FROM story_ledger_rows WHERE story_id=?", (story_id,))
    store.conn.executemany("INSERT INTO story_ledger_rows (story_id, row_key, verdict, figures) VALUES (?,?,?,?)",
                           [(story_id, k, v, f) for k, (v, f) in rows.items()])


def has_ledger_state(store: Store, story_id: str) -> bool:
    return store.conn.execute("SELECT 1 FROM story_ledger_rows WHERE story_id=? LIMIT 1",
                              (story_id,)).fetchone() is not None


# -- alerts ----------------------------------------------------------------------------------------------


def insert_alert(store: Store, alert: Alert) -> int:
    c = alert.citation
    cur = store.conn.execute(
        "INSERT INTO alerts (watchlist_id, kind, story_id, headline, why, at, article_id, span_start, span_end, quote,"
        " source, article_date, verdict, category) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (alert.watchlist_id, str(alert.kind), alert.story_id, alert.headline, alert.why, alert.at or stamp(),
         c.article if c else None, c.span[0] if c and c.span else None, c.span[1] if c and c.span else None,
         c.quote if c else None, c.source if c else None, c.date.iso() if c and c.date else None,
         str(alert.verdict) if alert.verdict else None, str(alert.category) if alert.category else None))
    return int(cur.lastrowid)


def _enum(cls: type, value: str | None):  # noqa: ANN202 - an enum of ``cls`` or the stored string
    if value is None:
        return None
    try:
        return cls(value)
    except ValueError:  # a verdict or category a later storyline stored: kept as written
        return value


def _alert(r: sqlite3.Row) -> Alert:
    citation = None
    if r["article_id"]:
        span = (r["span_start"], r["span_end"]) if r["span_start"] is not None else None
        citation = Citation(r["article_id"], r["source"] or "", PartialDate.parse(r["article_date"])
                            if r["article_date"] else None, span, r["quote"] or "")
    return Alert(r["id"], r["watchlist_id"], r["name"], _enum(AlertKind, r["kind"]), r["story_id"], r["headline"],
                 r["why"], r["at"], citation, _enum(Verdict, r["verdict"]), _enum(Category, r["category"]))


def alert_page(store: Store, *, watchlist_id: int | None = None, after: int = 0, limit: int = 50,
               offset: int = 0) -> AlertPage:
    """Alerts newest first; ``after`` keeps those with a higher id (what is new since a visit)."""
    where, params = ["a.id > ?"], [after]
    if watchlist_id is not None:
        where.append("a.watchlist_id = ?")
        params.append(watchlist_id)
    cond = " AND ".join(where)
    conn = store.conn
    total = conn.execute(f"SELECT count(*) FROM alerts a WHERE {cond}", params).fetchone()[0]
    rows = conn.execute(f"SELECT a.*, w.name FROM alerts a JOIN watchlists w ON w.id = a.watchlist_id WHERE {cond}"
                        " ORDER BY a.id DESC LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    newest = conn.execute("SELECT coalesce(max(id), 0) FROM alerts").fetchone()[0]
    return AlertPage(total, limit, offset, [_alert(r) for r in rows], newest)


def alert(store: Store, alert_id: int) -> Alert | None:
    row = store.conn.execute("SELECT a.*, w.name FROM alerts a JOIN watchlists w ON w.id = a.watchlist_id"
                             " WHERE a.id=?", (alert_id,)).fetchone()
    return _alert(row) if row else None


# -- webhook deliveries ------------------------------------------------------------------------------------


def queue_delivery(store: Store, alert_id: int, watchlist_id: int, url: str) -> int:
    now = stamp()
    cur = store.conn.execute(
        "INSERT INTO webhook_deliveries (alert_id, watchlist_id, url, state, attempts, next_attempt_at, created_at,"
        " updated_at) VALUES (?,?,?,?,0,?,?,?)", (alert_id, watchlist_id, url, str(DeliveryState.PENDING), now, now, now))
    return int(cur.lastrowid)


def _delivery(r: sqlite3.Row) -> Delivery:
    return Delivery(r["id"], r["alert_id"], r["watchlist_id"], r["url"], _enum(DeliveryState, r["state"]),
                    r["attempts"], r["last_status"], r["last_error"], r["next_attempt_at"], r["created_at"],
                    r["updated_at"])


def due_deliveries(store: Store, now: str, limit: int = 50) -> list[Delivery]:
    return [_delivery(r) for r in store.conn.execute(
        "SELECT * FROM webhook_deliveries WHERE state=? AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
        (str(DeliveryState.PENDING), now, limit))]


def next_due(store: Store) -> str | None:
    """When the earliest pending delivery is due, or None when nothing is pending."""
    row = store.conn.execute("SELECT min(next_attempt_at) FROM webhook_deliveries WHERE state=?",
                             (str(DeliveryState.PENDING),)).fetchone()
    return row[0] if row else None


def record_attempt(store: Store, delivery_id: int, state: DeliveryState, status: int | None, error: str | None,
                   next_attempt_at: str | None) -> None:
    store.conn.execute(
        "UPDATE webhook_deliveries SET state=?, attempts=attempts + 1, last_status=?, last_error=?,"
        " next_attempt_at=?, updated_at=? WHERE id=?",
        (str(state), status, error, next_attempt_at, stamp(), delivery_id))


def deliveries(store: Store, watchlist_id: int, state: DeliveryState | None = None, limit: int = 50) -> list[Delivery]:
    where, params = ["watchlist_id = ?"], [watchlist_id]
    if state is not None:
        where.append("state = ?")
        params.append(str(state))
    return [_delivery(r) for r in store.conn.execute(
        f"SELECT * FROM webhook_deliveries WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT ?", [*params, limit])]
