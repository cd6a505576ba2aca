-- timescale_completeness: for each timescale rule and review type it covers, how many
-- reviews hold the date that starts the clock (for example, the share of LCSPRs with a
-- decision date). A missing start date makes the measure not applicable, so gaps here are
-- gaps in what the board can be assured of.
CREATE OR REPLACE VIEW timescale_completeness AS
SELECT rule.rule_id AS measure,
       rule.label,
       r.review_type,
       rule.start_column AS needs,
       count(*) AS reviews,
       count(d.day) AS with_date,
       round(100.0 * count(d.day) / count(*), 1) AS complete_pct,
       any_value(rule.sort_order) AS sort_order
FROM reviews AS r
JOIN timescale_rules AS rule ON rule.board_type IN ('any', r.board_type)
JOIN timescale_rule_review_types AS t
  ON t.rule_id = rule.rule_id AND t.review_type = r.review_type
LEFT JOIN review_dates AS d
  ON d.board = r.board AND d.review_id = r.review_id AND d.column_name = rule.start_column
GROUP BY rule.rule_id, rule.label, r.review_type, rule.start_column;
