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
