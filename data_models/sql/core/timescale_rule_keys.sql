-- timescale_rule_keys: for each timescale rule, everything its clocks are worked out from, in
-- one value: which reviews it applies to (board type, board, review types), the column that
-- starts its clock and those that stop it, its limit, unit and comparison, and the date columns
-- that come after its end (a later step recorded). A clock kept with another key is not read
-- (review_clocks_on): the rule has changed since.
CREATE OR REPLACE VIEW timescale_rule_keys AS
SELECT rule.rule_id,
       CAST({'board_type': rule.board_type,
             'board': rule.board,
             'review_types': (SELECT list(t.review_type ORDER BY t.review_type)
                                FROM timescale_rule_review_types AS t
                               WHERE t.rule_id = rule.rule_id),
             'start': rule.start_column,
             'end': (SELECT list(e.column_name ORDER BY e.priority)
                       FROM timescale_rule_end_columns AS e
                      WHERE e.rule_id = rule.rule_id),
             'limit': rule."limit",
             'unit': rule.unit,
             'comparison': rule.comparison,
             'later': (SELECT list(c.column_name ORDER BY c.sort_order)
                         FROM review_date_columns AS c
                        WHERE c.sort_order > (SELECT max(ec.sort_order)
                                                FROM timescale_rule_end_columns AS e
                                                JOIN review_date_columns AS ec
                                                  ON ec.column_name = e.column_name
                                               WHERE e.rule_id = rule.rule_id))}
            AS VARCHAR) AS rule_key
FROM timescale_rules AS rule;
