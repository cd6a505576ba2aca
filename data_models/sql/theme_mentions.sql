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
