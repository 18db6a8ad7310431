"""Read queries for the HTTP API and the web UI: full-text search, story listing, entities.

Everything takes a :class:`~storyline.store.Store` and only reads. Full-text search
uses the FTS5 table of migration 002 (``articles_fts``, tokenizer ``unicode61
remove_diacritics 2``, filled by triggers on ``articles``). German awareness is
done on the query side:

* diacritics are folded by the tokenizer on both sides: ``ruckverlegung`` finds
  ``Rückverlegung``;
* every word becomes a prefix term, OR-ed with its lemma (simplemma, German then
  English) as a prefix term: ``Soldat`` finds ``Soldaten``, ``Soldaten`` finds
  ``Soldat``, ``Truppen`` finds ``Truppe``;
* transliterations are tried too: ``rueckverlegung`` → ``ruckverlegung``,
  ``strasse`` → ``straße``;
* ``"quoted words"`` are an exact phrase.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from storyline.lang import HANDLED
from storyline.store.sqlite import Store
from storyline.types import PartialDate
from storyline.types.views import (
    EntityDetail,
    EntityListItem,
    EntityRef,
    EntityStory,
    SearchHit,
    SearchResult,
    Sort,
    StoryRow,
)

MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+", re.UNICODE)
MIN_PREFIX = 3  # shorter words are matched whole: a 1-2 letter prefix matches half the index


# -- full-text search -------------------------------------------------------------------

@lru_cache(maxsize=4096)
def lemma(word: str) -> str:
    try:
        import simplemma
    except ImportError:  # pragma: no cover - simplemma is a dependency
        return word
    return simplemma.lemmatize(word, lang=HANDLED).lower()


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def word_variants(word: str) -> list[str]:
    """The spellings a query word is searched under (lower case, most specific first)."""
    w = word.lower()
    out = [w]
    for v in (lemma(w), lemma(word[:1].upper() + word[1:])):
        if v and v not in out:
            out.append(v)
    translit = w.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    if translit != w and translit not in out:
        out.append(translit)
    if "ss" in w and w.replace("ss", "ß") not in out:
        out.append(w.replace("ss", "ß"))
    return out


def fts_query(text: str) -> str | None:
    """Translate what a user typed into an FTS5 MATCH expression, or None if nothing is searchable.

    User input never reaches FTS5 syntax unquoted, so operators and stray quotes
    cannot make the query fail.
    """
    groups: list[str] = []
    for phrase in _PHRASE.findall(text):
        words = _WORD.findall(phrase)
        if words:
            groups.append(_quote(" ".join(words)))
    rest = _PHRASE.sub(" ", text)
    for word in _WORD.findall(rest):
        terms = []
        for v in word_variants(word):
            terms.append(_quote(v) + (" *" if len(v) >= MIN_PREFIX else ""))
        groups.append(terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")")
    return " AND ".join(groups) if groups else None


def _marked(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """Split FTS5's marked snippet into plain text and [start, end) spans of the matches."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    start = None
    for ch in snippet:
        if ch == MARK_OPEN:
            start = pos
        elif ch == MARK_CLOSE:
            if start is not None:
                spans.append((start, pos))
            start = None
        else:
            plain.append(ch)
            pos += 1
    return "".join(plain), spans


def search_articles(store: Store, query: str, *, limit: int = 20, offset: int = 0,
                    lang: str | None = None, source: str | None = None) -> SearchResult:
    """Articles matching ``query``, best first, each with a ``snippet`` around the matches and the
    ``highlights`` of the matched words in it."""
    match = fts_query(query)
    result = SearchResult(query, match, 0, limit, offset)
    if match is None:
        return result
    where = ["articles_fts MATCH ?"]
    params: list[Any] = [match]
    if lang:
        where.append("a.lang = ?")
        params.append(lang)
    if source:
        where.append("a.source = ?")
        params.append(source)
    cond = " AND ".join(where)
    base = " FROM articles_fts f JOIN articles a ON a.id = f.article_id"
    conn = store.conn
    result.total = conn.execute(f"SELECT count(*){base} WHERE {cond}", params).fetchone()[0]
    rows = conn.execute(
        "SELECT a.id, a.title, a.source, a.date, a.date_precision, a.lang, a.url, sa.story_id,"
        f" snippet(articles_fts, -1, char(2), char(3), '…', 24) AS snip, bm25(articles_fts, 0.0, 4.0, 1.0) AS rank"
        f"{base} LEFT JOIN story_articles sa ON sa.article_id = a.id WHERE {cond}"
        " ORDER BY rank, a.date_start DESC, a.id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    for r in rows:
        snippet, spans = _marked(r["snip"] or "")
        result.items.append(SearchHit(
            r["id"], r["title"], r["source"], PartialDate.parse(r["date"]) if r["date"] else None,
            r["date_precision"], r["lang"], r["url"], r["story_id"], snippet, spans, round(-float(r["rank"]), 4)))
    return result


# -- stories ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class StoryFilter:
    date_from: str | None = None  # ISO day: stories with an article ending on or after it
    date_to: str | None = None  # ISO day: stories with an article starting on or before it
    lang: str | None = None
    entity: str | None = None
    source: str | None = None


def day_bound(value: str | None, end: bool) -> str | None:
    """``2022-01`` as a lower bound is 2022-01-01, as an upper bound 2022-01-31. Raises ValueError."""
    if value is None or not value.strip():
        return None
    d = PartialDate.parse(value)
    return (d.last_day() if end else d.first_day()).isoformat()


_AGG = (
    "SELECT sa.story_id AS id, count(*) AS size, min(a.date_start) AS first_day, max(a.date_end) AS last_day,"
    " total(a.rowid) AS fingerprint, max(a.ingested_at) AS updated"
    " FROM story_articles sa JOIN articles a ON a.id = sa.article_id GROUP BY sa.story_id"
)


def _story_where(f: StoryFilter) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if f.date_from:
        where.append("s.last_day >= ?")
        params.append(f.date_from)
    if f.date_to:
        where.append("s.first_day <= ?")
        params.append(f.date_to)
    member = ("s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
              " WHERE a.{col} = ?)")
    if f.lang:
        where.append(member.format(col="lang"))
        params.append(f.lang)
    if f.source:
        where.append(member.format(col="source"))
        params.append(f.source)
    if f.entity:
        where.append("s.id IN (SELECT sa.story_id FROM article_entities e"
                     " JOIN story_articles sa ON sa.article_id = e.article_id WHERE e.key = ?)")
        params.append(f.entity)
    return (" WHERE " + " AND ".join(where)) if where else "", params


def story_page(store: Store, f: StoryFilter = StoryFilter(), *, sort: Sort = "size",
               limit: int = 20, offset: int = 0) -> tuple[int, list[StoryRow]]:
    """(total matching, one page of story rows)."""
    where, params = _story_where(f)
    order = {
        "size": "s.size DESC, s.last_day IS NULL, s.last_day DESC, s.id",
        "recent": "s.last_day IS NULL, s.last_day DESC, s.size DESC, s.id",
    }[sort]
    conn = store.conn
    total = conn.execute(f"SELECT count(*) FROM ({_AGG}) s{where}", params).fetchone()[0]
    rows = conn.execute(f"SELECT * FROM ({_AGG}) s{where} ORDER BY {order} LIMIT ? OFFSET ?",
                        [*params, limit, offset]).fetchall()
    return total, [_row(r) for r in rows]


def _row(r: sqlite3.Row) -> StoryRow:
    return StoryRow(r["id"], r["size"], r["first_day"], r["last_day"], r["fingerprint"], r["updated"])


def story_rows(store: Store, ids: list[str]) -> list[StoryRow]:
    """The :func:`story_page` rows of the given stories (unordered)."""
    out: list[StoryRow] = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        out += [_row(r) for r in store.conn.execute(
            _AGG.replace(" GROUP BY", f" WHERE sa.story_id IN ({','.join('?' * len(chunk))}) GROUP BY"), chunk)]
    return out


def story_fingerprint(store: Store, story_id: str) -> tuple | None:
    """Changes whenever the story's articles or its merge/split events change; None if no such story."""
    row = store.conn.execute(
        "SELECT count(*), total(a.rowid), max(a.ingested_at) FROM story_articles sa"
        " JOIN articles a ON a.id = sa.article_id WHERE sa.story_id = ?",
        (story_id,),
    ).fetchone()
    if not row or not row[0]:
        return None
    events = store.conn.execute("SELECT max(id) FROM story_events WHERE story_id = ? OR other = ?",
                                (story_id, story_id)).fetchone()[0]
    return (row[0], row[1], row[2], events)


def store_version(store: Store) -> tuple:
    """A cheap token that changes when anything is ingested, assigned or re-clustered (one query)."""
    return tuple(store.conn.execute(
        "SELECT (SELECT max(rowid) FROM articles), (SELECT max(rowid) FROM story_articles),"
        " (SELECT max(id) FROM story_events),"
        " (SELECT group_concat(name || '@' || updated_at || '#' || length(data)) FROM engine_state)"
    ).fetchone())


def story_of(store: Store, article_id: str) -> str | None:
    row = store.conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def story_entities(store: Store, story_id: str, limit: int = 50) -> list[EntityRef]:
    """The story's entities, most widely reported first: key, name, type, articles, mentions."""
    rows = store.conn.execute(
        "SELECT e.key, e.name, e.type, count(DISTINCT e.article_id) AS articles, sum(e.mentions) AS mentions"
        " FROM article_entities e JOIN story_articles sa ON sa.article_id = e.article_id"
        " WHERE sa.story_id = ? GROUP BY e.key ORDER BY articles DESC, mentions DESC, e.key LIMIT ?",
        (story_id, limit),
    ).fetchall()
    return [EntityRef(r["key"], r["name"], r["type"], r["articles"], r["mentions"]) for r in rows]


# -- entities ---------------------------------------------------------------------------

def list_entities(store: Store, *, q: str | None = None, type: str | None = None,
                  limit: int = 50, offset: int = 0) -> tuple[int, list[EntityListItem]]:
    """Entities across the store, most widely reported first, optionally by name prefix/substring and type."""
    where, params = [], []
    if q:
        where.append("(e.name LIKE ? ESCAPE '\\' OR e.key LIKE ? ESCAPE '\\')")
        like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [like, like]
    if type:
        where.append("e.type = ?")
        params.append(type.upper())
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    conn = store.conn
    total = conn.execute(f"SELECT count(DISTINCT e.key) FROM article_entities e{cond}", params).fetchone()[0]
    rows = conn.execute(
        "SELECT e.key, e.name, e.type, max(e.mentions) AS _m, count(DISTINCT e.article_id) AS articles,"
        " sum(e.mentions) AS mentions, count(DISTINCT sa.story_id) AS stories"
        f" FROM article_entities e LEFT JOIN story_articles sa ON sa.article_id = e.article_id{cond}"
        " GROUP BY e.key ORDER BY articles DESC, mentions DESC, e.key LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return total, [EntityListItem(r["key"], r["name"], r["type"], r["articles"], r["mentions"], r["stories"])
                   for r in rows]


def entity(store: Store, key: str) -> EntityDetail | None:
    """One entity: its most used name, type, counts and the stories it appears in (largest share first)."""
    conn = store.conn
    head = conn.execute(
        "SELECT key, name, type, max(mentions) AS _m, count(*) AS articles, sum(mentions) AS mentions"
        " FROM article_entities WHERE key = ? GROUP BY key",
        (key,),
    ).fetchone()
    if head is None:
        return None
    names = [r[0] for r in conn.execute(
        "SELECT name FROM article_entities WHERE key = ? GROUP BY name ORDER BY sum(mentions) DESC, name LIMIT 10",
        (key,))]
    stories = [EntityStory(r["id"], r["articles"], r["mentions"], r["first_day"], r["last_day"]) for r in conn.execute(
        "SELECT sa.story_id AS id, count(*) AS articles, sum(e.mentions) AS mentions,"
        " min(a.date_start) AS first_day, max(a.date_end) AS last_day"
        " FROM article_entities e JOIN story_articles sa ON sa.article_id = e.article_id"
        " JOIN articles a ON a.id = e.article_id WHERE e.key = ?"
        " GROUP BY sa.story_id ORDER BY articles DESC, mentions DESC, last_day DESC, sa.story_id",
        (key,),
    )]
    return EntityDetail(head["key"], names[0] if names else head["name"], names, head["type"], head["articles"],
                        head["mentions"], stories)


# -- facets -----------------------------------------------------------------------------

def languages(store: Store) -> list[tuple[str, int]]:
    return [(r[0], r[1]) for r in store.conn.execute(
        "SELECT lang, count(*) FROM articles WHERE lang IS NOT NULL GROUP BY lang ORDER BY count(*) DESC, lang")]


def sources(store: Store, limit: int = 100) -> list[tuple[str, int]]:
    return [(r[0], r[1]) for r in store.conn.execute(
        "SELECT source, count(*) FROM articles GROUP BY source ORDER BY count(*) DESC, source LIMIT ?", (limit,))]


def has_search_index(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'").fetchone() is not None


__all__ = [
    "fts_query", "word_variants", "search_articles", "StoryFilter", "day_bound", "story_page",
    "story_rows", "story_fingerprint", "store_version", "story_of", "story_entities", "list_entities", "entity", "Sort",
    "languages", "sources",
]
