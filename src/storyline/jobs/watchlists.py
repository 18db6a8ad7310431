"""Creating, editing and removing watchlists: checked, names resolved to keys, written by the database's Writer.

What the CLI (``storyline watchlist add``), the API (``POST /api/watchlists``) and the form on
``/watchlists`` share. Entities and places may be given by key (``per:tokaev``, ``loc:iso:KZ``) or by
any name a reader would use (*Tokayev*, *Tokajew*, *CSTO*, *OVKS*, *Kasachstan*, *Kazakhstan*):
:func:`resolve` turns them into keys, so every alias and language counts.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import replace
from urllib.parse import urlsplit

from storyline.analyse.keys import is_key, keys_for_name
from storyline.jobs.writer import Writer
from storyline.store import search
from storyline.store import watchlists as db
from storyline.store.sqlite import Store
from storyline.types import Category
from storyline.types.watch import Watchlist, WatchlistIn, WatchQuery

MAX_TERMS = 50  # values per facet
_LANG = re.compile(r"^[a-z]{2,3}$")


class WatchlistError(ValueError):
    """What is wrong with a watchlist, in words a form or a 422 can show."""


def resolve(store: Store, names: list[str], places: bool = False) -> list[str]:
    """Keys for entity (or place) names: the keys the store knows under that name in any language, else the
    gazetteer's or the person's key, so a watch may be set before the first article names it."""
    out: list[str] = []
    for name in names:
        name = name.strip()
        if not name:
            continue
        if is_key(name):
            out.append(name)
            continue
        known = search.entity_keys_for(store, name)
        keys = known or keys_for_name(name)
        if places:
            keys = [k for k in keys if k.startswith("loc:")]
        if not keys:
            raise WatchlistError(f"no {'place' if places else 'entity'} is known as {name!r}")
        out.append(keys[0])
    return list(dict.fromkeys(out))


def check(store: Store, w: WatchlistIn) -> WatchlistIn:
    """The watchlist with names resolved to keys; WatchlistError saying what is wrong."""
    name = " ".join(w.name.split())
    if not name or len(name) > 200:
        raise WatchlistError("name: give a name of 1 to 200 characters")
    q = w.query
    for facet in ("entities", "keywords", "places", "categories", "languages"):
        if len(getattr(q, facet)) > MAX_TERMS:
            raise WatchlistError(f"{facet}: at most {MAX_TERMS} values")
    try:
        categories = [Category(str(c).strip().lower()) for c in q.categories if str(c).strip()]
    except ValueError as exc:
        raise WatchlistError(f"categories: {exc}; known: {', '.join(c.value for c in Category)}") from None
    languages = [x.strip().lower() for x in q.languages if x.strip()]
    bad = [x for x in languages if not _LANG.match(x)]
    if bad:
        raise WatchlistError(f"languages: {', '.join(bad)} is not an ISO 639-1 code such as de or en")
    keywords = [" ".join(k.split()) for k in q.keywords if k.strip()]
    if any(search.fts_query(k) is None for k in keywords):
        raise WatchlistError("keywords: a keyword needs at least one letter or digit")
    query = WatchQuery(resolve(store, q.entities), keywords, resolve(store, q.places, places=True), categories,
                       languages)
    if query.empty():
        raise WatchlistError("a watchlist needs at least one entity, keyword, place, category or language")
    for label, value in (("min_articles", w.min_articles), ("min_sources", w.min_sources)):
        if value is not None and not 1 <= value <= 1_000_000:
            raise WatchlistError(f"{label}: a number from 1")
    webhook = (w.webhook or "").strip() or None
    if webhook and (urlsplit(webhook).scheme not in ("http", "https") or not urlsplit(webhook).netloc):
        raise WatchlistError("webhook: an http(s) URL")
    return replace(w, name=name, query=query, webhook=webhook)


def add(writer: Writer, w: WatchlistIn, secret: str | None = None) -> tuple[Watchlist, str | None]:
    """Store a new watchlist; returns it and its webhook secret (made here unless given; None without a webhook)."""
    checked = check(writer.store, w)
    key = (secret or secrets.token_hex(32)) if checked.webhook else None
    with writer.transaction() as store:
        wid = db.create(store, checked, key)
    return db.get(writer.store, wid), key  # type: ignore[return-value]


def edit(writer: Writer, watchlist_id: int, w: WatchlistIn, secret: str | None = None) -> tuple[Watchlist, str | None] | None:
    """Replace a watchlist; its secret is kept unless a new one is given (or made, when a webhook is added)."""
    checked = check(writer.store, w)
    old = db.secret(writer.store, watchlist_id)
    key = (secret or old or secrets.token_hex(32)) if checked.webhook else None
    with writer.transaction() as store:
        if not db.update(store, watchlist_id, checked, key):
            return None
    return db.get(writer.store, watchlist_id), key  # type: ignore[return-value]


def remove(writer: Writer, watchlist_id: int) -> bool:
    with writer.transaction() as store:
        return db.delete(store, watchlist_id)
