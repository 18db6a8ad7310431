"""Both store backends for the tests: a SQLite file, or a database of its own on a real PostgreSQL server.

The server is ``STORYLINE_TEST_PG`` (default ``postgresql://postgres@127.0.0.1:5432``: trust auth, as
on this project's machines; ``make test`` starts it). Each PostgreSQL test gets a fresh database
``storyline_test_<random>``, dropped at teardown. When no server answers, the PostgreSQL cases skip
saying why; in CI (``CI`` set) they fail instead, so a CI run can never pass without them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from storyline.store.postgres import drop_database, scratch_database  # noqa: F401  (tests import both)

SERVER = os.environ.get("STORYLINE_TEST_PG", "postgresql://postgres@127.0.0.1:5432").rstrip("/")
BACKENDS = ("sqlite", "postgresql")
_answers: bool | None = None


def _admin():
    import psycopg

    return psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=5)


def server_answers() -> bool:
    global _answers
    if _answers is None:
        try:
            _admin().close()
            _answers = True
        except Exception:  # noqa: BLE001 - any failure to connect means "no server"
            _answers = False
    return _answers


def require_server() -> None:
    """Skip (or, in CI, fail) the test when the PostgreSQL server does not answer."""
    if server_answers():
        return
    message = (f"no PostgreSQL server answers at {SERVER}: start it (make test does: pg_ctlcluster"
               " --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set STORYLINE_TEST_PG")
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def create_database(template: str | None = None) -> str:
    """A new database ``storyline_test_<random>`` (a copy of ``template``'s URL when given)."""
    return scratch_database(f"{SERVER}/postgres", "storyline_test", template)


@contextmanager
def pg_database() -> Iterator[str]:
    """The URL of a new, empty database on the test server, dropped afterwards."""
    require_server()
    url = create_database()
    try:
        yield url
    finally:
        drop_database(url)


@contextmanager
def target(backend: str, tmp_path: Path, name: str = "store.db") -> Iterator[str]:
    """Where a store of ``backend`` lives for one test: a SQLite path, or a fresh PostgreSQL database."""
    if backend == "sqlite":
        yield str(tmp_path / name)
    else:
        with pg_database() as url:
            yield url
