"""Shared fixtures: the seed articles and paths to ../shared/data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from _support import SEEDS, shared_data  # noqa: F401  (shared_data: older imports of conftest)


@pytest.fixture
def seeds_dir(tmp_path: Path) -> Path:
    d = tmp_path / "seeds"
    shutil.copytree(SEEDS, d)
    return d


@pytest.fixture
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))
