-- data_freshness(f): for each data set, the records held for the boards and board type the
-- filters name (every year: freshness is of all that is held), the latest date they hold, and
-- the last upload that added or changed one of them, with when it was stored.
CREATE OR REPLACE MACRO data_freshness(f) AS TABLE
WITH held AS (
    SELECT 'reviews' AS kind, count(*) AS records,
           max(greatest(aware_date, notification_date, rapid_review_date, decision_date,
                        report_sent_date, completed_date, publication_date)) AS latest_date,
           max(upload_id) AS last_upload_id
    FROM reviews WHERE board_wanted(f, board) AND board_type_wanted(f, board_type)
    UNION ALL
    SELECT 'recommendations', count(*), max(greatest(agreed_date, completed_date, last_updated)),
           max(upload_id)
    FROM recommendations WHERE board_wanted(f, board) AND board_type_wanted(f, board_type)
    UNION ALL
    SELECT 'audits', count(*), max(audit_date), max(upload_id)
    FROM audits WHERE board_wanted(f, board) AND board_type_wanted(f, board_type)
    UNION ALL
    SELECT 'training', count(*), max(session_date), max(upload_id)
    FROM training_bookings WHERE board_wanted(f, board) AND board_type_wanted(f, board_type)
)
SELECT h.kind, h.records, h.latest_date, u.received_at AS last_upload, h.last_upload_id
FROM held AS h
LEFT JOIN uploads AS u ON u.upload_id = h.last_upload_id;
