-- filtered_recommendations(as_of, board_name, type_name, period_name, quarter_name,
-- agency_name, theme_name): recommendations with their state on the as-of date. The period
-- is the financial year they were agreed in; the agency is the owner.
-- Open means not started or in progress; overdue means open past its due date.
CREATE OR REPLACE MACRO filtered_recommendations(as_of, board_name, type_name, period_name,
                                                 quarter_name, agency_name, theme_name) AS TABLE
SELECT r.* EXCLUDE (upload_id),
       financial_year(r.agreed_date) AS period,
       financial_quarter(r.agreed_date) AS quarter,
       r.status IN ('not_started', 'in_progress') AS is_open,
       r.status IN ('not_started', 'in_progress') AND r.due_date < as_of AS is_overdue,
       CASE WHEN r.status IN ('not_started', 'in_progress') AND r.due_date < as_of
            THEN date_diff('day', r.due_date, as_of) END AS days_overdue,
       CASE WHEN r.status IN ('not_started', 'in_progress')
            THEN date_diff('day', r.agreed_date, as_of) END AS age_days   -- calendar days
FROM recommendations AS r
WHERE (board_name IS NULL OR r.board = board_name)
  AND (type_name IS NULL OR r.board_type = type_name)
  AND (period_name IS NULL OR in_financial_year(r.agreed_date, period_name))
  AND (quarter_name IS NULL OR in_financial_quarter(r.agreed_date, quarter_name))
  AND (agency_name IS NULL OR r.owner = agency_name)
  AND names_theme('recommendations', r.board, r.recommendation_id, theme_name);
