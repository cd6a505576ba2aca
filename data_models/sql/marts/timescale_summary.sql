-- timescale_summary(as_of, board_name, type_name, period_name): one row per timescale rule.
-- compliance_pct = met / (met + missed + overdue) x 100, one decimal, NULL when that is 0:
-- overdue clocks count as missed, pending ones count in neither numerator nor denominator.
-- median_elapsed is over clocks that have stopped (met or missed), in the rule's unit
-- (calendar days for month rules).
CREATE OR REPLACE MACRO timescale_summary(as_of, board_name, type_name, period_name) AS TABLE
WITH detail AS (
    SELECT * FROM timescale_detail(as_of, board_name, type_name, period_name)
),
counts AS (
    SELECT measure,
           count(*) FILTER (WHERE status = 'met') AS met,
           count(*) FILTER (WHERE status = 'missed') AS missed,
           count(*) FILTER (WHERE status = 'overdue') AS overdue,
           count(*) FILTER (WHERE status = 'pending') AS pending,
           count(*) FILTER (WHERE status = 'not_applicable') AS not_applicable,
           median(elapsed) FILTER (WHERE status IN ('met', 'missed')) AS median_elapsed
    FROM detail
    GROUP BY measure
)
SELECT rule.rule_id AS measure,
       rule.label,
       coalesce(c.met, 0) AS met,
       coalesce(c.missed, 0) AS missed,
       coalesce(c.overdue, 0) AS overdue,
       coalesce(c.pending, 0) AS pending,
       CASE WHEN coalesce(c.met + c.missed + c.overdue, 0) > 0
            THEN round(100.0 * c.met / (c.met + c.missed + c.overdue), 1)
       END AS compliance_pct,
       c.median_elapsed,
       coalesce(c.not_applicable, 0) AS not_applicable,
       rule."limit",
       rule.unit,
       rule.comparison,
       rule.board_type,
       rule.sort_order
FROM timescale_rules AS rule
LEFT JOIN counts AS c ON c.measure = rule.rule_id
WHERE type_name IS NULL OR rule.board_type IN ('any', type_name)
ORDER BY rule.sort_order;
