-- recommendation_status(f): recommendations by owner and status, with how many are overdue on
-- the as-of date, most recommendations first.
CREATE OR REPLACE MACRO recommendation_status(f) AS TABLE
SELECT owner,
       count(*) FILTER (WHERE status = 'not_started') AS not_started,
       count(*) FILTER (WHERE status = 'in_progress') AS in_progress,
       count(*) FILTER (WHERE status = 'completed') AS completed,
       count(*) FILTER (WHERE status = 'assured') AS assured,
       count(*) FILTER (WHERE status = 'not_implemented') AS not_implemented,
       count(*) FILTER (WHERE is_overdue) AS overdue,
       count(*) AS total
FROM filtered_recommendations(f)
GROUP BY owner;
