"""Honest exit statuses: 0 all stored, 1 some inputs rejected, 3 stopped by an error (traceback in a log,
one line on the terminal); one article's failing analysis is that article's rejection."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import storyline.jobs.writer as writer_module
from storyline.jobs import Writer, ingest
from storyline.store import Store
from storyline.types import Article, PartialDate


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "storyline.cli", *args], capture_output=True, text=True,
                          env=env, timeout=600)


def test_a_crash_is_status_3_with_one_line_and_a_logged_traceback(tmp_path: Path, seeds_dir: Path):
    """Status 0 (all stored) is tests/test_cli.py's, status 1 (some rejected) test_hostile_cli.py's."""
    env = {**os.environ, "STORYLINE_ERROR_LOG": str(tmp_path / "errors.log"), "COLUMNS": "200"}
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not a database" * 100)
    crashed = _cli("ingest", str(seeds_dir), "--db", str(broken), env=env)
    assert crashed.returncode == 3
    assert "Traceback" not in crashed.stderr and len(crashed.stderr.strip().splitlines()) == 1
    assert "stopped by an error after 0 articles stored: DatabaseError" in crashed.stderr
    assert str(tmp_path / "errors.log") in crashed.stderr
    assert "Traceback" in (tmp_path / "errors.log").read_text(encoding="utf-8")


def test_an_article_whose_analysis_raises_is_rejected_alone(tmp_path: Path, monkeypatch):
    real = writer_module.analyse

    def flaky(article):
        if "explodiert" in article.text:
            raise RuntimeError("the analyser broke")
        return real(article)

    monkeypatch.setattr(writer_module, "analyse", flaky)
    articles = [Article(id=f"a{i:015d}", text=f"Die Stadt Köln meldet Neuigkeit Nummer {i}." +
                        (" Alles explodiert." if i == 3 else ""), date=PartialDate(2022, 1), source="s",
                        origin=f"x.jsonl:{i}") for i in range(6)]
    with Store(tmp_path / "a.db") as store:
        report = ingest(Writer(store), articles)
        stored = {r[0] for r in store.conn.execute("SELECT id FROM articles")}
    assert stored == {a.id for a in articles} - {"a000000000000003"}
    (rej,) = report.rejected
    assert rej.origin == "x.jsonl:3" and "analysis failed (RuntimeError: the analyser broke)" in rej.reason
    assert json.dumps(rej.reason)
