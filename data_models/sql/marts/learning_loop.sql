-- learning_loop(as_of, board_name, type_name, period_name): for each theme, how far the loop
-- from learning to changed practice has turned: reviews that raised it, recommendations on it
-- (open, overdue), audits that examined it (graded good or better, or below), and training
-- sessions and attendees that covered it. A theme raised by reviews but examined by no audit
-- or covered by no training stands out.
CREATE OR REPLACE MACRO learning_loop(as_of, board_name, type_name, period_name) AS TABLE
WITH raised AS (
    SELECT theme, count(DISTINCT (board, item_id)) AS reviews
    FROM theme_items
    WHERE source = 'reviews'
      AND (board_name IS NULL OR board = board_name)
      AND (type_name IS NULL OR board_type = type_name)
      AND (period_name IS NULL OR period = period_name)
    GROUP BY theme
),
recommended AS (
    SELECT t.theme, count(*) AS recommendations,
           count(*) FILTER (WHERE r.is_open) AS recommendations_open,
           count(*) FILTER (WHERE r.is_overdue) AS recommendations_overdue
    FROM filtered_recommendations(as_of, board_name, type_name, period_name, NULL, NULL, NULL) AS r
    JOIN item_theme_set('recommendations', board_name) AS t
      ON t.board = r.board AND t.item_id = r.recommendation_id
    GROUP BY t.theme
),
audited AS (
    SELECT t.theme, count(*) AS audits,
           count(*) FILTER (WHERE a.good_or_better) AS audits_good_or_better,
           count(*) FILTER (WHERE NOT a.good_or_better) AS audits_below_good
    FROM filtered_audits(board_name, type_name, period_name, NULL, NULL, NULL) AS a
    JOIN item_theme_set('audits', board_name) AS t ON t.board = a.board AND t.item_id = a.audit_id
    GROUP BY t.theme
),
trained AS (
    SELECT * FROM theme_training(board_name, type_name, period_name)
)
SELECT th.theme,
       coalesce(raised.reviews, 0) AS reviews,
       coalesce(recommended.recommendations, 0) AS recommendations,
       coalesce(recommended.recommendations_open, 0) AS recommendations_open,
       coalesce(recommended.recommendations_overdue, 0) AS recommendations_overdue,
       coalesce(audited.audits, 0) AS audits,
       coalesce(audited.audits_good_or_better, 0) AS audits_good_or_better,
       coalesce(audited.audits_below_good, 0) AS audits_below_good,
       coalesce(trained.training_sessions, 0) AS training_sessions,
       coalesce(trained.training_attendees, 0) AS training_attendees,
       coalesce(raised.reviews, 0) > 0 AND coalesce(audited.audits, 0) = 0 AS not_audited,
       coalesce(raised.reviews, 0) > 0 AND coalesce(trained.training_sessions, 0) = 0 AS not_trained,
       th.sort_order
FROM themes AS th
LEFT JOIN raised USING (theme)
LEFT JOIN recommended USING (theme)
LEFT JOIN audited USING (theme)
LEFT JOIN trained USING (theme)
WHERE coalesce(raised.reviews, 0) + coalesce(recommended.recommendations, 0)
    + coalesce(audited.audits, 0) + coalesce(trained.training_sessions, 0) > 0
ORDER BY th.sort_order;
