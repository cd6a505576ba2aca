-- Migration 26: what a page's cached figures are keyed on, so that a change to one board's
-- data empties only the pages that read it.
--
-- A token per board, replaced (in the writer's own transaction) by every change to that
-- board's records or to what is recorded of its uploads; the row with no board, by every change
-- that is not one board's (rules, the calendar, themes, mappings, national statistics, a
-- removal of personal data, an upgrade). A page's cache key is the tokens of the boards its
-- reader may see and the row with no board. The export log changes no token: no page reads it.
CREATE TABLE IF NOT EXISTS data_versions (
    board VARCHAR,                 -- NULL: what is not one board's
    token VARCHAR NOT NULL
);
INSERT INTO data_versions SELECT NULL, CAST(uuid() AS VARCHAR)
WHERE NOT EXISTS (SELECT 1 FROM data_versions WHERE board IS NULL);
