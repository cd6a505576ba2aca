-- timescale_rules: the rules of timescale_rules.toml, refreshed by `assurance init`.
CREATE TABLE IF NOT EXISTS timescale_rules (
    rule_id       VARCHAR PRIMARY KEY,
    sort_order    INTEGER NOT NULL,
    label         VARCHAR NOT NULL,
    board_type    VARCHAR NOT NULL,         -- children, adults, any
    start_column  VARCHAR NOT NULL,
    "limit"       INTEGER NOT NULL,
    unit          VARCHAR NOT NULL,         -- working_days, months
    comparison    VARCHAR NOT NULL,         -- at_most, at_least
    force         VARCHAR NOT NULL,
    source        VARCHAR NOT NULL
);

-- added in schema version 3
ALTER TABLE timescale_rules ADD COLUMN IF NOT EXISTS short_label VARCHAR;
