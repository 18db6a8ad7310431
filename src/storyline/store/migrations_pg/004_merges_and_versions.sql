-- merged stories resolve to their survivor; the engine's state carries a version (migrations/004)
ALTER TABLE stories ADD COLUMN merged_into TEXT COLLATE "C";
CREATE INDEX stories_merged_into ON stories(merged_into);
ALTER TABLE engine_state ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
