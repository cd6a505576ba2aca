-- timescale_completeness(f): for each timescale rule and review type it covers, how many of the
-- reviews within the filters hold the date that starts the clock (for example, the share of
-- LCSPRs with a decision date). A missing start date makes the measure not applicable, so gaps
-- here are gaps in what the board can be assured of. A review belongs to the financial year of
-- its decision (else notification, awareness or rapid review) date; reviews have no agency.
CREATE OR REPLACE MACRO timescale_completeness(f) AS TABLE
SELECT rule.rule_id AS measure,
       rule.label,
       r.review_type,
       rule.start_column AS needs,
       count(*) AS reviews,
       count(d.day) AS with_date,
       share_pct(count(d.day), count(*)) AS complete_pct,
       any_value(rule.sort_order) AS sort_order
FROM filtered_items(f, 'reviews') AS i
JOIN reviews AS r ON r.board = i.board AND r.review_id = i.item_id
JOIN timescale_rules AS rule
  ON rule.board_type IN ('any', r.board_type) AND (rule.board IS NULL OR rule.board = r.board)
JOIN timescale_rule_review_types AS t
  ON t.rule_id = rule.rule_id AND t.review_type = r.review_type
LEFT JOIN review_dates AS d
  ON d.board = r.board AND d.review_id = r.review_id AND d.column_name = rule.start_column
WHERE text_wanted(f, r.board, r.themes)
GROUP BY rule.rule_id, rule.label, r.review_type, rule.start_column;
