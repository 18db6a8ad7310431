-- revisions and copies of articles, the near-duplicate (MinHash-LSH) index, and watched feeds
CREATE INDEX articles_url ON articles(url);

-- Later versions of a stored article (same URL, or near-identical text from the same outlet).
-- The article row keeps version 0 (what was analysed and clustered); n counts from 1.
CREATE TABLE revisions (
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    n              INTEGER NOT NULL,
    content_id     TEXT NOT NULL,   -- article_id(text, title) of this version
    text           TEXT NOT NULL,
    title          TEXT,
    date           TEXT,
    date_precision TEXT,
    url            TEXT,
    origin         TEXT,
    similarity     REAL,            -- MinHash Jaccard estimate against the stored article
    reason         TEXT NOT NULL,   -- "same URL" | "same outlet, near-identical text"
    fetched_at     TEXT NOT NULL,
    PRIMARY KEY (article_id, n)
);
CREATE INDEX revisions_content ON revisions(content_id);
CREATE INDEX revisions_url ON revisions(url);

-- Near-identical text published by another outlet: a copy of one (wire) report.
-- The first article seen is the original and has no row here; every copy points at it.
CREATE TABLE copies (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    original_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    similarity  REAL NOT NULL,
    detected_at TEXT NOT NULL
);
CREATE INDEX copies_original ON copies(original_id);

-- MinHash signatures (uint32 x num_perm) of recent texts and their LSH band keys.
-- Bounded: entries older than the window or beyond the cap are pruned on write.
CREATE TABLE lsh_entries (
    id         INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    outlet     TEXT NOT NULL,
    sig        BLOB NOT NULL,
    added_at   TEXT NOT NULL
);
CREATE INDEX lsh_entries_article ON lsh_entries(article_id);
CREATE INDEX lsh_entries_added ON lsh_entries(added_at);
CREATE TABLE lsh_bands (
    key   INTEGER NOT NULL,
    entry INTEGER NOT NULL REFERENCES lsh_entries(id) ON DELETE CASCADE,
    PRIMARY KEY (key, entry)
) WITHOUT ROWID;
CREATE INDEX lsh_bands_entry ON lsh_bands(entry);

-- Watched feeds: HTTP validators and the last outcome.
CREATE TABLE feeds (
    url           TEXT PRIMARY KEY,
    title         TEXT,
    etag          TEXT,
    last_modified TEXT,
    checked_at    TEXT,
    status        TEXT,             -- "200", "304" or the failure
    failures      INTEGER NOT NULL DEFAULT 0
);
-- Items seen in a feed; the fingerprint changes when the feed says the item changed.
CREATE TABLE feed_items (
    feed_url    TEXT NOT NULL REFERENCES feeds(url) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    link        TEXT,
    fingerprint TEXT NOT NULL,
    article_id  TEXT,
    seen_at     TEXT NOT NULL,
    PRIMARY KEY (feed_url, key)
);
