-- uploads: every extract offered to the product, stored or rejected. Dry runs are not recorded.
CREATE SEQUENCE IF NOT EXISTS upload_id_seq START 1;

CREATE TABLE IF NOT EXISTS uploads (
    upload_id    INTEGER PRIMARY KEY DEFAULT nextval('upload_id_seq'),
    kind         VARCHAR NOT NULL,          -- reviews, recommendations, audits, training
    file_name    VARCHAR NOT NULL,
    sha256       VARCHAR NOT NULL,          -- of the file's bytes as received
    rows         INTEGER NOT NULL,          -- data rows read from the file
    received_at  TIMESTAMP NOT NULL,        -- UTC
    as_of        DATE NOT NULL,             -- no date in the extract may be after this
    uploaded_by  VARCHAR,                   -- where sign-in exists
    outcome      VARCHAR NOT NULL,          -- stored, unchanged, rejected
    added        INTEGER NOT NULL DEFAULT 0,
    replaced     INTEGER NOT NULL DEFAULT 0,
    unchanged    INTEGER NOT NULL DEFAULT 0,
    errors       INTEGER NOT NULL DEFAULT 0,
    warnings     INTEGER NOT NULL DEFAULT 0
);
