"""Keyword matching for watchlists with exactly the semantics of search, over a handful of texts.

A batch's alerts ask "does this story's text match this watchlist's keywords?" for a few stories and
up to hundreds of watchlists. Asking the store's full-text index would read each keyword's posting
lists over the whole archive; instead the few texts go into a private in-memory FTS5 table built
with the same tokenizer as ``articles_fts`` (migration 002), and the same query translation
(:func:`storyline.store.search.fts_query`) runs against it: umlauts optional, inflected forms,
phrases, no FTS syntax from user input.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from storyline.store.search import MARK_OPEN, fts_query

# the same tokenizer as articles_fts, so a watchlist matches what /search finds
_TABLE = ("CREATE VIRTUAL TABLE texts USING fts5(article_id UNINDEXED, title, text,"
          " tokenize = 'unicode61 remove_diacritics 2')")


class TextIndex:
    def __init__(self, docs: Iterable[tuple[str, str, str]] = ()) -> None:
        """``docs``: (article id, title, text)."""
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute(_TABLE)
        self.add(docs)

    def add(self, docs: Iterable[tuple[str, str, str]]) -> None:
        self.conn.executemany("INSERT INTO texts (article_id, title, text) VALUES (?,?,?)", docs)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "TextIndex":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def match(self, query: str) -> set[str]:
        """Ids of the articles that ``query`` finds, as /search would."""
        expression = fts_query(query)
        if expression is None:
            return set()
        return {r[0] for r in self.conn.execute("SELECT article_id FROM texts WHERE texts MATCH ?", (expression,))}

    def first_hit(self, article_id: str, query: str) -> int | None:
        """Where in the article's text the first matched word starts (None when only the title matched)."""
        expression = fts_query(query)
        if expression is None:
            return None
        row = self.conn.execute(
            "SELECT highlight(texts, 2, char(2), char(3)) FROM texts WHERE texts MATCH ? AND article_id = ?",
            (expression, article_id)).fetchone()
        if row is None or MARK_OPEN not in row[0]:
            return None
        return row[0].index(MARK_OPEN)  # no marker stands before the first one, so this is the text's offset
