-- Migration 18: theme text is split once per distinct text, not once per record. A million
-- training bookings hold a few hundred distinct theme texts, and theme_mentions held a row for
-- every record and mention (one of the largest tables, written on every store). theme_texts
-- holds each distinct text's mentions; theme_mentions becomes a view that joins the records to
-- it, with the same rows. Every build of the schema fills theme_texts from the records' own
-- theme text (data_models.theme_matching.refresh_theme_texts), so nothing is lost: the records
-- hold the text the old table was made from.
CREATE TABLE IF NOT EXISTS theme_texts (
    themes     VARCHAR NOT NULL,            -- a record's themes cell, as stored
    mention    VARCHAR NOT NULL,            -- one ';'-separated part of it, as written
    theme_key  VARCHAR NOT NULL             -- the part with case, punctuation, spacing ignored
);
DROP TABLE IF EXISTS theme_mentions;
