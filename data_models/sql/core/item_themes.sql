-- item_themes: every theme mention with the theme it maps to, or NULL when it maps to none.
-- A board's own alias (imported for that board) maps only that board's mentions, and wins
-- over an alias for every board; it never changes another board's mapping. Should a later
-- national vocabulary add an alias a board already imported for every board, the board's
-- wins, and the mention is still counted once.
CREATE OR REPLACE VIEW item_themes AS
WITH every_board AS (
    SELECT theme_key, arg_max(theme, origin <> 'national') AS theme
    FROM theme_aliases
    WHERE board IS NULL
    GROUP BY theme_key
)
SELECT m.source, m.board, m.item_id, m.board_type, m.mention, m.theme_key,
       coalesce(own.theme, every.theme) AS theme
FROM theme_mentions AS m
LEFT JOIN theme_aliases AS own ON own.theme_key = m.theme_key AND own.board = m.board
LEFT JOIN every_board AS every ON every.theme_key = m.theme_key;
