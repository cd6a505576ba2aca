"""A theme named in a board type's own words where they differ from its label; stored data
keeps the one label."""

from __future__ import annotations

from pathlib import Path

import pytest

from data_models.config_errors import ConfigError
from data_models.themes import load_vocabulary, theme_key, theme_words


def test_a_childrens_board_reads_voice_of_the_child() -> None:
    assert theme_words("voice of the person", "children") == "voice of the child"
    assert theme_words("voice of the person", "adults") == "voice of the person"
    # both types together (a joint partnership, or all boards): the one label
    assert theme_words("voice of the person", None) == "voice of the person"
    assert theme_words("voice of the person", "both") == "voice of the person"
    # a theme with no words of its own, and text that is no theme, as they are
    assert theme_words("neglect", "children") == "neglect"
    assert theme_words("bereavement", "adults") == "bereavement"


def test_a_board_types_words_match_the_theme_as_its_aliases_do() -> None:
    aliases = load_vocabulary().alias_map()
    assert aliases[theme_key("Voice of the child")] == "voice of the person"
    assert aliases[theme_key("Making Safeguarding Personal")] == "voice of the person"


def test_words_for_a_board_type_the_theme_is_not_for_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "themes.toml"
    path.write_text('[[theme]]\nlabel = "safe sleeping"\nboards = "children"\n'
                    'label_adults = "safe sleep"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="label_adults"):
        load_vocabulary(path)


def test_a_board_types_words_may_not_be_another_themes(tmp_path: Path) -> None:
    path = tmp_path / "themes.toml"
    path.write_text('[[theme]]\nlabel = "neglect"\nboards = "both"\n\n'
                    '[[theme]]\nlabel = "self-neglect"\nboards = "adults"\n'
                    'label_adults = "Neglect"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="belongs to both"):
        load_vocabulary(path)


def test_the_words_follow_an_edited_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    path = tmp_path / "themes.toml"
    path.write_text('[[theme]]\nlabel = "think family"\nboards = "both"\n'
                    'label_children = "whole family"\n', encoding="utf-8")
    monkeypatch.setenv("ASSURANCE_THEMES_FILE", str(path))
    assert theme_words("think family", "children") == "whole family"
    path.write_text('[[theme]]\nlabel = "think family"\nboards = "both"\n', encoding="utf-8")
    assert theme_words("think family", "children") == "think family"
