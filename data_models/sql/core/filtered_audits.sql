-- filtered_audits(board_name, type_name, period_name, quarter_name, agency_name, theme_name):
-- audits with the dashboard's filters; the period is the financial year of the audit date.
CREATE OR REPLACE MACRO filtered_audits(board_name, type_name, period_name, quarter_name,
                                        agency_name, theme_name) AS TABLE
SELECT a.* EXCLUDE (upload_id),
       financial_year(a.audit_date) AS period,
       financial_quarter(a.audit_date) AS quarter,
       a.grade IN ('outstanding', 'good') AS good_or_better
FROM audits AS a
WHERE (board_name IS NULL OR a.board = board_name)
  AND (type_name IS NULL OR a.board_type = type_name)
  AND (period_name IS NULL OR in_financial_year(a.audit_date, period_name))
  AND (quarter_name IS NULL OR in_financial_quarter(a.audit_date, quarter_name))
  AND (agency_name IS NULL OR a.agency = agency_name)
  AND names_theme('audits', a.board, a.audit_id, theme_name);
