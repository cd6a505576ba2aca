-- Migration 20: each person sees only their own boards, so what is recorded of uploads and
-- exports says which boards it concerns.

-- The boards an upload's rows name (stored or rejected). NULL where that is not known (an
-- upload made before this migration whose records were replaced since, or a file that could
-- not be read): such an upload is shown only to people with every board.
ALTER TABLE uploads ADD COLUMN IF NOT EXISTS boards VARCHAR[];
UPDATE uploads AS u SET boards = held.boards
FROM (
    SELECT upload_id, list_sort(list(DISTINCT board)) AS boards FROM (
        SELECT upload_id, board FROM reviews
        UNION ALL SELECT upload_id, board FROM recommendations
        UNION ALL SELECT upload_id, board FROM audits
        UNION ALL SELECT upload_id, board FROM training_bookings)
    GROUP BY upload_id
) AS held
WHERE u.upload_id = held.upload_id AND u.boards IS NULL;

-- The boards an export could reach: the person's scope when it was made (NULL: every board).
ALTER TABLE exports ADD COLUMN IF NOT EXISTS scope VARCHAR[];
