-- themes: the learning-theme vocabulary of themes.toml, refreshed by `assurance init`.
CREATE TABLE IF NOT EXISTS themes (
    theme       VARCHAR PRIMARY KEY,        -- the canonical label
    sort_order  INTEGER NOT NULL,
    boards      VARCHAR NOT NULL            -- children, adults, both
);
