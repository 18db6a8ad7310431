-- full-text search over articles (PostgreSQL; migrations/002_search.sql is SQLite's FTS5 table).
-- Two tsvector columns per article, kept in step with title, text and language by a trigger:
-- * ``words``: every word as written, lower case, diacritics folded by ``unaccent`` (storyline_simple).
--   Searches MATCH here, so a query finds what FTS5 (tokenizer unicode61 remove_diacritics 2) finds:
--   "ruckverlegung" finds "Rückverlegung", and German inflection is handled at query time, on both
--   backends alike (prefix terms plus the query's lemmas, store/search.py).
-- * ``lang_words``: the same text through the article's language's configuration (storyline_de, with
--   unaccent and the German Snowball stemmer; storyline_en with the English one; storyline_simple for
--   other languages). Searches RANK by it: "Soldaten" and "Soldat" count as one word in a German text.
-- The title weighs A and the text D in both (ranked 4:1, as the FTS5 search weighs its columns).
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION storyline_simple (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION storyline_simple
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart WITH unaccent, simple;
CREATE TEXT SEARCH CONFIGURATION storyline_de (COPY = pg_catalog.german);
ALTER TEXT SEARCH CONFIGURATION storyline_de
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart WITH unaccent, german_stem;
CREATE TEXT SEARCH CONFIGURATION storyline_en (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION storyline_en
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart WITH unaccent, english_stem;

-- Text as the parser should see it: PostgreSQL's parser knows HTML and drops tags, <script> contents and
-- entities, where FTS5 indexes every word; with < > & blanked both see the same words ("<b>Putin</b>"
-- is "Putin" on both, and "<script>window…" is searchable on both, as it is on SQLite).
CREATE FUNCTION storyline_plain(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT translate(t, '<>&', '   ') $$;

-- the configuration an article's language is ranked with
CREATE FUNCTION storyline_config(lang text) RETURNS regconfig LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE lang WHEN 'de' THEN 'storyline_de'::regconfig WHEN 'en' THEN 'storyline_en'::regconfig
                     ELSE 'storyline_simple'::regconfig END $$;

ALTER TABLE articles ADD COLUMN words tsvector;
ALTER TABLE articles ADD COLUMN lang_words tsvector;
CREATE FUNCTION articles_search_vectors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.words := setweight(to_tsvector('storyline_simple', storyline_plain(coalesce(NEW.title, ''))), 'A')
              || setweight(to_tsvector('storyline_simple', storyline_plain(NEW.text)), 'D');
    NEW.lang_words := setweight(to_tsvector(storyline_config(NEW.lang), storyline_plain(coalesce(NEW.title, ''))), 'A')
                   || setweight(to_tsvector(storyline_config(NEW.lang), storyline_plain(NEW.text)), 'D');
    RETURN NEW;
END $$;
CREATE TRIGGER articles_search_vectors BEFORE INSERT OR UPDATE OF title, text, lang ON articles
    FOR EACH ROW EXECUTE FUNCTION articles_search_vectors();
CREATE INDEX articles_words ON articles USING gin (words);
-- articles stored before this migration
UPDATE articles SET text = text;
