"""The four data sets and the tables they are stored in. Nothing imported: every layer may
read this."""

# The tables each data set is stored in, with the column that, with `board`, keys a record.
DATA_TABLES = {
    "reviews": ("reviews", "review_id"),
    "recommendations": ("recommendations", "recommendation_id"),
    "audits": ("audits", "audit_id"),
    "training": ("training_bookings", "booking_id"),
}
