"""Decide, for each article of a batch, what it is: new, a duplicate, a revision or a copy.

In order, for each article (earlier articles of the same batch count as stored):

1. Its content id is stored: from the same outlet (or URL) it is a *duplicate*;
   from another outlet it is an exact *copy*, stored under an id derived from
   the content id and the outlet (so ingesting it again is a duplicate).
2. Its content id is a stored revision: *duplicate*.
3. Its URL is stored with other content: a *revision* of that article.
4. MinHash-LSH finds near-identical text (estimated Jaccard >= THRESHOLD):
   from the same outlet it is a *revision*; from another outlet a *copy* of
   the original the match belongs to (the first article seen).
5. Otherwise it is *new*.

Revisions are never new articles: they are not analysed or clustered. Copies
are articles of their own (another outlet published them), linked to their
original in ``copies``. The outlet is the URL's host, else the source name.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from storyline.dedup import minhash
from storyline.ingest.identity import host_of
from storyline.store import Store
from storyline.store import revisions as db
from storyline.types import Article


def outlet_of(article: Article) -> str:
    return host_of(article.url) or article.source.strip().lower()


def copy_id(content_id: str, outlet: str) -> str:
    """The id of an exact copy: the same content published by another outlet is another article."""
    return hashlib.sha256(f"{content_id}\x1f{outlet}".encode()).hexdigest()[:16]


@dataclass
class Revision:
    article_id: str  # the stored article this is a later version of
    article: Article  # the new version as read (its id is its content id)
    reason: str
    similarity: float | None = None
    n: int = 0  # set when planned


@dataclass
class Copy:
    article: Article
    original_id: str
    similarity: float


@dataclass
class Plan:
    fresh: list[Article] = field(default_factory=list)  # new articles, copies included
    duplicates: list[Article] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    copies: list[Copy] = field(default_factory=list)
    entries: list[tuple[str, str, np.ndarray]] = field(default_factory=list)  # (article_id, outlet, signature)

    def write(self, store: Store) -> None:
        """Store revisions, copies and index entries; call inside the batch's transaction, after the articles."""
        for r in self.revisions:
            db.insert_revision(store, r.article_id, r.n, r.article, r.similarity, r.reason)
        for c in self.copies:
            db.insert_copy(store, c.article.id, c.original_id, c.similarity)
        for aid, outlet, sig in self.entries:
            db.insert_lsh_entry(store, aid, outlet, minhash.to_blob(sig), minhash.band_keys(sig))
        if self.entries:
            db.prune_lsh(store)


class _Batch:
    """What the batch planned so far, visible to the articles after it."""

    def __init__(self) -> None:
        self.ids: dict[str, tuple[str, str | None]] = {}  # content/article id -> (outlet, url)
        self.urls: dict[str, str] = {}
        self.revision_ids: set[str] = set()
        self.bands: dict[int, list[int]] = defaultdict(list)
        self.entries: list[tuple[str, str, np.ndarray]] = []
        self.originals: dict[str, str] = {}
        self.next_n: dict[str, int] = {}


def plan_batch(store: Store, articles: list[Article],
               signatures: Mapping[str, np.ndarray | None] | None = None) -> Plan:
    """``signatures`` are MinHash signatures made elsewhere (a backfill's workers), by article id; the
    others are computed here (the same function, so the plan does not depend on where they were made)."""
    sigs = signatures or {}

    def signature(a: Article) -> np.ndarray | None:
        return sigs[a.id] if a.id in sigs else minhash.signature(a.text)

    plan = Plan()
    batch = _Batch()
    stored = db.stored_articles(store, [a.id for a in articles])
    for a in articles:
        outlet = outlet_of(a)
        known = batch.ids.get(a.id) or _outlet_url(stored.get(a.id))
        if known is not None:
            if known[0] == outlet or (a.url and known[1] == a.url):
                plan.duplicates.append(a)
                continue
            cid = copy_id(a.id, outlet)
            if cid in batch.ids or db.stored_articles(store, [cid]):
                plan.duplicates.append(a)
                continue
            original = batch.originals.get(a.id) or db.original_of(store, a.id)
            copy = dataclasses.replace(a, id=cid)
            _add(plan, batch, copy, outlet, signature(a))
            plan.copies.append(Copy(copy, original, 1.0))
            batch.originals[cid] = original
            continue
        if a.id in batch.revision_ids or db.revision_content(store, a.id):
            plan.duplicates.append(a)
            continue
        sig = signature(a)
        target = (batch.urls.get(a.url) or db.article_by_url(store, a.url)) if a.url else None
        if target is not None:
            _revise(plan, batch, store, target, a, outlet, sig, "same URL", _sim_to(store, batch, target, sig))
            continue
        if sig is not None:
            match = _nearest(store, batch, sig, outlet)
            if match is not None:
                aid, other_outlet, sim = match
                if other_outlet == outlet:
                    _revise(plan, batch, store, aid, a, outlet, sig, "same outlet, near-identical text", sim)
                else:
                    original = batch.originals.get(aid) or db.original_of(store, aid)
                    _add(plan, batch, a, outlet, sig)
                    plan.copies.append(Copy(a, original, sim))
                    batch.originals[a.id] = original
                continue
        _add(plan, batch, a, outlet, sig)
    return plan


def _outlet_url(row: tuple[str, str | None] | None) -> tuple[str, str | None] | None:
    if row is None:
        return None
    source, url = row
    return host_of(url) or source.strip().lower(), url


def _add(plan: Plan, batch: _Batch, a: Article, outlet: str, sig: np.ndarray | None) -> None:
    plan.fresh.append(a)
    batch.ids[a.id] = (outlet, a.url)
    if a.url:
        batch.urls.setdefault(a.url, a.id)
    if sig is not None:
        _index(plan, batch, a.id, outlet, sig)


def _index(plan: Plan, batch: _Batch, aid: str, outlet: str, sig: np.ndarray) -> None:
    plan.entries.append((aid, outlet, sig))
    batch.entries.append((aid, outlet, sig))
    for key in minhash.band_keys(sig):
        batch.bands[key].append(len(batch.entries) - 1)


def _revise(plan: Plan, batch: _Batch, store: Store, target: str, a: Article, outlet: str,
            sig: np.ndarray | None, reason: str, sim: float | None) -> None:
    n = batch.next_n.get(target) or db.next_revision(store, target)
    batch.next_n[target] = n + 1
    plan.revisions.append(Revision(target, a, reason, None if sim is None else round(sim, 4), n))
    batch.revision_ids.add(a.id)
    if a.url:
        batch.urls.setdefault(a.url, target)
    if sig is not None:
        _index(plan, batch, target, outlet, sig)


def _candidates(store: Store, batch: _Batch, sig: np.ndarray) -> list[tuple[str, str, np.ndarray]]:
    keys = minhash.band_keys(sig)
    found = [(aid, outlet, minhash.from_blob(blob)) for aid, outlet, blob in db.lsh_candidates(store, keys)]
    seen: set[int] = set()
    for key in keys:
        for i in batch.bands.get(key, ()):
            if i not in seen:
                seen.add(i)
                found.append(batch.entries[i])
    return found


def _nearest(store: Store, batch: _Batch, sig: np.ndarray, outlet: str) -> tuple[str, str, float] | None:
    """The best near-identical match; one from the same outlet wins (a revision beats a copy)."""
    best: tuple[float, str, str] | None = None
    best_same: tuple[float, str, str] | None = None
    for aid, other, other_sig in _candidates(store, batch, sig):
        sim = minhash.similarity(sig, other_sig)
        if sim < minhash.THRESHOLD:
            continue
        if other == outlet and (best_same is None or sim > best_same[0]):
            best_same = (sim, aid, other)
        if best is None or sim > best[0]:
            best = (sim, aid, other)
    chosen = best_same or best
    return (chosen[1], chosen[2], chosen[0]) if chosen else None


def _sim_to(store: Store, batch: _Batch, target: str, sig: np.ndarray | None) -> float | None:
    if sig is None:
        return None
    sigs = [s for aid, _, s in batch.entries if aid == target]
    sigs += [minhash.from_blob(blob) for blob in db.lsh_signatures(store, target)]
    return max((minhash.similarity(sig, s) for s in sigs), default=None)
