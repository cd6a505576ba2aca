-- filtered_timescales(f): review_timescales on the filters' as-of date, with the filters. A
-- clock belongs to the financial year and quarter its clock started in. Reviews have no
-- agency: that filter does not apply.
CREATE OR REPLACE MACRO filtered_timescales(f) AS TABLE
SELECT d.*, rule.label, rule.short_label
FROM review_timescales(f['as_of']) AS d
JOIN timescale_rules AS rule ON rule.rule_id = d.measure
WHERE board_wanted(f, d.board)
  AND board_type_wanted(f, d.board_type)
  AND (f['period'] IS NULL OR d.period = f['period'])
  AND (f['quarter'] IS NULL OR d.quarter = f['quarter'])
  AND theme_wanted(f, 'reviews', d.board, d.review_id);
