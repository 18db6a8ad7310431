"""The embedded default store: one SQLite file in WAL mode.

All SQL lives in ``storyline/store/``; readers get dataclasses (the read model is
:mod:`storyline.store.read`). A batch of writes is one transaction
(:meth:`Store.transaction`, ``BEGIN IMMEDIATE``: one writer at a time across
processes, readers go on): a failure part-way leaves the database exactly as it
was before the batch. Writes come from one component, :class:`storyline.jobs.writer.Writer`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from storyline.store.schema import migrate
from storyline.types import Analysis, Article, Assignment, PartialDate, from_plain, to_plain
from storyline.types.story import StoryEvent

DEFAULT_PATH = "storyline.db"
ANALYSIS_VERSION = 1
BUSY_TIMEOUT_MS = 120_000


def default_path() -> str:
    return os.environ.get("STORYLINE_DB") or DEFAULT_PATH


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Store:
    dialect = "sqlite"  # where the SQL of the two backends differs, store/ asks this (PgStore: "postgresql")
    # what a write that breaks a constraint raises (a second row with an article's id): callers catch
    # ``store.integrity_error`` and so need not know the backend
    integrity_error: type[Exception] = sqlite3.IntegrityError

    def __init__(self, path: str | Path | None = None, *, check_same_thread: bool = True) -> None:
        self.path = str(path if path is not None else default_path())
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=check_same_thread)
        self.conn.row_factory = sqlite3.Row
        if self.path != ":memory:":
            self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        # a writer waits for another process's batch to commit (clustering and inserts, not analysis)
        self.conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        self.schema_version = migrate(self.conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    # -- writes (call inside transaction()) ------------------------------------------

    def insert_article(self, article: Article, analysis: Analysis) -> None:
        d = article.date
        self.conn.execute(
            "INSERT INTO articles (id, source, title, url, author, origin, declared_lang, lang, lang_confidence,"
            " date, date_precision, date_start, date_end, text, ingested_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                article.id, article.source, article.title, article.url, article.author, article.origin,
                article.lang, analysis.lang, analysis.lang_confidence,
                d.iso() if d else None, d.precision if d else None,
                d.first_day().isoformat() if d else None, d.last_day().isoformat() if d else None,
                article.text, _now(),
            ),
        )
        self.conn.execute(
            "INSERT INTO analyses (article_id, version, data) VALUES (?,?,?)",
            (article.id, ANALYSIS_VERSION, json.dumps(to_plain(analysis), ensure_ascii=False, separators=(",", ":"))),
        )
        self.conn.executemany(
            "INSERT INTO article_entities (article_id, key, name, type, mentions) VALUES (?,?,?,?,?)",
            [(article.id, e.key, e.name, e.type, len(e.mentions)) for e in analysis.entities],
        )

    def assign(self, assignment: Assignment) -> None:
        now = _now()
        if assignment.new_story:
            self.conn.execute("INSERT OR IGNORE INTO stories (id, created_at) VALUES (?,?)", (assignment.story_id, now))
        self.conn.execute(
            "INSERT INTO story_articles (article_id, story_id, score, assigned_at) VALUES (?,?,?,?)"
            " ON CONFLICT(article_id) DO UPDATE SET story_id=excluded.story_id, score=excluded.score",
            (assignment.article_id, assignment.story_id, assignment.score, now),
        )

    def record_event(self, story_id: str, kind: str, other: str, why: str) -> None:
        """Store a merge or split; a merge also moves the absorbed story's articles to the survivor, and the
        absorbed id (and every id merged into it before) resolves to the survivor from now on."""
        self.conn.execute(
            "INSERT INTO story_events (story_id, kind, other, at, why) VALUES (?,?,?,?,?)",
            (story_id, kind, other, _now(), why),
        )
        if kind == "merge":
            self.conn.execute("UPDATE story_articles SET story_id=? WHERE story_id=?", (story_id, other))
            self.conn.execute("INSERT OR IGNORE INTO stories (id, created_at) VALUES (?,?)", (other, _now()))
            self.conn.execute("UPDATE stories SET merged_into=? WHERE id=? OR merged_into=?", (story_id, other, other))

    def save_state(self, name: str, data: bytes | None, version: int) -> None:
        """The engine's state at ``version``; ``data=None`` bumps the version and keeps the state."""
        if data is None:
            self.conn.execute("UPDATE engine_state SET version=?, updated_at=? WHERE name=?", (version, _now(), name))
            return
        self.conn.execute(
            "INSERT INTO engine_state (name, data, updated_at, version) VALUES (?,?,?,?)"
            " ON CONFLICT(name) DO UPDATE SET data=excluded.data, updated_at=excluded.updated_at,"
            " version=excluded.version",
            (name, data, _now(), version),
        )

    def delete_state(self, name: str) -> None:
        """Forget a named state (a backfill's staged results once they are stored)."""
        self.conn.execute("DELETE FROM engine_state WHERE name=?", (name,))

    # -- reads -------------------------------------------------------------------------

    def load_state(self, name: str) -> bytes | None:
        row = self.conn.execute("SELECT data FROM engine_state WHERE name=?", (name,)).fetchone()
        return bytes(row[0]) if row else None

    def state_version(self, name: str) -> int:
        """How many writes the state has seen (0 when none): a writer compares it with the version it holds."""
        row = self.conn.execute("SELECT version FROM engine_state WHERE name=?", (name,)).fetchone()
        return int(row[0]) if row else 0

    def merged_into(self, story_id: str) -> str | None:
        """The story a merged story id now lives on, or None when it was not merged away."""
        row = self.conn.execute("SELECT merged_into FROM stories WHERE id=?", (story_id,)).fetchone()
        return row[0] if row and row[0] else None

    def story_assignments(self) -> dict[str, str]:
        """{article id: story id} of every stored article: the partition users see."""
        return dict(self.conn.execute("SELECT article_id, story_id FROM story_articles").fetchall())

    def article_lang(self, article_id: str) -> str | None:
        row = self.conn.execute("SELECT lang FROM articles WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def count_articles(self) -> int:
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def article(self, article_id: str) -> Article | None:
        row = self.conn.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
        return _article(row) if row else None

    def analysis(self, article_id: str) -> Analysis | None:
        row = self.conn.execute("SELECT data FROM analyses WHERE article_id=?", (article_id,)).fetchone()
        return from_plain(Analysis, json.loads(row[0])) if row else None

    def article_rows(self, story_id: str) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT a.*, sa.score FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
            " WHERE sa.story_id=? ORDER BY a.date_start, a.rowid",
            (story_id,),
        ).fetchall()

    def story_ids(self) -> list[str]:
        """Stories, largest first, then most recent."""
        return [r[0] for r in self.conn.execute(
            "SELECT s.id FROM stories s JOIN story_articles sa ON sa.story_id = s.id"
            " JOIN articles a ON a.id = sa.article_id"
            " GROUP BY s.id ORDER BY count(*) DESC, max(a.date_end) DESC, s.id"
        )]

    def story_exists(self, story_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM stories WHERE id=?", (story_id,)).fetchone() is not None

    def story_events(self, story_id: str) -> list[StoryEvent]:
        return [StoryEvent(r[0], r[1], r[2], r[3], r[4]) for r in self.conn.execute(
            "SELECT story_id, kind, other, at, why FROM story_events WHERE story_id=? OR other=? ORDER BY id",
            (story_id, story_id),
        )]


def _article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"], text=row["text"],
        date=PartialDate.parse(row["date"]) if row["date"] else None,
        source=row["source"], title=row["title"], url=row["url"],
        lang=row["lang"], origin=row["origin"], author=row["author"],
    )


def article_from_row(row: sqlite3.Row) -> Article:
    return _article(row)
