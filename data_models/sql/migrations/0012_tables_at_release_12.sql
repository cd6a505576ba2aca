-- Migration 12: the tables as they stood at schema 12, the last release before numbered
-- migrations. Every statement is safe on a database made by any earlier release: it
-- creates what is missing and brings older tables to this shape, losing no rows.

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

-- upload_problems: the errors and warnings found in each upload, as shown to the quality lead.
CREATE TABLE IF NOT EXISTS upload_problems (
    upload_id  INTEGER NOT NULL,
    row        INTEGER,                     -- spreadsheet row; null for the whole file or a column
    "column"   VARCHAR,                     -- the header as it appears in the file
    rule       VARCHAR NOT NULL,
    severity   VARCHAR NOT NULL,            -- error or warning
    message    VARCHAR NOT NULL
);

-- exports: every export made, from the page or the command line: who, when, what, filters.
CREATE SEQUENCE IF NOT EXISTS export_id_seq START 1;

CREATE TABLE IF NOT EXISTS exports (
    export_id    INTEGER PRIMARY KEY DEFAULT nextval('export_id_seq'),
    exported_at  TIMESTAMP NOT NULL,       -- UTC
    exported_by  VARCHAR,
    what         VARCHAR NOT NULL,         -- pack, tables, records
    format       VARCHAR NOT NULL,         -- html, csv, xlsx
    filters      VARCHAR NOT NULL,         -- JSON
    threshold    INTEGER NOT NULL,         -- suppression threshold
    destination  VARCHAR NOT NULL          -- file name
);

-- reviews: rapid reviews, LCSPRs/SCRs, national reviews, SARs, DHRs and learning reviews,
-- keyed by board and the board's own pseudonymous review id.
CREATE TABLE IF NOT EXISTS reviews (
    board              VARCHAR NOT NULL,
    review_id          VARCHAR NOT NULL,
    board_type         VARCHAR NOT NULL,    -- children, adults
    review_type        VARCHAR NOT NULL,
    harm               VARCHAR,             -- death, serious_harm, other
    aware_date         DATE,
    notification_date  DATE,
    rapid_review_date  DATE,
    decision_date      DATE,
    report_sent_date   DATE,
    completed_date     DATE,
    publication_date   DATE,
    status             VARCHAR,             -- open, closed
    themes             VARCHAR,             -- as written in the extract, ';'-separated
    upload_id          INTEGER NOT NULL,    -- the upload that last added or changed the record
    PRIMARY KEY (board, review_id)
);
-- Until schema 8 each record carried a hash of its content; the store now compares columns.
ALTER TABLE reviews DROP COLUMN IF EXISTS content_hash;

-- recommendations: each review's recommendations, their owner and delivery status.
CREATE TABLE IF NOT EXISTS recommendations (
    board               VARCHAR NOT NULL,
    recommendation_id   VARCHAR NOT NULL,
    review_id           VARCHAR,
    board_type          VARCHAR NOT NULL,   -- children, adults
    recommendation      VARCHAR NOT NULL,
    owner               VARCHAR NOT NULL,   -- the agency or the board
    themes              VARCHAR,
    agreed_date         DATE,
    due_date            DATE,
    status              VARCHAR NOT NULL,   -- not_started, in_progress, completed, assured, not_implemented
    status_reason       VARCHAR,
    completed_date      DATE,
    evidence_of_impact  VARCHAR,
    last_updated        DATE,
    upload_id           INTEGER NOT NULL,
    PRIMARY KEY (board, recommendation_id)
);
-- Until schema 8 each record carried a hash of its content; the store now compares columns.
ALTER TABLE recommendations DROP COLUMN IF EXISTS content_hash;

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

-- training_bookings: one row per booking on a multi-agency course.
CREATE TABLE IF NOT EXISTS training_bookings (
    board            VARCHAR NOT NULL,
    booking_id       VARCHAR NOT NULL,
    board_type       VARCHAR NOT NULL,      -- children, adults, both (the workforce the course is for)
    course           VARCHAR NOT NULL,
    session_date     DATE NOT NULL,
    agency           VARCHAR NOT NULL,
    status           VARCHAR NOT NULL,      -- attended, did_not_attend, cancelled
    pre_confidence   TINYINT,               -- 1 to 5
    post_confidence  TINYINT,               -- 1 to 5
    themes           VARCHAR,
    upload_id        INTEGER NOT NULL,
    PRIMARY KEY (board, booking_id)
);
-- Until schema 8 each record carried a hash of its content; the store now compares columns.
ALTER TABLE training_bookings DROP COLUMN IF EXISTS content_hash;

-- theme_mentions: each ';'-separated theme an item names, as written and as matched.
-- Kept for every source so that unmapped text is never lost; `theme_key` is the text with
-- case, punctuation and spacing ignored, matched against theme_aliases.
CREATE TABLE IF NOT EXISTS theme_mentions (
    source      VARCHAR NOT NULL,           -- reviews, recommendations, audits, training
    board       VARCHAR NOT NULL,
    item_id     VARCHAR NOT NULL,
    board_type  VARCHAR NOT NULL,
    mention     VARCHAR NOT NULL,
    theme_key   VARCHAR NOT NULL
);

-- calendar_days: every day the product can count, with England and Wales working days.
-- working_day_index counts the working days on or before the day, so the working days
-- elapsed from A to B (A < d <= B) are index(B) - index(A).
CREATE TABLE IF NOT EXISTS calendar_days (
    day                DATE PRIMARY KEY,
    is_working_day     BOOLEAN NOT NULL,
    is_bank_holiday    BOOLEAN NOT NULL,
    working_day_index  INTEGER NOT NULL
);

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

-- timescale_rule_review_types: the review types each rule applies to.
CREATE TABLE IF NOT EXISTS timescale_rule_review_types (
    rule_id      VARCHAR NOT NULL,
    review_type  VARCHAR NOT NULL,
    PRIMARY KEY (rule_id, review_type)
);

-- timescale_rule_end_columns: the columns that stop each rule's clock; the first present wins.
CREATE TABLE IF NOT EXISTS timescale_rule_end_columns (
    rule_id      VARCHAR NOT NULL,
    priority     INTEGER NOT NULL,
    column_name  VARCHAR NOT NULL,
    PRIMARY KEY (rule_id, priority)
);

-- themes: the learning-theme vocabulary of themes.toml, refreshed by `assurance init`.
CREATE TABLE IF NOT EXISTS themes (
    theme       VARCHAR PRIMARY KEY,        -- the canonical label
    sort_order  INTEGER NOT NULL,
    boards      VARCHAR NOT NULL            -- children, adults, both
);

-- theme_aliases: matching key -> theme, the labels themselves included.
CREATE TABLE IF NOT EXISTS theme_aliases (
    theme_key  VARCHAR PRIMARY KEY,
    theme      VARCHAR NOT NULL
);
