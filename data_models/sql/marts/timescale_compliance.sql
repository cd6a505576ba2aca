-- timescale_compliance(f): for each timescale rule, and for each rule by board type, financial
-- year, quarter, board, and board type and year together (`grouped_by` says which; the other
-- grouping columns are NULL in its rows): met, missed, overdue, pending, not applicable, end
-- date not recorded (a later step is), the clocks counted (met + missed + overdue), compliance
-- and the median time taken.
-- compliance_pct = met / counted x 100 (see compliance_pct). median_elapsed is over clocks
-- that have stopped (met or missed), in the rule's unit (calendar days for month rules).
-- Every rule that applies to the board type asked for has a 'measure' row, clocks or none.
CREATE OR REPLACE MACRO timescale_compliance(f) AS TABLE
WITH counted AS (
    SELECT CASE WHEN GROUPING(board_type) = 0 AND GROUPING(period) = 0 THEN 'board_type_period'
                WHEN GROUPING(board_type) = 0 THEN 'board_type'
                WHEN GROUPING(period) = 0 THEN 'period'
                WHEN GROUPING(quarter) = 0 THEN 'quarter'
                WHEN GROUPING(board) = 0 THEN 'board'
                ELSE 'measure' END AS grouped_by,
           measure, board_type, period, quarter, board,
           count(*) FILTER (WHERE status = 'met') AS met,
           count(*) FILTER (WHERE status = 'missed') AS missed,
           count(*) FILTER (WHERE status = 'overdue') AS overdue,
           count(*) FILTER (WHERE status = 'pending') AS pending,
           count(*) FILTER (WHERE status = 'not_applicable') AS not_applicable,
           count(*) FILTER (WHERE status = 'not_recorded') AS not_recorded,
           median(elapsed) FILTER (WHERE status IN ('met', 'missed')) AS median_elapsed
    FROM filtered_timescales(f)
    GROUP BY GROUPING SETS ((measure), (measure, board_type), (measure, period),
                            (measure, quarter), (measure, board), (measure, board_type, period))
),
every_rule AS (
    SELECT 'measure' AS grouped_by, rule_id AS measure
    FROM timescale_rules
    WHERE (f['board_type'] IS NULL OR board_type IN ('any', f['board_type']))
      AND (board IS NULL OR board_wanted(f, board))     -- a board's own rule: its people's
),
rows AS (
    SELECT coalesce(c.grouped_by, e.grouped_by) AS grouped_by,
           coalesce(c.measure, e.measure) AS measure,
           c.board_type, c.period, c.quarter, c.board,
           coalesce(c.met, 0) AS met,
           coalesce(c.missed, 0) AS missed,
           coalesce(c.overdue, 0) AS overdue,
           coalesce(c.pending, 0) AS pending,
           coalesce(c.not_applicable, 0) AS not_applicable,
           coalesce(c.not_recorded, 0) AS not_recorded,
           c.median_elapsed
    FROM counted AS c
    FULL JOIN every_rule AS e ON e.grouped_by = c.grouped_by AND e.measure = c.measure
)
SELECT r.grouped_by, r.measure, rule.label, rule.short_label,
       r.board_type, r.period, r.quarter, r.board,
       r.met, r.missed, r.overdue, r.pending,
       r.met + r.missed + r.overdue AS counted,
       compliance_pct(r.met, r.missed, r.overdue) AS compliance_pct,
       r.median_elapsed, r.not_applicable, r.not_recorded,
       rule."limit", rule.unit, rule.comparison, rule.board_type AS rule_board_type,
       rule.origin, rule.source, rule.sort_order
FROM rows AS r
JOIN timescale_rules AS rule ON rule.rule_id = r.measure;
