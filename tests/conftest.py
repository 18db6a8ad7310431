"""Shared fixtures: the seed articles, paths to ../shared/data, and the two store backends."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from _backends import BACKENDS, target
from _support import SEEDS, shared_data  # noqa: F401  (shared_data: older imports of conftest)


@pytest.fixture
def seeds_dir(tmp_path: Path) -> Path:
    d = tmp_path / "seeds"
    shutil.copytree(SEEDS, d)
    return d


@pytest.fixture
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each store test runs once per backend: "sqlite" and "postgresql" (tests/_backends.py)."""
    return request.param


@pytest.fixture
def db_target(backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh store location of the test's backend: a SQLite path or a PostgreSQL database URL."""
    with target(backend, tmp_path) as where:
        yield where
