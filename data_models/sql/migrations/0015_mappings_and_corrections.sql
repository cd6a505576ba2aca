-- Migration 15: what a quality lead tells the product once is remembered. Value and header
-- mappings (per board, or every board), the mappings each stored upload used, the cells
-- corrected on the Upload page before storing, and problems that stand for many rows.

CREATE SEQUENCE IF NOT EXISTS mapping_id_seq START 1;

-- A mapping: in extracts of `kind`, text `from_text` in `column_name` means `to_value`.
-- column_name is a column of the data set (an allowed value), 'header' (a header that means
-- the column to_value) or 'themes' (text that means the theme to_value, kept beside it as the
-- board's theme alias). board NULL: every board.
CREATE TABLE IF NOT EXISTS mappings (
    mapping_id   INTEGER PRIMARY KEY DEFAULT nextval('mapping_id_seq'),
    kind         VARCHAR NOT NULL,
    column_name  VARCHAR NOT NULL,
    from_text    VARCHAR NOT NULL,
    from_key     VARCHAR NOT NULL,          -- from_text as it is matched: case and punctuation ignored
    to_value     VARCHAR NOT NULL,
    board        VARCHAR,
    created_by   VARCHAR,
    created_at   TIMESTAMP NOT NULL
);

-- The mappings a stored upload used, and on how many rows.
CREATE TABLE IF NOT EXISTS upload_mappings (
    upload_id    INTEGER NOT NULL,
    mapping_id   INTEGER NOT NULL,
    kind         VARCHAR NOT NULL,
    column_name  VARCHAR NOT NULL,
    from_text    VARCHAR NOT NULL,
    to_value     VARCHAR NOT NULL,
    board        VARCHAR,
    rows         INTEGER NOT NULL
);

-- Cells corrected on the Upload page before the extract was checked again and stored. The
-- upload's sha256 is the original file's; these say what was changed in it, and by whom.
CREATE TABLE IF NOT EXISTS upload_corrections (
    upload_id     INTEGER NOT NULL,
    row           INTEGER NOT NULL,         -- spreadsheet row of the original file
    column_name   VARCHAR NOT NULL,         -- header as the file has it
    before        VARCHAR,
    after         VARCHAR,
    corrected_by  VARCHAR,
    corrected_at  TIMESTAMP NOT NULL
);

-- A problem stands for every row that has it: how many, and which (the first thousand).
ALTER TABLE upload_problems ADD COLUMN IF NOT EXISTS rows_affected INTEGER;
ALTER TABLE upload_problems ADD COLUMN IF NOT EXISTS row_list VARCHAR;
UPDATE upload_problems SET rows_affected = CASE WHEN row IS NULL THEN 0 ELSE 1 END,
                           row_list = CAST(row AS VARCHAR)
WHERE rows_affected IS NULL;
