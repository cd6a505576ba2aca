"""National-scale synthetic data: about 300 boards over 10 financial years, generated with
vectorised numpy in seconds, deterministically, for the benchmark and load tests.

About 40,000 reviews, 150,000 recommendations, 300,000 audits and 3,000,000 training
bookings. Like the demo, every board and case is fictional.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from assurance.demo import ADULT_AGENCIES, CHILDREN_AGENCIES, COURSES, THEME_WEIGHTS
from data_models.calendar import bank_holidays

FIRST_FY = 2017          # 2017-18 ... 2026-27
YEARS = 10
EXTRACT_DATE = np.datetime64("2026-10-30")
AREAS = 150              # each with a children's and an adults' board: 300 boards


def _calendar() -> np.busdaycalendar:
    return np.busdaycalendar(weekmask="1111100", holidays=list(bank_holidays()))


def _boards(rng: np.random.Generator) -> pd.DataFrame:
    area = np.arange(1, AREAS + 1)
    joint = rng.random(AREAS) < 0.1
    names_children = np.where(joint, [f"Area {a:03d} Safeguarding Partnership" for a in area],
                              [f"Area {a:03d} SCP" for a in area])
    names_adults = np.where(joint, names_children, [f"Area {a:03d} SAB" for a in area])
    return pd.DataFrame({
        "board": np.concatenate([names_children, names_adults]),
        "board_type": ["children"] * AREAS + ["adults"] * AREAS,
        "prefix": [f"N{a:03d}C" for a in area] + [f"N{a:03d}A" for a in area],
        "quality": rng.uniform(0.3, 0.9, 2 * AREAS),
    })


def _repeat(boards: pd.DataFrame, per_board_year: np.ndarray) -> pd.DataFrame:
    """One row per item: its board's columns and its financial year."""
    board_index = np.repeat(np.arange(len(boards)), YEARS)
    years = np.tile(np.arange(FIRST_FY, FIRST_FY + YEARS), len(boards))
    counts = per_board_year.reshape(-1)
    rows = boards.iloc[np.repeat(board_index, counts)].reset_index(drop=True)
    rows["fy"] = np.repeat(years, counts)
    return rows


def _days_in_year(rng: np.random.Generator, fy: np.ndarray) -> np.ndarray:
    start = (fy - 1970).astype("datetime64[Y]").astype("datetime64[D]") + np.timedelta64(90, "D")
    return start + rng.integers(0, 365, len(fy)).astype("timedelta64[D]")


def _themes(rng: np.random.Generator, board_type: np.ndarray) -> np.ndarray:
    out = np.empty(len(board_type), dtype=object)
    for kind in ("children", "adults"):
        labels = list(THEME_WEIGHTS[kind])
        weights = np.array([THEME_WEIGHTS[kind][label] for label in labels], dtype=float)
        mask = board_type == kind
        first = rng.choice(len(labels), mask.sum(), p=weights / weights.sum())
        second = rng.choice(len(labels), mask.sum(), p=weights / weights.sum())
        joined = np.where(first == second, np.array(labels, dtype=object)[first],
                          np.char.add(np.char.add(np.array(labels)[first], "; "),
                                      np.array(labels)[second]).astype(object))
        out[mask] = joined
    return out


def _known(days: np.ndarray) -> np.ndarray:
    return np.where(days <= EXTRACT_DATE, days, np.datetime64("NaT"))


def generate(seed: int = 2026) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    calendar = _calendar()
    boards = _boards(rng)
    children = (boards["board_type"] == "children").to_numpy()
    per = np.where(children[:, None], rng.poisson(20, (len(boards), YEARS)),
                   rng.poisson(7, (len(boards), YEARS)))
    reviews = _repeat(boards, per)
    n = len(reviews)
    is_child = (reviews["board_type"] == "children").to_numpy()
    kind = np.where(is_child, np.where(rng.random(n) < 0.25, "lcspr", "rapid_review"),
                    np.where(rng.random(n) < 0.8, "sar", "dhr"))
    aware = _days_in_year(rng, reviews["fy"].to_numpy())
    slow = 1.5 - reviews["quality"].to_numpy() * 0.7
    notified = np.busday_offset(aware, np.maximum(1, rng.poisson(3.5 * slow)), roll="backward",
                                busdaycal=calendar)
    rapid = np.busday_offset(notified, np.maximum(1, rng.poisson(12 * slow)), roll="backward",
                             busdaycal=calendar)
    decision = np.where(kind == "lcspr", rapid + rng.integers(3, 15, n).astype("timedelta64[D]"),
                        aware + rng.integers(10, 90, n).astype("timedelta64[D]"))
    months = np.maximum(2.5, rng.normal(8.0 - 3 * reviews["quality"].to_numpy(), 2.0))
    completed = decision + (months * 30.44).astype("int64").astype("timedelta64[D]")
    sent = np.busday_offset(completed, -rng.integers(3, 15, n), roll="forward", busdaycal=calendar)
    nat = np.datetime64("NaT")
    frame = pd.DataFrame({
        "review_id": reviews["prefix"] + "-" + reviews["fy"].astype(str) + "-"
        + pd.Series(np.arange(n)).astype(str),
        "board": reviews["board"], "board_type": reviews["board_type"], "review_type": kind,
        "harm": rng.choice(["death", "serious_harm", "other"], n, p=[0.45, 0.5, 0.05]),
        "aware_date": _known(aware),
        "notification_date": _known(np.where(is_child, notified, nat)),
        "rapid_review_date": _known(np.where(is_child, rapid, nat)),
        "decision_date": _known(np.where(kind == "rapid_review", nat, decision)),
        "report_sent_date": _known(np.where(kind == "lcspr", sent, nat)),
        "completed_date": _known(np.where(kind == "sar", completed, nat)),
        "publication_date": _known(np.where(kind == "lcspr", completed, nat)),
        "status": np.where(completed <= EXTRACT_DATE, "closed", "open"),
        "themes": _themes(rng, reviews["board_type"].to_numpy()),
    })
    frame = frame[frame["aware_date"].notna()].reset_index(drop=True)
    return {"reviews": _cast(frame), "recommendations": _recommendations(rng, frame),
            "audits": _audits(rng, boards), "training": _training(rng, boards)}


def _cast(frame: pd.DataFrame) -> pd.DataFrame:
    for column in frame.columns:
        if column.endswith("_date") or column == "last_updated":
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    return frame


def _recommendations(rng: np.random.Generator, reviews: pd.DataFrame) -> pd.DataFrame:
    source = reviews[reviews["review_type"].isin(["lcspr", "sar", "dhr"])
                     & reviews["decision_date"].notna()]
    counts = rng.poisson(9.5, len(source))
    rows = source.iloc[np.repeat(np.arange(len(source)), counts)].reset_index(drop=True)
    n = len(rows)
    agreed = (rows["decision_date"].to_numpy().astype("datetime64[D]")
              + rng.integers(120, 300, n).astype("timedelta64[D]"))
    keep = agreed <= EXTRACT_DATE
    rows, agreed = rows[keep].reset_index(drop=True), agreed[keep]
    n = len(rows)
    age = (EXTRACT_DATE - agreed).astype(int)
    done = rng.random(n) < np.minimum(0.9, 0.15 + age / 700)
    status = np.where(done, np.where(rng.random(n) < 0.45, "assured", "completed"),
                      np.where(rng.random(n) < 0.05, "not_implemented",
                               np.where(rng.random(n) < 0.7, "in_progress", "not_started")))
    owners = np.array(CHILDREN_AGENCIES + ADULT_AGENCIES)
    completed = np.where(np.isin(status, ["completed", "assured"]),
                         np.minimum(agreed + rng.integers(20, 400, n).astype("timedelta64[D]"),
                                    EXTRACT_DATE), np.datetime64("NaT"))
    frame = pd.DataFrame({
        "recommendation_id": rows["review_id"] + "-R" + pd.Series(
            rows.groupby("review_id").cumcount() + 1).astype(str),
        "review_id": rows["review_id"], "board": rows["board"], "board_type": rows["board_type"],
        "recommendation": "Strengthen practice on " + rows["themes"].str.split(";").str[0],
        "owner": owners[rng.integers(0, len(owners), n)],
        "themes": rows["themes"].str.split(";").str[0].str.strip(),
        "agreed_date": agreed,
        "due_date": agreed + rng.choice([90, 180, 270, 365], n).astype("timedelta64[D]"),
        "status": status,
        "status_reason": pd.Series("Superseded", index=range(n)).where(status == "not_implemented"),
        "completed_date": completed,
        "evidence_of_impact": pd.Series("Re-audit showed change", index=range(n)).where(
            status == "assured"),
        "last_updated": np.where(pd.isna(completed), agreed, completed),
    })
    return _cast(frame)


def _audits(rng: np.random.Generator, boards: pd.DataFrame) -> pd.DataFrame:
    rows = _repeat(boards, rng.poisson(100, (len(boards), YEARS)))
    n = len(rows)
    skill = rows["quality"].to_numpy() * 0.6 + (rows["fy"].to_numpy() - FIRST_FY) * 0.03 \
        + rng.normal(0, 0.25, n)
    grade = np.array(["outstanding", "good", "requires_improvement", "inadequate"])[
        np.clip(np.digitize(-skill, [-0.95, -0.35, 0.05]), 0, 3)]
    raised = rng.integers(0, 6, n)
    agencies = np.where(rows["board_type"] == "children",
                        np.array(CHILDREN_AGENCIES)[rng.integers(0, 7, n)],
                        np.array(ADULT_AGENCIES)[rng.integers(0, 7, n)])
    date = _days_in_year(rng, rows["fy"].to_numpy())
    frame = pd.DataFrame({
        "audit_id": rows["prefix"] + "-AUD-" + pd.Series(np.arange(n)).astype(str),
        "board": rows["board"], "board_type": rows["board_type"],
        "audit_type": rng.choice(["single_agency", "multi_agency", "thematic"], n),
        "topic": "Case audit", "agency": agencies, "case_ref": None,
        "audit_date": date, "grade": grade,
        "themes": _themes(rng, rows["board_type"].to_numpy()),
        "actions_raised": raised, "actions_completed": rng.binomial(raised, 0.7),
    })
    return _cast(frame[frame["audit_date"] <= EXTRACT_DATE].reset_index(drop=True))


def _training(rng: np.random.Generator, boards: pd.DataFrame) -> pd.DataFrame:
    rows = _repeat(boards, rng.poisson(1000, (len(boards), YEARS)))
    n = len(rows)
    course = rng.integers(0, len(COURSES), n)
    names = np.array([c[0] for c in COURSES])
    themes = np.array([c[2] for c in COURSES])
    status = rng.choice(["attended", "did_not_attend", "cancelled"], n, p=[0.74, 0.19, 0.07])
    pre = rng.integers(1, 4, n)
    attended = status == "attended"
    agencies = np.where(rows["board_type"] == "children",
                        np.array(CHILDREN_AGENCIES)[rng.integers(0, 7, n)],
                        np.array(ADULT_AGENCIES)[rng.integers(0, 7, n)])
    # bookings share session dates: a course runs on one weekday (Monday to Friday) of a week
    # (numpy's weeks start on Thursday 1 January 1970, so Monday is four days in)
    session = (_days_in_year(rng, rows["fy"].to_numpy()).astype("datetime64[W]").astype(
        "datetime64[D]") + np.timedelta64(4, "D") + (course % 5).astype("timedelta64[D]"))
    frame = pd.DataFrame({
        "booking_id": rows["prefix"] + "-BK-" + pd.Series(np.arange(n)).astype(str),
        "board": rows["board"], "board_type": rows["board_type"], "course": names[course],
        "session_date": session, "agency": agencies, "status": status,
        "pre_confidence": pd.array(np.where(attended, pre, 0), dtype="Int64"),
        "post_confidence": pd.array(np.where(attended, np.minimum(5, pre + rng.integers(0, 3, n)),
                                             0), dtype="Int64"),
        "themes": themes[course],
    })
    for column in ("pre_confidence", "post_confidence"):
        frame[column] = frame[column].mask(frame[column] == 0)
    return _cast(frame[frame["session_date"] <= EXTRACT_DATE].reset_index(drop=True))


def write_csv(frames: dict[str, pd.DataFrame], folder: Path) -> list[Path]:
    """The data set as the four extracts a quality lead would load, dates day first."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, frame in frames.items():
        path = folder / f"{kind}.csv"
        frame.to_csv(path, index=False, date_format="%d/%m/%Y")
        written.append(path)
    return written
