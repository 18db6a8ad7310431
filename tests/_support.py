"""Paths and helpers the tests import by name (``from _support import SEEDS``).

They live here, not in ``conftest.py``: several test folders have a conftest of their own,
and ``from conftest import ...`` would pick whichever one pytest imported first.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "src" / "storyline" / "examples" / "seeds"
SHARED_DATA = Path(os.environ.get("STORYLINE_SHARED_DATA", ROOT.parent / "shared" / "data"))


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test saying what is missing."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs the labelled corpora in ../shared/data")
    return path
