"""Fixtures for the API and browser tests: a store with the two seed articles, clients, a live server.

The seeds are ingested once per session through the real pipeline (analysis,
story engine); tests that write get their own copy of that database.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.store import Store

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


@pytest.fixture
def db(seeded_db: Path, tmp_path: Path) -> Path:
    return copy_db(seeded_db, tmp_path / "store.db")


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
