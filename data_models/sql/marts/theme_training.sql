-- theme_training(f): for each theme, the training sessions (board, course and date) that
-- covered it and the people who attended them, with the filters.
CREATE OR REPLACE MACRO theme_training(f) AS TABLE
SELECT t.theme, count(DISTINCT (b.board, b.course, b.session_date)) AS training_sessions,
       count(*) FILTER (WHERE b.status = 'attended') AS training_attendees
FROM filtered_training(f) AS b
JOIN text_theme_set AS t ON t.board = b.board AND t.themes = b.themes
WHERE f['theme'] IS NULL OR t.theme = f['theme']
GROUP BY t.theme;
