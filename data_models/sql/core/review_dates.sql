-- review_dates: the reviews' date columns as rows, so that a timescale rule can name the
-- columns that start and stop its clock as data.
CREATE OR REPLACE VIEW review_dates AS
UNPIVOT (
    SELECT board, review_id, aware_date, notification_date, rapid_review_date, decision_date,
           report_sent_date, completed_date, publication_date
    FROM reviews
)
ON aware_date, notification_date, rapid_review_date, decision_date,
   report_sent_date, completed_date, publication_date
INTO NAME column_name VALUE day;
