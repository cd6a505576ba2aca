"""What the Training page shows: bookings, attendance and no-shows by agency, workforce and
quarter, confidence before and after, and sessions per theme. No Streamlit: the page
(training.py) draws it."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import charts
from dashboard.screens.shared import Chart, Tile, percent_or_counts, periods_to_date
from data_models import queries as q
from data_models.filters import Filters
from data_models.queries import TRAINING_STATUSES, confidence_change, training_by
from data_models.scope import Reads


@dataclass(frozen=True)
class Training:
    tiles: list[Tile]
    charts: list[Chart]


def training(db: Reads, f: Filters) -> Training | None:
    uptake = db(q.training_uptake, f)
    if uptake.empty:
        return None
    totals = training_by(uptake, "all").iloc[0]
    by_agency = training_by(uptake, "agency")
    by_workforce = training_by(uptake, "workforce")
    by_quarter = training_by(uptake, "quarter")
    confidence = confidence_change(uptake, "course")
    sessions = db(q.theme_training, f)
    statuses = list(TRAINING_STATUSES)
    notes = q.notes(q.training_uptake, f)
    booked, attended = int(totals["booked"]), int(totals["attended"])
    absent, cancelled = int(totals["did_not_attend"]), int(totals["cancelled"])
    expected = attended + absent
    no_show = percent_or_counts(absent, expected)
    by_quarter = periods_to_date(by_quarter, "quarter", f.as_of)
    return Training(
        [Tile("Booked", f"{booked:,}", None,
              f"{attended:,} attended · {absent:,} did not attend · {cancelled:,} cancelled",
              "Bookings for sessions in this view."),
         Tile("Attendance", percent_or_counts(attended, booked), None,
              f"{attended:,} of {booked:,} bookings", "Bookings that were attended."),
         Tile("No-show rate", no_show, None,
              f"{absent:,} of {expected:,} expected (attended or did not attend)",
              "Did not attend, as a share of those who attended or did not attend; a booking "
              "cancelled in advance is not a no-show.")],
        [
            Chart.of("by_agency", "Bookings by agency",
                     f"{attended:,} of {booked:,} bookings were attended; {no_show} of expected "
                     "attendees did not come.",
                     charts.stacked_counts(by_agency, "agency", statuses, charts.TRAINING_COLOURS,
                                           charts.TRAINING_PATTERNS, "bookings"),
                     by_agency, notes),
            Chart.of("by_workforce", "Bookings by workforce",
                     "Courses for children's, adults' or both workforces.",
                     charts.stacked_counts(by_workforce, "workforce", statuses,
                                           charts.TRAINING_COLOURS, charts.TRAINING_PATTERNS,
                                           "bookings"),
                     by_workforce, notes),
            Chart.of("over_time", "Attendance and no-shows over time",
                     "Each quarter's attendance (of its bookings) and no-show rate (of those "
                     "expected: attended or did not attend).",
                     charts.percent_line(by_quarter, "quarter",
                                         {"attendance_pct": "Attendance (% of bookings)",
                                          "no_show_pct": "No-shows (% of expected)"}, "quarter",
                                         y_label="Rate (%)"),
                     by_quarter, notes),
            Chart.of("confidence", "Confidence before and after",
                     "Average confidence of attendees before and after each course (1 to 5).",
                     charts.confidence_dumbbell(confidence, "course"), confidence),
            Chart.of("sessions", "Sessions per theme",
                     "Training sessions covering each learning theme, for the filters above.",
                     charts.horizontal_bars(sessions, "theme", "training_sessions", "Sessions"),
                     sessions, q.notes(q.theme_training, f)),
        ],
    )
