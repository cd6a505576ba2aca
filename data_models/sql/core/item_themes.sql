-- item_themes: every theme mention with the theme it maps to, or NULL when it maps to none.
-- A board's own alias (imported for that board) maps only that board's mentions, and wins
-- over an alias for every board; it never changes another board's mapping.
CREATE OR REPLACE VIEW item_themes AS
SELECT m.source, m.board, m.item_id, m.board_type, m.mention, m.theme_key,
       coalesce(own.theme, every.theme) AS theme
FROM theme_mentions AS m
LEFT JOIN theme_aliases AS own ON own.theme_key = m.theme_key AND own.board = m.board
LEFT JOIN theme_aliases AS every ON every.theme_key = m.theme_key AND every.board IS NULL;
