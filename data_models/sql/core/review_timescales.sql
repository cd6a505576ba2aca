-- review_timescales(as_of): one row per review and timescale rule that applies to it, with the
-- clock's start, end, due date, elapsed time and status as things stood on the as-of date.
--
-- Dates after the as-of date are treated as not yet known, so a figure for a past as-of date
-- can be reproduced later: a clock that starts after it is left out, an end after it is open.
-- Status: met / missed when the clock has stopped; not_recorded when it has no end date but a
-- later step is recorded (the rapid review was sent, so the notification was made: its date is
-- a gap in the data, not a missed timescale); overdue / pending when it has not stopped and the
-- due date has / has not passed on the as-of date; not_applicable when the start is missing,
-- for every rule (the report to the Panel with no date it was sent, published or not), with
-- no due date. A date not recorded is never a missed timescale (queries.DATE_NOT_RECORDED
-- says so beside the figures, and the README the same).
-- "Later" follows the order of the review_date_columns reference table (the vocabulary).
CREATE OR REPLACE MACRO review_timescales(as_of) AS TABLE
WITH applicable AS (
    SELECT r.board, r.review_id, r.board_type, r.review_type,
           rule.rule_id, rule.sort_order, rule.start_column, rule."limit", rule.unit, rule.comparison
    FROM reviews AS r
    JOIN timescale_rules AS rule
      ON rule.board_type IN ('any', r.board_type)
     AND (rule.board IS NULL OR rule.board = r.board)       -- a board's own rule: its reviews
    JOIN timescale_rule_review_types AS t
      ON t.rule_id = rule.rule_id AND t.review_type = r.review_type
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
           ce.working_day_index AS end_index,
           ca.working_day_index AS as_of_index
    FROM in_view AS v
    LEFT JOIN calendar_days AS cs ON cs.day = v.start_date
    LEFT JOIN calendar_days AS ce ON ce.day = v.end_date
    LEFT JOIN calendar_days AS ca ON ca.day = as_of
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
SELECT
    board,
    review_id,
    board_type,
    review_type,
    rule_id AS measure,
    sort_order,
    start_date,
    end_date,
    due_date,
    CASE
        WHEN comparison = 'at_most' AND start_date IS NULL THEN NULL
        WHEN comparison = 'at_most' AND end_date IS NULL AND later_step THEN NULL
        WHEN unit = 'working_days' AND comparison = 'at_most' THEN coalesce(end_index, as_of_index) - start_index
        WHEN unit = 'working_days' THEN end_index - start_index
        -- month rules: elapsed in calendar days
        WHEN comparison = 'at_most' THEN date_diff('day', start_date, coalesce(end_date, as_of))
        ELSE date_diff('day', start_date, end_date)
    END AS elapsed,
    "limit",
    unit,
    comparison,
    CASE
        WHEN comparison = 'at_most' THEN
            CASE
                WHEN start_date IS NULL THEN 'not_applicable'
                WHEN end_date IS NOT NULL AND end_date <= due_date THEN 'met'
                WHEN end_date IS NOT NULL THEN 'missed'
                WHEN later_step THEN 'not_recorded'
                WHEN as_of > due_date THEN 'overdue'
                ELSE 'pending'
            END
        ELSE
            CASE
                WHEN start_date IS NULL THEN 'not_applicable'    -- no report sent recorded
                WHEN end_date IS NULL THEN 'pending'             -- not published yet
                -- compared in working days, so a start on a non-working day counts from the
                -- next working day, as everywhere else
                WHEN unit = 'working_days' AND end_index - start_index >= "limit" THEN 'met'
                WHEN unit = 'months' AND start_date <= due_date THEN 'met'
                ELSE 'missed'
            END
    END AS status,
    financial_year(coalesce(start_date, end_date)) AS period,
    financial_quarter(coalesce(start_date, end_date)) AS quarter
FROM due;
