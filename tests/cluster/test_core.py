"""The compiled core against plain-Python oracles: a dict for a centroid, a dict of lists for the index."""

from __future__ import annotations

import math
import pickle
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.cluster._core import INDEXED, Centroid, Index, probability

N_SPACES = 10

# keys as the engine builds them (hash << 4 | space), from a small hash range so that articles share terms
keys_st = st.builds(lambda h, s: (h << 4) | s, st.integers(0, 60), st.integers(0, N_SPACES - 1))
article_st = st.dictionaries(keys_st, st.floats(0.01, 1.0), min_size=0, max_size=40)


def _arrays(vec: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
    return np.array(list(vec), dtype=np.int64), np.array(list(vec.values()), dtype=np.float64)


def _norm2(vec: dict[int, float]) -> list[float]:
    n2 = [0.0] * N_SPACES
    for k, w in vec.items():
        n2[k & 15] += w * w
    return n2


def _dots(vec: dict[int, float], article: dict[int, float]) -> list[float]:
    out = [0.0] * N_SPACES
    for k, w in article.items():
        out[k & 15] += vec.get(k, 0.0) * w
    return out


@settings(max_examples=60, deadline=None)
@given(st.lists(article_st, min_size=1, max_size=12))
def test_centroid_sums_articles_like_a_dict(articles):
    c, oracle = Centroid(), {}
    for art in articles:
        keys, w = _arrays(art)
        assert c.dots(keys, w) == pytest.approx(_dots(oracle, art), abs=1e-12)
        before = set(oracle)
        fresh = c.add(keys, w, [True] * N_SPACES, None)
        for k, x in art.items():
            oracle[k] = oracle.get(k, 0.0) + x
        assert sorted(fresh) == sorted(k for k in art if k not in before and k & 15 in INDEXED)
    assert c.to_dict() == pytest.approx(oracle)
    assert len(c) == len(oracle)
    assert sorted(c.indexed_keys()) == sorted(k for k in oracle if k & 15 in INDEXED)
    assert all(k in c for k in oracle) and (999 << 4) not in c and c.get(999 << 4) == 0.0
    again = pickle.loads(pickle.dumps(c))
    assert again.items() == c.items() and again.norm2 == c.norm2  # the same table layout, not just the same sums


def test_norms_follow_the_unit_sub_vectors_an_article_adds():
    a = {(1 << 4) | 5: 0.6, (2 << 4) | 5: 0.8}  # a unit lem_all sub-vector
    b = {(1 << 4) | 5: 1.0}
    c = Centroid()
    c.add(*_arrays(a), [s == 5 for s in range(N_SPACES)], None)
    dots = c.dots(*_arrays(b))
    c.add(*_arrays(b), [s == 5 for s in range(N_SPACES)], dots)
    assert c.norm2[5] == pytest.approx(_norm2(c.to_dict())[5])
    assert c.norm2[5] == pytest.approx(1.6 ** 2 + 0.8 ** 2)


@settings(max_examples=40, deadline=None)
@given(article_st, article_st)
def test_absorb_and_cosine_match_the_dict_formulas(a, b):
    ca, cb = Centroid.from_dict(a), Centroid.from_dict(b)
    for s in range(N_SPACES):
        na, nb = _norm2(a)[s], _norm2(b)[s]
        dot = sum(w * b[k] for k, w in a.items() if k in b and k & 15 == s)
        want = dot / math.sqrt(na * nb) if na > 0 and nb > 0 else 0.0
        assert ca.cosine(cb, s) == pytest.approx(want, abs=1e-12)
    fresh = ca.absorb(cb)
    merged = Counter(a)
    merged.update(b)
    assert ca.to_dict() == pytest.approx(dict(merged))
    assert list(ca.norm2) == pytest.approx(_norm2(dict(merged)), abs=1e-9)
    assert sorted(fresh) == sorted(k for k in b if k not in a and k & 15 in INDEXED)


def test_prune_keeps_the_strongest_terms_of_each_space():
    vec = {(h << 4) | s: float(h % 7) + 0.5 for h in range(1, 40) for s in (2, 5)}
    c = Centroid.from_dict(vec)
    dropped = c.prune(5)
    kept = c.to_dict()
    for s in (2, 5):
        ranked = sorted(((w, k) for k, w in vec.items() if k & 15 == s), reverse=True)  # ties: larger key first
        assert {k for _, k in ranked[:5]} == {k for k in kept if k & 15 == s}
        assert c.norm2[s] == pytest.approx(sum(w * w for w, _ in ranked[:5]))
    assert sorted(dropped) == sorted(k for k in vec if k not in kept and k & 15 in INDEXED)


def test_a_dict_centroid_of_an_older_state_converts():
    vec = {(3 << 4) | 5: 0.5, (4 << 4) | 6: 2.0}
    c = Centroid.from_dict(vec, [0.0] * 5 + [9.0] + [0.0] * 4)
    assert c.to_dict() == vec and c.norm2[5] == 9.0
    assert Centroid.from_dict(vec).norm2[6] == 4.0


def test_dots_reject_arrays_of_the_wrong_type():
    with pytest.raises(ValueError):
        Centroid().dots(np.array([1.0, 2.0]), np.array([1.0, 1.0]))


# -- the index --------------------------------------------------------------------------------

ops_st = st.lists(st.tuples(st.sampled_from(["add", "discard"]), st.integers(0, 6),
                            st.lists(st.integers(0, 25), max_size=8, unique=True)), max_size=60)


def _oracle_top(lists: dict[int, list[int]], probe: list[int], n: int) -> list[int]:
    counts: Counter = Counter()
    for k in probe:
        counts.update(lists.get(k, ()))
    return [s for s, _ in counts.most_common(n)]  # ties: the story met first


@settings(max_examples=80, deadline=None)
@given(ops_st, st.lists(st.integers(0, 25), max_size=10, unique=True), st.integers(1, 8))
def test_index_agrees_with_a_dict_of_lists(ops, probe, n):
    index, oracle = Index(), {}
    for op, serial, keys in ops:
        if op == "add":
            keys = [k for k in keys if serial not in oracle.get(k, [])]  # the engine adds only fresh keys
            index.add(keys, serial)
            for k in keys:
                oracle.setdefault(k, []).append(serial)
        else:
            index.discard(keys, serial)
            for k in keys:
                if serial in oracle.get(k, []):
                    oracle[k].remove(serial)
                    if not oracle[k]:
                        del oracle[k]
    assert sorted(index.keys()) == sorted(oracle)
    assert all(index.get(k) == v for k, v in oracle.items())
    assert index.n_entries == sum(map(len, oracle.values()))
    assert index.top(probe, n) == _oracle_top(oracle, probe, n)


def test_index_survives_many_keys_and_deletions():
    index = Index()
    for serial in range(50):
        index.add(range(serial * 100, serial * 100 + 400), serial)
    for serial in range(0, 50, 2):
        index.discard(range(serial * 100, serial * 100 + 400), serial)
    assert index.get(150) == [1]
    assert index.get(4950) == [47, 49]  # stories 47 and 49 hold it (48 left), in the order they gained it
    assert index.get(0) == []  # listed only under story 0, which left
    assert index.top([4950, 4850, 4750], 2) == [47, 45]  # 47 three times, 45 twice, 49 once
    assert index.top([4850, 4750], 1) == [45]  # a tie: the story met first


def test_probability_is_the_logistic_model():
    f = [0.2, 0.0, 1.5, 3.0] + [0.0] * 21  # the engine's 25 features
    assert probability(f, [0, 2], [2.0, -1.0], 0.5) == pytest.approx(1 / (1 + math.exp(-(0.5 + 0.4 - 1.5))))
    assert probability(f, [3], [-40.0], 0.0) == 0.0  # far below: exactly zero, no overflow
    with pytest.raises(ValueError):
        probability(f, [0, 1], [1.0], 0.0)
    with pytest.raises(ValueError):
        probability(f[:4], [0], [1.0], 0.0)
    with pytest.raises(IndexError):
        probability(f, [25], [1.0], 0.0)
