-- Migration 24: national context. Published statistics a board downloads and loads as
-- published (`assurance national load`), each file a release of its kind; the local
-- authorities a board covers (its footprint); and the statistical neighbours of each local
-- authority. Nothing here is personal data or any board's own record.

-- One row a file loaded. Loading a kind's release again replaces it (its figures, neighbours
-- and theme shares go with it). `release` is the publisher's (a year, e.g. "2025" or
-- "2024-25"); `source` is said beside every figure read from it.
CREATE SEQUENCE IF NOT EXISTS national_release_id_seq START 1;
CREATE TABLE IF NOT EXISTS national_releases (
    release_id   INTEGER NOT NULL DEFAULT nextval('national_release_id_seq'),
    kind         VARCHAR NOT NULL,   -- data_models.national.KINDS
    release      VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,   -- publisher, title and release, in words
    file_name    VARCHAR NOT NULL,
    synthetic    BOOLEAN NOT NULL,   -- an invented file (the demo's), said wherever it is shown
    loaded_by    VARCHAR,
    loaded_at    TIMESTAMP NOT NULL,
    row_count    INTEGER NOT NULL
);

-- Every figure of every release, long: one value (or a state instead of one) an area, year,
-- measure and breakdown. A symbol is a state and never a value: `value` is NULL unless
-- `state` is 'shown'.
CREATE TABLE IF NOT EXISTS national_figures (
    release_id   INTEGER NOT NULL,
    measure      VARCHAR NOT NULL,   -- data_models.national.RAW_MEASURES
    year         VARCHAR NOT NULL,   -- the financial year the figure is for, "2023-24"
    level        VARCHAR NOT NULL,   -- national | regional | local_authority
    area_code    VARCHAR NOT NULL,   -- E92000001, a region's E12..., an LA's new (ONS) code
    old_la_code  VARCHAR,            -- DfE's three-digit code, for a local authority
    area_name    VARCHAR NOT NULL,
    region_code  VARCHAR,
    region_name  VARCHAR,
    breakdown    VARCHAR,            -- nature, assessment factor or type of risk; NULL: total
    value        DOUBLE,
    state        VARCHAR NOT NULL,   -- shown | suppressed | not_available | not_applicable
                                     -- | low | low_reliability
    rounded_to   INTEGER             -- 10: published rounded to 10 (DfE's regional counts)
);

-- The statistical neighbours model: for each local authority, its ten neighbours by rank.
CREATE TABLE IF NOT EXISTS statistical_neighbours (
    release_id             INTEGER NOT NULL,
    old_la_code            VARCHAR NOT NULL,
    la_name                VARCHAR,
    rank                   INTEGER NOT NULL,      -- 1 (nearest) to 10
    neighbour_old_la_code  VARCHAR NOT NULL,
    neighbour_name         VARCHAR
);

-- Shares of reviews raising a theme in a national analysis (the reference file the product
-- ships, which a board may edit and load again): every figure with its source, year and base.
CREATE TABLE IF NOT EXISTS national_theme_shares (
    release_id   INTEGER NOT NULL,
    board_type   VARCHAR NOT NULL,   -- children | adults
    theme        VARCHAR NOT NULL,   -- a theme of the vocabulary
    share        DOUBLE NOT NULL,    -- 0 to 1
    base         VARCHAR NOT NULL,   -- what it is a share of, in words ("652 SARs, 2019-2023")
    base_count   INTEGER,
    years        VARCHAR NOT NULL,   -- the period the analysis covers, as published
    source       VARCHAR NOT NULL    -- the analysis, its publisher and year
);

-- The local authorities a board covers, by their new (ONS) code; set whole each time.
CREATE TABLE IF NOT EXISTS board_footprints (
    board        VARCHAR NOT NULL,
    la_code      VARCHAR NOT NULL,
    old_la_code  VARCHAR,
    la_name      VARCHAR NOT NULL,
    set_by       VARCHAR,
    set_at       TIMESTAMP NOT NULL
);
