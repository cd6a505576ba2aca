"""A realistic synthetic data set from a seeded generator: same seed, same data.

No real person or case is in it. Boards are fictional; cases are known only by made-up
pseudonymous references. The data has what a board looks for: breaches of each timescale,
open and overdue clocks, overdue recommendations, mixed audit grades that improve over time,
training no-shows, and themes whose prevalence differs between adults' and children's boards.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from data_models.calendar import add_working_days
from data_models.data_sets import DATA_TABLES
from data_models.filters import financial_year
from data_models.records import Upload, store_extract
from data_models.store.versions import changed
from data_models.stored_figures import rewrite_clocks

# The day the demo extracts were "exported": dates after it are not yet known.
EXTRACT_DATE = dt.date(2026, 10, 30)
FIRST_FY = 2021          # 2021-22 ... 2026-27: six financial years
LAST_FY = 2026


@dataclass(frozen=True)
class DemoBoard:
    name: str
    board_type: str      # children or adults
    quality: float       # 0 (struggling) .. 1 (strong): shifts timeliness and grades
    size: float          # relative volume
    # DARDRs (formerly DHRs) are the community safety partnership's: a board tracks them
    # beside its own reviews only where it has agreed to (here the adults' boards)
    tracks_dardrs: bool = False


BOARDS = (
    DemoBoard("Ashbourne SCP", "children", 0.75, 1.0),
    DemoBoard("Ashbourne SAB", "adults", 0.65, 0.9, tracks_dardrs=True),
    DemoBoard("Kestrel Bay SCP", "children", 0.45, 1.3),
    DemoBoard("Kestrel Bay SAB", "adults", 0.55, 1.1, tracks_dardrs=True),
    # a joint area: one partnership running both children's and adults' arrangements
    DemoBoard("Harwick Safeguarding Partnership", "children", 0.85, 0.8),
    DemoBoard("Harwick Safeguarding Partnership", "adults", 0.8, 0.7, tracks_dardrs=True),
    DemoBoard("Millbrook SCP", "children", 0.6, 0.9),
    DemoBoard("Northfold SAB", "adults", 0.35, 1.0, tracks_dardrs=True),
)

# Theme weights per board type (labels as in themes.toml; a few written as aliases or as
# free text no alias covers, as real extracts do).
THEME_WEIGHTS = {
    "children": {
        "information sharing": 9, "voice of the child": 8, "neglect": 7, "domestic abuse": 7,
        "think family": 6, "safe sleeping": 5, "professional curiosity": 5,
        "extra-familial harm": 4, "risk assessment": 5, "thresholds": 3, "mental health": 4,
        "substance misuse": 3, "cross-border moves": 2, "children not in school": 2,
        "escalation and challenge": 2, "race, culture and identity": 2,
        "disability and communication needs": 2, "leadership and culture": 2,
        "trauma-informed practice": 1, "parallel proceedings": 1, "self-harm and suicide": 1,
        "transition to adulthood": 1, "allegations against professionals": 1,
        "Coercive control": 1, "bereavement": 1,
    },
    "adults": {
        "self-neglect": 9, "mental capacity": 8, "professional curiosity": 7,
        "information sharing": 7, "substance misuse": 6, "mental health": 6,
        "making safeguarding personal": 5, "risk assessment": 5, "domestic abuse": 4,
        "escalation and challenge": 3, "leadership and culture": 3, "hoarding": 2,
        "think family": 2, "self-harm and suicide": 3, "transition to adulthood": 2,
        "disability and communication needs": 3, "trauma-informed practice": 2, "neglect": 2,
        "race, culture and identity": 1, "cross-border moves": 1, "thresholds": 1,
        "cost of living": 1,
    },
}

CHILDREN_AGENCIES = ("Children's social care", "Police", "Health visiting", "Education",
                     "GP practices", "Acute hospital trust", "Youth justice")
ADULT_AGENCIES = ("Adult social care", "Police", "Mental health trust", "GP practices",
                  "Acute hospital trust", "Housing", "Ambulance service")

COURSES = (
    ("Professional curiosity in practice", "both", "professional curiosity"),
    ("Working together: information sharing", "both", "information sharing"),
    ("Domestic abuse and coercive control", "both", "domestic abuse"),
    ("Think family", "both", "think family"),
    ("Neglect: recognising and responding", "children", "neglect"),
    ("Safe sleeping for babies", "children", "safe sleeping"),
    ("Exploitation and county lines", "children", "extra-familial harm"),
    ("Self-neglect and hoarding", "adults", "self-neglect"),
    ("Mental Capacity Act in practice", "adults", "mental capacity"),
    ("Making safeguarding personal", "adults", "voice of the person"),
    ("Escalation and professional challenge", "both", "escalation and challenge"),
    ("Trauma-informed practice", "both", "trauma-informed practice"),
)

AUDIT_TOPICS = {
    "children": ("Neglect in under-fives", "Voice of the child in assessments",
                 "Strategy discussions", "Children missing education", "Exploitation risk",
                 "Domestic abuse referrals"),
    "adults": ("Self-neglect responses", "Mental capacity assessments", "Hospital discharge",
               "Making safeguarding personal", "Domestic abuse in older people",
               "Section 42 enquiries"),
}


def _prefix(board: DemoBoard) -> str:
    """A short reference prefix, unique per board and board type ("AS-C", "HS-A")."""
    initials = "".join(word[0] for word in board.name.split()[:2]).upper()
    return f"{initials}-{board.board_type[0].upper()}"


def _fy_start(year: int) -> dt.date:
    return dt.date(year, 4, 1)


def _financial_year(day: dt.date) -> int:
    """The year a financial year starts in: 2024 for 2024-25."""
    return int(financial_year(day)[:4])


def _random_days(rng: np.random.Generator, start: dt.date, end: dt.date, n: int) -> list[dt.date]:
    span = (end - start).days
    return [start + dt.timedelta(days=int(d)) for d in rng.integers(0, span, n)]


def _pick_themes(rng: np.random.Generator, board_type: str, n: int, lo: int, hi: int) -> list[str]:
    weights = THEME_WEIGHTS[board_type]
    labels = list(weights)
    p = np.array([weights[label] for label in labels], dtype=float)
    p /= p.sum()
    out = []
    for count in rng.integers(lo, hi + 1, n):
        chosen = rng.choice(len(labels), size=int(count), replace=False, p=p)
        out.append("; ".join(labels[i] for i in sorted(chosen)))
    return out


def _after(rng: np.random.Generator, start: dt.date | None, median_wd: float, spread: float,
           quality: float) -> dt.date | None:
    """A date some working days after start: slower where the board is weaker."""
    if start is None:
        return None
    wd = max(1, int(round(rng.normal(median_wd * (1.5 - quality * 0.7), spread))))
    return add_working_days(start, wd)


def _known(day: dt.date | None) -> dt.date | None:
    return day if day is not None and day <= EXTRACT_DATE else None


def _add_months(day: dt.date, months: float) -> dt.date:
    return day + dt.timedelta(days=int(round(months * 30.44)))


def _reviews(rng: np.random.Generator) -> pd.DataFrame:
    rows: list[dict[str, object]] = []
    for b in BOARDS:
        prefix = _prefix(b)
        counter = 0
        for fy in range(FIRST_FY, LAST_FY + 1):
            fy_end = min(_fy_start(fy + 1) - dt.timedelta(days=1), EXTRACT_DATE)
            if b.board_type == "children":
                kinds = (["rapid_review"] * int(rng.poisson(9 * b.size))
                         + ["learning_review"] * int(rng.poisson(0.8)))
                lcspr_share = 0.3
            else:
                kinds = (["sar"] * int(rng.poisson(3.5 * b.size))
                         + ["learning_review"] * int(rng.poisson(1)))
                lcspr_share = 0.0
            kinds += ["dhr"] * int(rng.poisson(1.2 if b.board_type == "adults" else 0.4))
            for kind in kinds:
                counter += 1
                aware = _random_days(rng, _fy_start(fy), fy_end, 1)[0]
                row: dict[str, object] = {
                    "board": b.name, "board_type": b.board_type, "review_type": kind,
                    "harm": rng.choice(["death", "serious_harm", "other"], p=[0.45, 0.5, 0.05]),
                    "aware_date": aware,
                }
                if kind == "rapid_review":
                    notified = _after(rng, aware, 3.5, 2.2, b.quality)
                    rapid = _after(rng, notified, 12, 4, b.quality)
                    row |= {"notification_date": notified, "rapid_review_date": rapid}
                    if rng.random() < lcspr_share:
                        row["review_type"] = "lcspr" if rng.random() > 0.05 else "national_review"
                        decision = _after(rng, rapid, 6, 3, b.quality)
                        months = rng.normal(7.5 - 3 * b.quality, 1.8)
                        published = _add_months(decision, max(3.0, months)) if decision else None
                        gap = int(rng.choice([3, 5, 8, 10, 12, 15], p=[.08, .1, .22, .25, .2, .15]))
                        sent = add_working_days(published, -gap) if published else None
                        if row["review_type"] == "national_review":
                            published = sent = None
                        row |= {"decision_date": decision, "report_sent_date": sent,
                                "publication_date": published}
                elif kind == "sar":
                    decision = _add_months(aware, rng.uniform(0.5, 3))
                    months = rng.normal(8.5 - 4 * b.quality, 2.0)
                    completed = _add_months(decision, max(2.5, months))
                    row |= {"decision_date": decision, "completed_date": completed,
                            "publication_date": _add_months(completed, rng.uniform(0.5, 3))}
                elif kind == "dhr":
                    row["decision_date"] = aware + dt.timedelta(
                        days=int(rng.gamma(3, 8 - 4 * b.quality)))
                else:  # learning review: no statutory clock
                    row["decision_date"] = _add_months(aware, rng.uniform(0.5, 2))
                # an occasional end date that was never recorded: the clock shows overdue
                if rng.random() < 0.03:
                    for column in ("notification_date", "completed_date", "decision_date"):
                        if column in row and column != "aware_date" and kind != "learning_review":
                            row[column] = None
                            break
                for column in ("notification_date", "rapid_review_date", "decision_date",
                               "report_sent_date", "completed_date", "publication_date",
                               "aware_date"):
                    row[column] = _known(row.get(column))  # type: ignore[arg-type]
                ends = [row.get(c) for c in ("rapid_review_date", "publication_date",
                                             "completed_date", "decision_date")]
                finished = kind != "learning_review" and all(
                    row.get(c) is not None for c in {
                        "rapid_review": ["rapid_review_date"],
                        "lcspr": ["publication_date"], "national_review": ["rapid_review_date"],
                        "sar": ["completed_date"], "dhr": ["decision_date"],
                    }[str(row["review_type"])]
                )
                row["status"] = "closed" if finished and any(ends) else "open"
                row["review_id"] = f"{prefix}-{str(row['review_type']).upper()[:3]}-{fy}-{counter:03d}"
                rows.append(row)
    frame = pd.DataFrame(rows)
    frame["themes"] = [
        _pick_themes(rng, bt, 1, 2, 4)[0] for bt in frame["board_type"]
    ]
    # DARDRs are drawn for every board and kept only where the board tracks them, so that
    # the random draws, and so every other review, are the same whichever boards track them
    tracking = {(b.name, b.board_type) for b in BOARDS if b.tracks_dardrs}
    held = [(row.review_type != "dhr" or (row.board, row.board_type) in tracking)
            for row in frame.itertuples()]
    return frame[held].reset_index(drop=True)


def _recommendations(rng: np.random.Generator, reviews: pd.DataFrame) -> pd.DataFrame:
    rows: list[dict[str, object]] = []
    owners = {"children": CHILDREN_AGENCIES + ("The partnership",),
              "adults": ADULT_AGENCIES + ("The board",)}
    actions = ("Review the multi-agency guidance on", "Deliver briefings to practitioners on",
               "Audit practice on", "Strengthen supervision on", "Update the training on",
               "Seek assurance from agencies on")
    has_recs = reviews[reviews["review_type"].isin(["lcspr", "sar", "dhr", "learning_review",
                                                    "national_review"])]
    for review in has_recs.itertuples():
        # agreed once the review is decided, within that financial year (the board's annual
        # report lists them under the year its review was decided)
        decided = review.decision_date
        if decided is None or pd.isna(decided):
            continue
        year_end = min(_fy_start(_financial_year(decided) + 1) - dt.timedelta(days=1),
                       EXTRACT_DATE)
        themes = [t.strip() for t in str(review.themes).split(";")]
        window = (year_end - decided).days
        for n in range(1, int(rng.integers(3, 8)) + 1):
            theme = themes[int(rng.integers(0, len(themes)))]
            agreed = decided + dt.timedelta(days=int(rng.integers(0, min(window, 150) + 1)))
            due = _add_months(agreed, float(rng.choice([3, 6, 9, 12])))
            age_days = (EXTRACT_DATE - agreed).days
            progress = min(1.0, age_days / 540)
            p_done = 0.15 + 0.75 * progress
            u = rng.random()
            if u < p_done * 0.45:
                status = "assured"
            elif u < p_done:
                status = "completed"
            elif u < p_done + 0.04:
                status = "not_implemented"
            elif u < p_done + 0.04 + (1 - p_done) * 0.7:
                status = "in_progress"
            else:
                status = "not_started"
            completed = None
            finish = agreed + dt.timedelta(days=int(rng.integers(30, 400)))
            if status in ("completed", "assured"):
                if finish <= EXTRACT_DATE:
                    completed = finish
                else:           # not finished by the day of the extract: still in progress
                    status = "in_progress"
            last = completed or agreed
            rows.append({
                "recommendation_id": f"{review.review_id}-R{n}",
                "review_id": review.review_id, "board": review.board,
                "board_type": review.board_type,
                "recommendation": f"{actions[int(rng.integers(0, len(actions)))]} {theme.lower()}.",
                "owner": owners[review.board_type][int(rng.integers(0, 8))],
                "themes": theme, "agreed_date": agreed, "due_date": due, "status": status,
                "status_reason": ("Superseded by national guidance" if status == "not_implemented"
                                  else ("Awaiting agency capacity" if status == "in_progress"
                                        and due < EXTRACT_DATE else None)),
                "completed_date": completed,
                "evidence_of_impact": ("Re-audit showed practice changed" if status == "assured"
                                       else None),
                # the last update some days after, never after the extract was taken
                "last_updated": last + dt.timedelta(
                    days=int(rng.integers(0, min(90, (EXTRACT_DATE - last).days) + 1))),
            })
    return pd.DataFrame(rows)


def _audits(rng: np.random.Generator) -> pd.DataFrame:
    frames = []
    grades = np.array(["outstanding", "good", "requires_improvement", "inadequate"])
    for b in BOARDS:
        agencies = CHILDREN_AGENCIES if b.board_type == "children" else ADULT_AGENCIES
        for fy in range(FIRST_FY, LAST_FY + 1):
            fy_end = min(_fy_start(fy + 1) - dt.timedelta(days=1), EXTRACT_DATE)
            if fy_end < _fy_start(fy):
                continue
            n = int(rng.poisson(36 * b.size * (fy_end - _fy_start(fy)).days / 365))
            year_effect = (fy - FIRST_FY) * 0.05
            agency_index = rng.integers(0, len(agencies), n)
            skill = b.quality * 0.6 + year_effect + rng.normal(0, 0.25, n) + agency_index * -0.03
            grade_index = np.clip(np.digitize(-skill, [-0.95, -0.35, 0.05]), 0, 3)
            types = rng.choice(["single_agency", "multi_agency", "thematic",
                                "section_11" if b.board_type == "children" else "multi_agency"],
                               size=n, p=[0.45, 0.35, 0.1, 0.1])
            raised = rng.integers(0, 4, n) + grade_index * 2
            completed = np.minimum(raised, rng.binomial(raised, 0.7))
            topics = AUDIT_TOPICS[b.board_type]
            prefix = _prefix(b)
            frames.append(pd.DataFrame({
                "audit_id": [f"{prefix}-AUD-{fy}-{i + 1:03d}" for i in range(n)],
                "board": b.name, "board_type": b.board_type, "audit_type": types,
                "topic": [topics[i] for i in rng.integers(0, len(topics), n)],
                "agency": [agencies[i] for i in agency_index],
                "case_ref": [f"Case {chr(65 + int(i % 26))}{int(i)}" for i in rng.integers(1, 900, n)],
                "audit_date": _random_days(rng, _fy_start(fy), fy_end + dt.timedelta(days=1), n),
                "grade": grades[grade_index],
                "themes": _pick_themes(rng, b.board_type, n, 1, 3),
                "actions_raised": raised, "actions_completed": completed,
            }))
    frame = pd.concat(frames, ignore_index=True)
    frame.loc[frame["audit_type"].isin(["section_11", "section_175"]), "case_ref"] = None
    return frame


def _training(rng: np.random.Generator) -> pd.DataFrame:
    frames = []
    for b in BOARDS:
        agencies = CHILDREN_AGENCIES if b.board_type == "children" else ADULT_AGENCIES
        courses = [c for c in COURSES if c[1] in ("both", b.board_type)]
        joint = b.name.startswith("Harwick")
        prefix = _prefix(b)
        for fy in range(FIRST_FY, LAST_FY + 1):
            fy_end = min(_fy_start(fy + 1) - dt.timedelta(days=1), EXTRACT_DATE)
            if fy_end < _fy_start(fy):
                continue
            sessions = int(rng.poisson(30 * b.size * (fy_end - _fy_start(fy)).days / 365))
            for s in range(sessions):
                course, audience, theme = courses[int(rng.integers(0, len(courses)))]
                day = _random_days(rng, _fy_start(fy), fy_end + dt.timedelta(days=1), 1)[0]
                n = int(rng.integers(8, 22))
                no_show = 0.12 + (1 - b.quality) * 0.15
                status = rng.choice(["attended", "did_not_attend", "cancelled"], size=n,
                                    p=[1 - no_show - 0.07, no_show, 0.07])
                pre = rng.integers(1, 4, n)
                post = np.minimum(5, pre + rng.integers(0, 3, n))
                attended = status == "attended"
                frames.append(pd.DataFrame({
                    "booking_id": [f"{prefix}-{fy}-{s + 1:03d}-{i + 1:02d}" for i in range(n)],
                    "board": b.name,
                    "board_type": "both" if joint and audience == "both" else b.board_type,
                    "course": course, "session_date": day,
                    "agency": [agencies[i] for i in rng.integers(0, len(agencies), n)],
                    "status": status,
                    "pre_confidence": pd.array(np.where(attended, pre, 0), dtype="Int64"),
                    "post_confidence": pd.array(np.where(attended, post, 0), dtype="Int64"),
                    "themes": theme,
                }))
    frame = pd.concat(frames, ignore_index=True)
    for column in ("pre_confidence", "post_confidence"):
        frame[column] = frame[column].mask(frame[column] == 0)
    return frame.drop_duplicates(["board", "booking_id"])


def generate(seed: int = 2026) -> dict[str, pd.DataFrame]:
    """The four data sets, in the shape a checked extract has."""
    rng = np.random.default_rng(seed)
    reviews = _reviews(rng)
    frames = {
        "reviews": reviews,
        "recommendations": _recommendations(rng, reviews),
        "audits": _audits(rng),
        "training": _training(rng),
    }
    for frame in frames.values():
        for column in frame.columns:
            if column.endswith("_date") or column in ("last_updated",):
                frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    return frames


def clear_data(con: duckdb.DuckDBPyConnection) -> None:
    """Remove every stored record (not the upload log), in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        for table, _ in DATA_TABLES.values():
            con.execute(f"DELETE FROM {table}")  # noqa: S608
        con.execute("DELETE FROM theme_texts")
        con.execute("DELETE FROM mention_themes")
        changed(con)
        rewrite_clocks(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def has_data(con: duckdb.DuckDBPyConnection) -> bool:
    return any(
        con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]  # noqa: S608
        for table, _ in DATA_TABLES.values()
    )


def load_demo(con: duckdb.DuckDBPyConnection, seed: int = 2026,
              frames: dict[str, pd.DataFrame] | None = None, *,
              national: bool | None = None) -> dict[str, int]:
    """Replace the stored records with the demo data set (or the frames given); returns rows
    per data set. The demo's boards (`national`, by default when no frames are given) get their
    invented places' national files and footprints too."""
    demo_boards = frames is None if national is None else national
    frames = frames if frames is not None else generate(seed)
    clear_data(con)
    counts = {}
    for kind, frame in frames.items():
        digest = hashlib.sha256(pd.util.hash_pandas_object(frame, index=False).to_numpy()).hexdigest()
        store_extract(con, Upload(kind, f"demo data (seed {seed})", digest, len(frame),
                                  EXTRACT_DATE, "demo",
                                  tuple(sorted(frame["board"].unique()))), frame)
        counts[kind] = len(frame)
    if demo_boards:     # the demo's boards, beside their invented places' national figures
        from assurance.national_files_demo import load_national_demo

        counts["national files"] = len(load_national_demo(con, seed)) - len(BOARDS)
    return counts
