-- timescale_detail(as_of, board_name, type_name, period_name): review_timescales for one
-- as-of date, filtered; a NULL filter means all. A measure belongs to the financial year of
-- its start date.
CREATE OR REPLACE MACRO timescale_detail(as_of, board_name, type_name, period_name) AS TABLE
SELECT *
FROM review_timescales(as_of)
WHERE (board_name IS NULL OR board = board_name)
  AND (type_name IS NULL OR board_type = type_name)
  AND (period_name IS NULL OR period = period_name);
