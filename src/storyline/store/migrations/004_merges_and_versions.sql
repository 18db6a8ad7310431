-- Merges reach users: a story the engine folded into another keeps its id, which resolves to the survivor.
ALTER TABLE stories ADD COLUMN merged_into TEXT;
CREATE INDEX stories_merged_into ON stories(merged_into);
-- The story engine's state carries a version: every committed write bumps it, so a writer holding the engine
-- in memory (a server, `watch`) knows when another process wrote and reloads before its next batch.
ALTER TABLE engine_state ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
