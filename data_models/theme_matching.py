"""Theme text -> themes: a theme's label or alias found as whole words in the text counts.

Text is compared in its key form (case, apostrophes, punctuation and spacing ignored), word by
word. The longest aliases found are taken first, and a shorter one inside words already taken
does not count, so "self neglect" is self-neglect only, not also neglect; what is left may name
more themes ("CAMHS and domestic abuse" is mental health and domestic abuse). A mention equal to
an alias is that alias's theme.

A board's own aliases (theme_aliases rows with its name) count for that board's text only and
win over aliases for every board where they cover the same words.

Each distinct theme text is split into its mentions once, in `theme_texts`, and what each
board's distinct mention keys map to is kept in `mention_themes` (one row per theme, one row
with theme NULL for text that maps to none), filled as records are stored and rebuilt whenever
aliases change, so that `item_themes` stays a plain join. Imports no pydantic: pages may use it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

import duckdb
import numpy as np
import pandas as pd

from data_models.data_sets import DATA_TABLES
from data_models.store.versions import changed, one_change

_APOSTROPHES = r"['\u2019]"
_NOT_ALPHANUMERIC = r"[^0-9a-z]+"
_WORDS = re.compile(r"[0-9A-Za-z]+")
# In free text, a one-word alias this short counts only when written as an abbreviation (two
# capitals or more: SEND, DA, ACEs), so "send the report" is not the SEND theme.
_ABBREVIATION_LETTERS = 4


# What personal data found in a stored cell is replaced by; as theme text it names nothing
# (not even unmapped text).
REDACTED = "[personal data removed]"


def theme_keys(texts: pd.Series) -> pd.Series:
    """The form theme text is matched in: case, apostrophes, punctuation and spacing ignored,
    so "Voice of the Child", "voice-of-the-child" and "child's voice" match their aliases."""
    return (
        texts.astype("str")
        .str.casefold()
        .str.replace(_APOSTROPHES, "", regex=True)
        .str.replace(_NOT_ALPHANUMERIC, " ", regex=True)
        .str.strip()
    )


def theme_key(text: str) -> str:
    return str(theme_keys(pd.Series([text])).iloc[0])


def mentions_of(texts: pd.Series) -> pd.DataFrame:
    """For each distinct themes text: one row per theme it names (themes, mention, theme_key),
    so that a million items with a few hundred distinct texts split a few hundred strings."""
    distinct = pd.Series(texts.dropna().unique(), dtype="str")
    if distinct.empty:
        return pd.DataFrame({"themes": [], "mention": [], "theme_key": []}, dtype="str")
    mentions = pd.DataFrame({"themes": distinct, "mention": distinct.str.split(";")})
    mentions = mentions.explode("mention", ignore_index=True)
    mentions["mention"] = mentions["mention"].str.strip()
    mentions = mentions[mentions["mention"].fillna("") != ""]
    mentions["theme_key"] = theme_keys(mentions["mention"])
    return mentions.drop_duplicates(["themes", "theme_key"]).reset_index(drop=True)


Span = tuple[int, int, str]        # first word, number of words, theme


@dataclass(frozen=True)
class AliasSet:
    """The aliases text is matched against: key -> theme (labels included), and which keys are
    a board's own (they win a tie with an every-board alias over the same number of words)."""

    themes_by_key: Mapping[str, str]
    own: frozenset[str] = frozenset()

    @cached_property
    def _phrases(self) -> dict[tuple[str, ...], tuple[str, bool]]:
        return {tuple(key.split()): (theme, key in self.own)
                for key, theme in self.themes_by_key.items() if key.strip()}

    @cached_property
    def _longest(self) -> int:
        return max((len(words) for words in self._phrases), default=0)

    @cached_property
    def choices(self) -> tuple[list[str], list[str]]:
        """Every alias key and its theme, in two lists, built once (for fuzzy suggestions)."""
        keys = [k for k in self.themes_by_key if k.strip()]
        return keys, [self.themes_by_key[k] for k in keys]

    def spans(self, words: list[str],
              counts: Callable[[int, int], bool] | None = None) -> list[Span]:
        """The aliases found in a text's key words, longest first, none overlapping another,
        in the order of the text. `counts(first, length)` may refuse a match."""
        phrases, n = self._phrases, len(words)
        found = []
        for first in range(n):
            for length in range(1, min(self._longest, n - first) + 1):
                hit = phrases.get(tuple(words[first:first + length]))
                if hit is not None and (counts is None or counts(first, length)):
                    found.append((length, not hit[1], first, hit[0]))
        found.sort(key=lambda f: (-f[0], f[1], f[2]))
        taken = [False] * n
        chosen: list[Span] = []
        for length, _, first, theme in found:
            if not any(taken[first:first + length]):
                taken[first:first + length] = [True] * length
                chosen.append((first, length, theme))
        return sorted(chosen)

    def themes_of(self, key: str) -> list[str]:
        """The themes a mention's key names, in the order it names them, each once."""
        return list(dict.fromkeys(theme for _, _, theme in self.spans(key.split())))

    def with_own(self, own: Mapping[str, str]) -> AliasSet:
        """These aliases with a board's own added; the board's win where the key is the same."""
        if not own:
            return self
        return AliasSet({**self.themes_by_key, **own}, frozenset(own))


def themes_in_text(text: str, aliases: AliasSet) -> list[str]:
    """Themes named in free text (a recommendation's wording, say) by the same whole-word
    matching, in the order named. A one-word alias of four letters or fewer counts only when
    written as an abbreviation (SEND, DA, ACEs), so everyday words are not taken for one."""
    written = _WORDS.findall(re.sub(_APOSTROPHES, "", str(text)))
    words = [w.casefold() for w in written]

    def counts(first: int, length: int) -> bool:
        word = written[first]
        return (length > 1 or len(word) > _ABBREVIATION_LETTERS
                or sum(c.isupper() for c in word) >= 2)

    return list(dict.fromkeys(theme for _, _, theme in aliases.spans(words, counts)))


# --- the aliases held in the database --------------------------------------------------------


def _alias_rows(con: duckdb.DuckDBPyConnection,
                boards: Iterable[str] | None) -> list[tuple[str, str, str | None, bool]]:
    """(key, theme, board, national) for every-board aliases and the boards' own (all boards'
    when None), national ones first so that a board's import for every board overrides them."""
    wanted = None if boards is None else sorted(set(boards))
    return [(str(k), str(t), b, bool(n)) for k, t, b, n in con.execute(
        "SELECT theme_key, theme, board, origin = 'national' FROM theme_aliases "
        "WHERE board IS NULL OR $all OR list_contains($boards, board) "
        "ORDER BY board NULLS FIRST, origin = 'national' DESC, origin, theme_key",
        {"all": wanted is None, "boards": wanted or []}).fetchall()]


def _alias_sets(con: duckdb.DuckDBPyConnection,
                boards: Iterable[str] | None = None) -> tuple[AliasSet, dict[str, AliasSet]]:
    """The every-board aliases, and for each board with aliases of its own, the set it uses."""
    every: dict[str, str] = {}
    own: dict[str, dict[str, str]] = {}
    for key, theme, board, _ in _alias_rows(con, boards):
        if board is None:
            every[key] = theme
        else:
            own.setdefault(board, {})[key] = theme
    base = AliasSet(every)
    return base, {board: base.with_own(keys) for board, keys in own.items()}


def load_aliases(con: duckdb.DuckDBPyConnection, board: str | None = None) -> AliasSet:
    """The aliases a board's text is matched against: every board's, and the board's own
    (without a board: every board's only)."""
    base, by_board = _alias_sets(con, [] if board is None else [board])
    return by_board.get(board, base) if board is not None else base


def board_aliases(con: duckdb.DuckDBPyConnection,
                  boards: Iterable[str]) -> dict[str, AliasSet]:
    """For each board named, the aliases its text is matched against (from one query)."""
    wanted = set(boards)
    base, by_board = _alias_sets(con, wanted)
    return {board: by_board.get(board, base) for board in wanted}


# --- mention_themes --------------------------------------------------------------------------


def _mapped(pairs: pd.DataFrame, base: AliasSet, by_board: Mapping[str, AliasSet]) -> pd.DataFrame:
    """Rows of mention_themes for (board, theme_key) pairs: one per theme, or theme NULL."""
    shared: dict[str, list[str]] = {}          # boards without aliases of their own share these
    rows: list[tuple[str, str, str | None]] = []
    for board, key in pairs[["board", "theme_key"]].itertuples(index=False, name=None):
        aliases = by_board.get(board)
        if aliases is None:
            themes = shared.get(key)
            if themes is None:
                themes = shared[key] = base.themes_of(key)
        else:
            themes = aliases.themes_of(key)
        rows.extend([(board, key, t) for t in themes] or [(board, key, None)])
    return pd.DataFrame(rows, columns=["board", "theme_key", "theme"]).astype("object")


def _held_texts() -> str:
    """SQL for the distinct (board, themes) of every stored record, read from the tables (the
    schema build refreshes before it makes the views)."""
    return " UNION ".join(f"SELECT DISTINCT board, themes FROM {table} "  # noqa: S608
                          "WHERE themes IS NOT NULL" for table, _ in DATA_TABLES.values())


def add_theme_texts(con: duckdb.DuckDBPyConnection, texts: pd.Series) -> None:
    """Split the theme texts that theme_texts does not hold yet into their mentions; in the
    caller's transaction (storing an extract)."""
    con.register("incoming_texts", pd.DataFrame({"themes": pd.Series(
        pd.Series(texts, dtype="str").dropna().unique(), dtype="str")}))
    try:
        new = con.execute("SELECT themes FROM incoming_texts WHERE themes <> ? "
                          "AND themes NOT IN (SELECT themes FROM theme_texts)", [REDACTED]).df()
    finally:
        con.unregister("incoming_texts")
    _insert(con, "theme_texts", mentions_of(new["themes"]))


def refresh_theme_texts(con: duckdb.DuckDBPyConnection) -> None:
    """theme_texts as the stored records need it: the texts no record holds any longer are
    removed (a text redacted for personal data goes with its record's cell), and those not yet
    split are added. In the caller's transaction."""
    held = _held_texts()
    con.execute(f"DELETE FROM theme_texts WHERE themes NOT IN "  # noqa: S608
                f"(SELECT themes FROM ({held}))")
    add_theme_texts(con, con.execute(f"SELECT DISTINCT themes FROM ({held})").df()["themes"])  # noqa: S608


def add_mention_themes(con: duckdb.DuckDBPyConnection, pairs: pd.DataFrame) -> None:
    """Map the (board, theme_key) pairs mention_themes does not hold yet; in the caller's
    transaction (storing an extract)."""
    con.register("incoming_pairs", pairs[["board", "theme_key"]])
    try:
        new = con.execute(
            "SELECT DISTINCT p.board, p.theme_key FROM incoming_pairs AS p "
            "WHERE NOT EXISTS (SELECT 1 FROM mention_themes AS t "
            "WHERE t.board = p.board AND t.theme_key = p.theme_key)").df()
    finally:
        con.unregister("incoming_pairs")
    if new.empty:
        return
    base, by_board = _alias_sets(con, new["board"].unique().tolist())
    _insert(con, "mention_themes", _mapped(new, base, by_board))


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: pd.DataFrame) -> None:
    """Add the rows (columns named as the table's) to theme_texts or mention_themes."""
    if rows.empty:
        return
    columns = ", ".join(rows.columns)
    con.register("incoming_rows", rows)
    try:
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming_rows")  # noqa: S608
    finally:
        con.unregister("incoming_rows")


def refresh_mention_themes(con: duckdb.DuckDBPyConnection, board: str | None = None) -> int:
    """Map again every stored mention of one board (None: of every board) with the aliases as
    they now are; call it after aliases change. Only (board, text) pairs whose themes changed
    are rewritten, so a refresh that changes nothing writes nothing. Joins the caller's
    transaction when one is open, else runs in its own. Returns the pairs rewritten."""
    with one_change(con):
        rewritten = _refresh(con, board)
        if rewritten:
            changed(con, None if board is None else [board])
    return rewritten


def _refresh(con: duckdb.DuckDBPyConnection, board: str | None) -> int:
    everyone = board is None
    pairs = con.execute(f"SELECT DISTINCT h.board, t.theme_key FROM ({_held_texts()}) AS h "  # noqa: S608
                        "JOIN theme_texts AS t ON t.themes = h.themes "
                        "WHERE $everyone OR h.board = $board ORDER BY ALL",
                        {"everyone": everyone, "board": board}).df()
    base, by_board = _alias_sets(con, None if everyone else [board or ""])
    rows = _mapped(pairs, base, by_board)
    con.register("incoming_mention_themes", rows)
    try:
        # Pairs whose rows differ, either way (gone from the mentions, new, or mapped anew).
        changed = con.execute(
            """
            WITH held AS (SELECT board, theme_key, theme FROM mention_themes
                          WHERE $everyone OR board = $board),
                 wanted AS (SELECT board, theme_key, theme FROM incoming_mention_themes)
            SELECT DISTINCT board, theme_key FROM (
                (SELECT * FROM held EXCEPT ALL SELECT * FROM wanted)
                UNION ALL
                (SELECT * FROM wanted EXCEPT ALL SELECT * FROM held))
            """, {"everyone": everyone, "board": board}).df()
        if changed.empty:
            return 0
        con.register("changed_pairs", changed)
        try:
            con.execute("DELETE FROM mention_themes AS t USING changed_pairs AS c "
                        "WHERE t.board = c.board AND t.theme_key = c.theme_key")
            con.execute("INSERT INTO mention_themes (board, theme_key, theme) "
                        "SELECT w.board, w.theme_key, w.theme FROM incoming_mention_themes AS w "
                        "JOIN changed_pairs AS c ON c.board = w.board AND c.theme_key = w.theme_key")
        finally:
            con.unregister("changed_pairs")
        return len(changed)
    finally:
        con.unregister("incoming_mention_themes")


# --- flagging text that maps to nothing ------------------------------------------------------


def unmapped_per_item(frame: pd.DataFrame, aliases: AliasSet | Mapping[str, str],
                      by_board: Mapping[str, AliasSet] | None = None) -> pd.Series:
    """For each row, its ';'-separated theme parts that name no theme ('; '-joined), else
    missing. A row's board uses its own aliases when `by_board` has them."""
    if "themes" not in frame.columns:
        return pd.Series(pd.NA, index=frame.index, dtype="str")
    every = aliases if isinstance(aliases, AliasSet) else AliasSet(dict(aliases))
    text_codes, texts = pd.factorize(frame["themes"])             # missing text: code -1
    if by_board and "board" in frame.columns:
        board_codes, boards = pd.factorize(frame["board"])
        matchers = [by_board.get(b, every) for b in boards] + [every]  # code -1: no board
    else:
        board_codes, matchers = np.zeros(len(frame), dtype="int64"), [every]
    width = len(texts) + 1
    codes, distinct = pd.factorize((board_codes + 1) * width + text_codes + 1)
    pairs = [(int(pair // width) - 1, int(pair % width) - 1) for pair in distinct]
    # every distinct text split once, every distinct part put in its key form in one pass
    # a cell the guard blanked is no theme text: never offered to map
    parts_of = {text: [p.strip() for p in str(texts[text]).split(";")
                       if p.strip() and p.strip() != REDACTED]
                for text in {t for _, t in pairs if t >= 0}}
    unique_parts = list(dict.fromkeys(p for parts in parts_of.values() for p in parts))
    key_of = dict(zip(unique_parts, theme_keys(pd.Series(unique_parts, dtype="str")),
                      strict=True))
    named: dict[tuple[int, str], bool] = {}      # (matcher, key) -> names a theme

    def names_a_theme(board_code: int, key: str) -> bool:
        if (board_code, key) not in named:
            named[board_code, key] = bool(matchers[board_code].themes_of(key))
        return named[board_code, key]

    flagged: list[str | None] = []
    for board_code, text_code in pairs:
        if text_code < 0:
            flagged.append(None)
            continue
        unknown = [p for p in parts_of[text_code] if not names_a_theme(board_code, key_of[p])]
        flagged.append("; ".join(unknown) if unknown else None)
    values = pd.Series(flagged, dtype="str")
    return pd.Series(values.take(codes).to_numpy(), index=frame.index, dtype="str")
