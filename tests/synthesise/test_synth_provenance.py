"""Every summary sentence, timeline entry, ledger entry and entity citation resolves to an article and a span
whose text is exactly the quoted words — checked over the whole output, for many generated stories."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.bench.synthesis import seed_analysis, varied_story
from storyline.synthesise.story import synthesise
from storyline.types import to_plain
from storyline.types.story import Synthesis


def check_provenance(out: Synthesis, texts: dict[str, str], versions: dict[str, list[str]] | None = None) -> int:
    """Walk the output; return the number of spans checked. Fails on any span that does not quote its text.

    ``versions`` holds the later versions of revised articles: a ledger entry with ``version`` n quotes
    ``versions[article][n - 1]``."""
    checked = 0
    current: dict[str, int | None] = {"version": None}

    def span_text(article: str, span: list[int]) -> str:
        assert article in texts, f"unknown article {article}"
        text = texts[article] if current["version"] is None else (versions or {})[article][current["version"] - 1]
        start, end = span
        assert 0 <= start < end <= len(text), (article, span)
        return text[start:end]

    def walk(node: Any, path: str) -> None:
        nonlocal checked
        if isinstance(node, dict):
            current["version"] = node.get("version")
            if "article" in node and node.get("span") is not None:
                quoted = span_text(node["article"], node["span"])
                checked += 1
                if "quote" in node:
                    assert quoted == node["quote"], path
                elif "text" in node and not node.get("generated"):
                    assert quoted == node["text"], path
                if node.get("sentence_span") is not None:
                    assert span_text(node["article"], node["sentence_span"]) == node["sentence"], path
                    s0, s1 = node["sentence_span"]
                    assert s0 <= node["span"][0] and node["span"][1] <= s1, path
                if node.get("time_span") is not None:
                    t0, t1 = node["time_span"]
                    assert node["span"][0] <= t0 < t1 <= node["span"][1], path
            for k, v in node.items():
                walk(v, f"{path}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}[{i}]")

    walk(to_plain(out), "$")
    for s in out.summary.sentences:
        assert s.citations, s
        if not s.generated:
            assert s.citations[0].quote == s.text
        else:  # a generated sentence cites the facts it states
            for c in s.citations:
                assert c.quote in s.text
    for t in out.timeline:
        assert t.citations and t.citations[0].quote == t.text
        assert texts[t.article][t.span[0]:t.span[1]] == t.text
    rows = list(out.ledger)
    while rows:
        row = rows.pop()
        rows += row.parts
        for e in row.entries + row.vague:
            text = texts[e.article] if e.version is None else (versions or {})[e.article][e.version - 1]
            assert text[e.span[0]:e.span[1]] == e.text
    for e in out.entities:
        for c in e.citations:
            assert texts[c.article][c.span[0]:c.span[1]] == c.quote
    return checked


def test_seed_output_quotes_its_sources(seed_story):
    articles, analyses = seed_story
    out = synthesise(articles, analyses)
    n = check_provenance(out, {a.id: a.text for a in articles})
    assert n > 20


def test_varied_story_quotes_its_sources():
    articles = varied_story(60, seed=3)
    out = synthesise(articles, [seed_analysis(a) for a in articles])
    assert out.copies  # every tenth article is a wire copy
    assert check_provenance(out, {a.id: a.text for a in articles}) > 100


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(1, 25), with_marks=st.booleans(), drop=st.integers(0, 3))
def test_any_story_quotes_its_sources(seed, n, with_marks, drop):
    articles = varied_story(n, seed=seed)
    analyses = [seed_analysis(a) for a in articles][drop:]  # some articles without analysis
    marks = {articles[i].id: articles[i - 1].id for i in range(1, n, 4)} if with_marks else None
    out = synthesise(articles, analyses, marks)
    check_provenance(out, {a.id: a.text for a in articles})
    assert out.headline
