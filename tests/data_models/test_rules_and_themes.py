"""The timescale rules and the theme vocabulary are data files parsed into strict models."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data_models.config_errors import ConfigError
from data_models.rules import RULES_FILE, TimescaleRule, load_rules
from data_models.themes import (
    THEMES_FILE,
    Vocabulary,
    load_vocabulary,
    mentions_of,
    theme_key,
    unmapped_per_item,
)

RULE_IDS = [
    "notification_5wd",
    "rapid_review_15wd",
    "lcspr_publication_6m",
    "report_to_panel_7wd",
    "sar_completion_6m",
    "dhr_decision_1m",
]

# The 25 labels of the table in domain.md, "Learning themes", in order.
DOMAIN_THEME_LABELS = [
    "information sharing",
    "risk assessment",
    "professional curiosity",
    "think family",
    "voice of the person",
    "domestic abuse",
    "mental health",
    "substance misuse",
    "cross-border moves",
    "escalation and challenge",
    "thresholds",
    "leadership and culture",
    "race, culture and identity",
    "disability and communication needs",
    "trauma-informed practice",
    "neglect",
    "safe sleeping",
    "extra-familial harm",
    "children not in school",
    "self-harm and suicide",
    "self-neglect",
    "mental capacity",
    "transition to adulthood",
    "parallel proceedings",
    "allegations against professionals",
]

A_RULE = """
[[rule]]
id = "local_meeting_12wd"
label = "Rapid review meeting convened within 12 working days"
board_type = "children"
review_types = ["rapid_review"]
start = "notification_date"
end = ["rapid_review_date"]
limit = 12
unit = "working_days"
comparison = "at_most"
force = "local target"
source = "Board's own procedures"
"""


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return load_vocabulary()


@pytest.fixture(scope="module")
def alias_map(vocabulary: Vocabulary) -> dict[str, str]:
    return vocabulary.alias_map()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- timescale rules -------------------------------------------------------------------------


def test_rules_file_loads_the_six_rules_in_order() -> None:
    rules = load_rules()
    assert [r.id for r in rules] == RULE_IDS
    assert all(isinstance(r, TimescaleRule) for r in rules)


def test_rules_file_encodes_the_domain_timescales() -> None:
    by_id = {r.id: r for r in load_rules(RULES_FILE)}
    summary = {
        rule_id: (r.board_type, r.review_types, r.start, r.end, r.limit, r.unit, r.comparison)
        for rule_id, r in by_id.items()
    }
    assert summary == {
        "notification_5wd": ("children", ("rapid_review", "lcspr", "national_review"),
                             "aware_date", ("notification_date",), 5, "working_days", "at_most"),
        "rapid_review_15wd": ("children", ("rapid_review", "lcspr", "national_review"),
                              "notification_date", ("rapid_review_date",), 15, "working_days",
                              "at_most"),
        "lcspr_publication_6m": ("children", ("lcspr", "scr"), "decision_date",
                                 ("publication_date",), 6, "months", "at_most"),
        "report_to_panel_7wd": ("children", ("lcspr", "scr"), "report_sent_date",
                                ("publication_date",), 7, "working_days", "at_least"),
        "sar_completion_6m": ("adults", ("sar",), "decision_date",
                              ("completed_date", "publication_date"), 6, "months", "at_most"),
        "dhr_decision_1m": ("any", ("dhr",), "aware_date", ("decision_date",), 1, "months",
                            "at_most"),
    }
    assert all(r.source and r.force for r in by_id.values())


def test_a_well_formed_local_rule_loads(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, "rules.toml", A_RULE))
    assert [r.id for r in rules] == ["local_meeting_12wd"]
    assert rules[0].limit == 12


def test_rule_with_an_extra_key_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "rules.toml", A_RULE + 'colour = "red"\n')
    with pytest.raises(ConfigError, match="colour"):
        load_rules(path)


def test_existing_rules_file_with_an_extra_key_is_refused(tmp_path: Path) -> None:
    text = RULES_FILE.read_text(encoding="utf-8").replace(
        'id = "dhr_decision_1m"', 'id = "dhr_decision_1m"\ngrace_days = 3', 1
    )
    with pytest.raises(ConfigError, match="grace_days"):
        load_rules(write(tmp_path, "rules.toml", text))


def test_rule_with_an_unknown_review_type_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "rules.toml",
                 A_RULE.replace('["rapid_review"]', '["rapid_review", "inquest"]'))
    with pytest.raises(ConfigError, match="inquest"):
        load_rules(path)


def test_rule_with_an_unknown_start_column_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "rules.toml",
                 A_RULE.replace('start = "notification_date"', 'start = "referral_date"'))
    with pytest.raises(ConfigError, match="referral_date"):
        load_rules(path)


def test_rule_with_an_unknown_end_column_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "rules.toml",
                 A_RULE.replace('end = ["rapid_review_date"]',
                                'end = ["rapid_review_date", "meeting_date"]'))
    with pytest.raises(ConfigError, match="meeting_date"):
        load_rules(path)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('unit = "working_days"', 'unit = "weeks"'),
        ('comparison = "at_most"', 'comparison = "exactly"'),
        ('board_type = "children"', 'board_type = "families"'),
        ("limit = 12", "limit = 0"),
        ('review_types = ["rapid_review"]', "review_types = []"),
        ('id = "local_meeting_12wd"', 'id = "Local Meeting"'),
    ],
)
def test_rule_with_an_invalid_value_is_refused(tmp_path: Path, old: str, new: str) -> None:
    assert old in A_RULE
    with pytest.raises(ConfigError):
        load_rules(write(tmp_path, "rules.toml", A_RULE.replace(old, new)))


def test_rule_ids_must_be_unique(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="local_meeting_12wd"):
        load_rules(write(tmp_path, "rules.toml", A_RULE + A_RULE))


def test_unknown_top_level_table_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_rules(write(tmp_path, "rules.toml", A_RULE + "\n[settings]\nstrict = true\n"))


# --- theme vocabulary ------------------------------------------------------------------------


# Themes the product adds after the domain table, each for a reason the boards' own data gave.
ADDED_THEMES = [
    "homelessness",   # a leading theme of national SAR analyses; 45 unmatched demo mentions
    "housing",        # written beside it in trackers and audits; 43 unmatched demo mentions
]


def test_vocabulary_labels_are_the_domain_table_in_order_then_those_added(
        vocabulary: Vocabulary) -> None:
    assert [t.label for t in vocabulary.theme] == DOMAIN_THEME_LABELS + ADDED_THEMES


def test_vocabulary_boards_match_the_domain_table() -> None:
    boards = {t.label: t.boards for t in load_vocabulary(THEMES_FILE).theme}
    assert {label for label, b in boards.items() if b == "children"} == {
        "safe sleeping", "extra-familial harm", "children not in school"
    }
    assert {label for label, b in boards.items() if b == "adults"} == {
        "self-neglect", "mental capacity"
    }


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Voice-of-the CHILD", "voice of the child"),
        ("voice of the child", "voice of the child"),
        ("  Voice   of the child. ", "voice of the child"),
        ("Child's lived experience", "childs lived experience"),
        ("Child\u2019s lived experience", "childs lived experience"),
        ("Race, Culture & Identity", "race culture identity"),
        ("Self-Harm", "self harm"),
    ],
)
def test_theme_key_ignores_case_punctuation_and_spacing(text: str, key: str) -> None:
    assert theme_key(text) == key


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Voice-of-the CHILD", "voice of the person"),
        ("Child\u2019s Lived Experience", "voice of the person"),
        ("MSP", "voice of the person"),
        ("Coercive-Control", "domestic abuse"),
        ("SELF HARM", "self-harm and suicide"),
        ("Trauma Informed", "trauma-informed practice"),
        ("Information Sharing", "information sharing"),     # a label matches itself
        ("Race, culture and identity", "race, culture and identity"),
        ("LADO", "allegations against professionals"),
    ],
)
def test_alias_map_maps_free_text_to_its_theme(
    alias_map: dict[str, str], text: str, theme: str
) -> None:
    assert alias_map[theme_key(text)] == theme


def test_alias_claimed_by_two_themes_is_refused() -> None:
    with pytest.raises(ValueError, match="belongs to both"):
        Vocabulary.model_validate(
            {
                "theme": [
                    {"label": "domestic abuse", "boards": "both", "aliases": ["coercive control"]},
                    {"label": "neglect", "boards": "both", "aliases": ["Coercive-Control"]},
                ]
            }
        )


def test_alias_equal_to_another_themes_label_is_refused(tmp_path: Path) -> None:
    text = (
        '[[theme]]\nlabel = "neglect"\nboards = "both"\n\n'
        '[[theme]]\nlabel = "self-neglect"\nboards = "adults"\naliases = ["Neglect"]\n'
    )
    with pytest.raises(ConfigError, match="belongs to both"):
        load_vocabulary(write(tmp_path, "themes.toml", text))


def test_theme_with_an_extra_key_or_bad_boards_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_vocabulary(write(tmp_path, "themes.toml",
                              '[[theme]]\nlabel = "neglect"\nboards = "both"\ncolour = "red"\n'))
    with pytest.raises(ConfigError):
        load_vocabulary(write(tmp_path, "themes.toml",
                              '[[theme]]\nlabel = "neglect"\nboards = "families"\n'))


def test_shipped_vocabulary_every_alias_maps_to_its_own_theme(
    vocabulary: Vocabulary, alias_map: dict[str, str]
) -> None:
    for theme in vocabulary.theme:
        for text in (theme.label, *theme.aliases):
            assert alias_map[theme_key(text)] == theme.label, text


# --- splitting and flagging theme text -------------------------------------------------------


def reviews_with_themes(themes: list[object]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "board": ["North"] * len(themes),
            "review_id": [f"R{i}" for i in range(1, len(themes) + 1)],
            "board_type": ["children"] * len(themes),
            "themes": themes,
        }
    )


def test_mentions_of_one_row_per_distinct_theme_of_each_distinct_text() -> None:
    texts = pd.Series(["Neglect; neglect ;  ; Domestic-Abuse;made up thing", None,
                       "Voice of the Child", "", "Voice of the Child"], dtype="str")
    mentions = mentions_of(texts)
    assert list(mentions.columns) == ["themes", "mention", "theme_key"]
    first = "Neglect; neglect ;  ; Domestic-Abuse;made up thing"
    assert mentions.to_dict("records") == [
        {"themes": first, "mention": "Neglect", "theme_key": "neglect"},
        {"themes": first, "mention": "Domestic-Abuse", "theme_key": "domestic abuse"},
        {"themes": first, "mention": "made up thing", "theme_key": "made up thing"},
        {"themes": "Voice of the Child", "mention": "Voice of the Child",
         "theme_key": "voice of the child"},
    ]


def test_mentions_of_nothing_is_empty() -> None:
    for texts in (pd.Series([], dtype="str"), pd.Series([None, None], dtype="str")):
        mentions = mentions_of(texts)
        assert mentions.empty
        assert list(mentions.columns) == ["themes", "mention", "theme_key"]


def test_unmapped_per_item_lists_only_text_matching_no_alias(alias_map: dict[str, str]) -> None:
    frame = reviews_with_themes(
        [
            "Neglect; made up thing; Voice-of-the CHILD; Another One",
            "neglect;domestic violence",
            None,
            "made up thing",
            "Neglect; made up thing; Voice-of-the CHILD; Another One",
        ]
    )
    flagged = unmapped_per_item(frame, alias_map)
    assert list(flagged.index) == list(frame.index)
    values = [None if pd.isna(v) else v for v in flagged]
    assert values == [
        "made up thing; Another One",
        None,
        None,
        "made up thing",
        "made up thing; Another One",
    ]


def test_unmapped_per_item_without_a_themes_column_is_all_missing(
    alias_map: dict[str, str],
) -> None:
    frame = reviews_with_themes(["made up thing", "neglect"]).drop(columns="themes")
    flagged = unmapped_per_item(frame, alias_map)
    assert len(flagged) == 2
    assert flagged.isna().all()
