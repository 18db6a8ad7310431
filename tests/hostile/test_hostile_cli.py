"""``storyline ingest`` on the hostile corpus, as a user runs it: a subprocess, its exit status, what it
stored and what it said. Limits for the run (stated in the README): wall time and peak RSS."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hostile_corpus import LIMITS, build

from storyline.ingest.limits import env_name
from storyline.ingest.names import shown

SEED = int(os.environ.get("STORYLINE_HOSTILE_SEED", "16"))
SCALE = int(os.environ.get("STORYLINE_HOSTILE_SCALE", "1"))
PER_KIND = int(os.environ.get("STORYLINE_HOSTILE_CLI_PER_KIND", "2"))  # 0: the whole corpus (make fuzz)
# The run's wall time on 2 shared cores (~30 s for the sample when they are idle); the whole corpus
# (make fuzz) analyses ~2,000 articles per scale step.
MAX_SECONDS = 300 if PER_KIND else 300 + 300 * SCALE
MAX_RSS_MB = 1500  # the analysis models alone take ~740 MB
_RUN = ("import resource, subprocess, sys, time; t = time.monotonic(); r = subprocess.run(sys.argv[1:]); "
        "print('RUN', time.monotonic() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
        "file=sys.stderr); sys.exit(r.returncode)")


def _sample(manifest, per_kind: int) -> list:
    seen: Counter = Counter()
    chosen = []
    for e in manifest.entries:
        if per_kind == 0 or seen[e.kind] < per_kind:
            chosen.append(e)
            seen[e.kind] += 1
    return chosen


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-cli")
    entries = _sample(build(root, seed=SEED, scale=SCALE), PER_KIND)
    fs = root / "fs"  # links and FIFOs are met in a walk, as they would be in a user's tree
    args = [str(e.path) for e in entries if fs not in e.path.parents] + [str(fs)]
    env = {**os.environ, **{env_name(k): str(getattr(LIMITS, k)) for k in
                            ("article_bytes", "page_bytes", "feed_bytes", "records_per_file", "rejections_per_file")},
           "STORYLINE_ERROR_LOG": str(root / "errors.log"), "COLUMNS": "200"}
    db = root / "hostile.db"
    proc = subprocess.run([sys.executable, "-c", _RUN, sys.executable, "-m", "storyline.cli", "ingest", *args,
                           "--db", str(db)], capture_output=True, env=env, timeout=MAX_SECONDS * 2)
    stderr = proc.stderr.decode("utf-8")
    seconds, rss_kb = next(line.split()[1:] for line in stderr.splitlines() if line.startswith("RUN "))
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT origin, coalesce(title, '') || ' ' || text FROM articles").fetchall()
    return entries, proc, proc.stdout.decode("utf-8"), stderr, stored, float(seconds), int(rss_kb) / 1024, root


def test_ingest_finishes_with_status_1_and_no_traceback(run):
    _, proc, out, err, _, _, _, root = run
    assert proc.returncode == 1, (out[-2000:], err[-2000:])
    assert "Traceback" not in out + err and "stopped by an error" not in err
    assert not (root / "errors.log").exists()
    assert " rejected; " in out.splitlines()[-1]


def test_every_good_article_is_stored(run):
    entries, _, _, _, stored, _, _, _ = run
    texts = " ".join(text for _, text in stored)
    missing = [(e.kind, m) for e in entries for m in e.good if m not in texts]
    assert not missing, missing[:20]
    assert sum(len(e.good) for e in entries) >= 100


def test_every_hostile_input_is_stored_or_named(run):
    entries, _, out, err, stored, _, _, _ = run
    said = [o or "" for o, _ in stored]
    said += [line[len("  duplicate "):] for line in out.splitlines() if line.startswith("  duplicate ")]
    said += [line[len("  rejected "):] for line in err.splitlines() if line.startswith("  rejected ")]
    silent = [(e.kind, shown(e.path)) for e in entries if e.named and not any(s.startswith(shown(e.path)) for s in said)]
    assert not silent, silent[:20]
    reasons = [line.split(": ", 1)[1] for line in err.splitlines() if line.startswith("  rejected ") and ": " in line]
    assert reasons and all(r.strip() for r in reasons)


def test_within_the_stated_time_and_memory(run):
    _, _, _, _, _, seconds, rss_mb, _ = run
    print(json.dumps({"seconds": round(seconds, 1), "peak_rss_mb": round(rss_mb)}))
    assert seconds < MAX_SECONDS and rss_mb < MAX_RSS_MB
