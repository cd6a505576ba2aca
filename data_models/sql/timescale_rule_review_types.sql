-- timescale_rule_review_types: the review types each rule applies to.
CREATE TABLE IF NOT EXISTS timescale_rule_review_types (
    rule_id      VARCHAR NOT NULL,
    review_type  VARCHAR NOT NULL,
    PRIMARY KEY (rule_id, review_type)
);
