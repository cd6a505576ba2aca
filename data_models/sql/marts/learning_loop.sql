-- learning_loop(f): for each theme, how far the loop from learning to changed practice has
-- turned, with the filters: reviews that raised it (reviews have no agency, so that filter
-- leaves them all), recommendations on it (open, overdue), audits that examined it (graded
-- good or better, or below), and training sessions and attendees that covered it. `gap` says
-- which link is missing for a theme reviews raised: no audit, no training, or neither.
CREATE OR REPLACE MACRO learning_loop(f) AS TABLE
WITH raised AS (
    SELECT t.theme, count(*) AS reviews
    FROM filtered_items(f, 'reviews') AS i
    JOIN text_theme_set AS t ON t.board = i.board AND t.themes = i.themes
    GROUP BY t.theme
),
recommended AS (
    SELECT t.theme, count(*) AS recommendations,
           count(*) FILTER (WHERE r.is_open) AS recommendations_open,
           count(*) FILTER (WHERE r.is_overdue) AS recommendations_overdue
    FROM filtered_recommendations(f) AS r
    JOIN text_theme_set AS t ON t.board = r.board AND t.themes = r.themes
    GROUP BY t.theme
),
audited AS (
    SELECT t.theme, count(*) AS audits,
           count(*) FILTER (WHERE a.good_or_better) AS audits_good_or_better,
           count(*) FILTER (WHERE NOT a.good_or_better) AS audits_below_good
    FROM filtered_audits(f) AS a
    JOIN text_theme_set AS t ON t.board = a.board AND t.themes = a.themes
    GROUP BY t.theme
),
loop AS (
    SELECT th.theme, th.sort_order,
           coalesce(raised.reviews, 0) AS reviews,
           coalesce(recommended.recommendations, 0) AS recommendations,
           coalesce(recommended.recommendations_open, 0) AS recommendations_open,
           coalesce(recommended.recommendations_overdue, 0) AS recommendations_overdue,
           coalesce(audited.audits, 0) AS audits,
           coalesce(audited.audits_good_or_better, 0) AS audits_good_or_better,
           coalesce(audited.audits_below_good, 0) AS audits_below_good,
           coalesce(trained.training_sessions, 0) AS training_sessions,
           coalesce(trained.training_attendees, 0) AS training_attendees
    FROM themes AS th
    LEFT JOIN raised USING (theme)
    LEFT JOIN recommended USING (theme)
    LEFT JOIN audited USING (theme)
    LEFT JOIN theme_training(f) AS trained USING (theme)
    WHERE f['theme'] IS NULL OR th.theme = f['theme']
)
SELECT theme,
       CASE WHEN reviews = 0 THEN NULL
            WHEN audits = 0 AND training_sessions = 0 THEN 'no audit and no training'
            WHEN audits = 0 THEN 'no audit'
            WHEN training_sessions = 0 THEN 'no training'
       END AS gap,
       reviews, recommendations, recommendations_open, recommendations_overdue,
       audits, audits_good_or_better, audits_below_good, training_sessions, training_attendees,
       reviews > 0 AND audits = 0 AS not_audited,
       reviews > 0 AND training_sessions = 0 AS not_trained,
       sort_order
FROM loop
WHERE reviews + recommendations + audits + training_sessions > 0;
