-- theme_items: each item's mapped themes with the item's board, board type and financial
-- year, for prevalence over time and the learning loop.
CREATE OR REPLACE VIEW theme_items AS
SELECT DISTINCT t.source, t.board, t.item_id, t.board_type, t.theme,
       financial_year(i.item_date) AS period
FROM item_themes AS t
JOIN source_items AS i
  ON i.source = t.source AND i.board = t.board AND i.item_id = t.item_id
WHERE t.theme IS NOT NULL;
