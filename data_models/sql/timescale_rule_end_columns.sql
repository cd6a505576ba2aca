-- timescale_rule_end_columns: the columns that stop each rule's clock; the first present wins.
CREATE TABLE IF NOT EXISTS timescale_rule_end_columns (
    rule_id      VARCHAR NOT NULL,
    priority     INTEGER NOT NULL,
    column_name  VARCHAR NOT NULL,
    PRIMARY KEY (rule_id, priority)
);
