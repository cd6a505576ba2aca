"""National context, said once: the published files the product reads, the symbols their
publishers print instead of a figure, the measures worked out from them, and what a reader
must be told beside every comparison. The tables are migration 24's; the files are read in
`loaders.national_files`, stored in `ingest.national`, and the figures worked out in
`data_models.national_figures`.

No figure is fetched while the product runs: a board downloads the files and loads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

if TYPE_CHECKING:
    import pandas as pd

# -- the files, by kind -----------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    code: str
    title: str          # the file, as its publisher names it
    publisher: str
    where: str          # where a board downloads it, in words


KINDS: Final = {k.code: k for k in (
    Kind("sin_subnational", "Serious incident notifications: sub-national notifications with "
         "contextual data", "Department for Education",
         "explore-education-statistics.service.gov.uk, 'Serious incident notifications', "
         "Download data"),
    Kind("sin_nature", "Serious incident notifications: nature and characteristics of "
         "notifications", "Department for Education",
         "explore-education-statistics.service.gov.uk, 'Serious incident notifications', "
         "Download data"),
    Kind("cin_b1", "Children in need at 31 March (b1)", "Department for Education",
         "explore-education-statistics.service.gov.uk, 'Children in need', Download data"),
    Kind("cin_c3", "Factors identified at the end of assessment (c3)", "Department for Education",
         "explore-education-statistics.service.gov.uk, 'Children in need', Download data"),
    Kind("sac", "Safeguarding Adults Collection", "NHS England (to 2023-24), Department of "
         "Health and Social Care (from 2024-25)",
         "the 'Safeguarding Adults, England' official statistics, CSV data file"),
    Kind("sn_model", "Statistical neighbours model", "Department for Education (NFER model)",
         "the Children's services statistical neighbour benchmarking tool's model file"),
    Kind("national_themes", "National review themes (the product's reference file, which a "
         "board may edit)", "the national analyses each row names",
         "shipped with the product: data_models/national_themes.csv"),
)}
KindCode = Literal["sin_subnational", "sin_nature", "cin_b1", "cin_c3", "sac", "sn_model",
                   "national_themes"]

# -- symbols: a state, never a value ----------------------------------------------------------

STATES: Final = {
    "shown": "shown",
    "suppressed": "suppressed by the publisher to protect people",
    "not_available": "not available",
    "not_applicable": "not applicable",
    "low": "fewer than can be shown (rounds to 0, but is not 0)",
    "low_reliability": "published as of low reliability",
}

# What each publisher prints instead of a figure (case-insensitive, brackets as printed).
SYMBOLS: Final = {
    "c": "suppressed", "[c]": "suppressed", "*": "suppressed",
    "x": "not_available", "[x]": "not_available", ":": "not_available", "..": "not_available",
    "z": "not_applicable", "[z]": "not_applicable",
    "low": "low", "k": "low",
    "u": "low_reliability", "[u]": "low_reliability",
}

LEVELS: Final = ("national", "regional", "local_authority")
ENGLAND: Final = ("E92000001", "England")

# -- what every comparison is read with ---------------------------------------------------------

NOT_PERFORMANCE: Final = (
    "Serious incident notifications are not a measure of performance: the Department for "
    "Education says that larger and more deprived areas notify more, so a rate above or "
    "below others is a question to ask, not a finding.")
NO_NATIONAL_TIMESCALES: Final = (
    "No national figure exists for the 5 and 15 working-day timescales (notification and "
    "rapid review), so none is compared here.")
CONTEXT_LAG: Final = (
    "The notifications file's children in need and population columns are those of the year "
    "before (a year's notifications are set beside children in need at 31 March before it and "
    "the mid-year population before that), as published.")
SUMMED: Final = (
    "Over a board's local authorities, counts and their bases are added and the rate worked "
    "out from the sums: rates are never averaged.")
REGION_ROUNDED: Final = (
    "The Department for Education rounds regional notification counts to the nearest 10, so "
    "no regional rate is worked out from them.")

# -- a file read, as the store takes it ---------------------------------------------------------

# The columns of each frame a read file gives: its table's, without the release's number.
FIGURE_COLUMNS: Final = ("measure", "year", "level", "area_code", "old_la_code", "area_name",
                         "region_code", "region_name", "breakdown", "value", "state",
                         "rounded_to")
NEIGHBOUR_COLUMNS: Final = ("old_la_code", "la_name", "rank", "neighbour_old_la_code",
                            "neighbour_name")
THEME_SHARE_COLUMNS: Final = ("board_type", "theme", "share", "base", "base_count", "years",
                              "source")


class NationalFileError(ValueError):
    """A national file that cannot be read as any file the product knows; one line, naming
    the nearest file it knows and what to do."""


@dataclass(frozen=True)
class NationalFile:
    """One published file, read (`loaders.national_files.read_national`): its kind and release,
    the source said beside its figures, and its rows as the tables take them (the frames of the
    kinds that have none are empty, with their columns)."""

    kind: str
    release: str
    source: str
    file_name: str
    synthetic: bool
    figures: pd.DataFrame          # FIGURE_COLUMNS
    neighbours: pd.DataFrame       # NEIGHBOUR_COLUMNS
    theme_shares: pd.DataFrame     # THEME_SHARE_COLUMNS


# -- local authorities that no longer exist ------------------------------------------------------

@dataclass(frozen=True)
class BoundaryChange:
    """An authority that no longer exists, and the authorities that took its place."""

    code: str                                  # its ONS code
    old_la_code: str | None                    # DfE's three-digit code
    name: str
    successors: tuple[tuple[str, str], ...]    # (ONS code, name) of each authority after it
    when: str                                  # the change, in words: "April 2023"
    first_year: str                            # the first financial year of its successors

    @property
    def successor_codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.successors)

    def successors_in_words(self) -> str:
        named = [f"{name} ({code})" for code, name in self.successors]
        return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


# Figures for years before a change are the old authority's. A board covering every one of its
# successors is given its figure for those years; a board covering some of them is not (the old
# authority's figure cannot be split). Christchurch, a district of the old Dorset County Council,
# went to Bournemouth, Christchurch and Poole: so Dorset County's successors are both.
BOUNDARY_CHANGES: Final = (
    BoundaryChange("E10000006", "909", "Cumbria",
                   (("E06000063", "Cumberland"), ("E06000064", "Westmorland and Furness")),
                   "April 2023", "2023-24"),
    BoundaryChange("E10000021", "928", "Northamptonshire",
                   (("E06000061", "North Northamptonshire"),
                    ("E06000062", "West Northamptonshire")),
                   "April 2021", "2021-22"),
    BoundaryChange("E10000009", "835", "Dorset County",
                   (("E06000059", "Dorset"), ("E06000058", "Bournemouth, Christchurch and Poole")),
                   "April 2019", "2019-20"),
    BoundaryChange("E06000028", "837", "Bournemouth",
                   (("E06000058", "Bournemouth, Christchurch and Poole"),), "April 2019", "2019-20"),
    BoundaryChange("E06000029", "836", "Poole",
                   (("E06000058", "Bournemouth, Christchurch and Poole"),), "April 2019", "2019-20"),
)


def boundary_change(code: str) -> BoundaryChange | None:
    """The change that ended the authority of this ONS or three-digit code, if one did."""
    wanted = code.strip().upper()
    return next((c for c in BOUNDARY_CHANGES if wanted in (c.code, c.old_la_code)), None)


# -- the measures worked out from the files (data_models.national_figures) -----------------------

@dataclass(frozen=True)
class Measure:
    code: str
    label: str
    board_type: str             # children | adults: the boards it is worked out for
    per: int | None             # a rate per this many; 100 for a share; None for a count alone


MEASURES: Final = {m.code: m for m in (
    Measure("notifications_per_10000_children",
            "Serious incident notifications per 10,000 children", "children", 10_000),
    Measure("notifications_per_1000_children_in_need",
            "Serious incident notifications per 1,000 children in need", "children", 1_000),
    Measure("notifications_by_nature",
            "Serious incident notifications by nature (% of all notifications)", "children", 100),
    Measure("children_in_need_per_10000", "Children in need per 10,000 children", "children",
            10_000),
    Measure("theme_share_children",
            "Learning themes: % of the board's reviews raising each, beside England's "
            "assessments in which the matching factor was identified", "children", 100),
    Measure("concerns_per_100000_adults", "Safeguarding concerns per 100,000 adults", "adults",
            100_000),
    Measure("s42_enquiries_per_100000_adults", "Section 42 enquiries per 100,000 adults",
            "adults", 100_000),
    Measure("risk_types",
            "Types of risk in section 42 enquiries (% of the types of risk recorded)", "adults",
            100),
    Measure("sars_completed", "Safeguarding Adults Reviews completed", "adults", None),
    Measure("theme_share_adults",
            "Learning themes: % of the board's reviews raising each, beside the national "
            "analysis of Safeguarding Adults Reviews", "adults", 100),
)}
AREA_KINDS: Final = ("board", "england", "region", "neighbours")
NEIGHBOURS_AREA: Final = "Statistical neighbours (median)"
