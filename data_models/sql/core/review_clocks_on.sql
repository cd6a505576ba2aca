-- review_clocks_on(as_of, use_kept): one row per review and timescale rule that applies to it,
-- with the clock's start, end, their working-day indexes, its due date, whether a later step is
-- recorded, and the financial year and quarter it counts in, as the review's dates known on the
-- as-of date give them; the time elapsed and the status, which the as-of date itself decides,
-- are review_timescales' part. With use_kept, the clocks kept at store time (review_clocks)
-- that hold on the as-of date are read rather than worked out (`kept` says which): they are the
-- same clocks, worked out when the review was stored with all its dates known.
--
-- Dates after the as-of date are treated as not yet known, so a figure for a past as-of date
-- can be reproduced later: a clock that starts after it is left out, an end after it is open.
-- "Later" follows the order of the review_date_columns reference table (the vocabulary).
CREATE OR REPLACE MACRO review_clocks_on(as_of, use_kept) AS TABLE
WITH pairs AS (
    -- each review and rule that applies to it, with its clock kept at store time, read where
    -- it holds on the as-of date: no date of the review after it, and the review's dates and
    -- types and the rule as they were when the clock was kept (else it is not read: a clock
    -- kept is never stale in a figure, only unused)
    SELECT r.board, r.review_id, r.board_type, r.review_type,
           rule.rule_id, rule.start_column, rule."limit", rule.unit, rule.comparison,
           coalesce(use_kept AND (r.latest_date IS NULL OR r.latest_date <= as_of)
                    AND c.board_type = r.board_type AND c.review_type = r.review_type
                    AND c.dates = r.dates AND c.rule_key = k.rule_key, false) AS kept,
           c.start_date AS kept_start_date, c.end_date AS kept_end_date,
           c.start_index AS kept_start_index, c.end_index AS kept_end_index,
           c.due_date AS kept_due_date, c.later_step AS kept_later_step,
           c.period AS kept_period, c.quarter AS kept_quarter
    FROM review_date_lists AS r
    JOIN timescale_rule_review_types AS t ON t.review_type = r.review_type
    JOIN timescale_rules AS rule ON rule.rule_id = t.rule_id
    JOIN timescale_rule_keys AS k ON k.rule_id = rule.rule_id
    LEFT JOIN review_clocks AS c
      ON c.board = r.board AND c.review_id = r.review_id AND c.measure = rule.rule_id
    WHERE rule.board_type IN ('any', r.board_type)
      AND (rule.board IS NULL OR rule.board = r.board)       -- a board's own rule: its reviews
),
applicable AS (
    SELECT board, review_id, board_type, review_type,
           rule_id, start_column, "limit", unit, comparison
    FROM pairs
    WHERE NOT kept
),
known_dates AS (
    SELECT board, review_id, column_name, day
    FROM review_dates
    WHERE day <= as_of
),
clock AS (
    SELECT a.*,
           s.day AS start_date,
           (SELECT arg_min(d.day, e.priority)                -- the first end column present
              FROM timescale_rule_end_columns AS e
              JOIN known_dates AS d
                ON d.board = a.board AND d.review_id = a.review_id AND d.column_name = e.column_name
             WHERE e.rule_id = a.rule_id) AS end_date,
           EXISTS (SELECT 1
                     FROM known_dates AS d
                     JOIN review_date_columns AS c ON c.column_name = d.column_name
                    WHERE d.board = a.board AND d.review_id = a.review_id
                      AND c.sort_order > (SELECT max(ec.sort_order)
                                            FROM timescale_rule_end_columns AS e
                                            JOIN review_date_columns AS ec
                                              ON ec.column_name = e.column_name
                                           WHERE e.rule_id = a.rule_id)) AS later_step
    FROM applicable AS a
    LEFT JOIN review_dates AS s
      ON s.board = a.board AND s.review_id = a.review_id AND s.column_name = a.start_column
),
in_view AS (
    -- a clock that starts after the as-of date has not started yet; a report sent after it
    -- had not been sent
    SELECT * REPLACE (CASE WHEN start_date > as_of THEN NULL ELSE start_date END AS start_date)
    FROM clock
    WHERE comparison <> 'at_most' OR start_date IS NULL OR start_date <= as_of
),
indexed AS (
    SELECT v.*,
           cs.working_day_index AS start_index,
           ce.working_day_index AS end_index
    FROM in_view AS v
    LEFT JOIN calendar_days AS cs ON cs.day = v.start_date
    LEFT JOIN calendar_days AS ce ON ce.day = v.end_date
),
working_days AS (
    SELECT day, working_day_index FROM calendar_days WHERE is_working_day
),
due AS (
    SELECT i.*,
           CASE
               -- no start: not applicable, and so nothing is due
               WHEN i.start_date IS NULL THEN NULL
               -- at_most: on or before the Nth working day after the start
               WHEN comparison = 'at_most' AND unit = 'working_days' THEN after_start.day
               -- at_most: on or before the same day N months later, clamped to the month's end
               WHEN comparison = 'at_most' AND unit = 'months' THEN
                   CAST(i.start_date + to_months(i."limit") AS DATE)
               -- at_least: the start on or before the Nth working day before the end
               WHEN comparison = 'at_least' AND unit = 'working_days' THEN before_end.day
               WHEN comparison = 'at_least' AND unit = 'months' THEN
                   CAST(i.end_date - to_months(i."limit") AS DATE)
           END AS due_date
    FROM indexed AS i
    LEFT JOIN working_days AS after_start
      ON i.comparison = 'at_most' AND after_start.working_day_index = i.start_index + i."limit"
    LEFT JOIN working_days AS before_end
      ON i.comparison = 'at_least' AND before_end.working_day_index = i.end_index - i."limit"
)
SELECT board, review_id, board_type, review_type, rule_id AS measure,
       kept_start_date AS start_date, kept_end_date AS end_date,
       kept_start_index AS start_index, kept_end_index AS end_index, kept_due_date AS due_date,
       kept_later_step AS later_step, kept_period AS period, kept_quarter AS quarter, true AS kept
FROM pairs
WHERE kept
UNION ALL
SELECT board, review_id, board_type, review_type, rule_id AS measure, start_date, end_date,
       start_index, end_index, due_date, later_step,
       financial_year(coalesce(start_date, end_date)) AS period,
       financial_quarter(coalesce(start_date, end_date)) AS quarter,
       false AS kept
FROM due;
