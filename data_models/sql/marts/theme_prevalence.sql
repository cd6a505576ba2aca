-- theme_prevalence(source_name): for each theme and board type, how many items of the source
-- name it and what share of all that board type's items that is (percent, one decimal).
-- A theme that does not apply to a board type is listed only where items name it.
CREATE OR REPLACE MACRO theme_prevalence(source_name) AS TABLE
WITH totals AS (
    SELECT board_type, count(*) AS items_total
    FROM source_items
    WHERE source = source_name
    GROUP BY board_type
),
counts AS (
    SELECT theme, board_type, count(DISTINCT (board, item_id)) AS items_with_theme
    FROM item_themes
    WHERE source = source_name AND theme IS NOT NULL
    GROUP BY theme, board_type
)
SELECT t.theme,
       tot.board_type,
       coalesce(c.items_with_theme, 0) AS items_with_theme,
       tot.items_total,
       round(100.0 * coalesce(c.items_with_theme, 0) / tot.items_total, 1) AS share_pct,
       t.sort_order
FROM themes AS t
CROSS JOIN totals AS tot
LEFT JOIN counts AS c ON c.theme = t.theme AND c.board_type = tot.board_type
WHERE t.boards IN ('both', tot.board_type)
   OR tot.board_type = 'both'
   OR c.items_with_theme > 0;
