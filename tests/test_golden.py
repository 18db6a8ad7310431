"""The seed story as users see it (CLI JSON, exports, API, pages) stays what tests/golden/out holds.

A change of output that is intended regenerates the files (``tests/golden/capture.py --write``)
in the same commit, so the diff of the golden files shows reviewers what users will see differently.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "golden"
sys.path.insert(0, str(HERE))

import capture  # noqa: E402


@pytest.fixture(scope="module")
def captured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    db = tmp_path_factory.mktemp("golden") / "golden.db"
    capture.ingest_seeds(db)
    return capture.capture(db)


def test_the_same_files_are_captured(captured: dict[str, str]) -> None:
    assert sorted(captured) == sorted(p.name for p in (HERE / "out").iterdir())


@pytest.mark.parametrize("name", sorted(p.name for p in (HERE / "out").iterdir()))
def test_output_is_unchanged(captured: dict[str, str], name: str) -> None:
    expected = (HERE / "out" / name).read_text(encoding="utf-8")
    got = captured.get(name, "")
    if got != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), got.splitlines(True), "golden", "now", n=2))
        pytest.fail(f"{name} changed (regenerate with tests/golden/capture.py --write if intended):\n{diff[:6000]}")
