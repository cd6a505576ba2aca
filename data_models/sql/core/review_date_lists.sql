-- review_date_lists: each review's types and date columns (every column named *_date), the
-- dates as one list in the table's order, and the latest of them (NULL: none recorded). A
-- clock is kept with its review's list, and read only while the review still has it
-- (review_clocks_on).
CREATE OR REPLACE VIEW review_date_lists AS
SELECT board, review_id, board_type, review_type, dates, list_max(dates) AS latest_date
FROM (SELECT board, review_id, board_type, review_type, [*COLUMNS('_date$')] AS dates
      FROM reviews);
