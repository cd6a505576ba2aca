-- filtered_timescales(as_of, board_name, type_name, period_name, quarter_name, theme_name):
-- review_timescales with the dashboard's filters; a NULL filter means all. The figures for
-- board, board type and period equal timescale_detail's (and so the command line's).
CREATE OR REPLACE MACRO filtered_timescales(as_of, board_name, type_name, period_name,
                                            quarter_name, theme_name) AS TABLE
SELECT d.*, rule.label
FROM review_timescales(as_of) AS d
JOIN timescale_rules AS rule ON rule.rule_id = d.measure
WHERE (board_name IS NULL OR d.board = board_name)
  AND (type_name IS NULL OR d.board_type = type_name)
  AND (period_name IS NULL OR d.period = period_name)
  AND (quarter_name IS NULL OR d.quarter = quarter_name)
  AND names_theme('reviews', d.board, d.review_id, theme_name);
