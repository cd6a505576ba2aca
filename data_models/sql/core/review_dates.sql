-- review_dates: the reviews' date columns (every column named *_date: the review_date_columns
-- reference table lists them with their labels) as rows, so that a timescale rule can name the
-- columns that start and stop its clock as data.
CREATE OR REPLACE VIEW review_dates AS
UNPIVOT (SELECT board, review_id, COLUMNS('_date$') FROM reviews)
ON COLUMNS('_date$')
INTO NAME column_name VALUE day;
