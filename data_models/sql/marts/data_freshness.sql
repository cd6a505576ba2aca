-- data_freshness: for each data set, how many records, the latest date they hold, and when
-- an extract of it was last stored.
CREATE OR REPLACE VIEW data_freshness AS
WITH latest AS (
    SELECT 'reviews' AS kind, count(*) AS records,
           max(greatest(aware_date, notification_date, rapid_review_date, decision_date,
                        report_sent_date, completed_date, publication_date)) AS latest_date
    FROM reviews
    UNION ALL
    SELECT 'recommendations', count(*), max(greatest(agreed_date, completed_date, last_updated))
    FROM recommendations
    UNION ALL
    SELECT 'audits', count(*), max(audit_date) FROM audits
    UNION ALL
    SELECT 'training', count(*), max(session_date) FROM training_bookings
),
uploaded AS (
    SELECT kind, max(received_at) AS last_upload
    FROM uploads
    WHERE outcome IN ('stored', 'unchanged')
    GROUP BY kind
)
SELECT l.kind, l.records, l.latest_date, u.last_upload
FROM latest AS l
LEFT JOIN uploaded AS u USING (kind);
