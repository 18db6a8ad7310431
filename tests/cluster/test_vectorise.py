"""The compiled vectoriser (``cluster/_vectorise.pyx``) against an oracle computed from the strings."""

from __future__ import annotations

import math
import zlib
from collections import Counter

import numpy as np
import pytest

from storyline.cluster import StoryEngine
from storyline.cluster import engine as engine_mod
from storyline.cluster._vectorise import term_hashes, vectorise_chunk
from storyline.types import ClusterDoc

from .articles import CSTO_DE, CSTO_EN, INFLATION_DE, KZ_ENERGY_EN

MASK = (1 << engine_mod.DF_BITS) - 1
ALL_SPACES = (2, 5, 6, 9)  # tok_all, lem_all, ent, name_all: what an article counts in DF
INDEXED = tuple(sorted(engine_mod._INDEXED))  # lem_all, ent, name_all: what the probe and the index read


def _spaces(doc: ClusterDoc) -> list[Counter]:
    """Term hash -> tf in each of the ten spaces, from the strings."""
    def tf(kind: str, terms: list[str]) -> Counter:
        return Counter(zlib.crc32((kind + t).encode()) for t in terms)

    ents = [e for e in doc.entities if not e.startswith("~")]
    title_names = [e[3:] for e in doc.entities if e.startswith("~t")]
    body_names = [e[3:] for e in doc.entities if e.startswith("~") and not e.startswith("~t")]
    return [tf("t", doc.title_tokens), tf("t", doc.body_tokens), tf("t", doc.title_tokens + doc.body_tokens),
            tf("l", doc.title_lemmas), tf("l", doc.body_lemmas), tf("l", doc.title_lemmas + doc.body_lemmas),
            tf("e", ents), tf("n", title_names), tf("n", body_names), tf("n", title_names + body_names)]


def _oracle(docs: list[ClusterDoc], df: Counter, n_docs: int = 0, count: bool = True) -> tuple[list[dict], int]:
    """Each article's vector as a stream computes it, one article at a time; ``df`` (slot -> count) is updated."""
    bg_n, bg = engine_mod.background()
    out = []
    for doc in docs:
        spaces = _spaces(doc)
        if count and any(spaces):
            n_docs += 1
            df.update({h & MASK for s in ALL_SPACES for h in spaces[s]})  # once per slot
        n = bg_n + n_docs
        vec, has, weights = [], [], []
        for s, tfs in enumerate(spaces):
            w = {h: (1 + math.log(c)) * (math.log((n + 1) / (int(bg[h & MASK]) + df[h & MASK] + 1)) + 1)
                 for h, c in tfs.items()}
            weights.append(w)
            kept = sorted(w, key=lambda h: (-w[h], h))[:engine_mod.TOP_TERMS]
            norm = sum(w[h] * w[h] for h in kept)
            has.append(norm > 0)
            vec += [((h << 4) | s, w[h] / math.sqrt(norm)) for h in kept]
        indexed = [(k, w) for k, w in vec if k & 15 in INDEXED]
        out.append({
            "vec": vec, "weights": weights, "has": has, "indexed": [k for k, _ in indexed],
            "probe": [k for k, _ in sorted(indexed, key=lambda kw: (-kw[1], kw[0]))[:engine_mod.PROBE_TERMS]],
            "probe_more": [k for k, _ in sorted(indexed, key=lambda kw: (-kw[1], kw[0]))[
                engine_mod.PROBE_TERMS:engine_mod.PROBE_TERMS + engine_mod.PROBE_MORE]],
            "top_ent": next((k for k, _ in vec if k & 15 == 6), None),
            "top_name": next(((k >> 4 << 4) | 9 for k, _ in vec if k & 15 == 7), None),
        })
    return out, n_docs


def _assert_same(got: list, want: list[dict]) -> None:
    assert len(got) == len(want)
    for d, o in zip(got, want):
        assert d.karr.tolist() == [k for k, _ in o["vec"]], d.id
        assert d.warr64.tolist() == pytest.approx([w for _, w in o["vec"]], rel=1e-12, abs=0), d.id
        assert (d.has, d.probe, d.probe_more, d.indexed, d.top_ent, d.top_name) == \
               (o["has"], o["probe"], o["probe_more"], o["indexed"], o["top_ent"], o["top_name"]), d.id
        assert d.sarr.tolist() == [k & 15 for k in d.karr.tolist()]
        for arr, dtype in ((d.karr, np.int64), (d.warr64, np.float64), (d.sarr, np.int64)):
            assert arr.dtype == dtype and arr.flags.c_contiguous  # what the compiled scoring reads


def _doc(id_: str, title=(), body=(), title_lemmas=None, body_lemmas=None, entities=()) -> ClusterDoc:
    return ClusterDoc(id_ * 32, "en", None, title_tokens=list(title), body_tokens=list(body),
                      title_lemmas=list(title if title_lemmas is None else title_lemmas),
                      body_lemmas=list(body if body_lemmas is None else body_lemmas), entities=list(entities))


# made-up words: all of one tf share a weight, so the strongest TOP_TERMS are cut among equals (by hash)
TIED = [f"gleichstand{i}" for i in range(70)]
# "kollision5" and "kollision97480" share a DF slot as tokens, "kollision29812" as a token with the entity "Q1000"
COLLIDING = ["kollision5", "kollision97480", "kollision29812"]


@pytest.fixture
def synthetic_docs() -> list[ClusterDoc]:
    return [
        _doc("a", title=["gleichstand3", "kollision5"], body=TIED + ["stark", "stark"] + ["echo"] * 300,
             entities=["Q42", "~t:kasachstan", "~b:tokajew", "~b:kasachstan"]),
        _doc("b"),  # no words
        _doc("c", title=["kollision97480"], body=["kollision5", "kollision29812"], entities=["Q1000", "~b:#2022"]),
        _doc("d", title=["paarwort1", "paarwort2"], body_lemmas=[], entities=["~t:namenpaar1", "~t:namenpaar2"]),
        _doc("e", entities=["Q42"]),  # an entity and nothing else
        _doc("f", body=TIED[::-1], body_lemmas=TIED[5:]),
    ]


def test_the_oracle_sees_ties_at_the_cut_and_in_the_probe(synthetic_docs):
    """The cases below test tie-breaking only if their ties exist (they depend on the background table)."""
    out, _ = _oracle(synthetic_docs, Counter())
    weights = out[0]["weights"][1]  # body tokens, before the cut
    kept = [k >> 4 for k, _ in out[0]["vec"] if k & 15 == 1]
    assert len(weights) > len(kept) == engine_mod.TOP_TERMS
    at_cut = weights[kept[-1]]
    assert [h for h, w in weights.items() if w == at_cut and h not in kept]  # equals left out at the cut
    probe_w = dict(out[3]["vec"])
    assert probe_w[out[3]["probe"][0]] == probe_w[out[3]["probe"][-1]]  # lem_all and name_all terms tie
    assert {k & 15 for k in out[3]["probe"]} == {5, 9}


def test_compiled_vectoriser_matches_the_oracle(synthetic_docs, seed_docs, make_doc):
    real = [*seed_docs, make_doc(CSTO_DE, "de", "2022-01-13"), make_doc(CSTO_EN, "en", "2022-01-13"),
            make_doc(INFLATION_DE, "de", "2022-01-14"), make_doc(KZ_ENERGY_EN, "en", "2022-01-18")]
    docs = synthetic_docs + real + synthetic_docs  # the second time, with the first in the DF
    engine = StoryEngine()
    df: Counter = Counter()
    first, n = _oracle(docs[:5], df)
    rest, n = _oracle(docs[5:], df, n)
    _assert_same(engine.vectorise_batch(docs[:5]) + engine.vectorise_batch(docs[5:]), first + rest)
    assert engine.n_docs == n == len(docs) - 2  # the articles without words are not counted
    assert {int(i): int(engine.df[i]) for i in np.flatnonzero(engine.df)} == +df

    # count=False: the stream's DF stays, and the article's IDF does not count it
    before = engine.df.copy()
    peek, _ = _oracle(docs[:1], df.copy(), n, count=False)
    _assert_same([engine.vectorise(docs[0], count=False)], peek)
    assert engine.n_docs == n and (engine.df == before).all()


def test_an_article_without_words_has_no_vector(synthetic_docs):
    engine = StoryEngine()
    d = engine.vectorise(synthetic_docs[1])
    assert (d.karr.tolist(), d.warr64.tolist(), d.probe, d.indexed, d.has) == ([], [], [], [], [False] * engine_mod.N_SPACES)
    assert (d.top_ent, d.top_name, d.title_only) == (None, None, True)
    assert d.karr.dtype == np.int64 and d.warr64.dtype == np.float64 and len(d.karr) == 0
    assert engine.n_docs == 0 and not engine.df.any()


def test_vectorise_chunk_rejects_inconsistent_input():
    bg_n, bg = engine_mod.background()
    df = np.zeros_like(bg)

    def h(*x):
        return np.array(x, dtype=np.uint32)

    with pytest.raises(ValueError):  # lens do not add up to the hashes
        vectorise_chunk(h(1, 2, 3), [1, 0, 0, 0, 0, 0, 0], df, bg, bg_n, 0, True, 48, 20)
    with pytest.raises(ValueError):  # not 7 segments per article
        vectorise_chunk(h(1), [1, 0, 0], df, bg, bg_n, 0, True, 48, 20)
    with pytest.raises(ValueError):  # tables of different sizes
        vectorise_chunk(h(1), [1, 0, 0, 0, 0, 0, 0], df[:1024], bg, bg_n, 0, True, 48, 20)
    with pytest.raises(ValueError):  # not 32-bit hashes
        vectorise_chunk(np.array([1 << 40]), [1, 0, 0, 0, 0, 0, 0], df, bg, bg_n, 0, True, 48, 20)
    assert not df.any()


def test_term_hashes_are_crc32_of_kind_and_term_in_utf8():
    doc = ClusterDoc("a" * 16, "de", None, title_tokens=["kasachstan"], title_lemmas=["präsident"],
                     body_tokens=["tokajew", "präsident"], body_lemmas=["unruhe", "ü"],
                     entities=["per:tokayev", "~t:almaty", "~b:10000", "org:ovks", "~b:\u0430\u043b\u043c\u0430\u0442\u044b"])
    hashes, lens = term_hashes([doc])
    assert lens == [1, 2, 1, 2, 2, 1, 2]
    terms = [("t", "kasachstan"), ("t", "tokajew"), ("t", "präsident"), ("l", "präsident"), ("l", "unruhe"),
             ("l", "ü"), ("e", "per:tokayev"), ("e", "org:ovks"), ("n", "almaty"), ("n", "10000"),
             ("n", "\u0430\u043b\u043c\u0430\u0442\u044b")]
    assert hashes.dtype == np.uint32
    assert hashes.tolist() == [zlib.crc32((k + t).encode("utf-8")) for k, t in terms]
    assert hashes.tolist() == [engine_mod.term_hash(k, t) for k, t in terms]
    with pytest.raises(TypeError):  # a term that is not a string
        term_hashes([ClusterDoc("b" * 16, "de", None, [1], [], [], [], [])])
