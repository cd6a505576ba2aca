-- training_uptake(board_name, type_name, period_name, quarter_name, agency_name, theme_name):
-- bookings by agency, workforce (board type), quarter and status, with confidence before and
-- after among those who attended. Aggregated here so a page never pulls every booking.
CREATE OR REPLACE MACRO training_uptake(board_name, type_name, period_name, quarter_name,
                                        agency_name, theme_name) AS TABLE
SELECT board, agency, board_type AS workforce, period, quarter, course, themes, status,
       count(*) AS bookings,
       count(DISTINCT (board, course, session_date)) AS sessions,
       sum(pre_confidence) FILTER (WHERE status = 'attended') AS pre_confidence_sum,
       count(pre_confidence) FILTER (WHERE status = 'attended') AS pre_confidence_n,
       sum(post_confidence) FILTER (WHERE status = 'attended') AS post_confidence_sum,
       count(post_confidence) FILTER (WHERE status = 'attended') AS post_confidence_n
FROM filtered_training(board_name, type_name, period_name, quarter_name, agency_name, theme_name)
GROUP BY ALL;
