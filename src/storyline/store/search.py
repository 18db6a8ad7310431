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
* ``"quoted words"`` are an exact phrase;
* on PostgreSQL the same query runs against the ``words`` tsvector of migrations_pg/002 (lower case,
  diacritics folded by ``unaccent``, no stemming: so both backends find the same articles), written as
  a ``tsquery`` (:func:`tsquery`) by the same translation; results are ranked by ``ts_rank`` over
  ``lang_words``, the text through the German or English configuration of the article's language;
* across languages: a word, phrase or whole query that names an entity (any alias the gazetteer or an
  article knows; a person by surname in any transliteration) also matches every article that mentions
  the entity, through ``article_entities``: ``Tokayev`` finds German articles writing *Tokajew*,
  ``CSTO`` those writing *OVKS*.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from storyline.lang import HANDLED
from storyline.store.sqlite import Store
from storyline.types import PartialDate
from storyline.types.views import (
    EntityDetail,
    FacetCount,
    EntityListItem,
    EntityRef,
    EntityStory,
    SearchFacets,
    SearchHit,
    SearchResult,
    Sort,
    StoryRow,
)

MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+", re.UNICODE)
MIN_PREFIX = 3  # shorter words are matched whole: a 1-2 letter prefix matches half the index
SNIPPET_CHARS = 200  # the lead shown for an article found only by an entity it mentions


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


def _lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass(frozen=True, slots=True)
class Syntax:
    """How one backend's full-text engine spells a query: FTS5's MATCH or PostgreSQL's tsquery."""

    term: Callable[[str, bool], str]  # a word (True: as a prefix)
    phrase: Callable[[list[str]], str]  # words one after the other
    any: str
    all: str


FTS5 = Syntax(lambda v, prefix: _quote(v) + (" *" if prefix else ""), lambda ws: _quote(" ".join(ws)), " OR ", " AND ")
TSQUERY = Syntax(lambda v, prefix: _lexeme(v) + (":*" if prefix else ""),
                 lambda ws: "(" + " <-> ".join(_lexeme(w) for w in ws) + ")", " | ", " & ")


def syntax(store: Store) -> Syntax:
    return TSQUERY if store.dialect == "postgresql" else FTS5


def build_query(text: str, syn: Syntax = FTS5) -> str | None:
    """What a user typed as a full-text query in ``syn``'s spelling, or None if nothing is searchable.

    User input never reaches the engine's syntax unquoted, so operators and stray quotes
    cannot make the query fail.
    """
    groups: list[str] = []
    for phrase in _PHRASE.findall(text):
        words = _WORD.findall(phrase)
        if words:
            groups.append(syn.phrase(words))
    rest = _PHRASE.sub(" ", text)
    for word in _WORD.findall(rest):
        terms = [syn.term(v, len(v) >= MIN_PREFIX) for v in word_variants(word)]
        groups.append(terms[0] if len(terms) == 1 else "(" + syn.any.join(terms) + ")")
    return syn.all.join(groups) if groups else None


def fts_query(text: str) -> str | None:
    """What a user typed as an FTS5 MATCH expression (:func:`build_query`)."""
    return build_query(text, FTS5)


def tsquery(text: str) -> str | None:
    """What a user typed as a PostgreSQL ``to_tsquery`` text (:func:`build_query`)."""
    return build_query(text, TSQUERY)


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


@dataclass(slots=True)
class _Group:
    """One part of a query (a word, a phrase, or the whole query when it names an entity): an article
    matches it by its words or by mentioning one of the entities it names."""

    match: str  # FTS5 expression or tsquery
    keys: list[str]


def entity_keys_for(store: Store, name: str) -> list[str]:
    """The entity keys the store knows under ``name`` in any language and spelling, most reported first:
    the gazetteer's key (``CSTO``/``OVKS`` -> ``org:csto``), the person's (``Tokayev``/``Tokajew``: one
    surname key, with or without a given name before it) and any key an article names exactly so."""
    from storyline.analyse.keys import keys_for_name, surname  # the gazetteer loads on the first search

    candidates = keys_for_name(name)
    exact = [k for k in candidates if surname(k) is None]
    persons = [surname(k) for k in candidates if surname(k)]
    # ASCII case folded on both (SQLite's NOCASE; lower() under the "C" collation on PostgreSQL)
    where = ["e.name = ? COLLATE NOCASE" if store.dialect == "sqlite" else 'lower(e.name) = lower(? COLLATE "C")']
    params: list[Any] = [" ".join(name.split())]
    if exact:
        where.append(f"e.key IN ({','.join('?' * len(exact))})")
        params += exact
    for sur in persons:
        where.append("(e.key >= 'per:' AND e.key < 'per;' AND (e.key = ? OR e.key LIKE ? ESCAPE '\\'))")
        params += ["per:" + sur, "per:%-" + sur.replace("_", "\\_").replace("%", "\\%")]
    return [r[0] for r in store.conn.execute(
        f"SELECT e.key FROM article_entities e WHERE {' OR '.join(where)} GROUP BY e.key ORDER BY count(*) DESC, e.key",
        params)]


def _names_of(store: Store, keys: list[str]) -> list[str]:
    """How articles write these entities: each stored name, and a person's surname alone."""
    if not keys:
        return []
    names = [r[0] for r in store.conn.execute(
        f"SELECT DISTINCT name FROM article_entities WHERE key IN ({','.join('?' * len(keys))})", keys)]
    surnames = [n.split()[-1] for n in names if len(n.split()) > 1]
    return list(dict.fromkeys(names + surnames))


def _groups(store: Store, text: str) -> list[_Group]:
    """The query's groups: AND-ed words and phrases, each also matched by the entities it names."""
    groups = []
    syn = syntax(store)
    for phrase in _PHRASE.findall(text):
        match = build_query(f'"{phrase}"', syn)
        if match:
            groups.append(_Group(match, entity_keys_for(store, phrase)))
    for word in _WORD.findall(_PHRASE.sub(" ", text)):
        groups.append(_Group(build_query(word, syn) or syn.phrase([word]), entity_keys_for(store, word)))
    return groups


def _as_name(store: Store, text: str) -> list[_Group]:
    """The whole query as one name ("Kassym-Jomart Tokayev"), for when its words do not all match:
    German articles write *Schomart*, and the surname names the person."""
    whole = " ".join(_PHRASE.sub(" ", text).split())
    match = build_query(whole, syntax(store))
    keys = entity_keys_for(store, whole) if len(_WORD.findall(whole)) > 1 else []
    return [_Group(match, keys)] if match and keys else []


def _ranking(store: Store, groups: list[_Group]) -> str:
    """One expression that any matching article satisfies in part: for BM25 and the snippet, which then
    marks "Tokajew" in a German article found by "Tokayev"."""
    syn = syntax(store)
    parts = [g.match for g in groups]
    for g in groups:
        parts += [syn.phrase(_WORD.findall(n)) for n in _names_of(store, g.keys) if _WORD.search(n)]
    return syn.any.join(f"({p})" for p in dict.fromkeys(parts))


def overlapping(date_from: str | None, date_to: str | None) -> tuple[list[str], list[Any]]:
    """Conditions (on ``articles a``) keeping the articles whose date range overlaps the days given (ISO; None
    leaves that side open): a month-dated article overlaps each day of its month."""
    where, params = [], []
    if date_from:
        where.append("a.date_end >= ?")
        params.append(date_from)
    if date_to:
        where.append("a.date_start <= ?")
        params.append(date_to)
    return where, params


_MATCHES = {
    "sqlite": "a.id IN (SELECT article_id FROM articles_fts WHERE articles_fts MATCH ?)",
    "postgresql": "a.words @@ to_tsquery('storyline_simple', ?)",
}


def _conditions(dialect: str, groups: list[_Group], f: "StoryFilter",
                skip: str | None = None) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    for g in groups:
        cond = _MATCHES[dialect]
        params.append(g.match)
        if g.keys:
            cond = f"({cond} OR a.id IN (SELECT article_id FROM article_entities WHERE key IN ({','.join('?' * len(g.keys))})))"
            params += g.keys
        where.append(cond)
    dates = overlapping(f.date_from, f.date_to)
    where += dates[0]
    params += dates[1]
    filters = [("lang", "a.lang = ?"), ("source", "a.source = ?"),
               ("entity", "a.id IN (SELECT article_id FROM article_entities WHERE key = ?)")]
    for name, sql in filters:
        value = getattr(f, name)
        if value and name != skip:
            where.append(sql)
            params.append(value)
    return where, params


def _facets(store: Store, groups: list[_Group], f: "StoryFilter") -> SearchFacets:
    conn = store.conn
    out = SearchFacets()
    for facet, column, target in (("lang", "a.lang", out.languages), ("source", "a.source", out.sources),
                                  ("date_from", "substr(a.date_start, 1, 7)", out.months)):
        where, params = _conditions(store.dialect, groups, f, skip=facet if facet != "date_from" else None)
        rows = conn.execute(f"SELECT {column} AS v, count(*) FROM articles a WHERE {' AND '.join(where)}"
                            f" AND {column} IS NOT NULL GROUP BY v ORDER BY {'v' if facet == 'date_from' else 'count(*) DESC, v'}"
                            " LIMIT 24", params).fetchall()
        target += [FacetCount(r[0], r[0], r[1]) for r in rows]
    where, params = _conditions(store.dialect, groups, f, skip="entity")
    for r in conn.execute(
            "SELECT e.key, max(e.name), count(*) FROM article_entities e JOIN articles a ON a.id = e.article_id"
            f" WHERE {' AND '.join(where)} GROUP BY e.key ORDER BY count(*) DESC, e.key LIMIT 12", params):
        out.entities.append(FacetCount(r[0], r[1], r[2]))
    return out


def search_articles(store: Store, query: str, *, limit: int = 20, offset: int = 0,
                    lang: str | None = None, source: str | None = None,
                    filters: "StoryFilter | None" = None) -> SearchResult:
    """Articles matching ``query``, best first, each with a ``snippet`` around the matches and the
    ``highlights`` of the matched words in it. A word or name that names an entity also matches the
    articles mentioning that entity in any language; ``filters`` narrow by date, language, source and entity
    (``lang`` and ``source`` are shorthands; the story list's filters, applied to articles), and ``facets``
    count the matches per value of each."""
    f = replace(filters or StoryFilter(), lang=lang or (filters.lang if filters else None),
                source=source or (filters.source if filters else None))
    match = build_query(query, syntax(store))
    result = SearchResult(query, match, 0, limit, offset)
    groups = _groups(store, query) if match else []
    if not groups:
        return result
    conn = store.conn
    where, params = _conditions(store.dialect, groups, f)
    result.total = conn.execute(f"SELECT count(*) FROM articles a WHERE {' AND '.join(where)}", params).fetchone()[0]
    if not result.total and (whole := _as_name(store, query)):
        groups = whole
        where, params = _conditions(store.dialect, groups, f)
        result.total = conn.execute(f"SELECT count(*) FROM articles a WHERE {' AND '.join(where)}", params).fetchone()[0]
    cond = " AND ".join(where)
    keys = list(dict.fromkeys(k for g in groups for k in g.keys))
    result.entities = [e for k in keys if (e := _entity_ref(store, k))]
    rows = _ranked(store, _ranking(store, groups), cond, params, limit, offset)
    for r in rows:
        snippet, spans = _marked(r["snip"]) if r["snip"] else (r["text"][:SNIPPET_CHARS], [])
        result.items.append(SearchHit(
            r["id"], r["title"], r["source"], PartialDate.parse(r["date"]) if r["date"] else None,
            r["date_precision"], r["lang"], r["url"], r["story_id"], snippet, spans,
            round(float(r["score"]), 4) if r["score"] is not None else 0.0))
    result.facets = _facets(store, groups, f)
    return result


# The best matches first, each with a snippet of the best matching part, marked; articles found only by an
# entity they mention come last (no rank, no snippet). Higher ``score`` is better on both backends.
_RANKED_SQLITE = (
    "WITH ranked AS (SELECT article_id, bm25(articles_fts, 0.0, 4.0, 1.0) AS rank,"
    " snippet(articles_fts, -1, char(2), char(3), '…', 24) AS snip FROM articles_fts WHERE articles_fts MATCH ?)"
    " SELECT a.id, a.title, a.source, a.date, a.date_precision, a.lang, a.url, a.text, sa.story_id, r.snip,"
    " -r.rank AS score FROM articles a LEFT JOIN ranked r ON r.article_id = a.id"
    " LEFT JOIN story_articles sa ON sa.article_id = a.id WHERE {cond}"
    " ORDER BY r.rank IS NULL, r.rank, a.date_start DESC, a.id LIMIT ? OFFSET ?"
)
# PostgreSQL: matched on ``words``, ranked by ``lang_words`` (the article language's stemmer; title 4:1 text,
# length-normalised), the snippet by ts_headline from the text, or from the title when only the title matches
# (both as the index saw them: storyline_plain() blanks < > &, which PostgreSQL's parser would read as markup).
_RANKED_PG = (
    "WITH q AS (SELECT to_tsquery('storyline_simple', ?) AS q, ?::text AS rank_query, ?::text AS opts)"
    " SELECT a.id, a.title, a.source, a.date, a.date_precision, a.lang, a.url, a.text, sa.story_id,"
    " CASE WHEN NOT a.words @@ q.q THEN NULL"
    " WHEN to_tsvector('storyline_simple', storyline_plain(a.text)) @@ q.q"
    " THEN ts_headline('storyline_simple', storyline_plain(a.text), q.q, q.opts)"
    " ELSE ts_headline('storyline_simple', storyline_plain(coalesce(a.title, '')), q.q, q.opts) END AS snip,"
    " CASE WHEN a.words @@ q.q THEN ts_rank('{0.25, 0.25, 0.25, 1.0}', a.lang_words,"
    " to_tsquery(storyline_config(a.lang), q.rank_query), 1) END AS score"
    " FROM articles a CROSS JOIN q LEFT JOIN story_articles sa ON sa.article_id = a.id WHERE {cond}"
    " ORDER BY score IS NULL, score DESC, a.date_start DESC, a.id LIMIT ? OFFSET ?"
)
_HEADLINE = f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=24, MinWords=12, ShortWord=0, MaxFragments=1"


def _ranked(store: Store, ranking: str, cond: str, params: list[Any], limit: int, offset: int) -> list[Any]:
    if store.dialect == "postgresql":
        sql, head = _RANKED_PG, [ranking, ranking, _HEADLINE]
    else:
        sql, head = _RANKED_SQLITE, [ranking]
    return store.conn.execute(sql.replace("{cond}", cond), [*head, *params, limit, offset]).fetchall()


def _entity_ref(store: Store, key: str) -> EntityRef | None:
    row = store.conn.execute(
        "SELECT key, max(name), max(type), count(*), sum(mentions) FROM article_entities WHERE key = ? GROUP BY key",
        (key,)).fetchone()
    return EntityRef(row[0], row[1], row[2], row[3], row[4]) if row else None


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
    name, type_ = _named(store)
    rows = store.conn.execute(
        f"SELECT e.key, {name} AS name, {type_} AS type, count(DISTINCT e.article_id) AS articles,"
        " sum(e.mentions) AS mentions FROM article_entities e JOIN story_articles sa ON sa.article_id = e.article_id"
        " WHERE sa.story_id = ? GROUP BY e.key ORDER BY articles DESC, mentions DESC, e.key LIMIT ?",
        (story_id, limit),
    ).fetchall()
    return [EntityRef(r["key"], r["name"], r["type"], r["articles"], r["mentions"]) for r in rows]


def _named(store: Store) -> tuple[str, str]:
    """An entity's name and type in a query grouped by key. SQLite takes them from the row holding
    ``max(e.mentions)`` where the query has that aggregate (its bare-column rule), else from some row;
    PostgreSQL has no bare columns: the name of the most mentions, the smallest such name on a tie."""
    if store.dialect == "sqlite":
        return "e.name", "e.type"
    return ("(array_agg(e.name ORDER BY e.mentions DESC, e.name))[1]",
            "(array_agg(e.type ORDER BY e.mentions DESC, e.name))[1]")


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
    name, type_ = _named(store)
    rows = conn.execute(
        f"SELECT e.key, {name} AS name, {type_} AS type, max(e.mentions) AS _m, count(DISTINCT e.article_id) AS articles,"
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
    name, type_ = _named(store)
    head = conn.execute(
        f"SELECT e.key, {name} AS name, {type_} AS type, max(e.mentions) AS _m, count(*) AS articles,"
        " sum(e.mentions) AS mentions FROM article_entities e WHERE e.key = ? GROUP BY e.key",
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


def has_search_index(store: Store) -> bool:
    if store.dialect == "postgresql":
        return store.conn.execute("SELECT to_regclass('articles_words') IS NOT NULL").fetchone()[0]
    return store.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'").fetchone() is not None


__all__ = [
    "fts_query", "tsquery", "build_query", "word_variants", "search_articles", "entity_keys_for", "StoryFilter", "day_bound", "story_page",
    "story_rows", "story_fingerprint", "store_version", "story_of", "story_entities", "list_entities", "entity", "Sort",
    "languages", "sources",
]
