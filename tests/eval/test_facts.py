"""eval/facts.py: the gold reader, the matching by hand, the shipped gold files and the CLI command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.eval import facts as ev
from storyline.types import Fact

from _support import ROOT, shared_data

runner = CliRunner()
GOLD = ROOT / "scripts" / "facts_gold_de.jsonl"
GERMEVAL = ROOT / "scripts" / "facts_germeval_de.jsonl"
SEMEVAL = ROOT / "scripts" / "facts_semeval_de.jsonl"

SENTENCE = "Die Lufthansa strich fast 900 Flüge, 58 Passagiere warteten im 3. Stock."
ROW = {"id": "t1", "date": "2016-03-10", "sentence": SENTENCE, "figures": [
    {"span": [21, 35], "text": "fast 900 Flüge", "category": "cancelled", "kind": "below", "value": 900},
    {"span": [37, 50], "text": "58 Passagiere", "category": "other", "kind": "exact", "value": 58},
]}


def fact(category: str, kind: str, value: float | None, start: int, end: int, stance: str = "current") -> Fact:
    return Fact(category=category, low=value, high=value, hedge=None, unit=None, attribution=None,
                text=SENTENCE[start:end], sentence=0, start=start, end=end, value=value, hedge_kind=kind,
                stance=stance)


def write(tmp_path: Path, *rows: dict) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_match_needs_overlap_category_kind_and_value():
    right = fact("cancelled", "below", 900, 21, 29)
    found, missed, alarms = ev.match(ROW["figures"], [right, fact("other", "exact", 3, 63, 65)])
    assert [g["text"] for g, _ in found] == ["fast 900 Flüge"]
    assert [g["text"] for g in missed] == ["58 Passagiere"]
    assert [f.text for f in alarms] == ["3."]
    for wrong in (fact("other", "below", 900, 21, 29), fact("cancelled", "exact", 900, 21, 29),
                  fact("cancelled", "below", 800, 21, 29), fact("cancelled", "below", 900, 37, 40)):
        found, missed, alarms = ev.match(ROW["figures"][:1], [wrong])
        assert not found and len(missed) == 1 and alarms == [wrong]


def test_ranges_compare_both_ends_and_vague_amounts_no_value():
    gold = [{"span": [0, 5], "text": "x", "category": "money", "kind": "range", "value": 250, "high": 600}]
    ranged = fact("money", "range", 250, 0, 5)
    ranged.high = 600
    assert ev.match(gold, [ranged])[0]
    ranged.high = 700
    assert not ev.match(gold, [ranged])[0]
    vague = [{"span": [0, 5], "text": "x", "category": "cancelled", "kind": "vague"}]
    assert ev.match(vague, [fact("cancelled", "vague", None, 0, 5)])[0]


def test_evaluate_scores_per_category_and_lists_errors(tmp_path: Path):
    result = ev.evaluate(write(tmp_path, ROW))
    assert result["overall"]["tp"] == 2 and result["overall"]["fp"] == 0, result["errors"]
    assert result["per_category"]["cancelled"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1,
                                                   "tp": 1, "fp": 0, "fn": 0}
    wrong = dict(ROW, figures=[dict(ROW["figures"][0], category="job_cuts"), ROW["figures"][1]])
    result = ev.evaluate(write(tmp_path, wrong))
    assert result["overall"]["fn"] == 1 and result["overall"]["fp"] == 1
    (error,) = result["errors"]
    assert error["missed"][0]["got"][0]["category"] == "cancelled"
    assert "missed 'fast 900 Flüge' job_cuts" in ev.format_table(result)


def test_reader_rejects_a_span_that_does_not_quote_the_sentence(tmp_path: Path):
    bad = dict(ROW, figures=[dict(ROW["figures"][0], span=[20, 35])])
    with pytest.raises(ValueError, match="span"):
        ev.read_gold(write(tmp_path, bad))
    with pytest.raises(ValueError, match="kind"):
        ev.read_gold(write(tmp_path, dict(ROW, figures=[dict(ROW["figures"][0], kind="roughly")])))


def test_shipped_gold_files_are_well_formed():
    for path in (GOLD, GERMEVAL):
        rows = ev.read_gold(path)
        assert len({r["id"] for r in rows}) == len(rows)
        assert all(r["corpus"] in ("smartdata", "germeval2014") and r["doc"] for r in rows)
    assert sum(len(r["figures"]) for r in ev.read_gold(GOLD)) >= 60
    for line in SEMEVAL.read_text(encoding="utf-8").splitlines():  # SemEval texts may not be copied
        row = json.loads(line)
        assert "sentence" not in row and all("text" not in g for g in row["figures"])


@pytest.mark.parametrize("path", [GOLD, GERMEVAL])
def test_recall_and_precision_on_real_german_news(path: Path):
    """The acceptance figures of issue 15 on the labelled SmartData and GermEval sentences."""
    result = ev.evaluate(path)
    assert result["overall"]["recall"] >= 0.90 and result["overall"]["precision"] >= 0.95, ev.format_table(result)


def test_semeval_sentences_are_read_by_reference():
    data = shared_data("semeval_de", "pairs.dev.jsonl").parents[1]
    rows = ev.read_gold(SEMEVAL, data)
    assert all(r["sentence"] for r in rows)
    assert ev.evaluate(SEMEVAL, data=data)["overall"]["recall"] >= 0.85


def test_cli(tmp_path: Path):
    gold = write(tmp_path, ROW)
    res = runner.invoke(app, ["eval", "facts", "--gold", str(gold), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["overall"]["support"] == 2
    res = runner.invoke(app, ["eval", "facts", "--gold", str(gold)])
    assert res.exit_code == 0 and "overall" in res.stdout
    assert runner.invoke(app, ["eval", "facts", "--gold", str(tmp_path / "none.jsonl")]).exit_code == 2
    (tmp_path / "bad.jsonl").write_text('{"sentence": "x"}\n', encoding="utf-8")
    assert runner.invoke(app, ["eval", "facts", "--gold", str(tmp_path / "bad.jsonl")]).exit_code == 2
