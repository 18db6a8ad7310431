"""kill -9 at random points of an ingest, and two writers (an ingest and POST /api/articles) at once.

The work runs in tests/hostile/crash_driver.py (models load once, every ingest is a forked child that
gets SIGKILL); here each trial's database is judged: PRAGMA integrity_check, no article stored twice,
every article assigned to a story, the saved engine knows every article, and after a crash and a rerun
the same partition as the uninterrupted run. ``make fuzz`` runs more trials.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

TRIALS = int(os.environ.get("STORYLINE_CRASH_TRIALS", "12"))
DRIVER = Path(__file__).with_name("crash_driver.py")


def _drive(workdir: Path, trials: int, seed: int) -> list[dict]:
    proc = subprocess.run([sys.executable, str(DRIVER), str(workdir), str(trials), str(seed)],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    return _drive(tmp_path_factory.mktemp("crash"), TRIALS, seed=int(os.environ.get("STORYLINE_CRASH_SEED", "8")))


def test_kill_9_at_random_points_loses_nothing(runs):
    reference, trials = runs[0]["reference"], [r for r in runs if "trial" in r]
    assert len(trials) == TRIALS and reference["articles"] == 96
    assert sum(t["killed"] for t in trials) >= TRIALS * 0.8  # most kills land before the ingest finished
    assert len({t["stored_before"] for t in trials}) >= 3  # at different points
    for t in trials:
        assert t["integrity"] == "ok", t
        assert (t["articles"], t["unassigned"], t["duplicates"]) == (96, 0, 0), t
        assert t["engine_articles"] == 96, t
        assert t["partition"] == reference["partition"], t["trial"]


def test_two_writers_at_once_lose_nothing(runs):
    concurrent = [r for r in runs if "concurrent" in r]
    assert len(concurrent) == 2
    for t in concurrent:
        assert t["cli_status"] == 0 and set(t["codes"]) <= {200, 201}, t
        assert t["integrity"] == "ok" and t["unassigned"] == 0 and t["duplicates"] == 0, t
        assert t["articles"] == t["expected"] == t["engine_articles"], t
