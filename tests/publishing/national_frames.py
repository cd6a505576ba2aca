"""National context frames built by hand, as `national_context` gives them (one row a board,
measure, year, area and breakdown), for the tests of what presents them: the page, the
report's section and the exports. Invented figures of a realistic size, for an invented
children's board of two local authorities (one of them suppressed in one year) and an
invented adults' board."""

from __future__ import annotations

from typing import Any

import pandas as pd

from publishing.national import COLUMNS

BOARD = "Millbrook SCP"
ADULTS = "Northfold SAB"
OTHER = "Eastmere SCP"
REGION = "North West"
NEIGHBOURS = "Statistical neighbours (median)"
YEARS = ("2019-20", "2020-21", "2021-22", "2022-23", "2023-24", "2024-25", "2025-26")
SIN = "Department for Education, Serious incident notifications, 2026 release"
SIN_NATURE = "Department for Education, Serious incident notifications: nature, 2026 release"
C3 = "Department for Education, Children in need 2025, factors at the end of assessment (c3)"
SAC = "Department of Health and Social Care, Safeguarding Adults Collection 2024-25"
SAR_ANALYSIS = ("Analysis of Safeguarding Adult Reviews, April 2017 to March 2019 (Local "
                "Government Association and ADASS, 2020)")
SAR_YEARS = "April 2017 to March 2019"
OWN = "the board's own reviews"
SUPPRESSED_FOR = "Suppressed for Eastmere (1 of the board's 2 local authorities)."
ROUNDED = "Rounded to the nearest 10 as published: no rate is worked out from a rounded count."

# Each year: the board's notifications and children aged 0 to 17 (its two local authorities
# summed), England's, the region's count (rounded to 10), the neighbours' median rate and the
# board's rank among the eleven.
CHILDREN = {
    "2019-20": (4, 71_020, 482, 12_023_500, 50, 0.52, 5),
    "2020-21": (6, 71_180, 536, 12_050_100, 60, 0.48, 2),
    "2021-22": (3, 71_300, 483, 12_080_400, 50, 0.44, 8),
    "2022-23": (None, 71_350, 393, 12_110_900, 40, 0.37, None),     # Eastmere suppressed
    "2023-24": (5, 71_290, 405, 12_140_000, 50, 0.41, 4),
    "2024-25": (5, 71_250, 338, 12_170_000, 40, 0.45, 3),
    "2025-26": (4, 71_200, 357, 12_190_000, 40, 0.43, 5),
}


def row(**values: Any) -> dict[str, Any]:
    """A row of the frame, with every column (None where not given)."""
    base = dict.fromkeys(COLUMNS)
    base.update({"state": "shown", "note": None})
    base.update(values)
    return base


def children_frame() -> pd.DataFrame:
    """Millbrook SCP's national context: notifications per 10,000 children each year since
    2019-20 beside England, the North West's rounded count and the neighbours' median; per
    1,000 children in need in 2024-25; England's nature split; theme shares."""
    rows = []
    measure = {"measure": "notifications_per_10000_children",
               "label": "Serious incident notifications per 10,000 children", "per": 10_000,
               "source": SIN}
    for year, (own, children, england, everyone, region, median, rank) in CHILDREN.items():
        if own is None:
            rows.append(row(board=BOARD, year=year, area=BOARD, area_kind="board",
                            denominator=children, state="suppressed", note=SUPPRESSED_FOR,
                            **measure))
        else:
            rows.append(row(board=BOARD, year=year, area=BOARD, area_kind="board", count=own,
                            denominator=children, rate=own / children * 10_000, rank=rank,
                            of=11, **measure))
        rows += [
            row(board=BOARD, year=year, area="England", area_kind="england", count=england,
                denominator=everyone, rate=england / everyone * 10_000, **measure),
            row(board=BOARD, year=year, area=REGION, area_kind="region", count=region,
                note=ROUNDED, **measure),
            row(board=BOARD, year=year, area=NEIGHBOURS, area_kind="neighbours", rate=median,
                **measure),
        ]
    need = {"measure": "notifications_per_1000_children_in_need",
            "label": "Serious incident notifications per 1,000 children in need", "per": 1_000,
            "source": SIN, "year": "2024-25", "board": BOARD}
    rows += [
        row(area=BOARD, area_kind="board", count=5, denominator=2_110, rate=5 / 2_110 * 1_000,
            rank=2, of=11, **need),
        row(area="England", area_kind="england", count=338, denominator=403_720,
            rate=338 / 403_720 * 1_000, **need),
        row(area=NEIGHBOURS, area_kind="neighbours", rate=1.62, **need),
    ]
    nature = {"measure": "notifications_by_nature", "label": "Nature of notifications",
              "per": 100, "source": SIN_NATURE, "year": "2024-25", "board": BOARD,
              "area": "England", "area_kind": "england", "denominator": 338}
    rows += [row(breakdown=b, count=n, rate=n / 338 * 100, **nature)
             for b, n in (("Death", 146), ("Serious harm", 188), ("Other", 4))]
    themes = {"measure": "theme_share_children", "label": "Theme share", "per": 100,
              "year": "2024-25", "board": BOARD}
    rows += [
        row(area=BOARD, area_kind="board", breakdown="neglect", count=6, denominator=14,
            rate=6 / 14 * 100, source=OWN, **themes),
        row(area=BOARD, area_kind="board", breakdown="domestic abuse", count=3, denominator=14,
            rate=3 / 14 * 100, source=OWN, **themes),
        row(area=BOARD, area_kind="board", breakdown="mental health", count=0, denominator=14,
            rate=0.0, source=OWN, **themes),
        row(area="England", area_kind="england", breakdown="neglect", count=107_610,
            denominator=597_830, rate=107_610 / 597_830 * 100, source=C3, **themes),
        row(area="England", area_kind="england", breakdown="domestic abuse", count=188_320,
            denominator=597_830, rate=188_320 / 597_830 * 100, source=C3, **themes),
        row(area="England", area_kind="england", breakdown="mental health", state="not_available",
            source=C3, **themes),
    ]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def adults_frame() -> pd.DataFrame:
    """Northfold SAB's 2024-25: concerns and section 42 enquiries per 100,000 adults, the mix
    of risks, completed SARs and a theme beside the national SAR analysis."""
    year = {"board": ADULTS, "year": "2024-25", "source": SAC}
    concerns = {"measure": "concerns_per_100000_adults",
                "label": "Safeguarding concerns per 100,000 adults", "per": 100_000, **year}
    enquiries = {"measure": "s42_enquiries_per_100000_adults",
                 "label": "Section 42 enquiries per 100,000 adults", "per": 100_000, **year}
    risks = {"measure": "risk_types", "label": "Types of risk", "per": 100, **year}
    sars = {"measure": "sars_completed", "label": "SARs completed", **year}
    rows = [
        row(area=ADULTS, area_kind="board", count=3_105, denominator=402_300,
            rate=3_105 / 402_300 * 100_000, **concerns),
        row(area="England", area_kind="england", count=640_240, denominator=46_120_000,
            rate=640_240 / 46_120_000 * 100_000, **concerns),
        row(area=REGION, area_kind="region", count=92_410, denominator=5_980_000,
            rate=92_410 / 5_980_000 * 100_000, **concerns),
        row(area=ADULTS, area_kind="board", state="low_reliability", **enquiries),
        row(area="England", area_kind="england", count=185_270, denominator=46_120_000,
            rate=185_270 / 46_120_000 * 100_000, **enquiries),
        row(area=ADULTS, area_kind="board", breakdown="Self-neglect", count=160,
            denominator=1_020, **risks),
        row(area=ADULTS, area_kind="board", breakdown="Neglect and acts of omission",
            count=300, denominator=1_020, **risks),
        row(area="England", area_kind="england", breakdown="Self-neglect", count=22_230,
            denominator=185_270, **risks),
        row(area="England", area_kind="england", breakdown="Neglect and acts of omission",
            count=56_760, denominator=185_270, **risks),
        row(area=ADULTS, area_kind="board", count=2, **sars),
        row(area="England", area_kind="england", count=231, **sars),
        row(measure="theme_share_adults", label="Theme share", per=100, board=ADULTS,
            year="2024-25", area=ADULTS, area_kind="board", breakdown="self-neglect", count=2,
            denominator=3, source=OWN),
        row(measure="theme_share_adults", label="Theme share", per=100, board=ADULTS,
            year=SAR_YEARS, area="England", area_kind="england", breakdown="self-neglect",
            rate=45.0, note=f"Of SARs completed {SAR_YEARS} (the first national analysis), "
            f"{SAR_YEARS}.", source=SAR_ANALYSIS),
    ]
    return pd.DataFrame(rows, columns=list(COLUMNS))
