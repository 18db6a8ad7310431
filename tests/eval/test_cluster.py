"""eval/cluster.py: the metrics against hand-computed examples, the gold reader, the CLI command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.eval import cluster as ev

from _support import shared_data

runner = CliRunner()

# gold A A A B B, predicted 1 1 2 2 2 -- worked by hand:
# BCubed P = (2*2/2 + 1*1/3 + 2*2/3) / 5 = 11/15; R = (2*2/3 + 1*1/3 + 2*2/2) / 5 = 11/15
# pairs: same-cluster predicted 1+3 = 4, gold 3+1 = 4, both 1+0+1 = 2 -> P = R = 1/2
# ARI: index 2, expected 4*4/10 = 1.6, max (4+4)/2 = 4 -> (2-1.6)/(4-1.6) = 1/6
GOLD = ["A", "A", "A", "B", "B"]
PRED = [1, 1, 2, 2, 2]


def test_bcubed_by_hand():
    p, r, f = ev.bcubed(PRED, GOLD)
    assert p == pytest.approx(11 / 15) and r == pytest.approx(11 / 15) and f == pytest.approx(11 / 15)


def test_pairwise_by_hand():
    assert ev.pairwise(PRED, GOLD) == pytest.approx((0.5, 0.5, 0.5))


def test_ari_by_hand_and_against_scikit_learn():
    from sklearn.metrics import adjusted_rand_score

    assert ev.ari(PRED, GOLD) == pytest.approx(1 / 6)
    other = ([0, 0, 1, 1, 2, 2, 2, 3], ["x", "x", "x", "y", "y", "z", "z", "z"])
    assert ev.ari(*other) == pytest.approx(adjusted_rand_score(other[1], other[0]))


def test_extremes():
    gold = ["a", "a", "b", "b"]
    assert ev.bcubed(gold, gold) == (1.0, 1.0, 1.0)
    assert ev.ari(["x", "x", "y", "y"], gold) == 1.0
    singletons = [0, 1, 2, 3]
    p, r, _ = ev.bcubed(singletons, gold)
    assert p == 1.0 and r == pytest.approx(0.5)
    one = [0, 0, 0, 0]
    p, r, _ = ev.bcubed(one, gold)
    assert p == pytest.approx(0.5) and r == 1.0
    assert ev.pairwise(singletons, gold)[1] == 0.0
    s = ev.scores(one, gold)
    assert s["n_pred"] == 1 and s["n_gold"] == 2


RECORDS = [
    {"id": "1", "date": "2014-03-10T10:00:00Z", "lang": "en", "title": "Malaysia Airlines flight MH370 missing over the South China Sea", "text": "", "source": "a", "story": "mh"},
    {"id": "2", "date": "2014-03-10T09:00:00Z", "lang": "en", "title": "Apple unveils CarPlay for iPhone in cars at Geneva motor show", "text": "", "source": "b", "story": "apple"},
    {"id": "3", "date": "2014-03-10T11:00:00Z", "lang": "en", "title": "Search for missing Malaysia Airlines flight MH370 widens", "text": "", "source": "c", "story": "mh"},
    {"id": "4", "date": None, "lang": "en", "title": "Apple CarPlay brings iPhone to Ferrari and Volvo cars", "text": "", "source": "d", "story": "apple"},
]


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    return path


def test_read_gold_streams_in_date_order_undated_last(gold_file):
    items = ev.read_gold(gold_file)
    assert [it.gold_id for it in items] == ["2", "1", "3", "4"]
    assert len({it.article.id for it in items}) == 4


def test_eval_cluster_cli_json(gold_file, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(gold_file.parent / "cache"))
    result = runner.invoke(app, ["eval", "cluster", "--gold", str(gold_file), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("bcubed_p", "bcubed_r", "bcubed_f1", "pairwise_p", "pairwise_r", "pairwise_f1", "ari", "n_pred",
                "n_gold", "articles_per_s"):
        assert key in data
    assert data["n_gold"] == 2 and data["articles"] == 4
    assert data["bcubed_f1"] == 1.0


def test_eval_cluster_cli_peers_and_table(gold_file, monkeypatch):
    from storyline.eval import peers

    monkeypatch.setenv("XDG_CACHE_HOME", str(gold_file.parent / "cache"))
    monkeypatch.setattr(peers, "PEERS", {"agglomerative": peers.agglomerative})  # BERTopic is slow to import
    result = runner.invoke(app, ["eval", "cluster", "--gold", str(gold_file), "--json", "--peers"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    agg = data["peers"]["agglomerative"]
    assert {"bcubed_f1", "pairwise_f1", "ari", "n_pred", "articles_per_s", "ratio_bcubed_f1"} <= set(agg)
    table = runner.invoke(app, ["eval", "cluster", "--gold", str(gold_file), "--peers"])
    assert table.exit_code == 0 and "agglomerative" in table.stdout


def test_eval_cluster_cli_missing_file(tmp_path):
    result = runner.invoke(app, ["eval", "cluster", "--gold", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2


def test_ecbplus_dev_beats_a_floor():
    """The shipped model on labelled data (needs ../shared/data)."""
    path = shared_data("ecbplus", "ecbplus.dev.jsonl")
    result = ev.evaluate(path)
    assert result["bcubed_f1"] >= 0.85, result


def test_bcubed_items_average_to_bcubed():
    from storyline.eval.cluster import bcubed, bcubed_items

    pred, gold = ["a", "a", "b", "b", "b", "c"], [1, 1, 1, 2, 2, 3]
    ps, rs = bcubed_items(pred, gold)
    p, r, _ = bcubed(pred, gold)
    assert sum(ps) / len(ps) == pytest.approx(p) and sum(rs) / len(rs) == pytest.approx(r)
    assert ps[2] == pytest.approx(1 / 3) and rs[2] == pytest.approx(1 / 3)


def test_cached_docs_are_keyed_by_the_analysis_rules_too(tmp_path, monkeypatch):
    """A rule change in analyse/ (spans.py) or in the gazetteer's data changes entity keys without a
    new model: the ClusterDoc cache key must change with it, or a retrain reads stale keys."""
    import shutil

    from storyline.analyse import entities

    src = Path(entities.__file__).resolve().parent
    pkg = tmp_path / "storyline"
    shutil.copytree(src, pkg / "analyse", ignore=shutil.ignore_patterns("__pycache__"))
    (pkg / "data").mkdir()
    (pkg / "data" / "places.tsv").write_text("a\n", encoding="utf-8")
    monkeypatch.setattr(entities, "__file__", str(pkg / "analyse" / "entities.py"))
    before = ev._ner_fingerprint()
    assert before != "none" and ev._ner_fingerprint() == before
    (pkg / "analyse" / "spans.py").write_text("# a changed rule\n", encoding="utf-8")
    after_rule = ev._ner_fingerprint()
    (pkg / "data" / "places.tsv").write_text("b\n", encoding="utf-8")
    assert len({before, after_rule, ev._ner_fingerprint()}) == 3
