"""Each national file is read by its header, across the releases' differences, into the rows
the store takes: symbols become states and never 0, a year is the financial year it is for,
and a file the product cannot read is refused in one line that says what to do.

The fixtures (tests/fixtures/national, described in its README) carry the published headers
of two releases of each file, with invented local authorities; the demo's synthetic files are
read back as well."""

from __future__ import annotations

import csv
import io
import math
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assurance.national_files_demo import (
    DEMO_FOOTPRINTS,
    RELEASES,
    write_national_file,
    write_national_files,
)
from data_models.national import (
    FIGURE_COLUMNS,
    KINDS,
    NEIGHBOUR_COLUMNS,
    STATES,
    SYMBOLS,
    THEME_SHARE_COLUMNS,
    NationalFile,
    NationalFileError,
)
from loaders.national_files import SYNTHETIC_NOTE, read_national, read_national_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "national"
SHIPPED_THEMES = Path(__file__).resolve().parents[2] / "data_models" / "national_themes.csv"

# file -> kind, release, the years it holds
EXPECTED = {
    "serious_incident_notifications_subnational_2020_to_2025.csv":
        ("sin_subnational", "2025", {"2023-24", "2024-25"}),
    "serious_incident_notifications_subnational_2020_to_2026.csv":
        ("sin_subnational", "2026", {"2024-25", "2025-26"}),
    "notifications_by_nature_financial_years.csv": ("sin_nature", "2022-23", {"2021-22", "2022-23"}),
    "serious_incident_notifications_nature_2024_to_2026.csv":
        ("sin_nature", "2026", {"2024-25", "2025-26"}),
    "b1_children_in_need_2013_to_2024.csv": ("cin_b1", "2024", {"2022-23", "2023-24"}),
    "b1_children_in_need_2013_to_2025.csv": ("cin_b1", "2025", {"2023-24", "2024-25"}),
    "c3_factors_identified_at_end_of_assessment_2018_to_2024.csv":
        ("cin_c3", "2024", {"2022-23", "2023-24"}),
    "c3_factors_identified_at_end_of_assessment_2018_to_2025.csv":
        ("cin_c3", "2025", {"2023-24", "2024-25"}),
    "safeguarding_adults_collection_2023-24.csv": ("sac", "2023-24", {"2023-24"}),
    "safeguarding_adults_collection_2024-25.csv": ("sac", "2024-25", {"2024-25"}),
    "sn_model_2024_wide.csv": ("sn_model", "2024", set()),
    "sn_model_2025_wide.csv": ("sn_model", "2025", set()),
}


def read(name: str, **kwargs: str) -> NationalFile:
    return read_national(FIXTURES / name, **kwargs)


def figure(read_file: NationalFile, measure: str, year: str, area: str,
           breakdown: str | None = None) -> pd.Series:
    """The one row of a measure, year and area (a code or a name) and breakdown."""
    f = read_file.figures
    rows = f[(f.measure == measure) & (f.year == year)
             & ((f.area_code == area) | (f.area_name == area))
             & (f.breakdown.isna() if breakdown is None else f.breakdown == breakdown)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def assert_state(row: pd.Series, state: str) -> None:
    """A state other than shown carries no value, never 0."""
    assert row.state == state
    assert (state == "shown") == (not pd.isna(row.value))


def copy_as(name: str, new_name: str, folder: Path) -> Path:
    target = folder / new_name
    shutil.copyfile(FIXTURES / name, target)
    return target


# -- every fixture: its kind, release, years, source ---------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_release_is_read_as_its_kind_with_its_release_and_years(name: str) -> None:
    kind, release, years = EXPECTED[name]
    read_file = read(name)
    assert (read_file.kind, read_file.release, read_file.file_name) == (kind, release, name)
    assert set(read_file.figures.year) == years
    assert list(read_file.figures.columns) == list(FIGURE_COLUMNS)
    assert list(read_file.neighbours.columns) == list(NEIGHBOUR_COLUMNS)
    assert list(read_file.theme_shares.columns) == list(THEME_SHARE_COLUMNS)
    assert not read_file.synthetic
    publisher = read_file.source.split(", ")[0] if kind == "sac" else KINDS[kind].publisher
    assert read_file.source == f"{publisher}, {KINDS[kind].title}, {release} release"
    states = read_file.figures.state
    assert set(states) <= set(STATES)
    # a value exactly where a figure is shown
    assert ((states == "shown") == read_file.figures.value.notna()).all()


def test_the_adults_collection_names_its_publisher_of_the_year() -> None:
    assert read("safeguarding_adults_collection_2023-24.csv").source.startswith("NHS England, ")
    assert read("safeguarding_adults_collection_2024-25.csv").source.startswith(
        "Department of Health and Social Care, ")


# -- serious incident notifications, sub-national -----------------------------------------------


def test_the_2025_release_reads_its_deprivation_column_and_excel_s_commas() -> None:
    sin = read("serious_incident_notifications_subnational_2020_to_2025.csv")
    assert set(sin.figures.measure) == {"notifications", "children_in_need_context",
                                        "population_0_17_context", "idaci"}
    coldharbour = {m: figure(sin, m, "2024-25", "E06900101") for m in set(sin.figures.measure)}
    assert coldharbour["notifications"].value == 7
    assert coldharbour["children_in_need_context"].value == 1250        # written "1,250"
    assert coldharbour["population_0_17_context"].value == 60000        # written "60,000"
    assert coldharbour["idaci"].value == pytest.approx(0.213)
    row = coldharbour["notifications"]
    assert (row.level, row.old_la_code, row.area_name, row.region_code, row.region_name) == (
        "local_authority", "991", "Coldharbour", "E12000002", "North West")


def test_the_2026_release_reads_its_renamed_deprivation_column_and_its_symbols() -> None:
    sin = read("serious_incident_notifications_subnational_2020_to_2026.csv")
    assert figure(sin, "idaci", "2024-25", "E06900101").value == pytest.approx(0.213)
    assert_state(figure(sin, "idaci", "2025-26", "Brambleford"), "not_available")     # x
    assert_state(figure(sin, "idaci", "2025-26", "England"), "not_applicable")        # z


def test_a_suppressed_notification_count_is_a_state_and_never_0() -> None:
    sin = read("serious_incident_notifications_subnational_2020_to_2025.csv")
    saltmarsh = figure(sin, "notifications", "2023-24", "E06900102")
    assert_state(saltmarsh, "suppressed")
    assert saltmarsh.value != 0


def test_regional_notification_counts_are_marked_rounded_to_10_and_no_other() -> None:
    sin = read("serious_incident_notifications_subnational_2020_to_2026.csv")
    f = sin.figures
    rounded = f[f.rounded_to.notna()]
    assert set(zip(rounded.measure, rounded.level, strict=True)) == {("notifications", "regional")}
    assert set(rounded.rounded_to) == {10}
    assert figure(sin, "notifications", "2025-26", "North West").value == 20
    england = figure(sin, "notifications", "2025-26", "E92000001")
    assert (england.value, england.level, england.area_name) == (15, "national", "England")
    assert pd.isna(england.rounded_to)


def test_the_two_authority_footprint_holds_the_counts_its_known_sums_are_made_of() -> None:
    """The README's known answers, as the reader gives them to the sums."""
    sin = read("serious_incident_notifications_subnational_2020_to_2025.csv")
    footprint = ("E06900101", "E06900102")
    f = sin.figures[(sin.figures.year == "2024-25") & sin.figures.area_code.isin(footprint)]
    sums = f.groupby("measure").value.sum()
    assert (sums.notifications, sums.children_in_need_context, sums.population_0_17_context) == (
        10, 2000, 100000)
    earlier = sin.figures[(sin.figures.year == "2023-24") & sin.figures.area_code.isin(footprint)
                          & (sin.figures.measure == "notifications")]
    assert sorted(earlier.state) == ["shown", "suppressed"]


# -- nature of notifications ----------------------------------------------------------------------


def test_the_2022_23_nature_file_reads_financial_years_and_its_old_column_names() -> None:
    nature = read("notifications_by_nature_financial_years.csv")
    f = nature.figures
    assert set(f.measure) == {"notifications"} and set(f.level) == {"national"}
    assert figure(nature, "notifications", "2022-23", "England").value == 393
    by_nature = {b: figure(nature, "notifications", "2022-23", "England", b).value
                 for b in ("Death", "Serious harm", "Other")}
    assert by_nature == {"Death": 187, "Serious harm": 190, "Other": 16}
    # quarters and other breakdown topics (age) are not read
    assert len(f) == 8


def test_the_reporting_year_nature_file_reads_its_new_column_names() -> None:
    nature = read("serious_incident_notifications_nature_2024_to_2026.csv")
    assert figure(nature, "notifications", "2025-26", "E92000001").value == 15
    assert set(nature.figures.breakdown.dropna()) == {"Death", "Serious harm", "Other"}
    assert len(nature.figures) == 8                   # the sex breakdown (with its 'c') not read


# -- children in need ------------------------------------------------------------------------------


def test_b1_with_its_rate_column_keeps_the_rate_as_published() -> None:
    b1 = read("b1_children_in_need_2013_to_2024.csv")
    assert set(b1.figures.measure) == {"children_in_need", "children_in_need_rate"}
    assert figure(b1, "children_in_need", "2023-24", "E06900101").value == 1250
    assert figure(b1, "children_in_need_rate", "2023-24", "E06900101").value == pytest.approx(208.3)
    assert_state(figure(b1, "children_in_need_rate", "2022-23", "Saltmarsh"), "not_available")  # :
    assert_state(figure(b1, "children_in_need_rate", "2023-24", "Brambleford"), "low")        # k


def test_b1_without_its_rate_column_has_no_rate() -> None:
    b1 = read("b1_children_in_need_2013_to_2025.csv")
    assert set(b1.figures.measure) == {"children_in_need"}
    assert figure(b1, "children_in_need", "2024-25", "England").value == 2930
    assert_state(figure(b1, "children_in_need", "2024-25", "Saltmarsh"), "low")
    assert_state(figure(b1, "children_in_need", "2024-25", "Brambleford"), "not_available")


def test_b1_with_a_population_column_keeps_it(tmp_path: Path) -> None:
    text = (FIXTURES / "b1_children_in_need_2013_to_2025.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines = [lines[0] + ",population_0_17"] + [line + ",60000" for line in lines[1:]]
    path = tmp_path / "b1_children_in_need_2013_to_2025.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    b1 = read_national(path)
    assert figure(b1, "population_0_17", "2024-25", "Coldharbour").value == 60000


def test_c3_wide_reads_every_factor_column_in_words() -> None:
    c3 = read("c3_factors_identified_at_end_of_assessment_2018_to_2024.csv")
    factors = c3.figures[c3.figures.measure == "assessment_factor"]
    assert factors.breakdown.nunique() == 39
    assert {"Domestic abuse child", "Domestic abuse parent", "Neglect", "Child criminal exploitation",
            "Physical abuse adult on child"} <= set(factors.breakdown)
    base = figure(c3, "assessments_with_factor", "2023-24", "E06900101")
    assert base.value == 1560
    assert_state(figure(c3, "assessment_factor", "2023-24", "Saltmarsh", "Trafficking"), "suppressed")
    assert_state(figure(c3, "assessment_factor", "2022-23", "Brambleford", "Child criminal exploitation"),
                 "not_available")


def test_c3_long_reads_to_the_same_words_as_c3_wide() -> None:
    wide = read("c3_factors_identified_at_end_of_assessment_2018_to_2024.csv")
    long = read("c3_factors_identified_at_end_of_assessment_2018_to_2025.csv")
    words = set(long.figures.breakdown.dropna())
    assert len(words) == 8 and words <= set(wide.figures.breakdown.dropna())
    both = ("2023-24", "E06900101", "Domestic abuse child")
    assert (figure(long, "assessment_factor", *both).value
            == figure(wide, "assessment_factor", *both).value)
    assert (figure(long, "assessments_with_factor", "2023-24", "E06900101").value
            == figure(wide, "assessments_with_factor", "2023-24", "E06900101").value)


# -- the Safeguarding Adults Collection ------------------------------------------------------------


def test_the_adults_collection_reads_its_tables_to_measures() -> None:
    sac = read("safeguarding_adults_collection_2024-25.csv")
    assert set(sac.figures.measure) == {"concerns", "concerns_rate", "s42_enquiries",
                                        "s42_enquiries_rate", "adult_population", "risk_type",
                                        "sars_completed"}
    assert figure(sac, "concerns", "2024-25", "E06900101").value == 2100
    assert figure(sac, "s42_enquiries", "2024-25", "E06900102").value == 270
    assert figure(sac, "adult_population", "2024-25", "England").value == 460000
    assert figure(sac, "concerns", "2024-25", "E12000002").level == "regional"
    # the types of risk in words that stay the same across releases ("Self-Neglect" as published)
    assert figure(sac, "risk_type", "2024-25", "E06900101", "Self-neglect").value == 130
    assert set(sac.figures[sac.figures.measure == "risk_type"].breakdown) == {
        "Neglect and acts of omission", "Self-neglect", "Financial or material abuse", "Physical abuse"}
    council = figure(sac, "concerns", "2024-25", "Coldharbour")
    assert (council.level, council.old_la_code, council.region_name) == (
        "local_authority", "991", "North West")
    assert_state(figure(sac, "sars_completed", "2024-25", "Saltmarsh"), "suppressed")     # [c]
    assert_state(figure(sac, "concerns_rate", "2024-25", "Brambleford"), "not_available")  # [x]


def test_the_older_adults_collection_reads_its_asterisk_and_thousands_commas() -> None:
    sac = read("safeguarding_adults_collection_2023-24.csv")
    assert "adult_population" not in set(sac.figures.measure)
    assert figure(sac, "concerns", "2023-24", "England").value == 5100
    assert_state(figure(sac, "sars_completed", "2023-24", "Saltmarsh"), "suppressed")     # *


def test_the_adults_collection_without_a_year_is_refused_asking_for_one(tmp_path: Path) -> None:
    path = copy_as("safeguarding_adults_collection_2024-25.csv", "sac_data_file.csv", tmp_path)
    with pytest.raises(NationalFileError, match="--year") as refused:
        read_national(path)
    assert "\n" not in str(refused.value)
    sac = read_national(path, year="2024-25")
    assert (sac.release, set(sac.figures.year)) == ("2024-25", {"2024-25"})


def test_a_year_that_disagrees_with_the_file_name_or_is_no_financial_year_is_refused() -> None:
    with pytest.raises(NationalFileError, match="2023-24"):
        read("safeguarding_adults_collection_2024-25.csv", year="2023-24")
    with pytest.raises(NationalFileError, match="2024-25"):
        read("safeguarding_adults_collection_2024-25.csv", year="2024")


def test_a_year_given_for_a_file_whose_rows_carry_their_years_is_refused() -> None:
    with pytest.raises(NationalFileError, match="--year"):
        read("b1_children_in_need_2013_to_2025.csv", year="2024-25")


# -- statistical neighbours ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["sn_model_2024_wide.csv", "sn_model_2025_wide.csv"])
def test_neighbours_are_read_as_code_and_name_whichever_column_holds_which(name: str) -> None:
    sn = read(name)
    n = sn.neighbours
    assert sn.figures.empty and len(n) == 30
    assert set(n["rank"]) == set(range(1, 11))
    assert n.neighbour_old_la_code.str.fullmatch(r"\d{3}").all()
    assert not n.neighbour_name.str.fullmatch(r"\d+").any()
    first = n[(n.old_la_code == "991") & (n["rank"] == 1)].iloc[0]
    assert first.la_name == "Coldharbour"
    expected = ("992", "Saltmarsh") if name == "sn_model_2024_wide.csv" else ("993", "Brambleford")
    assert (first.neighbour_old_la_code, first.neighbour_name) == expected


def test_a_neighbours_file_without_a_year_in_its_name_asks_for_its_release(tmp_path: Path) -> None:
    path = copy_as("sn_model_2025_wide.csv", "statistical_neighbours.csv", tmp_path)
    with pytest.raises(NationalFileError, match="--release"):
        read_national(path)
    assert read_national(path, release="2025").release == "2025"


# -- the national review themes --------------------------------------------------------------------


def test_the_shipped_themes_file_reads_its_two_published_shares() -> None:
    themes = read_national(SHIPPED_THEMES)
    assert themes.kind == "national_themes" and not themes.synthetic
    t = themes.theme_shares.set_index("theme")
    assert t.loc["self-neglect", "share"] == pytest.approx(0.45)
    assert t.loc["neglect", "share"] == pytest.approx(0.37)
    assert set(t.board_type) == {"adults"}
    assert t.base_count.isna().all()
    assert set(t.source) == {"Analysis of Safeguarding Adult Reviews, April 2017 to March 2019 "
                             "(Local Government Association and ADASS, 2020)"}
    assert themes.figures.empty and themes.neighbours.empty


def themes_file(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "national_themes.csv"
    path.write_text("\n".join([",".join(THEME_SHARE_COLUMNS), *rows]) + "\n", encoding="utf-8")
    return path


def test_a_theme_share_may_be_written_as_a_percentage(tmp_path: Path) -> None:
    path = themes_file(tmp_path, "adults,Self Neglect,45%,SARs,\"1,250\",2017 to 2019,An analysis")
    t = read_national(path).theme_shares.iloc[0]
    assert (t.theme, t.share, t.base_count) == ("self-neglect", pytest.approx(0.45), 1250)


@pytest.mark.parametrize(("row", "words"), [
    ("adults,kindness,0.2,SARs,,2017 to 2019,An analysis", "not a theme"),
    ("adults,safe sleeping,0.2,SARs,,2017 to 2019,An analysis", "children"),
    ("adults,neglect,1.5,SARs,,2017 to 2019,An analysis", "between 0 and 1"),
    ("adults,neglect,c,SARs,,2017 to 2019,An analysis", "share"),
    ("elders,neglect,0.3,SARs,,2017 to 2019,An analysis", "neither children nor adults"),
    ("adults,neglect,0.3,,,2017 to 2019,An analysis", "base"),
])
def test_a_themes_row_the_product_cannot_use_is_refused_naming_its_row(
        tmp_path: Path, row: str, words: str) -> None:
    with pytest.raises(NationalFileError, match=words) as refused:
        read_national(themes_file(tmp_path, row))
    assert str(refused.value).startswith("Row 2 of national_themes.csv")
    assert "\n" not in str(refused.value)


# -- refusals ----------------------------------------------------------------------------------------


def test_a_file_the_product_does_not_know_is_refused_naming_the_nearest_and_what_it_lacks(
        tmp_path: Path) -> None:
    text = (FIXTURES / "serious_incident_notifications_subnational_2020_to_2026.csv").read_text()
    path = tmp_path / "notifications.csv"
    path.write_text(text.replace("number_notifications", "notifications", 1), encoding="utf-8")
    with pytest.raises(NationalFileError) as refused:
        read_national(path)
    message = str(refused.value)
    assert "\n" not in message
    assert KINDS["sin_subnational"].title in message and "number_notifications" in message


def test_a_review_extract_is_refused_naming_a_national_file(tmp_path: Path) -> None:
    path = tmp_path / "reviews.csv"
    path.write_text("board,review_type,aware_date\nAshbourne SCP,rapid_review,2024-05-01\n")
    with pytest.raises(NationalFileError) as refused:
        read_national(path)
    assert "\n" not in str(refused.value)
    assert any(kind.title in str(refused.value) for kind in KINDS.values())


def test_a_cell_that_is_neither_a_number_nor_a_symbol_is_refused_with_its_row_and_column(
        tmp_path: Path) -> None:
    lines = (FIXTURES / "serious_incident_notifications_subnational_2020_to_2026.csv").read_text(
        ).splitlines()
    lines += lines[1:2] * 6                     # rows 12 and beyond
    cells = lines[11].split(",")
    cells[10] = "TBC"
    lines[11] = ",".join(cells)
    path = tmp_path / "sin.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(NationalFileError) as refused:
        read_national(path, release="2026")
    assert str(refused.value).startswith(
        "'TBC' in row 12, column number_notifications is neither a number nor a symbol the "
        "publishers use")


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf\r\n\r\n", b"\x00\x01\x02binary\xff" * 20])
def test_an_empty_or_unreadable_file_is_refused_in_one_line(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "b1_children_in_need_2013_to_2025.csv"
    path.write_bytes(content)
    with pytest.raises(NationalFileError) as refused:
        read_national(path)
    assert "\n" not in str(refused.value)


def test_a_missing_file_is_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(NationalFileError, match="no_such.csv"):
        read_national(tmp_path / "no_such.csv")


def test_a_time_period_the_publishers_do_not_use_is_refused(tmp_path: Path) -> None:
    text = (FIXTURES / "b1_children_in_need_2013_to_2025.csv").read_text()
    path = tmp_path / "b1_children_in_need_2013_to_2025.csv"
    path.write_text(text.replace("2025,Reporting year", "2024/25,Reporting year", 1))
    with pytest.raises(NationalFileError, match="row 7, column time_period"):
        read_national(path)


# -- release, read from the file's name or its contents, or given ----------------------------------


def test_a_release_given_is_kept_and_one_read_from_the_latest_time_period_otherwise(
        tmp_path: Path) -> None:
    assert read("b1_children_in_need_2013_to_2025.csv", release="2025 (revised)").release == (
        "2025 (revised)")
    path = copy_as("b1_children_in_need_2013_to_2025.csv", "children_in_need.csv", tmp_path)
    assert read_national(path).release == "2025"


# -- Excel's own files, and Excel's habits -----------------------------------------------------------


def test_an_xlsx_saved_from_the_published_csv_reads_the_same(tmp_path: Path) -> None:
    name = "serious_incident_notifications_subnational_2020_to_2025.csv"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    text = (FIXTURES / name).read_text(encoding="utf-8-sig")
    for record in csv.reader(io.StringIO(text)):
        sheet.append([int(c) if c.isdigit() else float(c) if c.replace(".", "", 1).isdigit()
                      else c for c in record])
    path = tmp_path / name.replace(".csv", ".xlsx")
    book.save(path)
    from_book, from_csv = read_national(path), read(name)
    assert from_book.release == from_csv.release
    pd.testing.assert_frame_equal(from_book.figures, from_csv.figures)


def test_headers_in_another_case_with_spaces_and_trailing_empty_columns_are_read(
        tmp_path: Path) -> None:
    lines = (FIXTURES / "b1_children_in_need_2013_to_2025.csv").read_text().splitlines()
    header = ",".join(f" {h.upper()} " for h in lines[0].split(","))
    path = tmp_path / "b1_children_in_need_2013_to_2025.csv"
    path.write_text("\n".join([header + ",,", *(line + ",," for line in lines[1:]), ",,,", ""]))
    assert len(read_national(path).figures) == len(read("b1_children_in_need_2013_to_2025.csv").figures)


# -- the demo's synthetic files, read back -----------------------------------------------------------


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], NationalFile]:
    folder = tmp_path_factory.mktemp("national")
    paths = write_national_files(folder, seed=2026, every_release=True)
    assert all(p.name.startswith("synthetic_") for p in paths)
    read_files = [read_national(p) for p in paths]
    return {(f.kind, f.release): f for f in read_files}


def test_the_demo_writes_every_release_of_every_kind_it_invents(
        demo_files: dict[tuple[str, str], NationalFile]) -> None:
    assert set(demo_files) == {(kind, release) for kind, releases in RELEASES.items()
                               for release in releases}
    assert set(RELEASES) == set(KINDS) - {"national_themes"}
    assert all(len(releases) >= 2 or kind == "sn_model" for kind, releases in RELEASES.items())
    for read_file in demo_files.values():
        assert read_file.synthetic
        assert read_file.source.endswith(SYNTHETIC_NOTE)


def test_the_demo_s_release_layouts_are_those_published(tmp_path: Path) -> None:
    def header(kind: str, release: str, **kwargs: str) -> list[str]:
        path = write_national_file(tmp_path, kind, release, **kwargs)
        return path.read_text(encoding="utf-8").splitlines()[0].split(",")

    assert "idaci_avgscore_2019" in header("sin_subnational", "2025")
    assert "idaci_avgscore" in header("sin_subnational", "2026")
    assert {"characteristic_type", "characteristic"} <= set(header("sin_nature", "2022-23"))
    assert {"breakdown_topic", "breakdown"} <= set(header("sin_nature", "2026"))
    assert "At31_episodes_rate" in header("cin_b1", "2024")
    assert "At31_episodes_rate" not in header("cin_b1", "2025")
    assert len(header("cin_c3", "2025")) == 10 + 40
    assert "assessment_factor" in header("cin_c3", "2025", shape="long")
    assert header("sn_model", "2025")[4:8] == ["SN_1", "SN_1P", "SN_2", "SN_2P"]


def test_the_demo_footprints_are_invented_authorities_of_the_notifications_file(
        demo_files: dict[tuple[str, str], NationalFile]) -> None:
    sin = demo_files[("sin_subnational", "2026")].figures
    las = sin[sin.level == "local_authority"]
    assert las.area_code.str.fullmatch(r"E069\d{5}").all()
    assert las.old_la_code.astype(int).between(951, 999).all()
    assert las.area_code.nunique() >= 40
    assert las.region_code.nunique() == 3
    assert set(las.region_code) <= {f"E1200000{n}" for n in range(1, 10)}
    assert {"Ashbourne SCP", "Ashbourne SAB", "Kestrel Bay SCP", "Kestrel Bay SAB", "Millbrook SCP",
            "Northfold SAB", "Harwick Safeguarding Partnership"} == set(DEMO_FOOTPRINTS)
    for codes in DEMO_FOOTPRINTS.values():
        assert set(codes) <= set(las.area_code)
    assert len(DEMO_FOOTPRINTS["Kestrel Bay SCP"]) == 2
    notifications = las[las.measure == "notifications"]
    kestrel_bay = notifications[notifications.area_code.isin(DEMO_FOOTPRINTS["Kestrel Bay SCP"])]
    assert (kestrel_bay.state == "suppressed").sum() == 1
    assert (notifications.state == "suppressed").sum() == 1
    assert set(notifications.year) == {f"{y}-{(y + 1) % 100:02d}" for y in range(2019, 2026)}


def test_the_demo_s_england_is_the_sum_of_its_authorities_and_its_regions_are_rounded(
        demo_files: dict[tuple[str, str], NationalFile]) -> None:
    sin = demo_files[("sin_subnational", "2026")].figures
    n = sin[sin.measure == "notifications"]
    las = n[n.level == "local_authority"]
    for year, by_year in las.groupby("year"):
        england = n[(n.level == "national") & (n.year == year)].value.item()
        if (by_year.state == "shown").all():
            assert england == by_year.value.sum()
        for region, in_region in by_year.groupby("region_code"):
            published = n[(n.level == "regional") & (n.year == year) & (n.area_code == region)]
            assert published.rounded_to.item() == 10
            if (in_region.state == "shown").all():
                assert published.value.item() == 10 * math.floor(in_region.value.sum() / 10 + 0.5)
    nature = demo_files[("sin_nature", "2026")].figures
    for year, by_year in nature.groupby("year"):
        total = by_year[by_year.breakdown.isna()].value.item()
        assert by_year.breakdown.notna().sum() == 3
        assert by_year[by_year.breakdown.notna()].value.sum() == total
        assert total == n[(n.level == "national") & (n.year == year)].value.item()


def test_the_demo_s_other_files_cover_the_same_authorities(
        demo_files: dict[tuple[str, str], NationalFile]) -> None:
    footprint = {code for codes in DEMO_FOOTPRINTS.values() for code in codes}
    for kind, release in (("cin_b1", "2025"), ("cin_c3", "2025"), ("sac", "2024-25")):
        f = demo_files[(kind, release)].figures
        assert footprint <= set(f[f.level == "local_authority"].area_code), kind
    c3 = demo_files[("cin_c3", "2025")].figures
    assert c3[c3.measure == "assessment_factor"].breakdown.nunique() == 39
    sac = demo_files[("sac", "2024-25")].figures
    assert {"concerns", "s42_enquiries", "risk_type", "sars_completed", "adult_population"} <= set(
        sac.measure)
    assert set(sac.state) >= {"shown", "suppressed"}
    assert set(demo_files[("sac", "2023-24")].figures.measure) >= {"concerns_rate"}
    sn = demo_files[("sn_model", "2025")].neighbours
    assert footprint <= {code for code in demo_files[("sin_subnational", "2026")].figures.area_code}
    assert sn.groupby("old_la_code").size().eq(10).all()
    assert not (sn.old_la_code == sn.neighbour_old_la_code).any()


def test_the_demo_is_the_same_for_the_same_seed(tmp_path: Path) -> None:
    first = [p.read_bytes() for p in write_national_files(tmp_path / "a", seed=7)]
    again = [p.read_bytes() for p in write_national_files(tmp_path / "b", seed=7)]
    other = [p.read_bytes() for p in write_national_files(tmp_path / "c", seed=8)]
    assert first == again and first != other


# -- a property: whatever the cells, a symbol is never 0, and nothing but a one-line refusal -------

_SYMBOL_TEXTS = [s for symbol in SYMBOLS for s in (symbol, symbol.upper(), f" {symbol} ")]
_NUMBERS = st.one_of(
    st.integers(0, 10_000_000).map(str),
    st.integers(1_000, 10_000_000).map(lambda n: f"{n:,}"),
    st.floats(0, 100_000, allow_nan=False).map(lambda x: f"{x:.3f}"),
)
_CELLS = st.one_of(_NUMBERS, st.sampled_from(_SYMBOL_TEXTS), st.just(""),
                   st.text(st.characters(codec="utf-8", exclude_characters="\r\n\x00"), max_size=6))
_HEADER = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name",
           "region_code", "region_name", "old_la_code", "new_la_code", "la_name",
           "number_notifications", "cin_31march", "idaci_avgscore", "ons_midyear_population"]
_MEASURES = {"number_notifications": "notifications", "cin_31march": "children_in_need_context",
             "idaci_avgscore": "idaci", "ons_midyear_population": "population_0_17_context"}


def _expected(cell: str) -> tuple[str, float | None] | None:
    """What a cell should be read as: its state and value; None where it must be refused."""
    text = cell.strip()
    if text.lower() in SYMBOLS:
        return SYMBOLS[text.lower()], None
    if text == "":
        return "not_available", None
    try:
        return "shown", float(text.replace(",", ""))
    except ValueError:
        return None


@settings(derandomize=True, database=None, deadline=None, max_examples=150,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(cells=st.lists(st.tuples(_CELLS, _CELLS, _CELLS, _CELLS), min_size=1, max_size=6),
       identity=st.lists(st.sampled_from(["", "2026", "202526", "Local authority", "Regional",
                                          "E06900101", "991", "Reporting year", "x", "TBC"]),
                         min_size=0, max_size=3))
def test_any_cells_are_read_as_numbers_or_states_or_refused_in_one_line(
        tmp_path: Path, cells: list[tuple[str, str, str, str]], identity: list[str]) -> None:
    rows = []
    for i, measures in enumerate(cells):
        base = ["2026", "Reporting year", "Local authority", "E92000001", "England", "E12000002",
                "North West", f"{960 + i}", f"E069001{i:02d}", f"Place {i}"]
        if identity and i == 0:                 # now and then, a damaged identity cell
            for j, text in enumerate(identity):
                base[j * 3] = text
        rows.append(base + list(measures))
    buffer = io.StringIO()
    csv.writer(buffer).writerows([_HEADER, *rows])
    path = tmp_path / "sin_subnational_2026.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    try:
        read_file = read_national(path)
    except NationalFileError as refused:
        assert "\n" not in str(refused)
        return
    f = read_file.figures
    assert ((f.state == "shown") == f.value.notna()).all()
    for i, measures in enumerate(cells):
        for column, cell in zip(_MEASURES, measures, strict=True):
            expected = _expected(cell)
            assert expected is not None, f"{cell!r} was read, though it is no number nor symbol"
            row = f[(f.area_code == rows[i][8]) & (f.measure == _MEASURES[column])]
            assert len(row) == 1
            state, value = expected
            assert row.state.item() == state
            if value is None:
                assert pd.isna(row.value.item())          # a symbol or a blank is never 0
            else:
                assert row.value.item() == pytest.approx(value)


def test_a_figure_given_twice_is_kept_once_and_two_different_ones_are_refused(tmp_path: Path) -> None:
    lines = (FIXTURES / "b1_children_in_need_2013_to_2025.csv").read_text().splitlines()
    path = tmp_path / "b1_children_in_need_2013_to_2025.csv"
    path.write_text("\n".join([*lines, lines[3]]) + "\n")
    assert len(read_national(path).figures) == len(lines) - 1
    path.write_text("\n".join([*lines, lines[3].replace(",1250", ",1251")]) + "\n")
    with pytest.raises(NationalFileError, match="Rows 4 and 12 .*children_in_need for Coldharbour "
                                                "in 2023-24"):
        read_national(path)


def test_a_file_with_a_header_and_no_rows_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "b1_children_in_need_2013_to_2025.csv"
    path.write_text((FIXTURES / path.name).read_text().splitlines()[0] + "\n")
    with pytest.raises(NationalFileError, match="holds no figures"):
        read_national(path)


def test_a_title_row_above_the_header_and_windows_1252_text_are_read(tmp_path: Path) -> None:
    text = (FIXTURES / "b1_children_in_need_2013_to_2025.csv").read_text()
    path = tmp_path / "b1_children_in_need_2013_to_2025.csv"
    path.write_bytes(("Children in need at 31 March, England\n\n" + text.replace(
        "Saltmarsh", "Saltmarsh-sur-Mère")).encode("cp1252"))
    b1 = read_national(path)
    assert figure(b1, "children_in_need", "2023-24", "Saltmarsh-sur-Mère").value == 750


def test_an_upload_s_bytes_are_read_as_its_file_is() -> None:
    name = "safeguarding_adults_collection_2024-25.csv"
    from_bytes = read_national_bytes((FIXTURES / name).read_bytes(), name)
    pd.testing.assert_frame_equal(from_bytes.figures, read(name).figures)
    assert from_bytes.release == "2024-25"
