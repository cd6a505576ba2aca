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
--
-- The clocks are those kept at store time where they hold on the as-of date (no date of the
-- review after it, and the review and rule as they were when the clock was kept), the rest
-- worked out from the dates (review_clocks_on). With none kept, every clock is worked out, as
-- before they were kept.
CREATE OR REPLACE MACRO review_timescales(as_of) AS TABLE
WITH ruled AS (
    SELECT c.*, rule.sort_order, rule."limit", rule.unit, rule.comparison,
           (SELECT working_day_index FROM calendar_days WHERE day = as_of) AS as_of_index
    FROM review_clocks_on(as_of, true) AS c
    JOIN timescale_rules AS rule ON rule.rule_id = c.measure
)
SELECT
    board,
    review_id,
    board_type,
    review_type,
    measure,
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
    period,
    quarter
FROM ruled;
