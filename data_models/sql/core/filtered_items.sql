-- filtered_items(f, source_name): the items of one data set within the board, board type, year,
-- quarter and agency filters (reviews have no agency, so that filter leaves them all). The
-- theme filter is not applied: the base of a theme's share is every item.
CREATE OR REPLACE MACRO filtered_items(f, source_name) AS TABLE
SELECT *
FROM source_items
WHERE source = source_name
  AND board_wanted(f, board)
  AND board_type_wanted(f, board_type)
  AND date_wanted(f, item_date)
  AND (source = 'reviews' OR agency_wanted(f, agency));
