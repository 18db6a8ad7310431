"""The story engine: online assignment of articles to stories.

First cut (issue #2): TF-IDF cosine over lemmas (title + body) between an
article and each story's centroid, restricted to stories active within a time
window; a new story opens below a threshold. Story ids derive from the
founding article's id, so they are stable across runs and re-ingests.
"""

from __future__ import annotations

import math
import pickle
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from storyline.types import Assignment, ClusterDoc

WINDOW_DAYS = 14
THRESHOLD = 0.25


@dataclass
class _Story:
    id: str
    tf: Counter = field(default_factory=Counter)
    first: int = 0
    last: int = 0
    size: int = 0


def _day_range(doc: ClusterDoc) -> tuple[int, int] | None:
    if doc.date is None:
        return None
    return doc.date.first_day().toordinal(), doc.date.last_day().toordinal()


class StoryEngine:
    """An estimator in the scikit-learn spirit: ``partial_fit`` on a batch, stable ids out."""

    name = "tfidf-v1"

    def __init__(self, threshold: float = THRESHOLD, window_days: int = WINDOW_DAYS) -> None:
        self.threshold = threshold
        self.window_days = window_days
        self.df: Counter = Counter()
        self.n_docs = 0
        self.stories: dict[str, _Story] = {}
        self.postings: dict[str, set[str]] = defaultdict(set)

    def _terms(self, doc: ClusterDoc) -> Counter:
        return Counter(doc.title_lemmas * 2 + doc.body_lemmas)

    def _weights(self, tf: Counter) -> dict[str, float]:
        w = {t: (1 + math.log(c)) * (math.log((1 + self.n_docs) / (1 + self.df[t])) + 1.0) for t, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in w.values())) or 1.0
        return {t: v / norm for t, v in w.items()}

    def partial_fit(self, batch: list[ClusterDoc]) -> list[Assignment]:
        out = []
        for doc in sorted(batch, key=lambda d: (d.date is None, d.date.sort_key() if d.date else "", d.id)):
            out.append(self._assign(doc))
        return out

    def _assign(self, doc: ClusterDoc) -> Assignment:
        tf = self._terms(doc)
        for t in tf:
            self.df[t] += 1
        self.n_docs += 1
        days = _day_range(doc)
        vec = self._weights(tf)
        best, best_sim = None, 0.0
        candidates = set().union(*(self.postings.get(t, ()) for t in vec)) if vec else set()
        for sid in candidates:
            story = self.stories[sid]
            if days and story.size and (days[0] - story.last > self.window_days or story.first - days[1] > self.window_days):
                continue
            cw = self._weights(story.tf)
            sim = sum(v * cw.get(t, 0.0) for t, v in vec.items())
            if sim > best_sim or (sim == best_sim and best is not None and sid < best.id):
                best, best_sim = story, sim
        new = best is None or best_sim < self.threshold
        if new:
            best = self.stories[f"s{doc.id[:12]}"] = _Story(f"s{doc.id[:12]}")
            if days:
                best.first, best.last = days
        best.tf.update(tf)
        best.size += 1
        if days:
            best.first, best.last = min(best.first, days[0]), max(best.last, days[1])
        for t in tf:
            self.postings[t].add(best.id)
        return Assignment(doc.id, best.id, round(best_sim, 4) if not new else 1.0, new)

    def to_bytes(self) -> bytes:
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_bytes(cls, data: bytes) -> "StoryEngine":
        engine = pickle.loads(data)
        if not isinstance(engine, cls):
            raise TypeError("stored engine state is not a StoryEngine")
        return engine
