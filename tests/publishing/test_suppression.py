"""Safe to publish: small counts hidden with secondary suppression, formulas neutralised."""

from __future__ import annotations

import pandas as pd
import pytest

from publishing.safe import neutralise, neutralised, safe_csv
from publishing.suppression import SUPPRESSED, Additive, Rate, Suppressed, suppress

STATUSES = ("met", "missed", "overdue", "pending")
GROUP = (Additive(STATUSES),)
COMPLIANCE = (Rate("compliance_pct", ("met",), ("met", "missed", "overdue")),)


def _table(*rows: tuple[int, int, int, int]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(STATUSES))
    counted = frame["met"] + frame["missed"] + frame["overdue"]
    frame["compliance_pct"] = (100 * frame["met"] / counted).round(1)
    return frame


def _hidden(result_table: pd.DataFrame) -> list[list[bool]]:
    return (result_table == SUPPRESSED).to_numpy().tolist()


def test_counts_from_one_to_four_are_hidden_zero_and_five_shown() -> None:
    result = suppress(_table((0, 5, 6, 7)), list(STATUSES), additive=GROUP)
    assert _hidden(result.table) == [[False] * 5]
    result = suppress(_table((4, 1, 9, 10)), list(STATUSES), additive=GROUP)
    assert _hidden(result.table)[0][:4] == [True, True, False, False]
    assert result.primary == 2 and result.secondary == 0


def test_a_lone_hidden_count_takes_the_next_smallest_with_it() -> None:
    # met = 3 alone hidden would be total - missed - overdue - pending
    result = suppress(_table((3, 20, 8, 12)), list(STATUSES), additive=GROUP)
    assert _hidden(result.table)[0][:4] == [True, False, True, False]
    assert (result.primary, result.secondary) == (1, 1)


def test_complement_when_the_others_are_zero_hides_the_total() -> None:
    frame = pd.DataFrame({"met": [2], "missed": [0], "total": [2]})
    result = suppress(frame, ["met", "missed", "total"],
                      additive=(Additive(("met", "missed"), total="total"),))
    assert result.table.iloc[0].tolist() == [SUPPRESSED, 0, SUPPRESSED]


def test_no_hidden_count_can_be_recovered_from_its_row() -> None:
    rows = [(1, 30, 0, 0), (7, 2, 0, 9), (0, 0, 0, 3), (12, 15, 3, 1), (6, 6, 6, 6)]
    result = suppress(_table(*rows), list(STATUSES), additive=GROUP)
    for row in result.table[list(STATUSES)].itertuples(index=False):
        assert list(row).count(SUPPRESSED) != 1


def test_rates_on_a_small_base_or_a_hidden_count_are_not_shown() -> None:
    result = suppress(_table((3, 1, 0, 0), (3, 20, 8, 0), (50, 10, 0, 0)), list(STATUSES),
                      additive=GROUP, rates=COMPLIANCE, split_within=None)
    assert result.table["compliance_pct"].tolist() == [SUPPRESSED, SUPPRESSED, 83.3]
    assert result.rates == 2
    assert "from 1 to 4 shown as 'c'" in result.note("Timescales", 5)


def test_threshold_is_configurable() -> None:
    result = suppress(_table((8, 20, 30, 40)), list(STATUSES), additive=GROUP, threshold=10)
    assert _hidden(result.table)[0][0] is True


@pytest.mark.parametrize("text", ["=SUM(A1:A2)", "+44 7700", "-1", "@cmd", "\tx", "\rx"])
def test_formula_starts_are_neutralised(text: str) -> None:
    assert neutralise(text) == "'" + text


def test_ordinary_text_and_numbers_are_left_alone() -> None:
    assert neutralise("Police") == "Police"
    assert neutralise(-3) == -3
    frame = neutralised(pd.DataFrame({"=name": ["=1+1", "ok"], "n": [-1, 2]}))
    assert list(frame.columns) == ["'=name", "n"]
    assert frame["'=name"].tolist() == ["'=1+1", "ok"]
    assert frame["n"].tolist() == [-1, 2]
    assert safe_csv(pd.DataFrame({"a": ["@x"]})).decode("utf-8-sig").splitlines() == ["a", "'@x"]


def test_no_hidden_count_can_be_recovered_from_its_column() -> None:
    """The rows of a table by agency split the year's audits, whose total the table by year
    shows: Education's one audit hidden alone would be that total less Police's five."""
    frame = pd.DataFrame({"agency": ["Education", "Police"], "good": [1, 5], "total": [1, 5]})
    result = suppress(frame, ["good", "total"], additive=(Additive(("good",), total="total"),))
    assert result.table["good"].tolist() == [SUPPRESSED, SUPPRESSED]
    assert result.table["total"].tolist() == [SUPPRESSED, SUPPRESSED]
    rows = [(1, 30, 0, 0), (7, 2, 0, 9), (0, 0, 0, 3), (12, 15, 3, 1), (6, 6, 6, 6)]
    table = suppress(_table(*rows), list(STATUSES), additive=GROUP).table
    for column in STATUSES:
        assert table[column].tolist().count(SUPPRESSED) != 1, column


def test_a_column_is_protected_within_the_rows_that_split_the_same_records() -> None:
    """A table by measure and board: each measure's rows by board split its clocks, whose
    total the table by measure shows, so the down rule works within a measure. A measure
    with no clocks is never used to cover another: other tables leave it out, which shows
    its zeros (the walk found this: a hidden zero in a measure nobody else lists)."""
    frame = pd.DataFrame({"measure": ["a", "a", "b"], "board": ["X", "Y", "X"],
                          "met": [2, 9, 8], "missed": [0, 7, 0]})
    result = suppress(frame, ["met", "missed"], additive=(Additive(("met", "missed")),),
                      split_within=("measure",))
    assert result.table["met"].tolist() == [SUPPRESSED, SUPPRESSED, 8]
    by_measure = pd.DataFrame({"measure": ["sar", "dhr"], "met": [0, 0], "overdue": [1, 0]})
    hidden = suppress(by_measure, ["met", "overdue"], additive=(Additive(("met", "overdue")),),
                      split_within=()).table
    assert hidden["met"].tolist() == [SUPPRESSED, 0]
    assert hidden["overdue"].tolist() == [SUPPRESSED, 0]


def test_the_note_counts_in_words_that_agree() -> None:
    """'1 count ... 2 further counts ... 1 figure', never 'count(s)'."""
    note = Suppressed(pd.DataFrame(), 1, 2, 1).note("Themes", 5)
    assert note.startswith("Themes: 1 count from 1 to 4 shown as 'c'; 2 further counts hidden")
    assert "; 1 figure not shown because its base is below 5" in note
    assert "(s)" not in Suppressed(pd.DataFrame(), 3, 1, 2).note("Themes", 5)
