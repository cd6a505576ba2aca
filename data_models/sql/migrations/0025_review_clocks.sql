-- Migration 25: the timescale clocks of every review and rule, kept at store time, so that a
-- page reads them rather than working each one out again from the reviews' dates on every view
-- (data_models.stored_figures writes them in the transaction of every change to what they are
-- worked out from; the build after this migration writes them all). A clock holds what does
-- not depend on the as-of date, as the review's dates give it when all of them are known; the
-- time elapsed and the status are worked out on reading. A clock is read only while the
-- review's dates and types (`dates`, `board_type`, `review_type`) and its rule (`rule_key`)
-- are still those it was worked out from, and only on an as-of date on or after the review's
-- latest date: otherwise it is worked out live, as before (core/review_timescales.sql).
-- No key constraints: the one writer deletes a board's clocks before writing them again.

CREATE TABLE IF NOT EXISTS review_clocks (
    board        VARCHAR NOT NULL,
    review_id    VARCHAR NOT NULL,
    measure      VARCHAR NOT NULL,      -- the timescale rule's id
    board_type   VARCHAR NOT NULL,
    review_type  VARCHAR NOT NULL,
    dates        DATE[] NOT NULL,       -- the review's date columns, in the table's order
    latest_date  DATE,                  -- the latest of them; NULL: none recorded
    rule_key     VARCHAR NOT NULL,      -- the rule as it was (core/timescale_rule_keys.sql)
    start_date   DATE,
    end_date     DATE,
    start_index  INTEGER,               -- calendar_days.working_day_index of the start
    end_index    INTEGER,               -- ... of the end
    due_date     DATE,
    later_step   BOOLEAN,               -- a step after the clock's end is recorded
    period       VARCHAR,               -- the financial year the clock counts in
    quarter      VARCHAR
);
