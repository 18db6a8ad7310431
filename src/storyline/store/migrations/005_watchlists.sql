-- Watchlists (saved queries over stories), the alerts they raise and the webhook deliveries of those alerts.
-- Plain SQL types only (TEXT, INTEGER): the PostgreSQL port maps them one to one.
CREATE TABLE watchlists (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    min_articles INTEGER,            -- alert when a matching story grows past this many articles
    min_sources  INTEGER,            -- ... or this many outlets
    webhook      TEXT,               -- http(s) URL receiving each alert as signed JSON
    secret       TEXT,               -- the HMAC-SHA256 key of those signatures
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
-- One row per value of a facet: kind is entity | keyword | place | category | language.
CREATE TABLE watchlist_terms (
    watchlist_id INTEGER NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    value        TEXT NOT NULL,
    position     INTEGER NOT NULL,
    PRIMARY KEY (watchlist_id, kind, value)
);
-- The stories a watchlist matches, with what they had when last evaluated (growth thresholds fire once).
CREATE TABLE watch_matches (
    watchlist_id INTEGER NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
    story_id     TEXT NOT NULL,
    articles     INTEGER NOT NULL,
    sources      INTEGER NOT NULL,
    matched_at   TEXT NOT NULL,
    PRIMARY KEY (watchlist_id, story_id)
);
CREATE INDEX watch_matches_story ON watch_matches(story_id);
-- A matching story's ledger as last evaluated: one row per ledger row, its verdict and figures,
-- so the next batch can tell a new differ or an updated count from what was there.
CREATE TABLE story_ledger_rows (
    story_id TEXT NOT NULL,
    row_key  TEXT NOT NULL,          -- category, subject and detail of the ledger row
    verdict  TEXT NOT NULL,
    figures  TEXT NOT NULL,          -- the row's distinct figures, sorted, as written by the ledger
    PRIMARY KEY (story_id, row_key)
);
CREATE TABLE alerts (
    id           INTEGER PRIMARY KEY,
    watchlist_id INTEGER NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,      -- match | grew | figure
    story_id     TEXT NOT NULL,
    headline     TEXT NOT NULL,
    why          TEXT NOT NULL,
    at           TEXT NOT NULL,
    article_id   TEXT,               -- the cited sentence: article, [start, end) and the words
    span_start   INTEGER,
    span_end     INTEGER,
    quote        TEXT,
    source       TEXT,
    article_date TEXT,
    verdict      TEXT,               -- figure alerts: the ledger row's verdict and category
    category     TEXT
);
CREATE INDEX alerts_watchlist ON alerts(watchlist_id, id);
CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    alert_id        INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    watchlist_id    INTEGER NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
    url             TEXT NOT NULL,
    state           TEXT NOT NULL,   -- pending | delivered | dead
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_status     INTEGER,
    last_error      TEXT,
    next_attempt_at TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, next_attempt_at);
CREATE INDEX webhook_deliveries_watchlist ON webhook_deliveries(watchlist_id, id);
