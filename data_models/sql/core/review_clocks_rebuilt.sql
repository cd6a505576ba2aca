-- review_clocks_rebuilt: what the review_clocks table holds when it is up to date: every
-- review's clocks with all of its dates known (so they hold on any as-of date on or after its
-- latest date), with the review's dates and the rule's key they were worked out from, and the
-- financial year and quarter each clock counts in. data_models.stored_figures writes a
-- board's rows from it in the transaction of every change to its reviews, and all rows when
-- the rules or the calendar change.
CREATE OR REPLACE VIEW review_clocks_rebuilt AS
SELECT w.board, w.review_id, w.measure, w.board_type, w.review_type,
       r.dates, r.latest_date, k.rule_key,
       w.start_date, w.end_date, w.start_index, w.end_index, w.due_date, w.later_step,
       w.period, w.quarter
FROM review_clocks_on(DATE '9999-12-31', false) AS w        -- every date known
JOIN review_date_lists AS r ON r.board = w.board AND r.review_id = w.review_id
JOIN timescale_rule_keys AS k ON k.rule_id = w.measure;
