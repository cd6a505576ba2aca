-- item_themes: every theme mention with the theme it maps to, or NULL when it maps to none.
CREATE OR REPLACE VIEW item_themes AS
SELECT m.source, m.board, m.item_id, m.board_type, m.mention, m.theme_key, a.theme
FROM theme_mentions AS m
LEFT JOIN theme_aliases AS a ON a.theme_key = m.theme_key;
