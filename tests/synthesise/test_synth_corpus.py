"""The dev corpus: seven multi-source stories written like agency copy (tests/synthesise/corpus).

Each story is a JSON Lines file of articles (German with some English reports) and an
``.expected.json`` naming, for every figure a reader would want in the ledger, the claim the
analysis must make of it (category, interval kind, value, stance, group, as-of time, the figure
it is part of) and the numbers that must not become figures ("Stärke 6,8", "Zwei Tage nach").
The articles go through the real analysis pipeline.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from storyline.ingest.jsonl import read_jsonl
from storyline.types import Analysis, Article

from conftest import real_analyses

CORPUS = Path(__file__).resolve().parent / "corpus"
STORIES = sorted(p.name.removesuffix(".jsonl") for p in CORPUS.glob("*.jsonl"))


@lru_cache(maxsize=None)
def story(name: str) -> tuple[dict[str, Article], dict[str, Analysis], dict]:
    articles = [a for a in read_jsonl(CORPUS / f"{name}.jsonl") if isinstance(a, Article)]
    ids = [json.loads(line)["id"] for line in (CORPUS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
    analyses = real_analyses(articles)
    expected = json.loads((CORPUS / f"{name}.expected.json").read_text(encoding="utf-8"))
    return dict(zip(ids, articles)), dict(zip(ids, analyses)), expected


def test_the_corpus_is_what_the_issue_asks_for() -> None:
    assert len(STORIES) >= 6
    langs = set()
    rising = 0
    for name in STORIES:
        rows = [json.loads(line) for line in (CORPUS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
        assert len({r["source"] for r in rows}) >= 2, name
        langs |= {r["lang"] for r in rows}
        expected = json.loads((CORPUS / f"{name}.expected.json").read_text(encoding="utf-8"))
        rising += any(c["stance"] == "history" for c in expected["claims"])
    assert langs == {"de", "en"} and rising >= 2


@pytest.mark.parametrize("name", STORIES)
def test_every_expected_claim(name: str) -> None:
    articles, analyses, expected = story(name)
    for claim in expected["claims"]:
        article, analysis = articles[claim["article"]], analyses[claim["article"]]
        found = [f for f in analysis.facts if f.text == claim["quote"]]
        assert len(found) == 1, (claim, [(f.text, f.category, f.value) for f in analysis.facts])
        f = found[0]
        got = {"category": f.category, "kind": f.hedge_kind, "value": f.value, "stance": f.stance}
        want = {k: claim.get(k) for k in got}
        assert got == want, (claim["quote"], got, want)
        for key in ("group", "as_of", "subject"):
            if key in claim:
                assert getattr(f, key) == claim[key], (claim["quote"], key, getattr(f, key))
        if "part_of" in claim:
            whole = next(g for g in analysis.facts if g.start == f.part_of)
            assert whole.text == claim["part_of"], (claim["quote"], whole.text)
        assert article.text[f.start:f.end] == f.text


@pytest.mark.parametrize("name", STORIES)
def test_no_figure_from_magnitudes_or_offsets(name: str) -> None:
    articles, analyses, expected = story(name)
    for word in expected["not_figures"]:
        for aid, analysis in analyses.items():
            assert not [f for f in analysis.facts if word in f.text], (aid, word)
