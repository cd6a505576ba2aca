-- item_theme_set(f, source_name): each item of one data set with each theme it maps to, once
-- (an item naming a theme twice, through two of its names or two of its mentions, counts
-- once), for the boards the filters allow. Without item dates, for joins to a filtered relation
-- that has the item. An item's themes are its text's (text_theme_set), so a million training
-- bookings join a table of a few thousand rows.
CREATE OR REPLACE MACRO item_theme_set(f, source_name) AS TABLE
SELECT i.board, i.item_id, s.theme
FROM source_items AS i
JOIN text_theme_set AS s ON s.board = i.board AND s.themes = i.themes
WHERE i.source = source_name
  AND board_wanted(f, i.board);
