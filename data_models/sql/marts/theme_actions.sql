-- theme_actions(f, chosen): for each theme (or the one chosen) and financial year, what the
-- board did about it: recommendations agreed (by the year agreed), completed and assured with
-- evidence of impact (by the year completed), training sessions (board, course and date)
-- delivered (someone attended) and their attendees, and audits held on it. `f` comes without
-- a year, quarter or theme: the years are the rows.
CREATE OR REPLACE MACRO theme_actions(f, chosen) AS TABLE
WITH recs AS (
    SELECT t.theme, r.agreed_date, r.completed_date, r.status,
           r.status = 'assured' AND r.evidence_of_impact IS NOT NULL AS with_evidence
    FROM filtered_recommendations(f) AS r
    JOIN text_theme_set AS t ON t.board = r.board AND t.themes = r.themes
    WHERE chosen IS NULL OR t.theme = chosen
),
events AS (
    SELECT theme, financial_year(agreed_date) AS period, 'agreed' AS what, NULL AS session
    FROM recs WHERE agreed_date IS NOT NULL
    UNION ALL
    SELECT theme, financial_year(completed_date), 'completed', NULL
    FROM recs WHERE status IN ('completed', 'assured') AND completed_date IS NOT NULL
    UNION ALL
    SELECT theme, financial_year(completed_date), 'assured_with_evidence', NULL
    FROM recs WHERE with_evidence AND completed_date IS NOT NULL
    UNION ALL
    SELECT t.theme, financial_year(b.session_date),
           CASE WHEN b.status = 'attended' THEN 'attended' ELSE 'booked' END,
           (b.board, b.course, b.session_date)
    FROM filtered_training(f) AS b
    JOIN text_theme_set AS t ON t.board = b.board AND t.themes = b.themes
    WHERE (chosen IS NULL OR t.theme = chosen) AND b.session_date <= f['as_of']
    UNION ALL
    SELECT t.theme, financial_year(a.audit_date), 'audit', NULL
    FROM filtered_audits(f) AS a
    JOIN text_theme_set AS t ON t.board = a.board AND t.themes = a.themes
    WHERE (chosen IS NULL OR t.theme = chosen) AND a.audit_date <= f['as_of']
)
SELECT theme, period,
       count(*) FILTER (WHERE what = 'agreed') AS recommendations_agreed,
       count(*) FILTER (WHERE what = 'completed') AS recommendations_completed,
       count(*) FILTER (WHERE what = 'assured_with_evidence') AS assured_with_evidence,
       count(DISTINCT session) FILTER (WHERE what = 'attended') AS training_sessions,
       count(*) FILTER (WHERE what = 'attended') AS training_attendees,
       count(*) FILTER (WHERE what = 'audit') AS audits
FROM events
WHERE period IS NOT NULL
GROUP BY theme, period;
