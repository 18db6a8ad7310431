"""Schema migrations: ``store/migrations/NNN_name.sql`` (SQLite) and ``store/migrations_pg/NNN_name.sql``
(PostgreSQL), applied in order.

Both folders hold the same numbers: a change of schema is one new file in each, so the two backends
never disagree about what version N means. SQLite's ``PRAGMA user_version`` holds the number of
migrations applied, PostgreSQL's ``schema_version`` table the same (:func:`storyline.store.postgres.migrate_pg`).
Append a new file; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from importlib import resources


FOLDERS = {"sqlite": "migrations", "postgresql": "migrations_pg"}


@lru_cache(maxsize=2)
def migrations(dialect: str = "sqlite") -> list[tuple[str, str]]:
    folder = resources.files("storyline.store") / FOLDERS[dialect]
    files = sorted((p.name, p.read_text(encoding="utf-8")) for p in folder.iterdir() if p.name.endswith(".sql"))
    for n, (name, _) in enumerate(files, 1):
        if not name.startswith(f"{n:03d}_"):
            raise RuntimeError(f"migration {name} is out of sequence: expected prefix {n:03d}_")
    return files


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to date; each migration is its own transaction. Returns the version."""
    steps = migrations()
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current > len(steps):
        raise RuntimeError(
            f"database schema version {current} is newer than this storyline ({len(steps)}); upgrade storyline"
        )
    for number, (_, script) in enumerate(steps[current:], start=current + 1):
        # executescript would commit on its own; run statement by statement inside one transaction
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return len(steps)


def _statements(script: str) -> list[str]:
    """Split a script into complete statements (triggers hold inner semicolons)."""
    out, buf = [], []
    for line in script.splitlines():
        if not buf and (not line.strip() or line.strip().startswith("--")):
            continue
        buf.append(line)
        joined = "\n".join(buf)
        if sqlite3.complete_statement(joined):
            out.append(joined.strip())
            buf = []
    rest = "\n".join(buf).strip()
    if rest:
        out.append(rest)
    return out
