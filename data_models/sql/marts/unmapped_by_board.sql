-- unmapped_by_board(f): for each board and data set, within the filters, the theme mentions
-- that map to no theme: how many, how many different texts (the first five of them, A to Z)
-- and on how many items. For the Data quality page: what is left to map, board by board.
CREATE OR REPLACE MACRO unmapped_by_board(f) AS TABLE
SELECT m.board, m.source AS data_set, count(*) AS mentions,
       count(DISTINCT m.mention) AS texts,
       array_to_string(list_slice(list_sort(list_distinct(list(m.mention))), 1, 5), '; ')
           AS first_texts,
       count(DISTINCT m.item_id) AS items
FROM item_themes AS m
JOIN source_items AS i
  ON i.source = m.source AND i.board = m.board AND i.item_id = m.item_id
WHERE m.theme IS NULL
  AND board_wanted(f, i.board)
  AND board_type_wanted(f, i.board_type)
  AND date_wanted(f, i.item_date)
  AND (i.source = 'reviews' OR agency_wanted(f, i.agency))
GROUP BY m.board, m.source;
