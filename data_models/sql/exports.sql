-- exports: every export made, from the page or the command line: who, when, what, filters.
CREATE SEQUENCE IF NOT EXISTS export_id_seq START 1;

CREATE TABLE IF NOT EXISTS exports (
    export_id    INTEGER PRIMARY KEY DEFAULT nextval('export_id_seq'),
    exported_at  TIMESTAMP NOT NULL,       -- UTC
    exported_by  VARCHAR,
    what         VARCHAR NOT NULL,         -- pack, tables, records
    format       VARCHAR NOT NULL,         -- html, csv, xlsx
    filters      VARCHAR NOT NULL,         -- JSON
    threshold    INTEGER NOT NULL,         -- suppression threshold
    destination  VARCHAR NOT NULL          -- file name
);
