-- Migration 13: a name for each migration applied, and a record of every build of the views,
-- macros and reference data, so that a build older than the one that last upgraded the file
-- can tell it is older and refuse to rewrite the newer definitions.
ALTER TABLE schema_version ADD COLUMN IF NOT EXISTS name VARCHAR;

CREATE TABLE IF NOT EXISTS schema_builds (
    fingerprint  VARCHAR NOT NULL,       -- sha256 of the view, macro and reference files
    migration    INTEGER NOT NULL,       -- the last migration applied when it was built
    built_at     TIMESTAMP NOT NULL      -- UTC
);
