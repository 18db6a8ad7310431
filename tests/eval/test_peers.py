"""The batch peers: the agglomerative peer is the tree and cut scikit-learn's AgglomerativeClustering makes."""

from __future__ import annotations

import random

import numpy as np
import pytest

from storyline.eval import peers
from storyline.types import Article


def _corpus(n_topics: int = 12, per_topic: int = 6, seed: int = 3) -> list[Article]:
    """Articles drawn from topic vocabularies that overlap a little (so cut height matters)."""
    rng = random.Random(seed)
    common = [f"c{i}" for i in range(40)]
    out = []
    for t in range(n_topics):
        own = [f"t{t}w{i}" for i in range(15)]
        for j in range(per_topic):
            words = rng.choices(own, k=rng.randint(5, 25)) + rng.choices(common, k=rng.randint(5, 25))
            out.append(Article(f"{t}-{j}", " ".join(words), None, "test"))
    return out


def test_condensed_cosine_distances_match_scikit_learn():
    from scipy.spatial.distance import squareform
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    X = TfidfVectorizer(sublinear_tf=True).fit_transform([a.text for a in _corpus()])
    expected = squareform(np.clip(cosine_distances(X), 0.0, None), checks=False)
    assert peers.cosine_condensed(X, block=7) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("distance", [0.5, 0.7, 0.8, 0.9, 0.95])
def test_agglomerative_peer_gives_scikit_learns_labels(distance):
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import adjusted_rand_score
    from sklearn.metrics.pairwise import cosine_distances

    articles = _corpus()
    X = TfidfVectorizer(sublinear_tf=True).fit_transform(peers._texts(articles))
    reference = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                        distance_threshold=distance).fit_predict(np.clip(cosine_distances(X), 0, None))
    labels, seconds = peers.agglomerative(articles, distance=distance)
    assert len(set(reference)) > 1 or distance >= 0.9
    assert adjusted_rand_score(reference, labels) == 1.0
    assert seconds >= 0


def test_agglomerative_peer_on_tiny_input():
    assert peers.agglomerative([Article("a", "one text", None, "t")])[0] == [0]
