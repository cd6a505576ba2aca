-- filtered_training(f): training bookings with the filters. A course for both workforces
-- ('both') counts for either board type; the agency is the attendee's.
CREATE OR REPLACE MACRO filtered_training(f) AS TABLE
SELECT b.* EXCLUDE (upload_id),
       financial_year(b.session_date) AS period,
       financial_quarter(b.session_date) AS quarter
FROM training_bookings AS b
WHERE board_wanted(f, b.board)
  AND board_type_wanted(f, b.board_type)
  AND date_wanted(f, b.session_date)
  AND agency_wanted(f, b.agency)
  AND text_wanted(f, b.board, b.themes);
