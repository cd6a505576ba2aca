-- theme_trend(f, source_name): for each financial year, board type and theme, the items of one
-- data set naming the theme and their share of that year's items (percent). The caller asks
-- for every year (a trend); the theme filter picks the theme's rows.
CREATE OR REPLACE MACRO theme_trend(f, source_name) AS TABLE
WITH items AS (
    SELECT board, item_id, board_type, themes, financial_year(item_date) AS period
    FROM filtered_items(f, source_name)
),
totals AS (
    SELECT period, board_type, count(*) AS items_total FROM items GROUP BY ALL
)
SELECT i.period, i.board_type, t.theme,
       count(*) AS items_with_theme,
       any_value(tot.items_total) AS items_total,
       share_pct(count(*), any_value(tot.items_total)) AS share_pct
FROM items AS i
JOIN text_theme_set AS t ON t.board = i.board AND t.themes = i.themes
JOIN totals AS tot ON tot.period = i.period AND tot.board_type = i.board_type
WHERE f['theme'] IS NULL OR t.theme = f['theme']
GROUP BY i.period, i.board_type, t.theme;
