-- calendar_days: every day the product can count, with England and Wales working days.
-- working_day_index counts the working days on or before the day, so the working days
-- elapsed from A to B (A < d <= B) are index(B) - index(A).
CREATE TABLE IF NOT EXISTS calendar_days (
    day                DATE PRIMARY KEY,
    is_working_day     BOOLEAN NOT NULL,
    is_bank_holiday    BOOLEAN NOT NULL,
    working_day_index  INTEGER NOT NULL
);
