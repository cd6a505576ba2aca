-- filtered_audits(f): audits with the filters; the period is the financial year of the audit
-- date, the agency the audited agency.
CREATE OR REPLACE MACRO filtered_audits(f) AS TABLE
SELECT a.* EXCLUDE (upload_id),
       financial_year(a.audit_date) AS period,
       financial_quarter(a.audit_date) AS quarter,
       g.good_or_better                                   -- from the audit_grades reference table
FROM audits AS a
JOIN audit_grades AS g ON g.grade = a.grade
WHERE board_wanted(f, a.board)
  AND board_type_wanted(f, a.board_type)
  AND date_wanted(f, a.audit_date)
  AND agency_wanted(f, a.agency)
  AND text_wanted(f, a.board, a.themes);
