-- review_theme_shares(board_name, type_name, period_name): for each theme and board type,
-- the reviews that raise it and their share of all that board type's reviews (percent, one
-- decimal). A review belongs to the financial year of its decision (else notification,
-- awareness or rapid review) date.
CREATE OR REPLACE MACRO review_theme_shares(board_name, type_name, period_name) AS TABLE
WITH items AS (
    SELECT board, item_id, board_type
    FROM source_items
    WHERE source = 'reviews'
      AND (board_name IS NULL OR board = board_name)
      AND (type_name IS NULL OR board_type = type_name)
      AND (period_name IS NULL OR in_financial_year(item_date, period_name))
),
totals AS (
    SELECT board_type, count(*) AS items_total FROM items GROUP BY board_type
),
counts AS (
    SELECT t.theme, i.board_type, count(DISTINCT (i.board, i.item_id)) AS items_with_theme
    FROM items AS i
    JOIN theme_items AS t
      ON t.source = 'reviews' AND t.board = i.board AND t.item_id = i.item_id
    GROUP BY ALL
)
SELECT th.theme, tot.board_type,
       coalesce(c.items_with_theme, 0) AS items_with_theme,
       tot.items_total,
       round(100.0 * coalesce(c.items_with_theme, 0) / tot.items_total, 1) AS share_pct,
       th.sort_order
FROM themes AS th
CROSS JOIN totals AS tot
LEFT JOIN counts AS c ON c.theme = th.theme AND c.board_type = tot.board_type
WHERE th.boards IN ('both', tot.board_type) OR c.items_with_theme > 0;
