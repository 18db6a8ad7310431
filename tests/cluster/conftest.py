"""Building ClusterDocs the way the pipeline does (analysis -> cluster_doc)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.cluster import cluster_doc
from storyline.ingest.identity import article_id
from storyline.ingest.textfile import read_text_file
from storyline.types import Article, ClusterDoc, PartialDate


@pytest.fixture(scope="session")
def analyse():
    """The production analysis, or language + sentences only while the entity component is missing."""
    from storyline.eval.cluster import analyser

    return analyser()[0]


@pytest.fixture(scope="session")
def make_doc(analyse):
    def make(text: str, lang: str | None, date: str | None, title: str | None = None,
             entities: list[str] | None = None) -> ClusterDoc:
        art = Article(article_id(text, title), text, PartialDate.parse(date) if date else None, "test",
                      title=title, lang=lang)
        doc = cluster_doc(art, analyse(art))
        if entities is not None:  # what the entity component gives, by hand; keep our own name keys
            doc.entities = list(entities) + [e for e in doc.entities if e.startswith("~")]
        return doc

    return make


@pytest.fixture(scope="session")
def seed_docs(analyse) -> list[ClusterDoc]:
    seeds = Path(__file__).resolve().parents[2] / "src" / "storyline" / "examples" / "seeds"
    docs = []
    for path in sorted(seeds.glob("*.txt")):
        art = read_text_file(path)  # strips the ``date 2022-01`` header
        docs.append(cluster_doc(art, analyse(art)))
    return docs
