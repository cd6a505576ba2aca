-- unmapped_by_board(f): for each board and data set, within the filters, the theme mentions
-- that map to no theme: how many, how many different texts (the first five of them, A to Z)
-- and on how many items. For the Data quality page: what is left to map, board by board.
-- (As item_themes, with the items filtered first.)
CREATE OR REPLACE MACRO unmapped_by_board(f) AS TABLE
SELECT i.board, i.source AS data_set, count(*) AS mentions,
       count(DISTINCT t.mention) AS texts,
       array_to_string(list_slice(list_sort(list_distinct(list(t.mention))), 1, 5), '; ')
           AS first_texts,
       count(DISTINCT i.item_id) AS items
FROM source_items AS i
JOIN theme_texts AS t ON t.themes = i.themes
LEFT JOIN mention_themes AS m ON m.board = i.board AND m.theme_key = t.theme_key
WHERE m.theme IS NULL
  AND board_wanted(f, i.board)
  AND board_type_wanted(f, i.board_type)
  AND date_wanted(f, i.item_date)
  AND (i.source = 'reviews' OR agency_wanted(f, i.agency))
GROUP BY i.board, i.source;
