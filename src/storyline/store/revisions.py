"""Revisions, copies, the near-duplicate index and watched feeds: the SQL of migration 003.

Reads take a :class:`~storyline.store.Store`; writes are meant to run inside
``store.transaction()`` together with the batch they belong to.

* A *revision* is a later version of a stored article (the same URL, or
  near-identical text from the same outlet). The article row keeps version 0;
  ``revisions`` holds versions 1, 2, ... and :func:`diff` shows what changed.
* A *copy* is near-identical text from another outlet. The first article seen
  is the original and has no ``copies`` row; every copy points at it, so
  ``copies_of_story`` maps copy -> original and synthesis can count the
  original and its copies as one source.
"""

from __future__ import annotations

import datetime as dt
import difflib
import sqlite3
from collections.abc import Iterable

from storyline.store.sqlite import Store
from storyline.types import Article, PartialDate
from storyline.types.views import ArticleVersion, CopyView, FeedState, RevisionView

LSH_WINDOW_DAYS = 14  # near-duplicates are looked for among texts ingested this recently ...
LSH_MAX_ENTRIES = 50_000  # ... and among at most this many


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _in(n: int) -> str:
    return ",".join("?" * n)


# -- reads ----------------------------------------------------------------------------------------


def _date(value: str | None) -> PartialDate | None:
    return PartialDate.parse(value) if value else None


def _version(r: sqlite3.Row) -> ArticleVersion:
    return ArticleVersion(r["article_id"], r["n"], r["text"], r["title"], _date(r["date"]), r["date_precision"],
                          r["url"], r["origin"], r["similarity"], r["reason"], r["fetched_at"])


def revisions_of(store: Store, article_id: str) -> list[ArticleVersion]:
    """Later versions of an article, oldest first (n = 1, 2, ...)."""
    return [_version(r) for r in store.conn.execute(
        "SELECT article_id, n, text, title, date, date_precision, url, origin, similarity, reason, fetched_at"
        " FROM revisions WHERE article_id=? ORDER BY n", (article_id,))]


def versions(store: Store, article_id: str) -> list[ArticleVersion]:
    """Version 0 (the stored article) followed by its revisions; empty when there is no such article."""
    row = store.conn.execute(
        "SELECT id AS article_id, 0 AS n, text, title, date, date_precision, url, origin, NULL AS similarity,"
        " 'first seen' AS reason, ingested_at AS fetched_at FROM articles WHERE id=?", (article_id,)).fetchone()
    if row is None:
        return []
    return [_version(row), *revisions_of(store, article_id)]


def unified_diff(old: str, new: str, old_label: str = "before", new_label: str = "after", context: int = 1) -> str:
    """``difflib.unified_diff`` of two texts, line by line (paragraphs are lines)."""
    return "".join(difflib.unified_diff(_lines(old), _lines(new), fromfile=old_label, tofile=new_label, n=context))


def _lines(text: str) -> list[str]:
    return [ln + "\n" for ln in text.splitlines() if ln.strip()]


def _version_text(v: ArticleVersion) -> str:
    return (f"# {v.title}\n" if v.title else "") + v.text


def diff(store: Store, article_id: str, old: int | None = None, new: int | None = None) -> str:
    """What changed between two versions (default: the one before the latest, and the latest)."""
    vs = versions(store, article_id)
    if len(vs) < 2:
        return ""
    new = len(vs) - 1 if new is None else new
    old = new - 1 if old is None else old
    a, b = vs[old], vs[new]
    return unified_diff(_version_text(a), _version_text(b), f"{article_id} v{a.n} ({a.fetched_at})",
                        f"{article_id} v{b.n} ({b.fetched_at})")


def copies_of_story(store: Store, story_id: str) -> dict[str, str]:
    """{copy article id: original article id} for the copies among the story's articles.

    Originals are not keys; an article that is neither is not listed. To count
    sources: ``{copies.get(a, a) for a in article_ids}``.
    """
    return {r[0]: r[1] for r in store.conn.execute(
        "SELECT c.article_id, c.original_id FROM copies c JOIN story_articles sa ON sa.article_id = c.article_id"
        " WHERE sa.story_id=? ORDER BY c.article_id", (story_id,))}


def original_of(store: Store, article_id: str) -> str:
    row = store.conn.execute("SELECT original_id FROM copies WHERE article_id=?", (article_id,)).fetchone()
    return row[0] if row else article_id


def story_copies(store: Store, story_id: str) -> list[CopyView]:
    """The story's articles that copy another outlet's report, with that report."""
    return [CopyView(r[0], r[1], r[2], r[3], r[4]) for r in store.conn.execute(
        "SELECT c.article_id, a.source, c.original_id, o.source AS original_source, c.similarity"
        " FROM copies c JOIN story_articles sa ON sa.article_id = c.article_id"
        " JOIN articles a ON a.id = c.article_id JOIN articles o ON o.id = c.original_id"
        " WHERE sa.story_id=? ORDER BY c.original_id, a.rowid", (story_id,))]


def story_versions(store: Store, story_id: str) -> dict[str, list[ArticleVersion]]:
    """The later versions (n = 1, 2, ...) of every revised article of a story, oldest first."""
    out: dict[str, list[ArticleVersion]] = {}
    for r in store.conn.execute(
            "SELECT r.article_id, r.n, r.text, r.title, r.date, r.date_precision, r.url, r.origin, r.similarity,"
            " r.reason, r.fetched_at FROM revisions r JOIN story_articles sa ON sa.article_id = r.article_id"
            " WHERE sa.story_id=? ORDER BY r.article_id, r.n", (story_id,)):
        out.setdefault(r["article_id"], []).append(_version(r))
    return out


def story_revisions(store: Store, story_id: str) -> list[RevisionView]:
    """Every later version of the story's articles, each with the diff from the version before it."""
    revisions = []
    ids = [r[0] for r in store.conn.execute(
        "SELECT DISTINCT r.article_id FROM revisions r JOIN story_articles sa ON sa.article_id = r.article_id"
        " WHERE sa.story_id=? ORDER BY r.article_id", (story_id,))]
    for aid in ids:
        vs = versions(store, aid)
        for prev, v in zip(vs, vs[1:]):
            revisions.append(RevisionView(aid, v.n, v.title, v.date, v.fetched_at, v.reason, v.similarity,
                                          unified_diff(_version_text(prev), _version_text(v), f"v{prev.n}", f"v{v.n}")))
    return revisions


# -- near-duplicate lookups (used while planning a batch) -----------------------------------------


def stored_articles(store: Store, ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
    """{id: (source, url)} for the ids that are stored."""
    ids = list(dict.fromkeys(ids))
    out: dict[str, tuple[str, str | None]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for r in store.conn.execute(f"SELECT id, source, url FROM articles WHERE id IN ({_in(len(chunk))})", chunk):
            out[r[0]] = (r[1], r[2])
    return out


def article_by_url(store: Store, url: str) -> str | None:
    row = store.conn.execute("SELECT id FROM articles WHERE url=? ORDER BY rowid LIMIT 1", (url,)).fetchone()
    if row is None:
        row = store.conn.execute("SELECT article_id FROM revisions WHERE url=? ORDER BY rowid LIMIT 1",
                                 (url,)).fetchone()
    return row[0] if row else None


def revision_content(store: Store, content_id: str) -> str | None:
    """The article a version with this content id was stored under as a revision."""
    row = store.conn.execute("SELECT article_id FROM revisions WHERE content_id=? LIMIT 1", (content_id,)).fetchone()
    return row[0] if row else None


def next_revision(store: Store, article_id: str) -> int:
    return store.conn.execute("SELECT coalesce(max(n), 0) + 1 FROM revisions WHERE article_id=?",
                              (article_id,)).fetchone()[0]


def lsh_candidates(store: Store, keys: list[int]) -> list[tuple[str, str, bytes]]:
    """(article_id, outlet, signature blob) of index entries sharing at least one band key."""
    if not keys:
        return []
    return [(r[0], r[1], bytes(r[2])) for r in store.conn.execute(
        "SELECT e.article_id, e.outlet, e.sig FROM lsh_entries e WHERE e.id IN"
        f" (SELECT entry FROM lsh_bands WHERE key IN ({_in(len(keys))}))", keys)]


def lsh_signatures(store: Store, article_id: str) -> list[bytes]:
    return [bytes(r[0]) for r in store.conn.execute("SELECT sig FROM lsh_entries WHERE article_id=? ORDER BY id",
                                                    (article_id,))]


# -- writes (inside store.transaction()) ----------------------------------------------------------


def insert_revision(store: Store, target: str, n: int, article: Article, similarity: float | None,
                    reason: str) -> None:
    d = article.date
    store.conn.execute(
        "INSERT INTO revisions (article_id, n, content_id, text, title, date, date_precision, url, origin,"
        " similarity, reason, fetched_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (target, n, article.id, article.text, article.title, d.iso() if d else None, d.precision if d else None,
         article.url, article.origin, similarity, reason, _now()))


def insert_copy(store: Store, article_id: str, original_id: str, similarity: float) -> None:
    store.conn.execute(
        # an upsert both backends speak (SQLite's INSERT OR REPLACE is its own)
        "INSERT INTO copies (article_id, original_id, similarity, detected_at) VALUES (?,?,?,?)"
        " ON CONFLICT(article_id) DO UPDATE SET original_id=excluded.original_id, similarity=excluded.similarity,"
        " detected_at=excluded.detected_at",
        (article_id, original_id, round(similarity, 4), _now()))


def insert_lsh_entry(store: Store, article_id: str, outlet: str, sig: bytes, keys: list[int]) -> None:
    cur = store.conn.execute("INSERT INTO lsh_entries (article_id, outlet, sig, added_at) VALUES (?,?,?,?)",
                             (article_id, outlet, sig, _now()))
    store.conn.executemany("INSERT OR IGNORE INTO lsh_bands (key, entry) VALUES (?,?)",
                           [(k, cur.lastrowid) for k in keys])


def prune_lsh(store: Store, window_days: int = LSH_WINDOW_DAYS, max_entries: int = LSH_MAX_ENTRIES) -> int:
    """Drop index entries older than the window or beyond the cap (oldest first). Returns how many."""
    cutoff_time = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=window_days)).isoformat(timespec="seconds")
    top = store.conn.execute("SELECT max(id) FROM lsh_entries").fetchone()[0] or 0
    by_time = store.conn.execute("SELECT max(id) FROM lsh_entries WHERE added_at < ?", (cutoff_time,)).fetchone()[0]
    cutoff = max(top - max_entries, by_time or 0)
    if cutoff <= 0:
        return 0
    store.conn.execute("DELETE FROM lsh_bands WHERE entry <= ?", (cutoff,))
    return store.conn.execute("DELETE FROM lsh_entries WHERE id <= ?", (cutoff,)).rowcount


# -- watched feeds -------------------------------------------------------------------------------


def _feed(r: sqlite3.Row) -> FeedState:
    return FeedState(r["url"], r["title"], r["etag"], r["last_modified"], r["checked_at"], r["status"], r["failures"])


def feed_state(store: Store, url: str) -> FeedState | None:
    row = store.conn.execute("SELECT * FROM feeds WHERE url=?", (url,)).fetchone()
    return _feed(row) if row else None


def save_feed_state(store: Store, url: str, *, status: str, title: str | None = None, etag: str | None = None,
                    last_modified: str | None = None, keep_validators: bool = False, failed: bool = False) -> None:
    """Record a poll's outcome; ``keep_validators`` leaves the stored ETag/Last-Modified alone."""
    if keep_validators:
        etag = last_modified = None  # a first poll that keeps nothing stores nothing
    store.conn.execute(
        "INSERT INTO feeds (url, title, etag, last_modified, checked_at, status, failures) VALUES (?,?,?,?,?,?,?)"
        " ON CONFLICT(url) DO UPDATE SET title=coalesce(excluded.title, feeds.title),"
        " etag=CASE WHEN ? THEN feeds.etag ELSE excluded.etag END,"
        " last_modified=CASE WHEN ? THEN feeds.last_modified ELSE excluded.last_modified END,"
        " checked_at=excluded.checked_at, status=excluded.status,"
        " failures=CASE WHEN ? THEN feeds.failures + 1 ELSE 0 END",
        (url, title, etag, last_modified, _now(), status, 1 if failed else 0, keep_validators, keep_validators,
         failed))


def feed_items(store: Store, url: str) -> dict[str, str]:
    """{item key: fingerprint} of the items already handled for this feed."""
    return {r[0]: r[1] for r in store.conn.execute("SELECT key, fingerprint FROM feed_items WHERE feed_url=?", (url,))}


def save_feed_item(store: Store, url: str, key: str, link: str | None, fingerprint: str,
                   article_id: str | None) -> None:
    store.conn.execute(
        "INSERT INTO feed_items (feed_url, key, link, fingerprint, article_id, seen_at) VALUES (?,?,?,?,?,?)"
        " ON CONFLICT(feed_url, key) DO UPDATE SET link=excluded.link, fingerprint=excluded.fingerprint,"
        " article_id=coalesce(excluded.article_id, feed_items.article_id), seen_at=excluded.seen_at",
        (url, key, link, fingerprint, article_id, _now()))


def watched_feeds(store: Store) -> list[FeedState]:
    return [_feed(r) for r in store.conn.execute("SELECT * FROM feeds ORDER BY url")]
