-- item_theme_set(source_name, board_name): each item of one data set with each theme it maps
-- to, once (an item naming a theme twice, through two of its names, counts once). Without the
-- item dates of theme_items, for joins to a filtered_* relation that has the item already.
CREATE OR REPLACE MACRO item_theme_set(source_name, board_name) AS TABLE
SELECT DISTINCT board, item_id, theme
FROM item_themes
WHERE source = source_name AND theme IS NOT NULL
  AND (board_name IS NULL OR board = board_name);
