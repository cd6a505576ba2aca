-- theme_training(board_name, type_name, period_name): for each theme, the training sessions
-- (board, course and date) that covered it and the people who attended them.
CREATE OR REPLACE MACRO theme_training(board_name, type_name, period_name) AS TABLE
SELECT t.theme, count(DISTINCT (b.board, b.course, b.session_date)) AS training_sessions,
       count(*) FILTER (WHERE b.status = 'attended') AS training_attendees
FROM filtered_training(board_name, type_name, period_name, NULL, NULL, NULL) AS b
JOIN item_theme_set('training', board_name) AS t
  ON t.board = b.board AND t.item_id = b.booking_id
GROUP BY t.theme;
