-- Migration 21: a recommendation keeps the board's RAG rating beside its status. On a RAG
-- tracker Red means off track, not "not started": the rating is the board's most important
-- signal, and until now it was lost in the status.

-- The ratings, from the vocabulary (refreshed with the other reference tables on every init).
CREATE TABLE IF NOT EXISTS recommendation_ratings (
    rating      VARCHAR PRIMARY KEY,
    label       VARCHAR NOT NULL,
    sort_order  INTEGER NOT NULL            -- off track first: what needs the board
);

-- NULL for every recommendation stored before: its tracker's rating was not kept.
ALTER TABLE recommendations ADD COLUMN IF NOT EXISTS rating VARCHAR;
