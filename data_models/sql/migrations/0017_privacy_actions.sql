-- Migration 17: what was done about personal data found in records already stored (by
-- `assurance privacy-scan --redact | --delete` or the Data quality page): who, when, what
-- was done to which record and column, and what kind of personal data it held. Never the value.
CREATE SEQUENCE IF NOT EXISTS privacy_action_id_seq START 1;

CREATE TABLE IF NOT EXISTS privacy_actions (
    action_id    INTEGER PRIMARY KEY DEFAULT nextval('privacy_action_id_seq'),
    acted_at     TIMESTAMP NOT NULL,        -- UTC
    acted_by     VARCHAR,
    action       VARCHAR NOT NULL,          -- redacted or deleted
    data_set     VARCHAR NOT NULL,
    board        VARCHAR NOT NULL,
    record_id    VARCHAR NOT NULL,
    column_name  VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL           -- the kind of personal data (loaders.personal_data)
);
