-- source_items: every item that can carry themes, from all four data sets, with its date,
-- agency (the owner of a recommendation, the audited agency, the attendee's agency; reviews
-- have none) and theme text. A review's date is its decision (else notification, awareness or
-- rapid review) date.
CREATE OR REPLACE VIEW source_items AS
SELECT 'reviews' AS source, board, review_id AS item_id, board_type,
       coalesce(decision_date, notification_date, aware_date, rapid_review_date) AS item_date,
       NULL::VARCHAR AS agency, themes
FROM reviews
UNION ALL
SELECT 'recommendations', board, recommendation_id, board_type, agreed_date, owner, themes
FROM recommendations
UNION ALL
SELECT 'audits', board, audit_id, board_type, audit_date, agency, themes
FROM audits
UNION ALL
SELECT 'training', board, booking_id, board_type, session_date, agency, themes
FROM training_bookings;
