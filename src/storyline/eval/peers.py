"""Peer systems for ``storyline eval cluster --peers``: batch clusterers that see the whole file at once.

* ``agglomerative``: scikit-learn TF-IDF (title + text, sublinear tf) and
  AgglomerativeClustering (metric cosine, linkage average) cut at a distance
  threshold tuned on the training streams by ``scripts/train_cluster.py``
  (stored in ``cluster/peers.json``): one for files of full articles, one for
  headline-only files, as headlines need a much looser cut -- the peer gets the
  same regime split as our engine.
* ``bertopic``: BERTopic with a TF-IDF + TruncatedSVD "embedding model"
  (a scikit-learn pipeline), its default UMAP + HDBSCAN, every outlier
  (topic -1) its own cluster. BERTopic declares a dependency on
  sentence-transformers (and so torch) but does not need it with a
  scikit-learn embedder: install it with ``pip install --no-deps bertopic``
  plus ``hdbscan umap-learn pandas plotly pyyaml`` (extra ``peers``).

Each peer returns (cluster label per article, CPU seconds including vectorising).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from storyline.types import Article

SVD_DIMS = 100
GRID = tuple(round(0.5 + 0.025 * i, 3) for i in range(20))  # 0.5 .. 0.975


def tuned_distance(articles: Sequence[Article]) -> float:
    """The stored threshold for this file's regime (most articles headline-only or not)."""
    import json
    from importlib import resources

    path = resources.files("storyline.cluster") / "peers.json"
    table = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    dist = table.get("agglomerative_distance", {"text": 0.8, "title_only": 0.95})
    headline_only = sum(1 for a in articles if not a.text.strip()) > len(articles) / 2
    return float(dist["title_only" if headline_only else "text"])


def _texts(articles: Sequence[Article]) -> list[str]:
    return [((a.title or "") + "\n" + a.text).strip() for a in articles]


def cosine_condensed(X, block: int = 512):
    """Cosine distances between the L2-normalised rows of ``X`` in scipy's condensed order.

    Built a block of rows at a time, so only the n(n-1)/2 distances are ever held: the
    square matrix (and the index arrays scikit-learn makes to condense it) would need
    about three times as much, which is what stops the peer first on a big file.
    """
    import numpy as np

    n = X.shape[0]
    out = np.empty(n * (n - 1) // 2, dtype=np.float64)
    XT = X.T.tocsr()
    pos = 0
    for start in range(0, n, block):
        sims = (X[start:start + block] @ XT).toarray()
        for r, row in enumerate(sims):
            i = start + r
            tail = row[i + 1:]
            np.subtract(1.0, tail, out=out[pos:pos + len(tail)])
            pos += len(tail)
    np.clip(out, 0.0, None, out=out)
    return out


def agglomerative(articles: Sequence[Article], distance: float | None = None) -> tuple[list[int], float]:
    """TF-IDF + average-linkage agglomerative clustering on cosine distances, cut at a threshold.

    This is the tree scikit-learn's ``AgglomerativeClustering(metric="precomputed",
    linkage="average", distance_threshold=t)`` builds -- for unstructured input it calls
    scipy's ``linkage`` itself -- and the same cut (merges closer than ``t``); the test
    suite checks the labels agree. It is built here from condensed distances so that the
    peer runs on files twice as large before memory stops it (about 8 n^2 bytes: 40k
    articles take 13 GB). It stays quadratic in time and memory.
    """
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from sklearn.feature_extraction.text import TfidfVectorizer

    start = time.process_time()
    if len(articles) < 2:
        return [0] * len(articles), time.process_time() - start
    X = TfidfVectorizer(sublinear_tf=True).fit_transform(_texts(articles))
    cut = tuned_distance(articles) if distance is None else distance
    tree = linkage(cosine_condensed(X), method="average")
    labels = fcluster(tree, t=np.nextafter(cut, -np.inf), criterion="distance")
    return [int(x) for x in labels], time.process_time() - start


_WARM = False


def _warm_up_bertopic() -> None:
    """UMAP/HDBSCAN compile with numba on first use; that one-off cost is kept off the clock."""
    global _WARM
    if not _WARM:
        _WARM = True
        import random

        rng = random.Random(0)
        words = [f"w{i}" for i in range(300)]
        bertopic([Article(str(i), " ".join(rng.choices(words, k=40)), None, "warm") for i in range(60)])


def bertopic(articles: Sequence[Article]) -> tuple[list[int], float]:
    from bertopic import BERTopic  # optional: the "peers" extra
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from umap import UMAP

    texts = _texts(articles)
    _warm_up_bertopic()
    start = time.process_time()
    dims = max(2, min(SVD_DIMS, len(texts) - 1))
    embedder = make_pipeline(TfidfVectorizer(sublinear_tf=True), TruncatedSVD(dims, random_state=0))
    umap = UMAP(n_neighbors=min(15, len(texts) - 1), n_components=5, min_dist=0.0, metric="cosine", random_state=0)
    topic_model = BERTopic(embedding_model=embedder, umap_model=umap, min_topic_size=3, calculate_probabilities=False)
    topics, _ = topic_model.fit_transform(texts)
    next_label = max(topics, default=0) + 1
    labels = []
    for t in topics:
        if t == -1:
            labels.append(next_label)
            next_label += 1
        else:
            labels.append(int(t))
    return labels, time.process_time() - start


PEERS: dict[str, Callable[[Sequence[Article]], tuple[list[int], float]]] = {
    "agglomerative": agglomerative,
    "bertopic": bertopic,
}
