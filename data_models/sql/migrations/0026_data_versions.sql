-- Migration 26: what a page's cached figures are keyed on, so that a change to one board's
-- data empties only the pages that read it.
--
-- Tokens, only ever added (in the writer's own transaction): one for a board by every change
-- to its records, settings or what is recorded of its uploads; one with no board by every
-- change that is not one board's (rules, the calendar, themes, mappings, national statistics,
-- a removal of personal data). An upgrade renews them all. A page's cache key folds the tokens
-- of the boards its reader may see and those with no board. The export log adds none: no page
-- reads it.
CREATE TABLE IF NOT EXISTS data_versions (
    board VARCHAR,                 -- NULL: what is not one board's
    token VARCHAR NOT NULL
);
INSERT INTO data_versions SELECT NULL, CAST(uuid() AS VARCHAR)
WHERE NOT EXISTS (SELECT 1 FROM data_versions WHERE board IS NULL);
