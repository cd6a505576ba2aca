"""Theme text matches real wording: labels and aliases as whole words inside longer text, the
field's abbreviations, several themes from one cell, the longest match first, a board's own
aliases for that board only; ranked suggestions for what is left unmapped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from data_models import queries
from data_models.filters import Filters
from data_models.local_rules import import_local_rules
from data_models.records import Upload, store_extract
from data_models.store.file import init_schema
from data_models.theme_matching import (
    AliasSet,
    board_aliases,
    load_aliases,
    refresh_mention_themes,
    theme_key,
    themes_in_text,
    unmapped_per_item,
)
from data_models.theme_suggestions import SCORE_FLOOR, suggest_themes, suggestions_for
from ingest.enrich import enrich
from tests.conftest import everyone

AS_OF = dt.date(2026, 11, 21)
NORTH, SOUTH = "North SCP", "South SCP"


@pytest.fixture
def national(con: duckdb.DuckDBPyConnection) -> AliasSet:
    return load_aliases(con)


def themes(aliases: AliasSet, text: str) -> list[str]:
    return aliases.themes_of(theme_key(text))


def _audits(themes_by_board: dict[str, list[str]]) -> pd.DataFrame:
    rows = [(board, f"A{i}", text) for board, texts in themes_by_board.items()
            for i, text in enumerate(texts, start=1)]
    return pd.DataFrame({
        "audit_id": [r[1] for r in rows],
        "board": [r[0] for r in rows],
        "board_type": "children",
        "audit_type": "thematic",
        "agency": "Police",
        "audit_date": pd.to_datetime(["2024-06-14"] * len(rows)).astype("datetime64[s]"),
        "grade": "good",
        "themes": [r[2] for r in rows],
    })


def _store(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, sha: str = "a") -> None:
    store_extract(con, Upload("audits", "audits.csv", sha, len(frame), AS_OF), frame)


def _item_themes(con: duckdb.DuckDBPyConnection, board: str) -> list[tuple[object, ...]]:
    return con.execute("SELECT item_id, mention, theme FROM item_themes WHERE board = ? "
                       "ORDER BY item_id, mention, theme NULLS LAST", [board]).fetchall()


# --- whole words, abbreviations, several themes, the longest first ---------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Private law proceedings", ["parallel proceedings"]),
    ("private law", ["parallel proceedings"]),
    ("Private lawyer", []),                          # words, not letters
    ("privatelaw", []),
    ("Neglect", ["neglect"]),                        # a mention equal to an alias is its theme
    ("Voice of the Child", ["voice of the person"]),
    ("Concerns about chronic neglect at home", ["neglect"]),
])
def test_a_label_or_alias_counts_as_whole_words(national: AliasSet, text: str,
                                                expected: list[str]) -> None:
    assert themes(national, text) == expected


@pytest.mark.parametrize(("text", "theme"), [
    ("CAMHS", "mental health"),
    ("CSE", "extra-familial harm"),
    ("CCE", "extra-familial harm"),
    ("Child sexual exploitation", "extra-familial harm"),
    ("Child criminal exploitation", "extra-familial harm"),
    ("DA", "domestic abuse"),
    ("DV", "domestic abuse"),
    ("EHE", "children not in school"),
    ("MCA", "mental capacity"),
    ("SEND", "disability and communication needs"),
    ("LADO", "allegations against professionals"),
    ("ACEs", "trauma-informed practice"),
    ("Relational practice", "trauma-informed practice"),
    ("Referral to CAMHS", "mental health"),
    ("LADO referral", "allegations against professionals"),
])
def test_the_fields_abbreviations_are_in_the_vocabulary(national: AliasSet, text: str,
                                                         theme: str) -> None:
    assert themes(national, text) == [theme]


def test_one_mention_may_name_several_themes(national: AliasSet) -> None:
    assert themes(national, "CAMHS and domestic abuse") == ["mental health", "domestic abuse"]
    assert themes(national, "DA, substance misuse and mental health") == [
        "domestic abuse", "substance misuse", "mental health"]


def test_the_longest_match_wins_over_a_shorter_alias_inside_it(national: AliasSet) -> None:
    assert themes(national, "Self-neglect") == ["self-neglect"]
    assert themes(national, "self neglect and hoarding") == ["self-neglect"]
    assert themes(national, "Neglect and self-neglect") == ["neglect", "self-neglect"]
    assert themes(national, "Parenting capacity") == ["think family"]        # not capacity
    # an everyday word no longer counts as a theme inside longer text
    assert themes(national, "workforce capacity") == []
    assert themes(national, "Homeless; temporary accommodation") == ["homelessness", "housing"]
    assert themes(national, "Race, culture and identity") == ["race, culture and identity"]


# --- stored mentions: item_themes, a board's own aliases, unmapped text ----------------------


def test_stored_mentions_map_by_words_and_unmapped_text_stays_counted(
        con: duckdb.DuckDBPyConnection) -> None:
    _store(con, _audits({NORTH: ["Private law proceedings; CAMHS and DA", "school transport",
                                 "DA; domestic abuse"]}))
    assert _item_themes(con, NORTH) == [
        ("A1", "CAMHS and DA", "domestic abuse"), ("A1", "CAMHS and DA", "mental health"),
        ("A1", "Private law proceedings", "parallel proceedings"),
        ("A2", "school transport", None),
        ("A3", "DA", "domestic abuse"), ("A3", "domestic abuse", "domestic abuse")]
    f = Filters(as_of=AS_OF)
    assert queries.unmapped_mentions(everyone(con), f, "audits")[["mention", "mentions", "items"]] \
        .values.tolist() == [["school transport", 1, 1]]
    shares = queries.theme_shares(everyone(con), f, "audits").set_index("theme")
    assert shares.loc["domestic abuse", "items_with_theme"] == 2      # A3 counts once
    assert shares.loc["parallel proceedings", "items_with_theme"] == 1


def test_a_boards_own_alias_reaches_only_that_boards_mentions(
        con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    same = ["School transport; private law proceedings"]
    _store(con, _audits({NORTH: same, SOUTH: same}))
    path = tmp_path / "north.toml"
    path.write_text('[[alias]]\ntheme = "think family"\ntext = "school transport"\n\n'
                    '[[alias]]\ntheme = "allegations against professionals"\n'
                    'text = "private law proceedings"\n', encoding="utf-8")
    import_local_rules(con, path, board=NORTH)
    assert _item_themes(con, NORTH) == [
        ("A1", "School transport", "think family"),
        ("A1", "private law proceedings", "allegations against professionals")]  # its own wins
    assert _item_themes(con, SOUTH) == [
        ("A1", "School transport", None),
        ("A1", "private law proceedings", "parallel proceedings")]
    assert themes(load_aliases(con, NORTH), "School transport needs") == ["think family"]
    assert themes(load_aliases(con, SOUTH), "School transport needs") == []
    assert set(board_aliases(con, [NORTH, SOUTH])) == {NORTH, SOUTH}


def test_an_alias_inserted_for_a_board_counts_after_a_refresh(
        con: duckdb.DuckDBPyConnection) -> None:
    _store(con, _audits({NORTH: ["School transport"], SOUTH: ["School transport"]}))
    con.execute("INSERT INTO theme_aliases (theme_key, theme, board, origin) "
                "VALUES ('school transport', 'think family', ?, 'mapping 1')", [SOUTH])
    assert _item_themes(con, SOUTH) == [("A1", "School transport", None)]      # not yet
    assert refresh_mention_themes(con, SOUTH) == 1
    assert _item_themes(con, SOUTH) == [("A1", "School transport", "think family")]
    assert _item_themes(con, NORTH) == [("A1", "School transport", None)]
    assert refresh_mention_themes(con) == 0                   # nothing else changed
    con.execute("BEGIN TRANSACTION")                          # joins the caller's transaction
    con.execute("DELETE FROM theme_aliases WHERE origin = 'mapping 1'")
    assert refresh_mention_themes(con, SOUTH) == 1
    con.execute("ROLLBACK")
    assert _item_themes(con, SOUTH) == [("A1", "School transport", "think family")]


def test_a_build_maps_mentions_stored_before_mention_themes_was_filled(
        con: duckdb.DuckDBPyConnection) -> None:
    _store(con, _audits({NORTH: ["CAMHS; made up thing"]}))
    con.execute("DELETE FROM mention_themes")                 # as an upgraded file has it
    init_schema(con)
    assert con.execute("SELECT theme_key, theme FROM mention_themes ORDER BY ALL").fetchall() == [
        ("camhs", "mental health"), ("made up thing", None)]


# --- the unmapped-theme warning, as stored text will be matched ------------------------------


def test_enrich_flags_only_parts_that_name_no_theme_with_the_boards_own_aliases(
        con: duckdb.DuckDBPyConnection) -> None:
    con.execute("INSERT INTO theme_aliases (theme_key, theme, board, origin) "
                "VALUES ('school transport', 'think family', ?, 'mapping 1')", [NORTH])
    frame = pd.DataFrame({
        "board": [NORTH, SOUTH, SOUTH, NORTH],
        "review_id": ["R1", "R2", "R3", "R4"],
        "themes": ["Private law proceedings; school transport", "Private law proceedings; "
                   "school transport", None, "CAMHS and DA; made up; Made Up"],
    })
    flagged = enrich(con, frame, "reviews")["themes__unmapped"]
    assert [None if pd.isna(v) else v for v in flagged] == [
        None, "school transport", None, "made up; Made Up"]


def test_unmapped_per_item_takes_a_plain_alias_map_too() -> None:
    frame = pd.DataFrame({"themes": ["private law proceedings; nothing here", None]})
    flagged = unmapped_per_item(frame, {"private law": "parallel proceedings"})
    assert [None if pd.isna(v) else v for v in flagged] == ["nothing here", None]


# --- suggestions and themes named in free text -----------------------------------------------


def test_suggestions_are_ranked_and_the_closest_comes_first(national: AliasSet) -> None:
    suggested = suggest_themes("Relationship based practice", national)
    assert suggested[0][0] == "trauma-informed practice"
    assert all(score >= SCORE_FLOOR for _, score in suggested)
    assert [s for _, s in suggested] == sorted((s for _, s in suggested), reverse=True)
    assert suggest_themes("Domestc abuse", national)[0][0] == "domestic abuse"   # a typo
    assert suggest_themes("Private law proceedings", national)[0] == ("parallel proceedings",
                                                                      100.0)
    assert len(suggest_themes("mental health and domestic abuse; neglect", national,
                              limit=2)) <= 2


@pytest.mark.parametrize("text", ["xqzv blorp", "asdf qwerty", "", "   ", "zzz"])
def test_nonsense_gets_no_suggestion(national: AliasSet, text: str) -> None:
    assert suggest_themes(text, national) == []


def test_suggestions_for_many_texts_use_one_alias_set(national: AliasSet) -> None:
    found = suggestions_for(["Relationship based practice", "xqzv blorp",
                             "Relationship based practice"], national)
    assert list(found) == ["Relationship based practice", "xqzv blorp"]
    assert found["xqzv blorp"] == []


def test_themes_in_text_of_a_recommendation(national: AliasSet) -> None:
    text = ("Partners should send CAMHS referrals within 5 days, and review how domestic "
            "abuse and self-neglect are recorded in private law proceedings.")
    assert themes_in_text(text, national) == [
        "mental health", "domestic abuse", "self-neglect", "parallel proceedings"]
    assert themes_in_text("Training on SEND and ACEs for school staff", national) == [
        "disability and communication needs", "trauma-informed practice"]
    assert themes_in_text("The board will write to the chair", national) == []
