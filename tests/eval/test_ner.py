"""eval/ner.py: GermEval TSV reading, conlleval-style scoring, the run over the model."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.eval import ner

from _support import shared_data

TSV = """#\thttp://example.org/a [2010-01-01]
1\tAngela\tB-PER\tO
2\tMerkel\tI-PER\tO
3\treiste\tO\tO
4\tnach\tO\tO
5\tKasachstan\tB-LOC\tO
6\tund\tO\tO
7\ttraf\tO\tO
8\tdie\tO\tO
9\tOVKS\tB-ORG\tO
10\t.\tO\tO

#\thttp://example.org/b [2010-01-02]
1\tDie\tO\tO
2\tdeutschen\tB-LOCderiv\tO
3\tNATO-Truppen\tB-ORGpart\tO
4\tsahen\tO\tO
5\tden\tO\tO
6\tFilm\tO\tO
7\tTitanic\tB-OTH\tO
8\tin\tO\tO
9\tBerlin\tB-LOC\tO
10\t.\tO\tO
"""


def test_reader_folds_subtypes(tmp_path: Path):
    path = tmp_path / "gold.tsv"
    path.write_text(TSV, encoding="utf-8")
    sents = ner.read_germeval(path)
    assert len(sents) == 2
    assert sents[1][1][1:3] == ["O", "O"]  # -deriv / -part dropped
    assert ner.spans_from_bio(sents[0][1]) == {(0, 2, "PER"), (4, 5, "LOC"), (8, 9, "ORG")}


def test_score_is_conlleval_style():
    gold = [{(0, 2, "PER"), (4, 5, "LOC")}]
    pred = [{(0, 2, "PER"), (4, 5, "ORG"), (6, 7, "OTH")}]
    r = ner.score(gold, pred)
    assert r["per_type"]["PER"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    assert r["overall"]["precision"] == round(1 / 3, 4) and r["overall"]["recall"] == 0.5
    assert r["per_type"]["LOC"]["support"] == 1 and r["per_type"]["LOC"]["recall"] == 0.0


def test_evaluate_runs_model_on_given_tokens(tmp_path: Path):
    path = tmp_path / "gold.tsv"
    path.write_text(TSV, encoding="utf-8")
    result = ner.evaluate(path)
    assert result["sentences"] == 2
    assert set(result["per_type"]) == {"PER", "LOC", "ORG", "OTH"}
    assert result["overall"]["support"] == 5
    assert result["overall"]["recall"] >= 0.6  # Merkel, Kasachstan, OVKS, Berlin are easy
    table = ner.format_table(result)
    assert "overall" in table and "PER" in table
    no_rules = ner.evaluate(path, rules=False)
    assert no_rules["rules"] is False and no_rules["overall"]["support"] == 5


@pytest.mark.slow
def test_dev_split_score():
    """The real figure on GermEval 2014 dev.tsv (needs ../shared/data)."""
    dev = shared_data("germeval2014", "dev.tsv")
    result = ner.evaluate(dev)
    assert result["sentences"] == 2200
    assert result["overall"]["f1"] > 0.5


def test_english_hand_labelled_sample():
    """English runs through the German-trained model + rules; scored on 24 blind ECB+ sentences."""
    root = Path(__file__).resolve().parents[2]
    result = ner.evaluate(root / "scripts" / "ner_en_ecbplus_blind.tsv", lang="en")
    assert result["sentences"] == 24
    assert result["overall"]["support"] >= 40
    assert result["overall"]["f1"] > 0.3
