"""Where stories happen: the places their articles mention, counted, for the maps.

Places are LOC entities; their coordinates come from the key (:mod:`storyline.analyse.places`), so
nothing here stores geography. Counts are of stories and of articles that mention each place.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.store.search import overlapping
from storyline.store.sqlite import Store


@dataclass(frozen=True, slots=True)
class PlaceCount:
    key: str
    name: str
    stories: int
    articles: int


def place_counts(store: Store, *, date_from: str | None = None, date_to: str | None = None,
                 story_id: str | None = None, with_entity: str | None = None, limit: int = 400) -> list[PlaceCount]:
    """Places mentioned by articles dated in the range (overlapping it), of one story, or beside an entity
    (in the same articles), most stories first."""
    where, params = overlapping(date_from, date_to)
    where.append("e.type = 'LOC'")
    if story_id:
        where.append("sa.story_id = ?")
        params.append(story_id)
    if with_entity:
        where.append("e.key != ? AND e.article_id IN (SELECT article_id FROM article_entities WHERE key = ?)")
        params += [with_entity, with_entity]
    rows = store.conn.execute(
        "SELECT e.key, max(e.name) AS name, count(DISTINCT sa.story_id) AS stories, count(DISTINCT e.article_id) AS articles"
        " FROM article_entities e JOIN articles a ON a.id = e.article_id JOIN story_articles sa ON sa.article_id = a.id"
        f" WHERE {' AND '.join(where)} GROUP BY e.key ORDER BY stories DESC, articles DESC, e.key LIMIT ?",
        [*params, limit]).fetchall()
    return [PlaceCount(r["key"], r["name"], r["stories"], r["articles"]) for r in rows]


def date_span(store: Store) -> tuple[str | None, str | None]:
    """The first and last day any article may fall on."""
    row = store.conn.execute("SELECT min(date_start), max(date_end) FROM articles").fetchone()
    return row[0], row[1]
