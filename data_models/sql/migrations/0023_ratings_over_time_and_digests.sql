-- Migration 23: what a board's tracker rated each recommendation in each upload that carried
-- it (no rating included), so that one rated off track in two successive uploads can be
-- escalated; and the digest
-- pushed to people: who receives which board's, how often, and each one sent (one a person
-- a day). No key constraints: the store and the digest command keep the rows unique.

CREATE TABLE IF NOT EXISTS recommendation_rating_history (
    board              VARCHAR NOT NULL,
    recommendation_id  VARCHAR NOT NULL,
    upload_id          INTEGER NOT NULL,      -- an upload whose tracker carried it
    rating             VARCHAR                -- as that upload gave it; NULL: none given
);

-- The ratings held now, each as given by the upload that stored it (none, where none was).
INSERT INTO recommendation_rating_history
SELECT board, recommendation_id, upload_id, rating
FROM recommendations WHERE upload_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS digest_recipients (
    board       VARCHAR NOT NULL,
    email       VARCHAR NOT NULL,             -- lower case
    frequency   VARCHAR NOT NULL,             -- daily (working days), weekly (Mondays),
                                              -- monthly (first working day)
    added_by    VARCHAR,
    added_at    TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS digests_sent (
    email       VARCHAR NOT NULL,
    sent_on     DATE NOT NULL,                -- the day it counts for: one a person a day
    sent_at     TIMESTAMP NOT NULL,
    boards      VARCHAR[] NOT NULL,
    as_of       DATE NOT NULL,
    subject     VARCHAR NOT NULL
);
