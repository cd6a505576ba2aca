-- headline_indicators(f): for each board type, with the filters: recommendations agreed in the
-- period that are open and overdue on the as-of date, audits and those graded good or better,
-- and training bookings and those attended (a course for both workforces counts for each).
CREATE OR REPLACE MACRO headline_indicators(f) AS TABLE
WITH types AS (
    SELECT board_type, sort_order FROM board_types
),
recommended AS (
    SELECT board_type, count(*) FILTER (WHERE is_open) AS recommendations_open,
           count(*) FILTER (WHERE is_overdue) AS recommendations_overdue
    FROM filtered_recommendations(f) GROUP BY board_type
),
audited AS (
    SELECT board_type, count(*) AS audits,
           count(*) FILTER (WHERE good_or_better) AS audits_good_or_better
    FROM filtered_audits(f) GROUP BY board_type
),
booked AS (
    SELECT t.board_type, count(*) AS bookings,
           count(*) FILTER (WHERE b.status = 'attended') AS attended
    FROM types AS t
    JOIN filtered_training(f) AS b ON b.board_type IN (t.board_type, 'both')
    GROUP BY t.board_type
)
SELECT t.board_type,
       coalesce(r.recommendations_open, 0) AS recommendations_open,
       coalesce(r.recommendations_overdue, 0) AS recommendations_overdue,
       coalesce(a.audits, 0) AS audits,
       coalesce(a.audits_good_or_better, 0) AS audits_good_or_better,
       share_pct(coalesce(a.audits_good_or_better, 0), coalesce(a.audits, 0)) AS good_or_better_pct,
       coalesce(b.bookings, 0) AS bookings,
       coalesce(b.attended, 0) AS attended,
       share_pct(coalesce(b.attended, 0), coalesce(b.bookings, 0)) AS attendance_pct,
       t.sort_order
FROM types AS t
LEFT JOIN recommended AS r USING (board_type)
LEFT JOIN audited AS a USING (board_type)
LEFT JOIN booked AS b USING (board_type)
WHERE board_type_wanted(f, t.board_type);
