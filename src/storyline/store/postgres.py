"""The shared store: PostgreSQL through psycopg 3, behind the same :class:`~storyline.store.sqlite.Store` API.

One store API for both backends, with a thin dialect layer instead of an ORM: the store's SQL is
written once, in SQLite's spelling, and :func:`translate` turns the few places where PostgreSQL
spells it differently (``?`` placeholders, ``INSERT OR IGNORE``, the ``id`` of a new row) into
PostgreSQL's. What truly differs is written per dialect where it lives: the schema
(``store/migrations_pg/``, same numbers as ``store/migrations/``), full-text search
(:mod:`storyline.store.search`: ``tsvector`` instead of FTS5), the integrity check and the write lock.
SQLite's ``rowid`` ordering is kept by a ``rowid`` identity column on the tables that are ordered
by it, and its ``total()`` and ``group_concat()`` aggregates are defined by migration 001.

Rows come back as :class:`Row`: a tuple that is also read by column name, as ``sqlite3.Row`` is, so
the read model and the tests take rows from either backend alike.

**Writers.** :meth:`PgStore.transaction` takes a transaction-scoped advisory lock
(``pg_advisory_xact_lock``) before anything else: writers in any number of processes serialise on it
as they do on SQLite's ``BEGIN IMMEDIATE``, and readers go on (MVCC). Together with the version
check on ``engine_state`` (:class:`storyline.jobs.writer.Writer`), ``watch``, the API and a
backfill's workers can write to one database at once without losing a write.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from storyline.store import describe
from storyline.store.schema import migrations
from storyline.store.sqlite import Store

# the advisory lock keys (one bigint each): the write path's, and the one that orders migrations
WRITE_LOCK = 0x73746F72795F7772  # "story_wr"
MIGRATE_LOCK = 0x73746F72795F6D67  # "story_mg"
CONNECT_TIMEOUT_S = 10

# tables whose new rows get an id from the database: an INSERT into them returns it (``lastrowid``)
_IDENTITY_TABLES = ("story_events", "lsh_entries", "watchlists", "alerts", "webhook_deliveries")
_RETURNS_ID = re.compile(r"^\s*INSERT\s+INTO\s+(" + "|".join(_IDENTITY_TABLES) + r")\b(?!.*\bRETURNING\b)",
                         re.I | re.S)
_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\b", re.I)


class Row(tuple):
    """A result row: a tuple that also answers ``row["column"]`` and ``row.keys()``, like ``sqlite3.Row``."""

    _index: dict[str, int] = {}

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._index[key])
            except KeyError:
                raise IndexError(f"no such column: {key}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


@lru_cache(maxsize=1024)
def _row_class(names: tuple[str, ...]) -> type[Row]:
    # the first of two equal names wins, as in sqlite3.Row
    index: dict[str, int] = {}
    for i, n in enumerate(names):
        index.setdefault(n, i)
    return type("Row", (Row,), {"_index": index})


def _row_factory(cursor: Any) -> Any:
    if cursor.description is None:
        return tuple
    cls = _row_class(tuple(c.name for c in cursor.description))
    return lambda values: cls(values)


@lru_cache(maxsize=4096)
def translate(sql: str, returning_id: bool = False, placeholders: bool = True) -> str:
    """The store's SQL (SQLite's spelling) as PostgreSQL's: ``INSERT OR IGNORE`` becomes ``ON CONFLICT DO
    NOTHING``, ``returning_id`` adds ``RETURNING id`` to an INSERT into a table with an identity id, and
    with ``placeholders`` (a statement sent with parameters) ``?`` becomes ``%s`` and a literal ``%``
    ``%%``. A ``?`` inside a quoted string is left alone."""
    if _OR_IGNORE.match(sql):
        sql = _OR_IGNORE.sub("INSERT INTO", sql, count=1) + " ON CONFLICT DO NOTHING"
    if returning_id and _RETURNS_ID.match(sql):
        sql += " RETURNING id"
    if not placeholders:
        return sql
    out: list[str] = []
    quoted = False
    for ch in sql:
        if ch == "'":
            quoted = not quoted  # '' inside a literal toggles twice: still inside
        if ch == "?" and not quoted:
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


class Result:
    """What ``conn.execute`` returns: the rows, ``rowcount`` and, after an INSERT, the new row's ``lastrowid``."""

    def __init__(self, cursor: Any, lastrowid: int | None = None) -> None:
        self._cursor = cursor
        self.lastrowid = lastrowid
        self.rowcount = cursor.rowcount

    def fetchone(self) -> Row | None:
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[Row]:
        return self._cursor.fetchall() if self._cursor.description else []

    def __iter__(self) -> Iterator[Row]:
        return iter(self.fetchall())


class PgConnection:
    """A psycopg connection that takes the store's SQL: ``execute``, ``executemany``, ``in_transaction``.

    Autocommit, as the SQLite store's connection (``isolation_level=None``): a statement outside
    :meth:`PgStore.transaction` commits on its own, and a read sees what is committed when it runs.
    """

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Result:
        cur = self.raw.cursor()
        if not params:
            # no parameters: the statement is sent as written (psycopg parses no placeholders in it)
            cur.execute(translate(sql, returning_id=True, placeholders=False))
        else:
            cur.execute(translate(sql, returning_id=True), list(params))
        lastrowid = None
        if _RETURNS_ID.match(sql) and cur.description:
            lastrowid = cur.fetchone()[0]
        return Result(cur, lastrowid)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        rows = [list(r) for r in rows]
        if rows:
            self.raw.cursor().executemany(translate(sql), rows)

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()


def connect(url: str) -> Any:
    """A psycopg connection to ``url``, or a ConnectionError that says which server did not answer."""
    import psycopg

    try:
        return psycopg.connect(url, autocommit=True, row_factory=_row_factory, connect_timeout=CONNECT_TIMEOUT_S)
    except psycopg.OperationalError as exc:
        raise ConnectionError(f"cannot open the PostgreSQL store at {describe(url)}: {str(exc).strip()}") from exc


def scratch_database(url: str, prefix: str = "storyline_scratch", template: str | None = None) -> str:
    """A new database on the server of ``url`` (a benchmark's or a test's of its own): empty, or a copy of
    the database at ``template`` (nobody may be connected to it); its URL."""
    import uuid

    base, _, _ = url.rstrip("/").rpartition("/")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    like = f" TEMPLATE {template.rstrip('/').rpartition('/')[2]}" if template else ""
    with connect(url) as conn:
        conn.execute(f"CREATE DATABASE {name}{like}")
    return f"{base}/{name}"


def drop_database(url: str) -> None:
    """Drop the database of ``url`` (connected through the server's ``postgres`` database)."""
    base, _, name = url.rstrip("/").rpartition("/")
    with connect(f"{base}/postgres") as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def migrate_pg(conn: PgConnection) -> int:
    """Apply ``store/migrations_pg/NNN_*.sql`` in order, each in its own transaction, under an advisory
    lock so that processes opening a new database at once migrate it once. Returns the version."""
    steps = migrations("postgresql")
    number = None
    while True:
        conn.execute("BEGIN")
        try:
            conn.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATE_LOCK,))
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = conn.execute("SELECT version FROM schema_version").fetchone()
            current = row[0] if row else 0
            if row is None:
                conn.execute("INSERT INTO schema_version (version) VALUES (0)")
            if current > len(steps):
                raise RuntimeError(f"database schema version {current} is newer than this storyline ({len(steps)});"
                                   " upgrade storyline")
            if current == len(steps):
                conn.execute("COMMIT")
                return current
            number = current + 1
            conn.raw.execute(steps[current][1])  # a whole script: sent as one simple query, no parameters
            conn.execute("UPDATE schema_version SET version = ?", (number,))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


class PgStore(Store):
    """The :class:`Store` API on a PostgreSQL database (``postgresql://user@host/db``)."""

    dialect = "postgresql"

    @property
    def integrity_error(self) -> type[Exception]:  # type: ignore[override]
        import psycopg

        return psycopg.IntegrityError

    def __init__(self, url: str, **_: Any) -> None:  # noqa: D107 - SQLite's keyword arguments mean nothing here
        self.path = url
        self.conn = PgConnection(connect(url))  # type: ignore[assignment]
        self.schema_version = migrate_pg(self.conn)  # type: ignore[arg-type]

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """One batch of writes; the advisory lock makes it the only writing one, in any process."""
        self.conn.execute("BEGIN")
        try:
            self.conn.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
            yield self.conn
        except BaseException:
            if not self.conn.raw.closed:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def integrity_ok(self) -> bool:
        """What the schema does not enforce by itself: every article is in the search index and analysed,
        and every story id an article is assigned to exists (constraints hold the rest)."""
        row = self.conn.execute(
            "SELECT (SELECT count(*) FROM articles WHERE words IS NULL OR lang_words IS NULL),"
            " (SELECT count(*) FROM articles a LEFT JOIN analyses n ON n.article_id = a.id WHERE n.article_id IS NULL),"
            " (SELECT count(*) FROM story_articles sa LEFT JOIN stories s ON s.id = sa.story_id WHERE s.id IS NULL)"
        ).fetchone()
        return tuple(row) == (0, 0, 0)

    @classmethod
    def on_connection(cls, url: str, raw: Any, schema_version: int) -> "PgStore":
        """A store on a connection someone else opened (a pool's), on a database already migrated."""
        store = cls.__new__(cls)
        store.path, store.conn, store.schema_version = url, PgConnection(raw), schema_version  # type: ignore[assignment]
        return store

    def close(self) -> None:
        if not self.conn.raw.closed:
            self.conn.close()


class PgPool:
    """psycopg_pool's connections to one database, each lent as a :class:`PgStore` for one request.

    The server opens the database once (migrating it) and then borrows: a request waits for a free
    connection instead of opening one, and the pool caps how many the server holds on the database
    server (``max_size``; PostgreSQL's own limit is typically 100 for everyone)."""

    def __init__(self, url: str, max_size: int = 8) -> None:
        with PgStore(url) as first:  # connects (a clear error when it cannot) and migrates
            self.schema_version = first.schema_version
        self.url, self.max_size = url, max_size
        self._pool: Any = None
        self._lock = threading.Lock()

    def _connections(self) -> Any:
        # opened on first use and again after close(): an app's lifespan may start more than once
        with self._lock:
            if self._pool is None:
                from psycopg_pool import ConnectionPool

                self._pool = ConnectionPool(self.url, min_size=1, max_size=self.max_size, open=True,
                                            name="storyline", kwargs={"autocommit": True, "row_factory": _row_factory,
                                                                      "connect_timeout": CONNECT_TIMEOUT_S})
            return self._pool

    @contextmanager
    def store(self) -> Iterator[PgStore]:
        # the pool rolls back a connection handed back mid-transaction before lending it again
        with self._connections().connection() as raw:
            yield PgStore.on_connection(self.url, raw, self.schema_version)

    def stats(self) -> dict[str, int]:
        """psycopg_pool's counters (``requests_num``, ``pool_size``, …)."""
        return self._connections().get_stats()

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()
