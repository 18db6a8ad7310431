"""eval/pairs.py: metrics by hand, the pair reader, the CLI on a small hand-written file, and (with
../shared/data) the dev pairs' acceptance figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.eval import pairs as ev

from _support import shared_data
from cluster.articles import BUNDESLIGA_DE, DERAIL_BR, DERAIL_EN, DERAIL_SZ, FERRY_EN

runner = CliRunner()


def test_roc_auc_by_hand_with_ties():
    # positives 0.9, 0.5; negatives 0.5, 0.1: pairs (0.9>0.5) (0.9>0.1) (0.5=0.5: half) (0.5>0.1) -> 3.5/4
    assert ev.roc_auc([0.9, 0.5, 0.5, 0.1], [True, True, False, False]) == pytest.approx(0.875)
    assert ev.roc_auc([0.1, 0.2], [True, True]) is None
    assert ev.roc_auc([0.2, 0.1], [False, True]) == 0.0


def test_best_threshold_is_the_oracle_cut():
    t, acc = ev.best_threshold([0.1, 0.4, 0.35, 0.8], [False, True, False, True])
    assert t == pytest.approx(0.4) and acc == 1.0
    assert ev.best_threshold([0.5, 0.5], [True, False])[1] == 0.5


def test_summary_counts_splits_and_false_joins():
    s = ev.summary([0.9, 0.2, 0.7, 0.1], [True, False, True, False], [True, True, False, False])
    assert (s["same"], s["different"], s["same_split"], s["different_joined"]) == (2, 2, 1, 1)
    assert s["accuracy"] == 0.5 and s["roc_auc"] == pytest.approx(0.75)


def test_split_headline():
    assert ev.split_headline("Zug entgleist\nBei Garmisch ...") == ("Zug entgleist", "Bei Garmisch ...")
    assert ev.split_headline("Zug entgleist  Bei Garmisch ...") == ("Zug entgleist", "Bei Garmisch ...")
    assert ev.split_headline("Nur ein Satz ohne Kopfzeile.") == (None, "Nur ein Satz ohne Kopfzeile.")
    assert ev.split_headline("x" * 400 + "\nrest")[0] is None  # no headline that long


def _rec(pid, label, overall, a, alang, b, blang):
    return {"pair_id": pid, "label": label, "overall": overall, "a": {"id": pid + "a", "lang": alang, "text": a},
            "b": {"id": pid + "b", "lang": blang, "text": b}}


@pytest.fixture
def pairs_file(tmp_path: Path) -> Path:
    recs = [
        _rec("1", "same", 1.0, DERAIL_BR, "de", DERAIL_SZ, "de"),
        _rec("2", "same", 1.25, DERAIL_BR, "de", DERAIL_EN, "en"),
        _rec("3", "different", 4.0, BUNDESLIGA_DE, "de", DERAIL_SZ, "de"),
        _rec("4", "different", 3.75, DERAIL_BR, "de", FERRY_EN, "en"),
        _rec("5", None, 2.5, DERAIL_BR, "de", DERAIL_SZ, "de"),
        _rec("6", "same", 1.0, DERAIL_BR, "de", "Un train régional a déraillé près de Garmisch.", "fr"),
    ]
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n", encoding="utf-8")
    return path


def test_read_pairs_splits_headlines_and_marks_languages(pairs_file):
    items = ev.read_pairs(pairs_file)
    assert [p.langs for p in items] == ["de-de", "de-en", "de-de", "de-en", "de-de", "de-fr"]
    assert items[0].a.title == "Zugunglück bei Garmisch-Partenkirchen: Mindestens vier Tote"
    assert not items[0].a.text.startswith("Zugunglück")
    assert [p.handled for p in items] == [True] * 5 + [False]


def test_eval_pairs_cli_json(pairs_file, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(pairs_file.parent / "cache"))
    result = runner.invoke(app, ["eval", "pairs", "--gold", str(pairs_file), "--json", "--peers"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["labelled"] == 5 and data["unlabelled"] == 1
    assert data["skipped_languages"] == {"de-fr": 1}
    assert set(data["groups"]) == {"de-de", "de-en", "all"}
    g = data["groups"]["all"]
    assert (g["same"], g["different"]) == (2, 2)
    assert g["tfidf"]["oracle"] is True
    # the engine on hand-written reports of one derailment: the German ones join, the unrelated ones do not,
    # and the English report ranks above them (one article each: it stays under the cross threshold, a known
    # limit in docs/cluster.md)
    p = {x["pair_id"]: x for x in data["per_pair"]}
    assert p["1"]["joined"] and not p["3"]["joined"] and not p["4"]["joined"], data["per_pair"]
    assert p["2"]["p"] > max(p["3"]["p"], p["4"]["p"])
    assert data["groups"]["all"]["different_joined"] == 0
    table = runner.invoke(app, ["eval", "pairs", "--gold", str(pairs_file), "--peers"])
    assert table.exit_code == 0 and "TF-IDF" in table.stdout and "de-en" in table.stdout


def test_eval_pairs_cli_rejects_a_bad_label(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(_rec("1", "maybe", 2.0, "a", "de", "b", "de")) + "\n", encoding="utf-8")
    assert runner.invoke(app, ["eval", "pairs", "--gold", str(path)]).exit_code == 2
    assert runner.invoke(app, ["eval", "pairs", "--gold", str(tmp_path / "none.jsonl")]).exit_code == 2


@pytest.mark.slow
def test_dev_pairs_meet_the_acceptance_figures():
    """The shipped model on ../shared/data/semeval_de/pairs.dev.jsonl (in-sample: it was trained on it)."""
    result = ev.evaluate(shared_data("semeval_de", "pairs.dev.jsonl"))
    de, en = result["groups"]["de-de"], result["groups"]["de-en"]
    assert de["accuracy"] >= 0.92 and de["roc_auc"] >= 0.95, de
    assert en["same_split"] <= 3 and en["different_joined"] <= 2, en
