-- articles, their analysis, stories and the story engine's state
CREATE TABLE articles (
    id              TEXT PRIMARY KEY,
    source          TEXT NOT NULL,
    title           TEXT,
    url             TEXT,
    author          TEXT,
    origin          TEXT,
    declared_lang   TEXT,
    lang            TEXT,
    lang_confidence REAL,
    date            TEXT,
    date_precision  TEXT,
    date_start      TEXT,
    date_end        TEXT,
    text            TEXT NOT NULL,
    ingested_at     TEXT NOT NULL
);
CREATE INDEX articles_date ON articles(date_start);
CREATE TABLE analyses (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    data       TEXT NOT NULL
);
CREATE TABLE article_entities (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    name       TEXT NOT NULL,
    type       TEXT NOT NULL,
    mentions   INTEGER NOT NULL,
    PRIMARY KEY (article_id, key)
);
CREATE INDEX article_entities_key ON article_entities(key);
CREATE TABLE stories (
    id         TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);
CREATE TABLE story_articles (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id    TEXT NOT NULL REFERENCES stories(id),
    score       REAL NOT NULL,
    assigned_at TEXT NOT NULL
);
CREATE INDEX story_articles_story ON story_articles(story_id);
CREATE TABLE story_events (
    id       INTEGER PRIMARY KEY,
    story_id TEXT NOT NULL,
    kind     TEXT NOT NULL,   -- merge | split
    other    TEXT NOT NULL,   -- the other story involved
    at       TEXT NOT NULL,
    why      TEXT NOT NULL
);
CREATE INDEX story_events_story ON story_events(story_id);
CREATE TABLE engine_state (
    name       TEXT PRIMARY KEY,
    data       BLOB NOT NULL,
    updated_at TEXT NOT NULL
);
