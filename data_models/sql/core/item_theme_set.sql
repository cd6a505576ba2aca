-- item_theme_set(f, source_name): each item of one data set with each theme it maps to, once
-- (an item naming a theme twice, through two of its names or two of its mentions, counts
-- once), for the boards the filters allow. Without item dates, for joins to a filtered relation
-- that has the item.
CREATE OR REPLACE MACRO item_theme_set(f, source_name) AS TABLE
SELECT DISTINCT board, item_id, theme
FROM item_themes
WHERE source = source_name AND theme IS NOT NULL
  AND board_wanted(f, board);
