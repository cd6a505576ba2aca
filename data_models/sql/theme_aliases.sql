-- theme_aliases: matching key -> theme, the labels themselves included.
CREATE TABLE IF NOT EXISTS theme_aliases (
    theme_key  VARCHAR PRIMARY KEY,
    theme      VARCHAR NOT NULL
);
