-- theme_shares(f, source_name): for each theme and board type, how many of one data set's items
-- name it and what share of all that board type's items that is (percent, one decimal), with
-- the filters. The theme filter picks the theme's rows; the base is still every item. A theme
-- that does not apply to a board type is listed only where items name it.
CREATE OR REPLACE MACRO theme_shares(f, source_name) AS TABLE
WITH items AS (
    SELECT board, item_id, board_type, themes FROM filtered_items(f, source_name)
),
totals AS (
    SELECT board_type, count(*) AS items_total FROM items GROUP BY board_type
),
counts AS (
    SELECT t.theme, i.board_type, count(*) AS items_with_theme
    FROM items AS i
    JOIN text_theme_set AS t ON t.board = i.board AND t.themes = i.themes
    GROUP BY ALL
)
SELECT th.theme, tot.board_type,
       coalesce(c.items_with_theme, 0) AS items_with_theme,
       tot.items_total,
       share_pct(coalesce(c.items_with_theme, 0), tot.items_total) AS share_pct,
       th.sort_order
FROM themes AS th
CROSS JOIN totals AS tot
LEFT JOIN counts AS c ON c.theme = th.theme AND c.board_type = tot.board_type
WHERE (th.boards IN ('both', tot.board_type) OR tot.board_type = 'both' OR c.items_with_theme > 0)
  AND (f['theme'] IS NULL OR th.theme = f['theme']);
