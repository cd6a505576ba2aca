"""Reading extracts as Excel and case systems really save them."""

from __future__ import annotations

import pytest

from ingest.read import ExtractRefused, read_extract

HEADER = ["booking_id", "board", "board_type", "course", "session_date", "agency", "status"]
ROW = ["B1", "Ashbourne SCP", "both", "Safe “sleeping” – £5 lunch", "01/02/2024", "Police", "DNA"]


def _text(sep: str = ",", newline: str = "\r\n", rows: list[list[str]] | None = None) -> str:
    return newline.join(sep.join(r) for r in [HEADER, *(rows or [ROW])]) + newline


def test_utf8_with_byte_order_mark() -> None:
    raw = read_extract(b"\xef\xbb\xbf" + _text().encode("utf-8"), kind="training")
    assert raw.headers == HEADER
    assert raw.encoding == "UTF-8 (with BOM)"
    assert raw.cells.iloc[0].tolist() == ROW


def test_windows_1252_keeps_pound_smart_quotes_and_dashes() -> None:
    raw = read_extract(_text().encode("cp1252"), kind="training")
    assert raw.encoding == "Windows-1252"
    assert raw.cells.iloc[0, 3] == "Safe “sleeping” – £5 lunch"


def test_utf16_unicode_text_is_tab_separated() -> None:
    raw = read_extract(_text(sep="\t").encode("utf-16"), kind="training")
    assert raw.encoding == "UTF-16"
    assert raw.delimiter == "\t"
    assert raw.cells.iloc[0].tolist() == ROW


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_delimiters_are_recognised(sep: str) -> None:
    raw = read_extract(_text(sep=sep).encode(), kind="training")
    assert raw.delimiter == sep
    assert raw.headers == HEADER


def test_title_lines_above_the_header_are_skipped_and_rows_numbered_as_a_spreadsheet() -> None:
    text = "Training bookings report\r\nExported 01/04/2024,,,\r\n\r\n" + _text(
        rows=[ROW, [""] * 7, ["B2", *ROW[1:]]]
    )
    raw = read_extract(text.encode(), kind="training")
    assert raw.header_row == 4
    assert raw.cells[0].tolist() == ["B1", "B2"]
    assert raw.row_numbers.tolist() == [5, 7]


def test_quoted_fields_with_line_breaks_stay_one_record() -> None:
    row = ['B1', 'Ashbourne SCP', 'both', '"Line one\r\nline two"', '01/02/2024', 'Police', 'attended']
    raw = read_extract(_text(rows=[row, ["B2", *ROW[1:]]]).encode(), kind="training")
    assert raw.cells.iloc[0, 3] == "Line one\r\nline two"
    assert raw.row_numbers.tolist() == [2, 3]


def test_blank_columns_trailing_separators_and_whitespace() -> None:
    text = ("booking_id, board ,board_type,,course,session_date,agency,status,\n"
            "  B1 ,Ashbourne SCP ,both,, Course ,01/02/2024,Police , attended ,\n")
    raw = read_extract(text.encode(), kind="training")
    assert raw.headers == ["booking_id", "board", "board_type", "course", "session_date",
                           "agency", "status"]
    assert raw.cells.iloc[0].tolist() == ["B1", "Ashbourne SCP", "both", "Course", "01/02/2024",
                                          "Police", "attended"]
    assert raw.problems == []


def test_ragged_rows_are_read_with_their_extra_cells_reported() -> None:
    text = _text() + "B2,Ashbourne SCP,both,Course,01/02/2024,Police,attended,surprise\r\n"
    raw = read_extract(text.encode(), kind="training")
    assert raw.cells[0].tolist() == ["B1", "B2"]
    assert [p.rule for p in raw.problems] == ["unnamed_column"]


@pytest.mark.parametrize(
    ("data", "rule", "words"),
    [
        (b"", "empty_file", "empty"),
        (b"  \r\n\r\n", "empty_file", "empty"),
        (bytes(range(256)) * 40, "not_text", "binary"),
        (b"PK\x03\x04" + b"\x00" * 100, "not_xlsx", "workbook could not be opened"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "old_excel", "old-style Excel .xls"),
        (b"name of thing,value\nfoo,1\n", "no_header", "No header row"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(data: bytes, rule: str, words: str) -> None:
    with pytest.raises(ExtractRefused) as refused:
        read_extract(data, kind="training")
    assert refused.value.problem.rule == rule
    assert words in refused.value.problem.message


def test_files_over_the_size_limit_are_refused() -> None:
    with pytest.raises(ExtractRefused) as refused:
        read_extract(_text().encode(), kind="training", max_bytes=10)
    assert refused.value.problem.rule == "too_large"
    assert "Split it" in refused.value.problem.message


def test_a_blank_line_in_the_body_keeps_the_row_numbers_of_the_rows_below() -> None:
    raw = read_extract(b"Report title\nreview_id,board,board_type,review_type\n"
                       b"R1, B ,children,cspr\n\nR2,B,adults,sar\n")
    assert raw.cells.values.tolist() == [["R1", "B", "children", "cspr"],
                                         ["R2", "B", "adults", "sar"]]
    assert raw.row_numbers.tolist() == [3, 5]


def test_a_form_feed_in_a_title_line_still_finds_the_header() -> None:
    raw = read_extract(b"Report\x0c title\nreview_id,board,board_type,review_type\n"
                       b"R1,B,children,cspr\n")
    assert raw.headers == ["review_id", "board", "board_type", "review_type"]
    assert raw.cells.values.tolist() == [["R1", "B", "children", "cspr"]]


def test_a_damaged_file_marked_utf16_is_refused() -> None:
    text = "review_id,board,board_type\nR1,B,children\n".encode("utf-16-le")
    with pytest.raises(ExtractRefused) as refused:
        read_extract(b"\xff\xfe" + text + b"\x00\xd8a\x00")   # a lone surrogate
    assert refused.value.problem.rule == "not_text"
