-- audits: single- and multi-agency case audits and section 11 / section 175 self-assessments.
CREATE TABLE IF NOT EXISTS audits (
    board              VARCHAR NOT NULL,
    audit_id           VARCHAR NOT NULL,
    board_type         VARCHAR NOT NULL,    -- children, adults
    audit_type         VARCHAR NOT NULL,
    topic              VARCHAR,
    agency             VARCHAR NOT NULL,
    case_ref           VARCHAR,             -- the board's pseudonymous case reference
    audit_date         DATE NOT NULL,
    grade              VARCHAR NOT NULL,    -- outstanding, good, requires_improvement, inadequate
    themes             VARCHAR,
    actions_raised     INTEGER,
    actions_completed  INTEGER,
    upload_id          INTEGER NOT NULL,
    PRIMARY KEY (board, audit_id)
);
-- Until schema 8 each record carried a hash of its content; the store now compares columns.
ALTER TABLE audits DROP COLUMN IF EXISTS content_hash;
