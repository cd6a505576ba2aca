-- escalation_list(f, no_update_days, overdue_days): the recommendations of the chase list
-- for the executive: overdue by more than `overdue_days` calendar days, or rated off track in
-- each of the last two uploads of the board's tracker that carried it (an upload that gave no
-- rating breaks the run), of those made on or before the as-of date (the extract's own date),
-- and so still off track then. Most overdue first.
CREATE OR REPLACE MACRO escalation_list(f, no_update_days, overdue_days) AS TABLE
WITH rated AS (
    SELECT h.board, h.recommendation_id, h.rating,
           row_number() OVER (PARTITION BY h.board, h.recommendation_id
                              ORDER BY h.upload_id DESC) AS latest
    FROM recommendation_rating_history AS h
    JOIN uploads AS u ON u.upload_id = h.upload_id
    WHERE u.as_of <= f['as_of']
),
twice AS (
    SELECT board, recommendation_id
    FROM rated WHERE latest <= 2
    GROUP BY board, recommendation_id
    HAVING count(*) = 2 AND bool_and(coalesce(rating = 'off_track', false))
)
SELECT c.* EXCLUDE (why),
       concat_ws('; ',
           CASE WHEN c.days_overdue > overdue_days
                THEN 'overdue by ' || c.days_overdue || ' days' END,
           CASE WHEN t.board IS NOT NULL AND c.rating = 'off_track'
                THEN 'rated off track in two successive uploads' END) AS why
FROM chase_list(f, no_update_days) AS c
LEFT JOIN twice AS t USING (board, recommendation_id)
WHERE c.days_overdue > overdue_days OR (t.board IS NOT NULL AND c.rating = 'off_track');
