-- Migration 16: what each board's theme text maps to. A mention maps to every theme whose label
-- or alias it holds as whole words (data_models.theme_matching), which is no equality join, so
-- it is worked out in Python once per board and distinct mention key and kept here: one row
-- per theme the text names, one row with theme NULL when it names none. Rows are added as
-- mentions are stored and rewritten by every build of the schema (this table is filled there,
-- so mentions stored before this migration are mapped by the same upgrade) and whenever a
-- board's aliases change. item_themes joins theme_mentions to it on (board, theme_key).
CREATE TABLE IF NOT EXISTS mention_themes (
    board      VARCHAR NOT NULL,
    theme_key  VARCHAR NOT NULL,            -- theme_mentions.theme_key
    theme      VARCHAR                      -- NULL: the text maps to no theme
);
