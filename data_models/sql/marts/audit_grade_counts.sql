-- audit_grade_counts(f): audits by grade, for all audits and for each agency and financial year
-- (`grouped_by` says which), with the share graded good or better (percent, one decimal) and
-- the actions the audits raised and completed.
CREATE OR REPLACE MACRO audit_grade_counts(f) AS TABLE
SELECT CASE WHEN GROUPING(agency) = 0 THEN 'agency'
            WHEN GROUPING(period) = 0 THEN 'period'
            ELSE 'all' END AS grouped_by,
       agency, period,
       count(*) FILTER (WHERE grade = 'outstanding') AS outstanding,
       count(*) FILTER (WHERE grade = 'good') AS good,
       count(*) FILTER (WHERE grade = 'requires_improvement') AS requires_improvement,
       count(*) FILTER (WHERE grade = 'inadequate') AS inadequate,
       count(*) AS total,
       share_pct(count(*) FILTER (WHERE good_or_better), count(*)) AS good_or_better_pct,
       coalesce(sum(actions_raised), 0)::BIGINT AS actions_raised,
       coalesce(sum(actions_completed), 0)::BIGINT AS actions_completed
FROM filtered_audits(f)
GROUP BY GROUPING SETS ((agency), (period), ());
