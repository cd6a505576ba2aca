-- chase_list(f, no_update_days): open recommendations on the as-of date that an owner agency
-- must be chased for: past their due date, rated off track by the board's tracker (the rating
-- as it stood on the as-of date: filtered_recommendations), or with no progress update for
-- more than `no_update_days` calendar days (since the last update known on the as-of date,
-- else since agreed: queries.NO_UPDATE_FROM_AGREED says so beside the list). Each with the
-- review it came from and why it is listed, oldest due first. `f` comes without a year or
-- quarter: a chase list is of what is open on the as-of date, whenever it was agreed.
CREATE OR REPLACE MACRO chase_list(f, no_update_days) AS TABLE
WITH open_now AS (
    SELECT r.*,
           date_diff('day', coalesce(CASE WHEN r.last_updated <= f['as_of'] THEN r.last_updated
                                          END, r.agreed_date), f['as_of'])
               AS days_since_update                                  -- calendar days
    FROM filtered_recommendations(f) AS r
    WHERE r.is_open
)
SELECT owner, board, recommendation_id, review_id, recommendation, agreed_date, due_date,
       days_overdue, rating, status,
       CASE WHEN last_updated <= f['as_of'] THEN last_updated END AS last_updated,
       days_since_update,
       concat_ws('; ',
           CASE WHEN is_overdue THEN 'overdue by ' || days_overdue || ' days' END,
           CASE WHEN rating = 'off_track' THEN 'rated off track' END,
           CASE WHEN days_since_update > no_update_days
                THEN 'no update for ' || days_since_update || ' days' END) AS why
FROM open_now
WHERE is_overdue OR rating = 'off_track' OR days_since_update > no_update_days;
