-- review_theme_trend(board_name, type_name): for each financial year, board type and theme,
-- the reviews raising the theme and their share of that year's reviews (percent).
CREATE OR REPLACE MACRO review_theme_trend(board_name, type_name) AS TABLE
WITH items AS (
    SELECT board, item_id, board_type, financial_year(item_date) AS period
    FROM source_items
    WHERE source = 'reviews'
      AND (board_name IS NULL OR board = board_name)
      AND (type_name IS NULL OR board_type = type_name)
),
totals AS (
    SELECT period, board_type, count(*) AS items_total FROM items GROUP BY ALL
)
SELECT i.period, i.board_type, t.theme,
       count(DISTINCT (i.board, i.item_id)) AS items_with_theme,
       any_value(tot.items_total) AS items_total,
       round(100.0 * count(DISTINCT (i.board, i.item_id)) / any_value(tot.items_total), 1)
           AS share_pct
FROM items AS i
JOIN theme_items AS t ON t.source = 'reviews' AND t.board = i.board AND t.item_id = i.item_id
JOIN totals AS tot ON tot.period = i.period AND tot.board_type = i.board_type
GROUP BY i.period, i.board_type, t.theme;
