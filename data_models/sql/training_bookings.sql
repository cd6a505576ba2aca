-- training_bookings: one row per booking on a multi-agency course.
CREATE TABLE IF NOT EXISTS training_bookings (
    board            VARCHAR NOT NULL,
    booking_id       VARCHAR NOT NULL,
    board_type       VARCHAR NOT NULL,      -- children, adults, both (the workforce the course is for)
    course           VARCHAR NOT NULL,
    session_date     DATE NOT NULL,
    agency           VARCHAR NOT NULL,
    status           VARCHAR NOT NULL,      -- attended, did_not_attend, cancelled
    pre_confidence   TINYINT,               -- 1 to 5
    post_confidence  TINYINT,               -- 1 to 5
    themes           VARCHAR,
    upload_id        INTEGER NOT NULL,
    PRIMARY KEY (board, booking_id)
);
-- Until schema 8 each record carried a hash of its content; the store now compares columns.
ALTER TABLE training_bookings DROP COLUMN IF EXISTS content_hash;
