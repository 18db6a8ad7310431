"""Fixtures for the API and browser tests: a store with the two seed articles, clients, a live server.

The seeds are ingested once per session through the real pipeline (analysis,
story engine); tests that write get their own copy of that database. The API tests (``db``,
``app``, ``client``) run once per backend: a copy of the SQLite file, or a PostgreSQL database
created from a seeded template database (``CREATE DATABASE … TEMPLATE``: a file copy on the server).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.store import Store, open_store

from _backends import BACKENDS, create_database, drop_database, require_server
from _support import CHROMIUM, CHROMIUM_ARGS, LiveServer, copy_db, free_port  # noqa: F401  (re-exported for the tests)



def pytest_configure(config: pytest.Config) -> None:
    # starlette suggests httpx2 for its TestClient; httpx is what the project depends on
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx` with `starlette.testclient`")

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "src" / "storyline" / "examples" / "seeds"
TOKEN = "test-token-0123456789"


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from storyline.ingest import read_paths
    from storyline.jobs.ingest import ingest

    path = tmp_path_factory.mktemp("serve") / "seeded.db"
    with Store(path) as store:
        report = ingest(store, read_paths([SEEDS]))
        assert len(report.added) == 2, report
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture(scope="session")
def seeded_pg() -> Iterator[str]:
    """A PostgreSQL database with the seeds: the template the PostgreSQL cases copy."""
    from storyline.ingest import read_paths
    from storyline.jobs.ingest import ingest

    require_server()
    url = create_database()
    try:
        with open_store(url) as store:
            assert len(ingest(store, read_paths([SEEDS])).added) == 2
        yield url
    finally:
        drop_database(url)


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, seeded_db: Path, tmp_path: Path) -> Path | str:
    """The seeded store of one test: a SQLite path, or the URL of a PostgreSQL database of its own."""
    if request.param == "sqlite":
        return copy_db(seeded_db, tmp_path / "store.db")
    template = request.getfixturevalue("seeded_pg")
    url = create_database(template=template)
    request.addfinalizer(lambda: drop_database(url))
    return url


@pytest.fixture
def app(db: Path):
    from storyline.serve import create_app

    return create_app(db, token=TOKEN)


@pytest.fixture
def client(app) -> Iterator:
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def live_server(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from storyline.serve import create_app

    path = copy_db(seeded_db, tmp_path_factory.mktemp("live") / "live.db")
    with LiveServer(create_app(path, token=TOKEN)) as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: the browser tests drive Debian's chromium (make sysdeps installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def token() -> str:
    return TOKEN


@pytest.fixture
def auth() -> dict[str, str]:
    return dict(AUTH)
