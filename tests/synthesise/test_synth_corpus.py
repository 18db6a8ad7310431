"""The dev corpus: seven multi-source stories written like agency copy (tests/synthesise/corpus).

Each story is a JSON Lines file of articles (German with some English reports; a second line with
the same URL is a later version of that article, as the ingest reads it) and an ``.expected.json``
naming, for every figure a reader would want in the ledger, the claim the analysis must make of it
(category, interval kind, value, stance, group, as-of time, the figure it is part of), the numbers
that must not become figures ("Stärke 6,8", "Zwei Tage nach"), every ledger row a reader should
see (what, where, verdict, each source's figures by role, the pair ``why`` names, the rows nested
under it) and the generated summary sentences. The articles go through the real analysis pipeline.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from storyline.ingest.jsonl import read_jsonl
from storyline.synthesise.story import synthesise
from storyline.types import Analysis, Article
from storyline.types.ledger import LedgerRow

from conftest import real_analyses
from test_synth_provenance import check_provenance

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


def synthesis(name: str):
    """The story synthesised from its articles; a line repeating a URL is a later version of that article."""
    articles, analyses, _ = story(name)
    first: dict[str, str] = {}  # url -> the corpus id of the article first seen with it
    revisions: dict[str, list[Article]] = {}
    for cid, a in articles.items():
        if a.url in first:
            revisions.setdefault(articles[first[a.url]].id, []).append(a)
        else:
            first[a.url] = cid
    ids = list(first.values())
    return synthesise([articles[c] for c in ids], [analyses[c] for c in ids], revisions=revisions)


def _figures(row: LedgerRow) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    for e in row.entries:
        out.setdefault(str(e.role), {}).setdefault(e.source, []).append(e.interval)
    return out


def _check_row(rows: list[LedgerRow], want: dict, where: str) -> None:
    found = [r for r in rows if (str(r.category), r.group, r.subject) == (want["category"], want["group"], want["where"])]
    assert len(found) == 1, (where, want["category"], want["group"], want["where"],
                             [(str(r.category), r.group, r.subject) for r in rows])
    row = found[0]
    label = f"{where}: {want['category']}/{want['group']}/{want['where']}"
    assert str(row.verdict) == want["verdict"], (label, row.verdict, row.why)
    assert _figures(row) == want["figures"], (label, _figures(row))
    assert row.why.startswith(want.get("why_en", "")), (label, row.why)
    assert row.relation == want.get("relation"), (label, row.relation)
    for part in want.get("parts", []):
        _check_row(row.parts, part, label)


@pytest.mark.parametrize("name", STORIES)
def test_every_expected_ledger_row_and_verdict(name: str) -> None:
    out = synthesis(name)
    expected = story(name)[2]
    for want in expected["ledger"]:
        _check_row(out.ledger, want, name)
    generated = [s.text for s in out.summary.sentences if s.generated]
    for sentence in expected.get("summary", []):
        assert sentence in generated, (name, generated)
    articles = story(name)[0].values()
    versions: dict[str, list[str]] = {}
    for a in articles:
        versions.setdefault(a.url, []).append(a.text)
    by_id = {a.id: a.url for a in articles}
    assert check_provenance(out, {a.id: a.text for a in articles},
                            {aid: versions[url][1:] for aid, url in by_id.items()}) > 10


def test_a_revised_article_corrects_its_figure_through_the_store(tmp_path: Path) -> None:
    """Ingested, the second ksta.de line is a revision of the first (same URL): the read model hands it
    to the ledger, which counts its figure and keeps the superseded one as corrected."""
    from typer.testing import CliRunner

    from storyline.cli import app
    from storyline.store import Store, read

    db = tmp_path / "koeln.db"
    result = CliRunner().invoke(app, ["ingest", str(CORPUS / "koeln.jsonl"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "1 revision" in result.output
    with Store(db) as store:
        details = [read.story_detail(store, s.id) for s in read.list_stories(store)]
    rows = [r for d in details for r in d.ledger if r.category == "killed"]
    corrected = [r for r in rows if r.verdict == "corrected"]
    assert len(corrected) == 1, [(r.verdict, r.why) for r in rows]
    (old,) = [e for e in corrected[0].entries if e.role == "corrected"]
    assert (old.source, old.interval, old.version) == ("ksta.de", "3", None)
    (new,) = [e for e in corrected[0].entries if e.role == "current" and e.source == "ksta.de"]
    assert (new.interval, new.version) == ("4", 1)
