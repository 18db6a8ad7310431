"""`storyline backfill`: the command over a local Dask cluster of one worker process (the cluster tests with
two, a killed worker and a resumed run are in tests/jobs/test_backfill.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("distributed", reason="storyline backfill needs storyline[scale] (Dask)")

from storyline.cli import app  # noqa: E402
from storyline.store import open_store  # noqa: E402

runner = CliRunner()


def test_backfill_stores_what_ingest_stores_and_names_bad_inputs(tmp_path: Path, seeds_dir: Path):
    mixed = tmp_path / "in"
    shutil.copytree(seeds_dir, mixed)
    (mixed / "month13.txt").write_text("date 2022-13\nUnruhen in Kasachstan.", encoding="utf-8")
    (mixed / "lines.jsonl").write_text('{"text": 5}\n{"text": "Kurz.", "date": "2022-01-12"}\n', encoding="utf-8")
    plain, bf = tmp_path / "plain.db", tmp_path / "bf.db"
    assert runner.invoke(app, ["ingest", str(mixed), "--db", str(plain)]).exit_code == 1

    result = runner.invoke(app, ["backfill", str(mixed), "--db", str(bf), "--workers", "1"])
    assert result.exit_code == 1, result.output  # finished, some inputs rejected: as ingest says it
    out = result.output
    assert "3 added, 0 duplicate, 2 rejected" in out
    assert "month13.txt" in out and "month 13" in out and "lines.jsonl:1" in out
    assert "partitions on 1 local worker processes" in out
    with open_store(plain) as a, open_store(bf) as b:
        assert a.count_articles() == b.count_articles() == 3
        assert a.story_assignments() == b.story_assignments()
        assert [a.analysis(i) for i in sorted(a.story_assignments())] == \
               [b.analysis(i) for i in sorted(b.story_assignments())]

    again = runner.invoke(app, ["backfill", str(mixed), "--db", str(bf), "--workers", "1"])
    assert "0 added, 3 duplicate, 2 rejected" in again.output, again.output
    assert "0 analysed, 3 stored before (not analysed again)" in again.output


def test_scheduler_and_workers_exclude_each_other(tmp_path: Path, seeds_dir: Path):
    result = runner.invoke(app, ["backfill", str(seeds_dir), "--db", str(tmp_path / "x.db"),
                                 "--scheduler", "tcp://127.0.0.1:1", "--workers", "2"])
    assert result.exit_code == 2 and "exclude each other" in result.output


def test_an_unreachable_scheduler_is_an_error_naming_it(tmp_path: Path, seeds_dir: Path, monkeypatch):
    monkeypatch.setenv("STORYLINE_ERROR_LOG", str(tmp_path / "errors.log"))
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        result = runner.invoke(app, ["backfill", str(seeds_dir), "--db", str(tmp_path / "x.db"),
                                     "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 3, result.output
    assert "stopped by an error" in result.output and "127.0.0.1:9" in result.output
