-- filtered_training(board_name, type_name, period_name, quarter_name, agency_name, theme_name):
-- training bookings with the dashboard's filters. A course for both workforces ('both')
-- counts for either board type.
CREATE OR REPLACE MACRO filtered_training(board_name, type_name, period_name, quarter_name,
                                          agency_name, theme_name) AS TABLE
SELECT b.* EXCLUDE (upload_id),
       financial_year(b.session_date) AS period,
       financial_quarter(b.session_date) AS quarter
FROM training_bookings AS b
WHERE (board_name IS NULL OR b.board = board_name)
  AND (type_name IS NULL OR b.board_type IN (type_name, 'both'))
  AND (period_name IS NULL OR in_financial_year(b.session_date, period_name))
  AND (quarter_name IS NULL OR in_financial_quarter(b.session_date, quarter_name))
  AND (agency_name IS NULL OR b.agency = agency_name)
  AND names_theme('training', b.board, b.booking_id, theme_name);
