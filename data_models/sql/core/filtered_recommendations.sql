-- filtered_recommendations(f): recommendations with their state on the as-of date, with the
-- filters. The period is the financial year they were agreed in; the agency is the owner.
-- Open means a status the recommendation_statuses reference table marks open (not started,
-- in progress); overdue means open past its due date.
CREATE OR REPLACE MACRO filtered_recommendations(f) AS TABLE
SELECT r.* EXCLUDE (upload_id),
       financial_year(r.agreed_date) AS period,
       financial_quarter(r.agreed_date) AS quarter,
       s.is_open,
       s.is_open AND r.due_date < f['as_of'] AS is_overdue,
       CASE WHEN s.is_open AND r.due_date < f['as_of']
            THEN date_diff('day', r.due_date, f['as_of']) END AS days_overdue,   -- calendar days
       CASE WHEN s.is_open
            THEN date_diff('day', r.agreed_date, f['as_of']) END AS age_days     -- calendar days
FROM recommendations AS r
JOIN recommendation_statuses AS s ON s.status = r.status
WHERE board_wanted(f, r.board)
  AND board_type_wanted(f, r.board_type)
  AND date_wanted(f, r.agreed_date)
  AND agency_wanted(f, r.owner)
  AND text_wanted(f, r.board, r.themes);
