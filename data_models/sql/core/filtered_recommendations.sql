-- filtered_recommendations(f): recommendations with their state on the as-of date, with the
-- filters. The period is the financial year they were agreed in; the agency is the owner.
-- Open means not started or in progress; overdue means open past its due date.
CREATE OR REPLACE MACRO filtered_recommendations(f) AS TABLE
SELECT r.* EXCLUDE (upload_id),
       financial_year(r.agreed_date) AS period,
       financial_quarter(r.agreed_date) AS quarter,
       r.status IN ('not_started', 'in_progress') AS is_open,
       r.status IN ('not_started', 'in_progress') AND r.due_date < f['as_of'] AS is_overdue,
       CASE WHEN r.status IN ('not_started', 'in_progress') AND r.due_date < f['as_of']
            THEN date_diff('day', r.due_date, f['as_of']) END AS days_overdue,   -- calendar days
       CASE WHEN r.status IN ('not_started', 'in_progress')
            THEN date_diff('day', r.agreed_date, f['as_of']) END AS age_days     -- calendar days
FROM recommendations AS r
WHERE board_wanted(f, r.board)
  AND board_type_wanted(f, r.board_type)
  AND date_wanted(f, r.agreed_date)
  AND agency_wanted(f, r.owner)
  AND theme_wanted(f, 'recommendations', r.board, r.recommendation_id);
