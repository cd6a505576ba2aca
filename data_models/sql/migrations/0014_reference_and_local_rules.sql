-- Migration 14: the vocabularies as reference tables (filled from vocabularies.toml on every
-- build), and a board's own timescale rules and theme aliases kept beside the national ones.

CREATE TABLE IF NOT EXISTS board_types (
    board_type  VARCHAR PRIMARY KEY,
    label       VARCHAR NOT NULL,
    sort_order  INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS review_types (
    review_type  VARCHAR PRIMARY KEY,
    label        VARCHAR NOT NULL,
    board_type   VARCHAR NOT NULL,          -- children, adults, any
    sort_order   INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS recommendation_statuses (
    status      VARCHAR PRIMARY KEY,
    label       VARCHAR NOT NULL,
    is_open     BOOLEAN NOT NULL,           -- open ones become overdue past their due date
    sort_order  INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS audit_grades (
    grade           VARCHAR PRIMARY KEY,
    label           VARCHAR NOT NULL,
    good_or_better  BOOLEAN NOT NULL,
    sort_order      INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS training_statuses (
    status      VARCHAR PRIMARY KEY,
    label       VARCHAR NOT NULL,
    sort_order  INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS review_date_columns (
    column_name  VARCHAR PRIMARY KEY,
    label        VARCHAR NOT NULL,
    sort_order   INTEGER NOT NULL
);

-- Where each rule comes from: 'national' (timescale_rules.toml, rewritten by every build) or
-- the file a board imported with `assurance rules import`, with when and by whom, and the
-- one board it is for (NULL: every board of its board type).
ALTER TABLE timescale_rules ADD COLUMN IF NOT EXISTS origin VARCHAR DEFAULT 'national';
ALTER TABLE timescale_rules ADD COLUMN IF NOT EXISTS imported_at TIMESTAMP;
ALTER TABLE timescale_rules ADD COLUMN IF NOT EXISTS imported_by VARCHAR;
ALTER TABLE timescale_rules ADD COLUMN IF NOT EXISTS board VARCHAR;      -- NULL: every board
UPDATE timescale_rules SET origin = 'national' WHERE origin IS NULL;

-- A theme alias for every board (board NULL, from themes.toml) or for one board (imported):
-- the key becomes (theme_key, board), so the table is made again with its rows.
CREATE TABLE theme_aliases_by_board (
    theme_key    VARCHAR NOT NULL,
    theme        VARCHAR NOT NULL,
    board        VARCHAR,                   -- NULL: every board
    origin       VARCHAR NOT NULL DEFAULT 'national',
    imported_at  TIMESTAMP,
    imported_by  VARCHAR,
    UNIQUE (theme_key, board)
);
INSERT INTO theme_aliases_by_board (theme_key, theme) SELECT theme_key, theme FROM theme_aliases;
DROP TABLE theme_aliases;
ALTER TABLE theme_aliases_by_board RENAME TO theme_aliases;
