"""The vocabularies are said once (vocabularies.toml): the file loads strictly, the reference
tables hold exactly it, and the Python that checks extracts and rules reads it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from data_models import vocabularies
from data_models.config_errors import ConfigError
from data_models.vocabularies import VOCABULARIES_FILE, codes, labels, terms

# The codes the product stores, in the order the file gives them.
EXPECTED = {
    "board_type": ("children", "adults"),
    "review_type": ("rapid_review", "lcspr", "scr", "national_review", "sar", "dhr",
                    "learning_review"),
    "recommendation_status": ("not_started", "in_progress", "completed", "assured",
                              "not_implemented"),
    "audit_grade": ("outstanding", "good", "requires_improvement", "inadequate"),
    "training_status": ("attended", "did_not_attend", "cancelled"),
    "training_workforce": ("children", "adults", "both"),
    "review_date_column": ("aware_date", "notification_date", "rapid_review_date",
                           "decision_date", "report_sent_date", "completed_date",
                           "publication_date"),
}

# Each vocabulary's reference table, its key column and its extra columns.
TABLES = {
    "board_type": ("board_types", "board_type", ()),
    "review_type": ("review_types", "review_type", ("board_type",)),
    "recommendation_status": ("recommendation_statuses", "status", ("is_open",)),
    "audit_grade": ("audit_grades", "grade", ("good_or_better",)),
    "training_status": ("training_statuses", "status", ()),
    "review_date_column": ("review_date_columns", "column_name", ()),
}


@pytest.mark.parametrize("name", EXPECTED)
def test_the_file_holds_each_vocabulary_once(name: str) -> None:
    assert codes(name) == EXPECTED[name]
    assert all(t.label.strip() for t in terms(name))


def test_labels_are_in_the_boards_words() -> None:
    assert labels("board_type") == {"children": "Children's", "adults": "Adults'"}
    assert labels("review_type")["dhr"] == "DARDR (formerly DHR)"
    assert labels("review_type")["lcspr"] == "LCSPR"


def test_open_statuses_and_good_or_better_grades() -> None:
    assert [t.code for t in terms("recommendation_status") if t.get("is_open")] == [
        "not_started", "in_progress"]
    assert [t.code for t in terms("audit_grade") if t.get("good_or_better")] == [
        "outstanding", "good"]
    assert {t.code: t.get("board_type") for t in terms("review_type")}["sar"] == "adults"


@pytest.mark.parametrize("name", TABLES)
def test_the_reference_tables_equal_the_file(con: duckdb.DuckDBPyConnection, name: str) -> None:
    table, key, extra = TABLES[name]
    columns = ", ".join((key, "label", *extra))
    stored = con.execute(f"SELECT {columns} FROM {table} ORDER BY sort_order").fetchall()  # noqa: S608
    assert stored == [(t.code, t.label, *(t.get(k) for k in extra)) for t in terms(name)]


def test_the_python_that_checks_rules_and_extracts_reads_the_file() -> None:
    from data_models.rules import REVIEW_DATE_COLUMNS, REVIEW_TYPES
    from loaders.contracts import BOARD_TYPES, CONTRACTS

    assert codes("review_type") == REVIEW_TYPES
    assert codes("review_date_column") == REVIEW_DATE_COLUMNS
    assert codes("board_type") == BOARD_TYPES
    values = {(kind, c.name): c.values for kind, contract in CONTRACTS.items()
              for c in contract.columns}
    assert values["reviews", "review_type"] == codes("review_type")
    assert values["recommendations", "status"] == codes("recommendation_status")
    assert values["audits", "grade"] == codes("audit_grade")
    assert values["training", "status"] == codes("training_status")
    for kind in ("reviews", "recommendations", "audits"):
        assert values[kind, "board_type"] == codes("board_type")
    assert values["training", "board_type"] == codes("training_workforce")
    date_columns = {c.name for c in CONTRACTS["reviews"].columns if c.kind == "date"}
    assert set(codes("review_date_column")) <= date_columns


def test_reading_the_vocabularies_imports_no_pydantic() -> None:
    """Pages read labels, codes and the rules listed on Admin; pydantic (slow to import) is for
    checking rule files only."""
    done = subprocess.run(
        [sys.executable, "-c",
         "import sys, data_models.vocabularies, loaders.contracts, data_models.queries, "
         "dashboard.data, data_models.rules_admin; print('pydantic' in sys.modules)"],
        capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "False"


BROKEN = [
    ('code = "lcspr"\nlabel = "LCSPR"\nboard_type = "children"',
     'code = "lcspr"\nlabel = "LCSPR"\nboard_type = "children"\ncolour = "red"',
     "vocabularies.toml: review_type 2 (lcspr): unknown key 'colour'."),
    ('code = "in_progress"\nlabel = "In progress"\nis_open = true',
     'code = "in_progress"\nlabel = "In progress"\nis_open = "yes"',
     "vocabularies.toml: recommendation_status 2 (in_progress): key 'is_open' must be true or "
     "false."),
    ('code = "good"\nlabel = "Good"\n', 'code = "good"\n',
     "vocabularies.toml: audit_grade 2 (good): key 'label' is missing."),
    ('code = "cancelled"', 'code = "attended"',
     "vocabularies.toml: training_status code 'attended' is given twice."),
    ("[[board_type]]\ncode = \"children\"", "[[board_typ]]\ncode = \"children\"",
     "vocabularies.toml: unknown vocabulary 'board_typ'"),
]


@pytest.mark.parametrize(("before", "after", "says"), BROKEN)
def test_a_broken_vocabulary_file_is_one_line_naming_entry_and_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, before: str, after: str,
        says: str) -> None:
    text = VOCABULARIES_FILE.read_text(encoding="utf-8")
    assert before in text
    broken = tmp_path / "vocabularies.toml"
    broken.write_text(text.replace(before, after, 1), encoding="utf-8")
    monkeypatch.setenv("ASSURANCE_VOCABULARIES_FILE", str(broken))
    with pytest.raises(ConfigError) as raised:
        vocabularies.terms("board_type")
    message = str(raised.value)
    assert message.startswith(says), message
    assert "\n" not in message
