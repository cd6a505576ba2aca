-- Migration 19: the four data tables without their primary-key indexes. DuckDB keeps an index
-- for a primary key and updates it on every insert: storing a million training bookings spent
-- about 0.9 s of its 1.5 s insert on it. One record per board and key is kept by the one path
-- that writes records (data_models.store: the checks refuse an extract that repeats a key, the
-- store replaces a stored record of the same key and refuses to insert a key twice), so the
-- index bought nothing. DuckDB cannot drop a primary key, so each table is copied into one
-- without it, every record kept, in the upgrade's transaction.

CREATE TABLE reviews_unindexed (
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
    upload_id          INTEGER NOT NULL    -- the upload that last added or changed the record
);
INSERT INTO reviews_unindexed SELECT * FROM reviews;
DROP TABLE reviews;
ALTER TABLE reviews_unindexed RENAME TO reviews;

CREATE TABLE recommendations_unindexed (
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
    upload_id           INTEGER NOT NULL
);
INSERT INTO recommendations_unindexed SELECT * FROM recommendations;
DROP TABLE recommendations;
ALTER TABLE recommendations_unindexed RENAME TO recommendations;

CREATE TABLE audits_unindexed (
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
    upload_id          INTEGER NOT NULL
);
INSERT INTO audits_unindexed SELECT * FROM audits;
DROP TABLE audits;
ALTER TABLE audits_unindexed RENAME TO audits;

CREATE TABLE training_bookings_unindexed (
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
    upload_id        INTEGER NOT NULL
);
INSERT INTO training_bookings_unindexed SELECT * FROM training_bookings;
DROP TABLE training_bookings;
ALTER TABLE training_bookings_unindexed RENAME TO training_bookings;
