-- full-text search over articles (SQLite FTS5), kept in step with `articles` by triggers.
-- unicode61 with remove_diacritics 2 folds ü/ä/ö/é… so "ruckverlegung" finds "Rückverlegung";
-- German inflection is handled at query time (prefix terms plus the query's lemmas, see store/search.py).
-- The index holds its own copy of title and text keyed by article id (its rowids are its own): an external-content
-- table would be keyed by articles' implicit rowid, which VACUUM is free to renumber.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    article_id UNINDEXED,
    title,
    text,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (article_id, title, text) VALUES (new.id, coalesce(new.title, ''), new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    DELETE FROM articles_fts WHERE article_id = old.id;
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF id, title, text ON articles BEGIN
    DELETE FROM articles_fts WHERE article_id = old.id;
    INSERT INTO articles_fts (article_id, title, text) VALUES (new.id, coalesce(new.title, ''), new.text);
END;
-- articles stored before this migration
INSERT INTO articles_fts (article_id, title, text) SELECT id, coalesce(title, ''), text FROM articles;
