-- upload_problems: the errors and warnings found in each upload, as shown to the quality lead.
CREATE TABLE IF NOT EXISTS upload_problems (
    upload_id  INTEGER NOT NULL,
    row        INTEGER,                     -- spreadsheet row; null for the whole file or a column
    "column"   VARCHAR,                     -- the header as it appears in the file
    rule       VARCHAR NOT NULL,
    severity   VARCHAR NOT NULL,            -- error or warning
    message    VARCHAR NOT NULL
);
