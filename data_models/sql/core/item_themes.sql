-- item_themes: every theme mention with each theme it maps to, one row per theme, or one row
-- with theme NULL when it maps to none. A mention maps to each theme whose label or alias it
-- holds as whole words, the longest first ("Private law proceedings" is parallel proceedings;
-- "CAMHS and domestic abuse" is two themes). A board's own alias maps only that board's
-- mentions and wins over an alias for every board. The mapping is worked out once per board and
-- distinct text and kept in mention_themes (data_models.theme_matching), so this is a plain
-- hash join.
CREATE OR REPLACE VIEW item_themes AS
SELECT m.source, m.board, m.item_id, m.board_type, m.mention, m.theme_key, t.theme
FROM theme_mentions AS m
LEFT JOIN mention_themes AS t ON t.board = m.board AND t.theme_key = m.theme_key;
