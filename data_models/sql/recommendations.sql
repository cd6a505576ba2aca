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
